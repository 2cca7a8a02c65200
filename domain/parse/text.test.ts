import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { isBlankCell, normalizeCellText, toFullWidth } from './text';

describe('normalizeCellText', () => {
  test.each([
    ['１５％', '15%'],
    ['１，８２０', '1,820'],
    ['３．５', '3.5'],
    ['\u3000３５\u3000', '35'],
    ['35\u00a0公里', '35 公里'],
    ['35 \t\n 公里', '35 公里'],
    ['1\u200B820', '1820'],
    ['\uFEFF35', '35'],
    ['−5', '-5'],
    ['－5', '-5'],
    ['120㎡', '120m2'],
    ['120m²', '120m2'],
    ['35㎞', '35km'],
    ['３０～３５', '30~35'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    // Prepare
    const text = input;
    // Act
    const result = normalizeCellText(text);
    // Assess
    expect(result).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // Prepare
        const once = normalizeCellText(s);
        // Act
        const twice = normalizeCellText(once);
        // Assess
        expect(twice).toBe(once);
      }),
    );
  });

  it('undoes toFullWidth', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.,%+-:/ab') }), (s) => {
        // Prepare
        const wide = toFullWidth(s);
        // Act
        const back = normalizeCellText(wide);
        // Assess
        expect(back).toBe(normalizeCellText(s));
      }),
    );
  });
});

describe('isBlankCell', () => {
  test.each([
    [null, true],
    [undefined, true],
    ['', true],
    [' \u3000\u200B ', true],
    ['0', false],
    [0, false],
    [false, false],
  ])('%j → %s', (cell, blank) => {
    // Prepare
    const input = cell;
    // Act
    const result = isBlankCell(input);
    // Assess
    expect(result).toBe(blank);
  });
});
