import { describe, expect, test } from 'vitest';
import { base64Of, excelOpenWorkbook } from './start';

describe('the Office host outside Office', () => {
  test('has no way to open a workbook without Office.js', () => {
    expect(excelOpenWorkbook()).toBeUndefined();
  });
});

describe('base64Of', () => {
  test('encodes as btoa does, across chunk boundaries', () => {
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 5 }, (_, i) => (i * 31) % 256);
    const expected = Buffer.from(bytes).toString('base64');
    expect(base64Of(bytes)).toBe(expected);
  });

  test('encodes nothing as the empty string', () => {
    expect(base64Of(new Uint8Array())).toBe('');
  });
});
