import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { fromEpochDay, type IsoDate, isoDate, toEpochDay } from '../dates';
import { dateToExcelSerial, excelSerialToDate, parseDate, parsePeriod } from './date';
import { PARSE_ERROR_CODES } from './errors';
import { outcome } from './testing';
import { toFullWidth } from './text';

describe('excelSerialToDate', () => {
  test.each([
    [38869, false, '2006-06-01'],
    [37407, true, '2006-06-01'],
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [61, false, '1900-03-01'],
    [2958465, false, '9999-12-31'],
    [0, true, '1904-01-01'],
    [1, true, '1904-01-02'],
    [2957003, true, '9999-12-31'],
    [38869.999, false, '2006-06-01'],
    [38869.5, false, '2006-06-01'],
  ])('%d (1904 system: %s) → %s', (serial, date1904, date) => {
    // Prepare
    const input = serial;
    // Act
    const result = excelSerialToDate(input, date1904);
    // Assess
    expect(result).toEqual({ ok: true, value: date });
  });

  test.each([
    [60, false, 'date.nonexistent'],
    [60.5, false, 'date.nonexistent'],
    [0, false, 'date.outOfRange'],
    [0.5, false, 'date.outOfRange'],
    [-1, false, 'date.outOfRange'],
    [2958466, false, 'date.outOfRange'],
    [-1, true, 'date.outOfRange'],
    [2957004, true, 'date.outOfRange'],
    [Number.POSITIVE_INFINITY, false, 'date.outOfRange'],
    [Number.NaN, false, 'date.invalid'],
  ])('%d (1904 system: %s) → %s', (serial, date1904, code) => {
    // Prepare
    const input = serial;
    // Act
    const result = excelSerialToDate(input, date1904);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.input).toBe(String(serial));
  });

  it('explains the phantom 1900-02-29', () => {
    // Prepare
    const serial = 60;
    // Act
    const result = excelSerialToDate(serial, false);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.zh).toContain('1900年2月29日');
    expect(result.error.message.en).toContain('29 February 1900');
  });
});

describe('dateToExcelSerial', () => {
  test.each([
    ['2006-06-01', false, 38869],
    ['2006-06-01', true, 37407],
    ['1900-01-01', false, 1],
    ['1900-02-28', false, 59],
    ['1900-03-01', false, 61],
    ['9999-12-31', false, 2958465],
    ['1904-01-01', true, 0],
  ])('%s (1904 system: %s) → %d', (date, date1904, serial) => {
    // Prepare
    const input: IsoDate = date;
    // Act
    const result = dateToExcelSerial(input, date1904);
    // Assess
    expect(result).toBe(serial);
  });
});

