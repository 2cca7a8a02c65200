import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { PARSE_ERROR_CODES } from './errors';
import { canonicalUnit, formatQuantity, isPercentFormat, MAX_QUANTITY, parseQuantity, UNITS } from './number';
import { outcome } from './testing';
import { toFullWidth } from './text';

describe('parseQuantity: blank cells are "not reported", never zero', () => {
  test.each([
    ['empty string', ''],
    ['spaces', '   '],
    ['ideographic space', '\u3000'],
    ['zero-width space', '\u200B'],
    ['null', null],
    ['undefined', undefined],
  ])('%s → empty', (_label, cell) => {
    // Prepare
    const opts = { unit: '人' };
    // Act
    const result = parseQuantity(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ empty: true });
  });

  test.each([
    ['number 0', 0],
    ['text "0"', '0'],
    ['full-width "０"', '０'],
  ])('%s → the value 0, not empty', (_label, cell) => {
    // Prepare
    const opts = { unit: '人' };
    // Act
    const result = parseQuantity(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: { value: 0, percent: false } });
  });
});

describe('parseQuantity: values', () => {
  test.each([
    // plain figures, signs, decimals
    ['310', '人', 310],
    ['-5', '', -5],
    ['+5', '', 5],
    ['−5', '', -5],
    ['-0', '', 0],
    ['12.5', '', 12.5],
    ['.5', '', 0.5],
    ['1.820', '', 1.82],
    ['007', '', 7],
    // thousands separators
    ['1,820', '人', 1820],
    ['1,234,567.5', '', 1234567.5],
    ['１，８２０', '人', 1820],
    ['-1,820', '', -1820],
    // 万 and 亿, without float noise
    ['0.4万', '人', 4000],
    ['0.126万', '人', 1260],
    ['1.1万', '人', 11000],
    ['1.5亿', '人', 150000000],
    ['0.0001万', '', 1],
    ['1,234.5万', '', 12345000],
    ['0.4 万', '人', 4000],
    // unit suffixes agreeing with the indicator, synonyms included
    ['35公里', '公里', 35],
    ['35km', '公里', 35],
    ['35KM', '公里', 35],
    ['35㎞', '公里', 35],
    ['35千米', '公里', 35],
    ['35 公里', '公里', 35],
    ['310人', '人', 310],
    ['0.4万人', '人', 4000],
    ['0.15万平方米', '平方米', 1500],
    ['120㎡', '平方米', 120],
    ['120m²', '平方米', 120],
    ['120m2', '平方米', 120],
    ['120平米', '平方米', 120],
    ['120平方米', '平方米', 120],
    ['50m', '米', 50],
    ['50米', '米', 50],
    ['3口', '口', 3],
    ['2所', '所', 2],
    ['12个', '个', 12],
    ['30户', '户', 30],
    ['4座', '座', 4],
    ['6处', '处', 6],
    ['8条', '条', 8],
    ['9项', '项', 9],
    ['15次', '次', 15],
    ['5台', '台', 5],
    // money: 万 in 万元 is part of the unit, a multiplier for 元
    ['468万元', '万元', 468],
    ['468万', '万元', 468],
    ['1.2亿元', '万元', 12000],
    ['1.2亿', '万元', 12000],
    ['468', '万元', 468],
    ['4.68万元', '元', 46800],
    ['4680元', '元', 4680],
    // the indicator's unit given by a synonym
    ['35公里', 'km', 35],
    ['35', '千米', 35],
    // a decimal point typed as 。 by a Chinese input method
    ['1。5', '', 1.5],
  ])('%s (unit %s) → %d', (cell, unit, value) => {
    // Prepare
    const opts = { unit };
    // Act
    const result = parseQuantity(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: { value, percent: false } });
  });

  test.each([
    ['15%', 15],
    ['１５％', 15],
    ['15 %', 15],
    ['12.5%', 12.5],
    ['15﹪', 15],
    ['-3%', -3],
  ])('%s for a %% indicator → %d, percent', (cell, value) => {
    // Prepare
    const opts = { unit: '%' };
    // Act
    const result = parseQuantity(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: { value, percent: true } });
  });

  it('reads a bare 15 for a % indicator as 15, not flagged as percent', () => {
    // Prepare
    const opts = { unit: '%' };
    // Act
    const result = parseQuantity('15', opts);
    // Assess
    expect(outcome(result)).toEqual({ value: { value: 15, percent: false } });
  });

  test.each([
    [42, undefined, 42, false],
    [0.1 + 0.2, undefined, 0.1 + 0.2, false],
    [-3, 'General', -3, false],
    [0.15, '0%', 15, true],
    [0.155, '0.0%', 15.5, true],
    [1.005, '0.00%', 100.5, true],
    [0.15, '[Green]0.0%;[Red]-0.0%', 15, true],
    [0.15, '0"%"', 0.15, false],
    [0.15, '0\\%', 0.15, false],
  ])('number cell %d with format %s → %d (percent %s)', (cell, numberFormat, value, percent) => {
    // Prepare
    const opts = numberFormat === undefined ? { unit: '%' } : { unit: '%', numberFormat };
    // Act
    const result = parseQuantity(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ value: { value, percent } });
  });
});

