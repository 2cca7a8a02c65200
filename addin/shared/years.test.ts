import { describe, expect, test } from 'vitest';
import type { PlanYear } from '../../api/views';
import { chooseYear, defaultAsOf, isPublished } from './years';

const year = (y: number, published: boolean): PlanYear => ({
  year: y,
  title: `${y}年为民办实事`,
  start: `${y}-01-01`,
  end: `${y}-12-31`,
  latestVersion: published ? 2 : 1,
  ...(published ? { publishedVersion: 1 } : {}),
});

describe('chooseYear', () => {
  test.each([
    [
      'today inside a published plan',
      [year(2008, false), year(2007, true), year(2006, true)],
      '2007-06-03',
      2007,
    ],
    [
      'today in no plan → the newest published',
      [year(2008, false), year(2006, true), year(2007, true)],
      '2026-12-02',
      2007,
    ],
    [
      'today inside a draft only → the newest published',
      [year(2008, false), year(2007, true)],
      '2008-03-01',
      2007,
    ],
    ['drafts only → none for a unit', [year(2008, false)], '2008-03-01', undefined],
    ['nothing → none', [], '2008-03-01', undefined],
  ])('%s', (_name, years, today, expected) => {
    expect(chooseYear(years, today)?.year).toBe(expected);
  });

  test('the office, with drafts only, opens the newest draft', () => {
    expect(chooseYear([year(2007, false), year(2008, false)], '2026-01-01', { drafts: true })?.year).toBe(
      2008,
    );
    expect(chooseYear([year(2007, true), year(2008, false)], '2026-01-01', { drafts: true })?.year).toBe(
      2007,
    );
  });

  test('isPublished tells a draft-only year', () => {
    expect([isPublished(year(2007, true)), isPublished(year(2008, false))]).toEqual([true, false]);
  });
});

describe('defaultAsOf', () => {
  test.each([
    ['a past plan → its end', '2026-12-02', '2006-12-31', '2006-12-31'],
    ['inside the plan → today', '2007-06-03', '2007-12-31', '2007-06-03'],
    ['the last day → that day', '2007-12-31', '2007-12-31', '2007-12-31'],
    ['no plan → today', '2007-06-03', undefined, '2007-06-03'],
  ])('%s', (_name, today, end, expected) => {
    expect(defaultAsOf(today, end)).toBe(expected);
  });
});