describe('parseDate', () => {
  test.each([
    ['2006-06-05', '2006-06-05'],
    ['2006-6-5', '2006-06-05'],
    ['2006/6/5', '2006-06-05'],
    ['2006.6.5', '2006-06-05'],
    ['20060605', '2006-06-05'],
    ['2006年6月3日', '2006-06-03'],
    ['2006年6月3号', '2006-06-03'],
    ['2006年06月03日', '2006-06-03'],
    ['2006年6月3', '2006-06-03'],
    ['2006 年 6 月 3 日', '2006-06-03'],
    ['２００６年６月３日', '2006-06-03'],
    ['２００６－０６－０５', '2006-06-05'],
    ['2006-06-05 14:30', '2006-06-05'],
    ['2006-06-05 14:30:59', '2006-06-05'],
    ['2006-06-05T14:30:00Z', '2006-06-05'],
    ['2006年6月5日 14:30', '2006-06-05'],
    ['2006年6月5日14:30', '2006-06-05'],
    ['2008-02-29', '2008-02-29'],
    [' 2006-06-05 ', '2006-06-05'],
    [38869, '2006-06-01'],
  ])('%s → %s', (cell, date) => {
    // Prepare
    const opts = {};
    // Act
    const result = parseDate(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: date });
  });

  test.each([
    ['6月3日', 2006, '2006-06-03'],
    ['6月3号', 2006, '2006-06-03'],
    ['6月3', 2006, '2006-06-03'],
    ['2月29日', 2008, '2008-02-29'],
    ['2005年6月3日', 2006, '2005-06-03'],
  ])('%s with year %d → %s', (cell, year, date) => {
    // Prepare
    const opts = { year };
    // Act
    const result = parseDate(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: date });
  });

  it('reads numbers in the 1904 system when asked', () => {
    // Prepare
    const opts = { date1904: true };
    // Act
    const result = parseDate(37407, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: '2006-06-01' });
  });

  test.each([
    ['', { empty: true }],
    ['　', { empty: true }],
    [null, { empty: true }],
    [undefined, { empty: true }],
  ])('blank %j → empty', (cell, expected) => {
    // Prepare
    const opts = {};
    // Act
    const result = parseDate(cell, opts);
    // Assess
    expect(outcome(result)).toEqual(expected);
  });

  test.each([
    ['6月3日', undefined, 'date.missingYear'],
    ['6月3号', undefined, 'date.missingYear'],
    ['06/05/2006', undefined, 'date.ambiguous'],
    ['5/6/06', undefined, 'date.ambiguous'],
    ['06-06-05', undefined, 'date.ambiguous'],
    ['31/12/2006', undefined, 'date.ambiguous'],
    ['06年6月3日', undefined, 'date.ambiguous'],
    ['5/6', 2006, 'date.ambiguous'],
    ['2006-02-30', undefined, 'date.invalid'],
    ['2006-13-01', undefined, 'date.invalid'],
    ['2006-00-10', undefined, 'date.invalid'],
    ['2006-06-05 25:00', undefined, 'date.invalid'],
    ['2006-6/5', undefined, 'date.invalid'],
    ['2006-05', undefined, 'date.invalid'],
    ['31/31/2006', undefined, 'date.invalid'],
    ['13月3日', undefined, 'date.invalid'],
    ['2月29日', 2006, 'date.invalid'],
    ['garbage', undefined, 'date.invalid'],
    ['下月初', undefined, 'date.invalid'],
    ['14:30', undefined, 'date.invalid'],
    ['1006-06-05', undefined, 'date.outOfRange'],
    ['0000-01-01', undefined, 'date.outOfRange'],
    [60, undefined, 'date.nonexistent'],
    [0, undefined, 'date.outOfRange'],
    [20060605, undefined, 'date.outOfRange'],
    [true, undefined, 'date.invalid'],
  ])('%s (year %s) → %s', (cell, year, code) => {
    // Prepare
    const opts = year === undefined ? {} : { year };
    // Act
    const result = parseDate(cell, opts);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
  });

  it('names the day that does not exist', () => {
    // Prepare
    const cell = '2006-02-30';
    // Act
    const result = parseDate(cell);
    // Assess
    expect(outcome(result)).toEqual({ code: 'date.invalid', found: '2006-02-30' });
  });
});

describe('parsePeriod', () => {
  test.each([
    ['2006年5月', '2006-05'],
    ['2006年05月份', '2006-05'],
    ['2006年5月份', '2006-05'],
    ['2006-05', '2006-05'],
    ['2006-5', '2006-05'],
    ['2006/5', '2006-05'],
    ['2006.5', '2006-05'],
    ['2006.10', '2006-10'],
    ['5/2006', '2006-05'],
    ['200605', '2006-05'],
    ['２００６年５月', '2006-05'],
    ['２００６－０５', '2006-05'],
    ['2006-05-31', '2006-05'],
    ['2006年5月31日', '2006-05'],
    [38869, '2006-06'],
    [2006.5, '2006-05'],
    [2006.12, '2006-12'],
    [2006.05, '2006-05'],
  ])('%s → %s', (cell, period) => {
    // Prepare
    const opts = {};
    // Act
    const result = parsePeriod(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: period });
  });

  it('reads serials in the 1904 system when asked', () => {
    // Prepare
    const opts = { date1904: true };
    // Act
    const result = parsePeriod(37407, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: '2006-06' });
  });

  test.each([
    ['', { empty: true }],
    [null, { empty: true }],
    ['5月', { code: 'date.missingYear' }],
    ['5月份', { code: 'date.missingYear' }],
    ['06年5月', { code: 'date.ambiguous' }],
    ['2006年13月', { code: 'period.invalid', found: '2006-13' }],
    ['2006-13', { code: 'period.invalid', found: '2006-13' }],
    ['2006-00', { code: 'period.invalid', found: '2006-00' }],
    ['2006', { code: 'period.invalid' }],
    ['上半年', { code: 'period.invalid' }],
    ['2006-02-30', { code: 'period.invalid', found: '2006-02-30' }],
    ['1006年5月', { code: 'date.outOfRange', expected: '1900-01-01/9999-12-31' }],
    [2006.1, { code: 'period.ambiguous' }],
    [2006, { code: 'period.invalid' }],
    [60, { code: 'date.nonexistent' }],
    [false, { code: 'period.invalid' }],
  ])('%s → %o', (cell, expected) => {
    // Prepare
    const opts = {};
    // Act
    const result = parsePeriod(cell, opts);
    // Assess
    expect(outcome(result)).toEqual(expected);
  });
});

const FIRST_DAY = toEpochDay('1900-01-01');
const FIRST_DAY_1904 = toEpochDay('1904-01-01');
const LAST_DAY = toEpochDay('9999-12-31');
const anyDay = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(fromEpochDay);