describe('parseQuantity: errors', () => {
  test.each([
    // unit mismatches
    ['35公里', '人', 'number.unitMismatch', '人', '公里'],
    ['35km', '人', 'number.unitMismatch', '人', '公里'],
    ['0.4万公里', '人', 'number.unitMismatch', '人', '公里'],
    ['120平方米', '米', 'number.unitMismatch', '米', '平方米'],
    ['15%', '人', 'number.unitMismatch', '人', '%'],
    ['15%', '', 'number.unitMismatch', '', '%'],
    ['35人', '', 'number.unitMismatch', '', '人'],
    ['4680元', '万元', 'number.unitMismatch', '万元', '元'],
    ['468万元', '元', undefined, undefined, undefined],
    // approximations
    ['约35', '人', 'number.approximate', undefined, '约'],
    ['大约35', '人', 'number.approximate', undefined, '大约'],
    ['35左右', '人', 'number.approximate', undefined, '左右'],
    ['300余', '人', 'number.approximate', undefined, '余'],
    ['300余人', '人', 'number.approximate', undefined, '余'],
    ['300多', '人', 'number.approximate', undefined, '多'],
    ['3万多人', '人', 'number.approximate', undefined, '多'],
    ['近300', '人', 'number.approximate', undefined, '近'],
    ['35+', '人', 'number.approximate', undefined, '+'],
    ['超过35', '人', 'number.approximate', undefined, '超过'],
    ['35以上', '人', 'number.approximate', undefined, '以上'],
    ['~35', '人', 'number.approximate', undefined, '~'],
    ['约35公里', '人', 'number.approximate', undefined, '约'],
    ['15%左右', '%', 'number.approximate', undefined, '左右'],
    // ranges
    ['30-35', '人', 'number.range', undefined, undefined],
    ['30~35', '人', 'number.range', undefined, undefined],
    ['30～35', '人', 'number.range', undefined, undefined],
    ['30—35人', '人', 'number.range', undefined, undefined],
    ['30至35', '人', 'number.range', undefined, undefined],
    ['3万-3.5万', '人', 'number.range', undefined, undefined],
    // separators that could be decimal commas
    ['1,82', '', 'number.ambiguousSeparator', undefined, ','],
    ['18,20', '', 'number.ambiguousSeparator', undefined, ','],
    ['0,820', '', 'number.ambiguousSeparator', undefined, ','],
    ['1,2345', '', 'number.ambiguousSeparator', undefined, ','],
    ['1.234,5', '', 'number.ambiguousSeparator', undefined, ','],
    ['1 820', '', 'number.ambiguousSeparator', undefined, ' '],
    // not a number
    ['1.234.567', '', 'number.invalid', undefined, undefined],
    ['35abc', '人', 'number.invalid', undefined, undefined],
    ['三十五', '人', 'number.invalid', undefined, undefined],
    ['1e5', '', 'number.invalid', undefined, undefined],
    ['1.5E+3', '', 'number.invalid', undefined, undefined],
    ['15.6/35', '', 'number.invalid', undefined, undefined],
    ['公里', '公里', 'number.invalid', undefined, undefined],
    ['万', '人', 'number.invalid', undefined, undefined],
    ['.', '', 'number.invalid', undefined, undefined],
    ['12 5', '', 'number.invalid', undefined, undefined],
    ['1,,820', '', 'number.invalid', undefined, undefined],
    ['2006-06-05', '', 'number.invalid', undefined, undefined],
    ['约三十', '人', 'number.invalid', undefined, undefined],
    ['—', '', 'number.invalid', undefined, undefined],
    // too large to hold
    [`1${'0'.repeat(400)}`, '', 'number.notFinite', undefined, undefined],
  ])('%s (unit %s) → %s', (cell, unit, code, expected, found) => {
    // Prepare
    const opts = { unit };
    // Act
    const result = parseQuantity(cell, opts);
    // Assess
    if (code === undefined) {
      expect(result.ok).toBe(true);
      return;
    }
    expect(outcome(result)).toEqual({
      code,
      ...(expected === undefined ? {} : { expected }),
      ...(found === undefined ? {} : { found }),
    });
  });

  test.each([
    [Number.NaN, 'number.notFinite'],
    [Number.POSITIVE_INFINITY, 'number.notFinite'],
    [Number.NEGATIVE_INFINITY, 'number.notFinite'],
    [true, 'number.invalid'],
    [false, 'number.invalid'],
  ])('cell %s → %s', (cell, code) => {
    // Prepare
    const opts = { unit: '人' };
    // Act
    const result = parseQuantity(cell, opts);
    // Assess
    expect(outcome(result)).toEqual({ code });
  });

  it('refuses a percent-formatted number for an indicator not measured in %', () => {
    // Prepare
    const opts = { unit: '人', numberFormat: '0%' };
    // Act
    const result = parseQuantity(0.15, opts);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      code: 'number.unitMismatch',
      input: '15%',
      expected: '人',
      found: '%',
    });
  });

  it('says which unit was typed and which one the indicator uses, in both languages', () => {
    // Prepare
    const opts = { unit: '人' };
    // Act
    const result = parseQuantity('35公里', opts);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.input).toBe('35公里');
    expect(result.error.message).toEqual({
      zh: '“35公里”的单位是“公里”，但该指标的计量单位是“人”',
      en: '"35公里" is in 公里 but this indicator is measured in 人',
    });
  });
});

