import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addMonths,
  daysBetween,
  daysInMonth,
  dueDate,
  fromEpochDay,
  isIsoDate,
  isPeriod,
  periodEnd,
  periodsBetween,
  toEpochDay,
} from './dates';

describe('calendar arithmetic', () => {
  test.each([
    ['1970-01-01', 0],
    ['2006-06-01', 13300],
    ['1900-03-01', -25508],
    ['2000-02-29', 11016],
  ])('toEpochDay(%s) = %d', (date, day) => {
    expect(toEpochDay(date)).toBe(day);
    expect(fromEpochDay(day)).toBe(date);
  });

  test('agrees with Date.UTC over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
        const viaDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(fromEpochDay(day)).toBe(viaDate);
        expect(toEpochDay(viaDate)).toBe(day);
      }),
    );
  });

  test.each([
    [2006, 2, 28],
    [2004, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2006, 4, 30],
    [2006, 12, 31],
  ])('daysInMonth(%d, %d) = %d', (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
  });

  test.each([
    ['2006-05', 5, '2006-06-05'],
    ['2006-12', 5, '2007-01-05'],
    ['2006-01', 28, '2006-02-28'],
  ])('a report for %s with due day %d is due %s', (p, day, due) => {
    expect(dueDate(p, day)).toBe(due);
  });

  test('periods and dates', () => {
    expect(addMonths('2006-12', 1)).toBe('2007-01');
    expect(addMonths('2006-01', -1)).toBe('2005-12');
    expect(periodEnd('2006-02')).toBe('2006-02-28');
    expect(periodsBetween('2006-11', '2007-02')).toEqual(['2006-11', '2006-12', '2007-01', '2007-02']);
    expect(daysBetween('2006-04-04', '2006-12-31')).toBe(271);
    expect(isIsoDate('2006-02-29')).toBe(false);
    expect(isIsoDate('2004-02-29')).toBe(true);
    expect(isPeriod('2006-13')).toBe(false);
    expect(isPeriod('2006-05')).toBe(true);
  });
});
