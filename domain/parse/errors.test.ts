import { describe, expect, it, test } from 'vitest';
import { PARSE_ERROR_CODES, parseError } from './errors';

const CJK = /[\u4e00-\u9fff]/;

describe('parseError', () => {
  test.each(PARSE_ERROR_CODES.map((code) => [code]))('%s has a message in Chinese and in English', (code) => {
    // Prepare
    const input = '35公里';
    // Act
    const error = parseError(code, input, { expected: '人', found: '公里' });
    // Assess
    expect(error.code).toBe(code);
    expect(error.message.zh).toMatch(CJK);
    expect(error.message.en).toMatch(/[A-Za-z]{4,}/);
    expect(error.message.zh).toContain('35');
    expect(error.message.en).toContain('35');
  });

  it('lists every code once', () => {
    // Prepare
    const codes = PARSE_ERROR_CODES;
    // Act
    const unique = new Set(codes);
    // Assess
    expect(unique.size).toBe(codes.length);
    expect(codes).toHaveLength(16);
  });

  it('keeps expected and found only when given', () => {
    // Prepare
    const input = 'abc';
    // Act
    const error = parseError('number.invalid', input);
    // Assess
    expect(error).toEqual({ code: 'number.invalid', input: 'abc', message: error.message });
    expect(Object.keys(error)).not.toContain('expected');
  });

  test.each([
    ['人', '但该指标的计量单位是“人”', 'this indicator is measured in 人'],
    ['', '但该指标没有计量单位', 'this indicator has no unit of measure'],
  ])('unit mismatch against %j names the indicator unit', (expected, zh, en) => {
    // Prepare
    const detail = { expected, found: '%' };
    // Act
    const error = parseError('number.unitMismatch', '15%', detail);
    // Assess
    expect(error.message.zh).toContain(zh);
    expect(error.message.en).toContain(en);
  });

  it('shortens a pasted paragraph in the message but keeps the whole input', () => {
    // Prepare
    const input = '完成'.repeat(100);
    // Act
    const error = parseError('milestone.invalid', input);
    // Assess
    expect(error.input).toBe(input);
    expect(error.message.zh).toContain('…');
    expect(error.message.zh.length).toBeLessThan(120);
  });

  it('gives the supported range for an out-of-range date', () => {
    // Prepare
    const detail = { expected: '1904-01-01/9999-12-31' };
    // Act
    const error = parseError('date.outOfRange', '-1', detail);
    // Assess
    expect(error.message.zh).toContain('1904-01-01 至 9999-12-31');
    expect(error.message.en).toContain('1904-01-01 to 9999-12-31');
  });
});
