import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import {
  a1Reader,
  cellAddress,
  columnName,
  columnNumber,
  EXCEL_MAX_COLS,
  EXCEL_MAX_ROWS,
  spanning,
} from './address';

describe('column letters ↔ numbers', () => {
  test.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [28, 'AB'],
    [52, 'AZ'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [EXCEL_MAX_COLS, 'XFD'],
  ])('column %i is %s', (col, letters) => {
    // Act / Assess
    expect(columnName(col)).toBe(letters);
    expect(columnNumber(letters)).toBe(col);
  });

  it('reads lower-case letters as upper case', () => {
    expect(columnNumber('xfd')).toBe(EXCEL_MAX_COLS);
  });

  it('round-trips every column number through its letters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (col) => {
        // Prepare / Act
        const letters = columnName(col);
        // Assess
        expect(letters).toMatch(/^[A-Z]+$/);
        expect(columnNumber(letters)).toBe(col);
      }),
    );
  });

  it('round-trips every string of letters through its number', () => {
    const letters = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(letters, (s) => {
        expect(columnName(columnNumber(s))).toBe(s);
      }),
    );
  });

  it('orders columns as their letters do, shorter first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), (a, b) => {
        const [x, y] = [columnName(a), columnName(b)];
        const byLetters = x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
        expect(Math.sign(byLetters)).toBe(Math.sign(a - b));
      }),
    );
  });
});

describe('cellAddress', () => {
  it('writes the sheet and the A1 reference', () => {
    expect(cellAddress('进度报表', 6, 7)).toBe('进度报表!G6');
  });
});

describe('a1Reader: cells', () => {
  const typed = a1Reader();
  const file = a1Reader({ lowerCase: false, anchors: false, maxLetters: 4, maxDigits: 8 });

  test.each([
    ['G6', { row: 6, col: 7 }],
    ['$AB$12', { row: 12, col: 28 }],
    ['AB$12', { row: 12, col: 28 }],
    ['g6', { row: 6, col: 7 }],
    ['G06', { row: 6, col: 7 }],
    ['A0', { row: 0, col: 1 }],
    ['XFD99999999', { row: 99_999_999, col: EXCEL_MAX_COLS }],
    ['ABCD1', undefined],
    ['G', undefined],
    ['6', undefined],
    ['6G', undefined],
    ['G6 ', undefined],
    ['$$G6', undefined],
    ['', undefined],
  ])('the default syntax reads %j as %j', (ref, expected) => {
    expect(typed.cell(ref)).toEqual(expected);
  });

  test.each([
    ['G6', { row: 6, col: 7 }],
    ['ABCD12345678', { row: 12_345_678, col: columnNumber('ABCD') }],
    ['g6', undefined],
    ['$G$6', undefined],
    ['ABCDE1', undefined],
    ['A123456789', undefined],
  ])('a strict syntax reads %j as %j', (ref, expected) => {
    expect(file.cell(ref)).toEqual(expected);
  });

  it('reads back every address it writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: EXCEL_MAX_ROWS }),
        fc.integer({ min: 1, max: EXCEL_MAX_COLS }),
        fc.boolean(),
        (row, col, anchored) => {
          // Prepare
          const $ = anchored ? '$' : '';
          // Act
          const read = typed.cell(`${$}${columnName(col)}${$}${row}`);
          // Assess
          expect(read).toEqual({ row, col });
        },
      ),
    );
  });
});

describe('a1Reader: ranges', () => {
  const typed = a1Reader();
  const lines = a1Reader({ wholeLines: true, lowerCase: false, maxDigits: 7 });

  test.each([
    ['A1:C3', { top: 1, left: 1, bottom: 3, right: 3 }],
    ['C3:A1', { top: 1, left: 1, bottom: 3, right: 3 }],
    ['$A$3:$A$4', { top: 3, left: 1, bottom: 4, right: 1 }],
    ['C5', { top: 5, left: 3, bottom: 5, right: 3 }],
    ['A1:XFD1048576', { top: 1, left: 1, bottom: EXCEL_MAX_ROWS, right: EXCEL_MAX_COLS }],
    ['B:C', undefined],
    ['3:5', undefined],
    ['A1:B2:C3', undefined],
    ['A1:', undefined],
    ['__proto__', undefined],
  ])('the default syntax reads %j as %j', (ref, expected) => {
    expect(typed.range(ref)).toEqual(expected);
  });

  test.each([
    ['C:B', { top: 1, left: 2, bottom: EXCEL_MAX_ROWS, right: 3 }],
    ['$B:$B', { top: 1, left: 2, bottom: EXCEL_MAX_ROWS, right: 2 }],
    ['5:3', { top: 3, left: 1, bottom: 5, right: EXCEL_MAX_COLS }],
    ['A1:B2', { top: 1, left: 1, bottom: 2, right: 2 }],
    ['B', undefined],
    ['b:c', undefined],
    ['B:3', undefined],
    ['1:12345678', undefined],
  ])('whole lines read %j as %j', (ref, expected) => {
    expect(lines.range(ref)).toEqual(expected);
  });

  it('spans the same area whichever corners it is given', () => {
    const pos = fc.record({ row: fc.integer({ min: 1, max: 9999 }), col: fc.integer({ min: 1, max: 999 }) });
    fc.assert(
      fc.property(pos, pos, (a, b) => {
        const area = spanning(a, b);
        expect(spanning(b, a)).toEqual(area);
        expect(spanning({ row: a.row, col: b.col }, { row: b.row, col: a.col })).toEqual(area);
        expect(area.top).toBeLessThanOrEqual(area.bottom);
        expect(area.left).toBeLessThanOrEqual(area.right);
      }),
    );
  });
});