describe('canonicalUnit', () => {
  test.each([
    ['公里', '公里'],
    ['km', '公里'],
    ['KM', '公里'],
    ['㎞', '公里'],
    ['千米', '公里'],
    ['㎡', '平方米'],
    ['m2', '平方米'],
    ['m²', '平方米'],
    ['平米', '平方米'],
    ['m', '米'],
    ['％', '%'],
    ['万元', '万元'],
    [' 人 ', '人'],
    ['', ''],
    ['斤', undefined],
    ['constructor', undefined],
  ])('%s → %s', (unit, canonical) => {
    // Prepare
    const input = unit;
    // Act
    const result = canonicalUnit(input);
    // Assess
    expect(result).toBe(canonical);
  });

  it('maps every plan unit to itself', () => {
    // Prepare
    const units = UNITS;
    // Act
    const canonical = units.map(canonicalUnit);
    // Assess
    expect(canonical).toEqual([...units]);
  });
});

describe('isPercentFormat', () => {
  test.each([
    ['0%', true],
    ['0.00%', true],
    ['[Red]0.0%', true],
    ['0"%"', false],
    ['0\\%', false],
    ['#,##0', false],
    ['General', false],
    [undefined, false],
  ])('%s → %s', (format, expected) => {
    // Prepare
    const input = format;
    // Act
    const result = isPercentFormat(input);
    // Assess
    expect(result).toBe(expected);
  });
});

describe('formatQuantity', () => {
  test.each([
    [4000, {}, '4000'],
    [4000, { wan: true }, '0.4万'],
    [4000, { grouping: true }, '4,000'],
    [1234567.5, { grouping: true }, '1,234,567.5'],
    [-1234567, { grouping: true }, '-1,234,567'],
    [12345678, { grouping: true, wan: true }, '1,234.5678万'],
    [1260, { wan: true, unit: '人' }, '0.126万人'],
    [35, { unit: '公里' }, '35公里'],
    [15, { unit: '%', fullWidth: true }, '１５％'],
    [1820, { grouping: true, fullWidth: true }, '１，８２０'],
    [1e21, {}, '1000000000000000000000'],
    [5e-7, {}, '0.0000005'],
    [-0, {}, '0'],
    [Number.NaN, {}, 'NaN'],
  ])('%d with %o → %s', (value, opts, text) => {
    // Prepare
    const input = value;
    // Act
    const result = formatQuantity(input, opts);
    // Assess
    expect(result).toBe(text);
  });
});

/** Every spelling of each plan unit that a clerk might append. */
const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  公里: ['公里', 'km', '千米', 'KM'],
  平方米: ['平方米', '㎡', 'm2', 'm²', '平米'],
  米: ['米', 'm'],
};

const indicatorAndSuffix = fc
  .constantFrom(...UNITS)
  .chain((unit) =>
    fc.record({ unit: fc.constant(unit), suffix: fc.constantFrom('', ...(SPELLINGS[unit] ?? [unit])) }),
  );

const finiteNumber = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ noNaN: true, min: -MAX_QUANTITY, max: MAX_QUANTITY }),
  fc
    .tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 6 }))
    .map(([units, scale]) => units / 10 ** scale),
);

