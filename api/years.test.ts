import { describe, expect, it, test } from 'vitest';
import type { PlanYear } from './views';
import { defaultAsOf, defaultPlanYear, isPublished } from './years';

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

// Moved from the add-in (addin/shared/years.test.ts), where the same rule was written again.
const listed = (y: number, published: boolean): PlanYear => ({
  year: y,
  title: `${y}年为民办实事`,
  start: `${y}-01-01`,
  end: `${y}-12-31`,
  latestVersion: published ? 2 : 1,
  ...(published ? { publishedVersion: 1 } : {}),
});

describe('defaultPlanYear for the people who see published plans only', () => {
  test.each([
    [
      'today inside a published plan',
      [listed(2008, false), listed(2007, true), listed(2006, true)],
      '2007-06-03',
      2007,
    ],
    [
      'today in no plan → the newest published',
      [listed(2008, false), listed(2006, true), listed(2007, true)],
      '2026-12-02',
      2007,
    ],
    [
      'today inside a draft only → the newest published',
      [listed(2008, false), listed(2007, true)],
      '2008-03-01',
      2007,
    ],
    ['drafts only → none for a unit', [listed(2008, false)], '2008-03-01', undefined],
    ['nothing → none', [], '2008-03-01', undefined],
  ])('%s', (_name, years, today, expected) => {
    expect(defaultPlanYear(years, today, { drafts: false })?.year).toBe(expected);
  });

  test('the office, with drafts only, opens the newest draft', () => {
    expect(
      defaultPlanYear([listed(2007, false), listed(2008, false)], '2026-01-01', { drafts: true })?.year,
    ).toBe(2008);
    expect(
      defaultPlanYear([listed(2007, true), listed(2008, false)], '2026-01-01', { drafts: true })?.year,
    ).toBe(2007);
  });

  test('isPublished tells a draft-only year', () => {
    expect([isPublished(listed(2007, true)), isPublished(listed(2008, false))]).toEqual([true, false]);
  });
});

describe('defaultAsOf, from the pane', () => {
  test.each([
    ['a past plan → its end', '2026-12-02', '2006-12-31', '2006-12-31'],
    ['inside the plan → today', '2007-06-03', '2007-12-31', '2007-06-03'],
    ['the last day → that day', '2007-12-31', '2007-12-31', '2007-12-31'],
    ['no plan → today', '2007-06-03', undefined, '2007-06-03'],
  ])('%s', (_name, today, end, expected) => {
    expect(defaultAsOf(end, today)).toBe(expected);
  });
});
