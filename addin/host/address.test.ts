import { describe, expect, it } from 'vitest';
import { checkSheetName, parseAreas, parseCell, splitSheet } from './address';

describe('addresses', () => {
  it.each([
    ['进度报表!G6', { sheet: '进度报表', row: 6, col: 7, cell: 'G6' }],
    ["'It''s'!$AB$12", { sheet: "It's", row: 12, col: 28, cell: 'AB12' }],
    ['G6', undefined],
    ['进度报表!G0', undefined],
  ])('parseCell(%s)', (address, expected) => {
    expect(parseCell(address)).toEqual(expected);
  });

  it('parses the merged areas Office.js gives, quoted sheet names with commas included', () => {
    expect(parseAreas("'a, b'!$A$1:$N$1, 'a, b'!A3:A4,'a, b'!C5")).toEqual([
      { top: 1, left: 1, bottom: 1, right: 14 },
      { top: 3, left: 1, bottom: 4, right: 1 },
      { top: 5, left: 3, bottom: 5, right: 3 },
    ]);
    expect(parseAreas('')).toEqual([]);
  });

  it('splits the sheet from the reference', () => {
    expect(splitSheet('项目明细!A1:B2')).toEqual({ sheet: '项目明细', ref: 'A1:B2' });
    expect(splitSheet('A1')).toEqual({ sheet: undefined, ref: 'A1' });
  });

  it.each(['', 'a'.repeat(32), 'a[1]', "'x'", 'a:b'])('refuses the sheet name %j', (name) => {
    expect(() => checkSheetName(name)).toThrow();
  });
});