describe('properties', () => {
  it('formatQuantity → parseQuantity gives the value back (integers, decimals, grouping, 万, units, full width)', () => {
    fc.assert(
      fc.property(
        finiteNumber,
        indicatorAndSuffix,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (value, { unit, suffix }, grouping, wan, fullWidth) => {
          // A bare 万 in a 万元 column is the unit's own 万 (`468万` is 468万元), so it does not scale.
          fc.pre(!(unit === '万元' && wan && suffix === ''));
          // Prepare
          const text = formatQuantity(value, { grouping, wan, fullWidth, unit: suffix });
          // Act
          const result = parseQuantity(text, { unit });
          // Assess
          expect(outcome(result)).toEqual({ value: { value: value + 0, percent: suffix === '%' } });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses any figure beyond MAX_QUANTITY, typed or in a number cell, naming it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: MAX_QUANTITY * 1.000001, max: 1e300, noNaN: true }),
        fc.boolean(),
        (n, negative) => {
          const v = negative ? -n : n;
          const cell = parseQuantity(v, { unit: '' });
          expect(cell.ok ? undefined : cell.error.code).toBe('number.tooLarge');
          const typed = parseQuantity(`${v.toExponential()}`.replace('e+', 'e'), { unit: '' });
          expect(typed.ok).toBe(false);
        },
      ),
    );
    const wan = parseQuantity('1000000000000万', { unit: '' });
    expect(wan.ok ? undefined : [wan.error.code, wan.error.message.en]).toEqual([
      'number.tooLarge',
      expect.stringContaining('1000000000000万'),
    ]);
  });

  it('exact decimals scaled by 万 and 亿 carry no float noise', () => {
    fc.assert(
      // 9,999,999亿 is just under MAX_QUANTITY (10¹⁵).
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 4 }), (n, scale) => {
        // Prepare
        const digits = String(n).padStart(scale + 1, '0');
        const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
        // Act
        const wan = parseQuantity(`${text}万`, { unit: '' });
        const yi = parseQuantity(`${text}亿`, { unit: '' });
        // Assess
        expect(outcome(wan)).toEqual({ value: { value: n * 10 ** (4 - scale), percent: false } });
        expect(outcome(yi)).toEqual({ value: { value: n * 10 ** (8 - scale), percent: false } });
      }),
    );
  });

  const typedToken = fc.constantFrom(
    ...['0', '1', '2', '3', '5', '8', '9', '.', ',', '%', '-', '+', ' ', '/', '~', ':'],
    ...['万', '亿', '公里', '人', 'km', '㎡', '元', '万元', '约', '左右', '余', '多', 'e', '。', 'abc'],
  );
  const typedText = fc.array(typedToken, { maxLength: 12 }).map((tokens) => tokens.join(''));

  it('full-width digits and punctuation read exactly like their ASCII forms, errors included', () => {
    fc.assert(
      fc.property(typedText, fc.constantFrom(...UNITS), (text, unit) => {
        // Prepare
        const wide = toFullWidth(text);
        // Act
        const narrow = parseQuantity(text, { unit });
        const full = parseQuantity(wide, { unit });
        // Assess
        expect(outcome(full)).toEqual(outcome(narrow));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws: any text yields a value, empty, or a coded error with both messages', () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }),
      typedText,
    );
    fc.assert(
      fc.property(anyText, fc.constantFrom(...UNITS, 'km', '台'), (text, unit) => {
        // Prepare
        const opts = { unit };
        // Act
        const result = parseQuantity(text, opts);
        // Assess
        if (!result.ok) {
          expect(PARSE_ERROR_CODES).toContain(result.error.code);
          expect(result.error.message.zh).not.toBe('');
          expect(result.error.message.en).not.toBe('');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('stays linear on long adversarial text (no catastrophic regex backtracking)', () => {
    // Prepare
    const inputs = [
      `${'1'.repeat(2000)}-${'1'.repeat(2000)}-1`,
      `${'1'.repeat(20000)}x`,
      `约${'1'.repeat(20000)}多x`,
      `${'1,'.repeat(10000)}x`,
      `${' 1'.repeat(10000)}x`,
    ];
    // Act
    const codes = inputs.map((text) => outcome(parseQuantity(text, { unit: '人' })));
    // Assess
    expect(codes).toEqual(inputs.map(() => ({ code: 'number.invalid' })));
  });

  it('never throws for any number cell and any format', () => {
    fc.assert(
      fc.property(fc.double(), fc.option(fc.string(), { nil: undefined }), (n, numberFormat) => {
        // Prepare
        const opts = numberFormat === undefined ? { unit: '%' } : { unit: '%', numberFormat };
        // Act
        const result = parseQuantity(n, opts);
        // Assess
        expect(result.ok || PARSE_ERROR_CODES.includes(result.error.code)).toBe(true);
      }),
    );
  });
});
