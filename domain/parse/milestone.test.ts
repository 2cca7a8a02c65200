import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { PARSE_ERROR_CODES } from './errors';
import { parseMilestone } from './milestone';
import { outcome } from './testing';
import { toFullWidth } from './text';

describe('parseMilestone', () => {
  test.each([
    '是',
    '已完成',
    '完成',
    '已经完成',
    '已全部完成',
    '全面完成',
    '已全面推行',
    '全面推行',
    '已推行',
    '已实施',
    '已落实',
    '已建成',
    '建成',
    '已验收',
    '已办结',
    '达标',
    '已达标',
    '已竣工',
    '√',
    '✓',
    '✔',
    '☑',
    '1',
    '１',
    '100%',
    '１００％',
    '完成100%',
    'yes',
    'YES',
    'Done',
    'true',
    'TRUE',
    ' 已完成 ',
    '已完成。',
    '已完成!',
  ])('%s → done', (cell) => {
    // Prepare
    const input = cell;
    // Act
    const result = parseMilestone(input);
    // Assess
    expect(outcome(result)).toEqual({ value: true });
  });

  test.each([
    '否',
    '未完成',
    '尚未完成',
    '没有完成',
    '暂未完成',
    '未推行',
    '未全面推行',
    '尚未全面推行',
    '未实施',
    '未落实',
    '未建成',
    '未验收',
    '未达标',
    '不达标',
    '进行中',
    '正在推进',
    '推进中',
    '正在实施',
    '建设中',
    '未开始',
    '尚未启动',
    '×',
    '✗',
    '✘',
    '0',
    '0%',
    'no',
    'No',
    'false',
    'FALSE',
  ])('%s → not done (a negation beats the verb it negates)', (cell) => {
    // Prepare
    const input = cell;
    // Act
    const result = parseMilestone(input);
    // Assess
    expect(outcome(result)).toEqual({ value: false });
  });

  test.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
  ])('cell %s → %s', (cell, done) => {
    // Prepare
    const input = cell;
    // Act
    const result = parseMilestone(input);
    // Assess
    expect(outcome(result)).toEqual({ value: done });
  });

  test.each([
    ['部分完成', 'milestone.ambiguous'],
    ['基本完成', 'milestone.ambiguous'],
    ['已基本完成', 'milestone.ambiguous'],
    ['大部分完成', 'milestone.ambiguous'],
    ['初步建成', 'milestone.ambiguous'],
    ['50%', 'milestone.ambiguous'],
    ['已完成80%', 'milestone.ambiguous'],
    ['完成率99.5%', 'milestone.ambiguous'],
    [0.5, 'milestone.ambiguous'],
    ['0.5', 'milestone.ambiguous'],
    ['实施', 'milestone.invalid'],
    ['待定', 'milestone.invalid'],
    ['见附件', 'milestone.invalid'],
    ['已完成，待验收', 'milestone.invalid'],
    ['150%', 'milestone.invalid'],
    ['2', 'milestone.invalid'],
    [2, 'milestone.invalid'],
    [-1, 'milestone.invalid'],
    [Number.NaN, 'milestone.invalid'],
    ['x', 'milestone.invalid'],
  ])('%s → %s', (cell, code) => {
    // Prepare
    const input = cell;
    // Act
    const result = parseMilestone(input);
    // Assess
    expect(outcome(result)).toEqual({ code });
  });

  test.each([
    ['', { empty: true }],
    ['  ', { empty: true }],
    [null, { empty: true }],
    [undefined, { empty: true }],
  ])('blank %j → empty, not "not done"', (cell, expected) => {
    // Prepare
    const input = cell;
    // Act
    const result = parseMilestone(input);
    // Assess
    expect(outcome(result)).toEqual(expected);
  });
});

describe('properties', () => {
  const token = fc.constantFrom(
    ...['0', '1', '5', '100', '.', ',', '%', ' ', ':', '-'],
    ...['已', '未', '尚', '完成', '推行', '部分', '基本', '是', '否', '√', '×', '率', 'yes', 'no'],
  );
  const typed = fc.array(token, { maxLength: 6 }).map((tokens) => tokens.join(''));

  it('full-width digits and punctuation read exactly like their ASCII forms, errors included', () => {
    fc.assert(
      fc.property(typed, (text) => {
        // Prepare
        const wide = toFullWidth(text);
        // Act
        const narrow = outcome(parseMilestone(text));
        const full = outcome(parseMilestone(wide));
        // Assess
        expect(full).toEqual(narrow);
      }),
      { numRuns: 2000 },
    );
  });

  it('a negated completion word is never read as done', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('未', '尚未', '没有', '暂未', '不'),
        fc.constantFrom('', '全面', '全部'),
        fc.constantFrom('完成', '推行', '实施', '落实', '建成', '验收', '办结', '达标'),
        (negation, scope, verb) => {
          // Prepare
          const text = `${negation}${scope}${verb}`;
          // Act
          const result = parseMilestone(text);
          // Assess
          expect(outcome(result)).not.toEqual({ value: true });
        },
      ),
    );
  });

  it('never throws: any cell yields true, false, empty, or a coded error', () => {
    const anyCell = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), typed, fc.double(), fc.boolean());
    fc.assert(
      fc.property(anyCell, (cell) => {
        // Prepare
        const input = cell;
        // Act
        const result = parseMilestone(input);
        // Assess
        expect(result.ok || PARSE_ERROR_CODES.includes(result.error.code)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
