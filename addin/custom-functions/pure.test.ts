import { describe, expect, test } from 'vitest';
import { statusText } from '../../domain/labels';
import { classify, completionOf, expectedShare } from '../../domain/pacing';
import { parseQuantity } from '../../domain/parse';
import { DEFAULT_THRESHOLDS } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { makeIndicator, makePlan } from '../../test/builders';
import { completion, expectedValue, linearShare, pace, parseQuantityCell, span } from './pure';

describe('PARSE reads as domain/parse parseQuantity', () => {
  test.each([
    ['0.4万人', '人', 4000],
    ['35km', '公里', 35],
    ['1,820', '人', 1820],
    ['468万', '万元', 468],
    ['1.2亿元', '万元', 12000],
    [12.5, '公里', 12.5],
    ['１２３', '个', 123],
  ])('%s in %s → %d', (cell, unit, value) => {
    const r = parseQuantityCell(cell, unit);
    expect(r).toEqual({ ok: true, value });
    const domain = parseQuantity(cell, { unit });
    expect(domain.ok && domain.value.kind === 'value' && domain.value.value.value).toBe(value);
  });

  test.each([
    ['35公里', '人'],
    ['约35', '人'],
    ['30-35', '人'],
    ['1 820', '人'],
    ['abc', '人'],
  ])('%s in %s → the domain message, in both languages', (cell, unit) => {
    const r = parseQuantityCell(cell, unit);
    const domain = parseQuantity(cell, { unit });
    expect(r.ok).toBe(false);
    expect(domain.ok).toBe(false);
    if (!r.ok && !domain.ok) expect(r.error).toEqual(domain.error.message);
  });

  test('an empty cell is an error: the formula asked for a number', () => {
    const r = parseQuantityCell('', '人');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.zh).toContain('为空');
  });
});

describe('EXPECTED is domain/pacing expectedShare (linear) × target', () => {
  const plan = makePlan(); // 2006-01-01 .. 2006-12-31
  test.each([
    ['2005-12-01'],
    ['2006-01-01'],
    ['2006-03-15'],
    ['2006-07-02'],
    ['2006-12-30'],
    ['2006-12-31'],
    ['2007-02-01'],
  ])('as of %s', (asOf) => {
    const share = expectedShare(plan, makeIndicator({ target: 1200 }), asOf);
    const r = expectedValue(1200, asOf, plan.start, '2006-12-31');
    expect(r.ok && r.value).toBeCloseTo(1200 * share, 9);
  });

  test('the 2006 plan: start 2006-04-04, as of 2006-06-10 → 67/271 of the road target', () => {
    const road = SAMPLE_PLAN_2006.indicators.find((i) => i.id === '3.1')!;
    const r = expectedValue(road.target, '2006-06-10', SAMPLE_PLAN_2006.start, road.deadline);
    expect(r.ok && r.value).toBeCloseTo((road.target * 67) / 271, 9);
    expect(expectedShare(SAMPLE_PLAN_2006, road, '2006-06-10')).toBeCloseTo(67 / 271, 12);
  });

  test.each([
    ['Excel serials', 38900, 38718, 39082],
    ['Chinese text', '2006年7月2日', '2006年1月1日', '2006年12月31日'],
    ['default start and deadline (1 Jan – 31 Dec of asOf)', '2006-07-02', undefined, undefined],
    ['blank start and deadline', '2006-07-02', '', null],
  ])('dates as %s', (_what, asOf, start, deadline) => {
    const s = span(asOf, start, deadline);
    expect(s.ok && s.value.start).toBe('2006-01-01');
    expect(s.ok && s.value.deadline).toBe('2006-12-31');
    if (typeof asOf === 'string') expect(s.ok && linearShare(s.value)).toBeCloseTo(0.5, 12);
  });

  test.each([
    ['a bad date', 100, '2006-13-01', undefined, undefined, '截至日期'],
    ['start after deadline', 100, '2006-06-01', '2006-12-31', '2006-01-01', '必须早于'],
    ['a zero target', 0, '2006-06-01', undefined, undefined, '大于 0'],
    ['a text target', '很多', '2006-06-01', undefined, undefined, '必须是数字'],
  ])('%s → a Chinese and English message', (_what, target, asOf, start, deadline, zh) => {
    const r = expectedValue(target, asOf, start, deadline);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.zh).toContain(zh);
      expect(r.error.en).not.toBe('');
    }
  });
});

describe('PACE classifies as domain/pacing classify', () => {
  test.each([
    // progress, target, asOf → expected status
    [1200, 1200, '2006-06-01', 'met'],
    [600, 1200, '2006-07-02', 'on_track'],
    [560, 1200, '2006-07-02', 'on_track'],
    [400, 1200, '2006-07-02', 'behind'],
    [100, 1200, '2006-07-02', 'at_risk'],
    [1100, 1200, '2006-12-31', 'failed'],
    [0, 1200, '2006-01-01', 'on_track'],
  ] as const)('%d of %d as of %s → %s', (progress, target, asOf, status) => {
    const r = pace(progress, target, asOf, '2006-01-01', '2006-12-31');
    expect(r).toEqual({ ok: true, value: status });
    const plan = makePlan();
    const share = expectedShare(plan, makeIndicator({ target }), asOf);
    const past = asOf >= '2006-12-31';
    expect(classify(completionOf(makeIndicator({ target }), progress), share, DEFAULT_THRESHOLDS, past)).toBe(
      status,
    );
  });

  test.each([
    ['met', '已完成', 'met'],
    ['on_track', '正常', 'on track'],
    ['behind', '滞后', 'behind'],
    ['at_risk', '严重滞后', 'at risk'],
    ['failed', '未完成(否决)', 'failed (veto)'],
  ] as const)('%s is 「%s」 / "%s" (the CLI words)', (status, zh, en) => {
    expect(statusText(status, 'zh-CN')).toBe(zh);
    expect(statusText(status, 'en')).toBe(en);
  });
});

describe('COMPLETION is domain/pacing completionOf', () => {
  test.each([
    [300, 1200, 0.25],
    [1500, 1200, 1.25],
    [-5, 1200, 0],
    ['0.03万', 1200, 0.25],
  ])('%s / %d → %d', (progress, target, ratio) => {
    expect(completion(progress, target)).toEqual({ ok: true, value: ratio });
    if (typeof progress === 'number') {
      expect(completionOf(makeIndicator({ target }), progress)).toBe(ratio);
    }
  });

  test('a negative target is refused', () => {
    expect(completion(1, -1).ok).toBe(false);
  });
});