/** The ways a clerk may type a given day. */
function typedForms(date: IsoDate): string[] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const forms = [
    date,
    `${y}-${m}-${d}`,
    `${y}/${m}/${d}`,
    `${y}.${m}.${d}`,
    `${y}年${m}月${d}日`,
    `${y}年${m}月${d}号`,
    `${y} 年 ${m} 月 ${d} 日`,
    date.replace(/-/g, ''),
    `${date} 09:15`,
  ];
  return [...forms, ...forms.map(toFullWidth)];
}

describe('properties', () => {
  it('1900 system: every day from 1900-01-01 to 9999-12-31 survives date → serial → date', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        // Prepare
        const serial = dateToExcelSerial(date, false);
        // Act
        const back = excelSerialToDate(serial, false);
        // Assess
        expect(back).toEqual({ ok: true, value: date });
      }),
      { numRuns: 2000 },
    );
  });

  it('1904 system: every day from 1904-01-01 to 9999-12-31 survives date → serial → date', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY_1904, max: LAST_DAY }).map(fromEpochDay), (date) => {
        // Prepare
        const serial = dateToExcelSerial(date, true);
        // Act
        const back = excelSerialToDate(serial, true);
        // Assess
        expect(back).toEqual({ ok: true, value: date });
      }),
      { numRuns: 2000 },
    );
  });

  it('every valid serial survives serial → date → serial, in both systems', () => {
    const serial1900 = fc.integer({ min: 1, max: 2958465 }).filter((s) => s !== 60);
    const serial1904 = fc.integer({ min: 0, max: 2957003 });
    fc.assert(
      fc.property(serial1900, serial1904, (s1900, s1904) => {
        // Prepare
        const d1900 = excelSerialToDate(s1900, false);
        const d1904 = excelSerialToDate(s1904, true);
        // Act
        const back1900 = d1900.ok ? dateToExcelSerial(d1900.value, false) : undefined;
        const back1904 = d1904.ok ? dateToExcelSerial(d1904.value, true) : undefined;
        // Assess
        expect([back1900, back1904]).toEqual([s1900, s1904]);
      }),
      { numRuns: 2000 },
    );
  });

  it('the two systems are 1462 days apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY_1904, max: LAST_DAY }).map(fromEpochDay), (date) => {
        // Prepare
        const input = date;
        // Act
        const gap = dateToExcelSerial(input, false) - dateToExcelSerial(input, true);
        // Assess
        expect(gap).toBe(1462);
      }),
    );
  });

  it('every typed form of a day parses back to that day', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        // Prepare
        const forms = typedForms(date);
        // Act
        const parsed = forms.map((form) => outcome(parseDate(form)));
        // Assess
        expect(parsed).toEqual(forms.map(() => ({ value: date })));
      }),
      { numRuns: 1000 },
    );
  });

  it('every typed form of a month parses back to that month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        // Prepare
        const period = isoDate(y, m, 1).slice(0, 7);
        const forms = [period, `${y}-${m}`, `${y}/${m}`, `${y}.${m}`, `${y}年${m}月`, `${y}年${m}月份`];
        const typed = [...forms, ...forms.map(toFullWidth)];
        // Act
        const parsed = typed.map((form) => outcome(parsePeriod(form)));
        // Assess
        expect(parsed).toEqual(typed.map(() => ({ value: period })));
      }),
      { numRuns: 1000 },
    );
  });

  const dateToken = fc.constantFrom(
    ...['0', '1', '2', '3', '5', '6', '9', '06', '2006', '12', '31', '-', '/', '.', ':', ' ', ','],
    ...['年', '月', '日', '号', '份', 'T', 'Z', '%'],
  );
  const dateText = fc.array(dateToken, { maxLength: 10 }).map((tokens) => tokens.join(''));

  it('full-width digits and punctuation read exactly like their ASCII forms, errors included', () => {
    fc.assert(
      fc.property(
        dateText,
        fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: undefined }),
        (text, year) => {
          // Prepare
          const wide = toFullWidth(text);
          const opts = year === undefined ? {} : { year };
          // Act
          const narrow = [outcome(parseDate(text, opts)), outcome(parsePeriod(text))];
          const full = [outcome(parseDate(wide, opts)), outcome(parsePeriod(wide))];
          // Assess
          expect(full).toEqual(narrow);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws: any cell yields a date, empty, or a coded error', () => {
    const anyCell = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      dateText,
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(anyCell, fc.boolean(), (cell, date1904) => {
        // Prepare
        const opts = { date1904 };
        // Act
        const results = [parseDate(cell, opts), parsePeriod(cell, opts)];
        // Assess
        for (const result of results) {
          expect(result.ok || PARSE_ERROR_CODES.includes(result.error.code)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
