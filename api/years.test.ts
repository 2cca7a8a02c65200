import { describe, expect, it, test } from 'vitest';
import type { PlanYear } from './views';
import { defaultAsOf, defaultPlanYear } from './years';

describe('the default year and as-of day', () => {
  const year = (y: number, published?: number): PlanYear => ({
    year: y,
    title: `${y}年计划`,
    start: `${y}-01-01`,
    end: `${y}-12-31`,
    latestVersion: 2,
    ...(published !== undefined ? { publishedVersion: published } : {}),
  });

  test.each([
    [
      'the published plan that contains today',
      [year(2008), year(2007, 1), year(2006, 1)],
      '2007-03-01',
      2007,
    ],
    ['else the newest published plan', [year(2008), year(2007, 1), year(2006, 1)], '2026-12-02', 2007],
    ['a draft that contains today does not count', [year(2008), year(2006, 1)], '2008-05-01', 2006],
    ['else the newest plan', [year(2008), year(2007)], '2026-12-02', 2008],
    ['nothing without plans', [], '2026-12-02', undefined],
  ])('%s', (_, years, today, expected) => {
    // Act
    const chosen = defaultPlanYear(years, today);

    // Assess
    expect(chosen?.year).toBe(expected);
  });

  it('is the earlier of today and the plan’s end', () => {
    expect(defaultAsOf('2006-12-31', '2026-12-02')).toBe('2006-12-31');
    expect(defaultAsOf('2026-12-31', '2026-12-02')).toBe('2026-12-02');
    expect(defaultAsOf('2026-12-02', '2026-12-02')).toBe('2026-12-02');
  });
});
