import { describe, expect, test } from 'vitest';
import { makeIndicator } from '../test/builders';
import type { FindingCode } from './findings';
import { type AddFinding, achievedGrowth, type Baseline, KINDS, type KindRules } from './kinds';
import { DEFAULT_THRESHOLDS, type IndicatorKind } from './plan';
import type { SubmissionRow } from './submission';

const count = makeIndicator({ kind: 'count', target: 1000 });
const growth = makeIndicator({ id: '2.1', kind: 'growth', unitOfMeasure: '%', target: 15, base: 1000 });
const milestone = makeIndicator({ id: '3.1', kind: 'milestone', unitOfMeasure: '', target: 1 });
const level = makeIndicator({ id: '4.1', kind: 'level', unitOfMeasure: '%', target: 85 });

/** Runs a kind's row check; answers the progress and the codes (with fields) it found. */
function check(kind: IndicatorKind, row: Partial<SubmissionRow>, baseline?: Baseline) {
  const indicator = { count, growth, milestone, level }[kind];
  const found: Array<[FindingCode, string]> = [];
  const add: AddFinding = (code, field) => found.push([code, field]);
  const progress = KINDS[kind].checkRow({
    indicator,
    target: indicator.target,
    row: { indicator: indicator.id, ...row },
    baseline,
    add,
  });
  return { progress, found };
}

describe('KINDS covers every indicator kind', () => {
  test('one entry per kind, no more', () => {
    expect(Object.keys(KINDS).sort()).toEqual(['count', 'growth', 'level', 'milestone']);
  });

  test('a kind without rules does not compile', () => {
    // @ts-expect-error a new kind must be given its rules in KINDS before anything compiles
    const withNewKind: Readonly<Record<IndicatorKind | 'newkind', KindRules>> = KINDS;
    expect(withNewKind.newkind).toBeUndefined();
  });

  test.each([
    ['count', '数量类', 'count'],
    ['growth', '增长类', 'growth'],
    ['milestone', '节点类', 'milestone'],
  ] as const)('%s is called 「%s」 / "%s"', (kind, zh, en) => {
    expect(KINDS[kind].label).toEqual({ zh, en });
  });
});

describe('achievedGrowth', () => {
  test.each([
    [1150, 1000, 15],
    [900, 1000, -10],
    [1000, 1000, 0],
    [1150, 0, undefined],
    [1150, -1000, undefined],
  ])('amount %d over base %d → %s%', (amount, base, expected) => {
    const growthPercent = achievedGrowth(amount, base);
    if (expected === undefined) expect(growthPercent).toBeUndefined();
    else expect(growthPercent).toBeCloseTo(expected, 12);
  });
});

describe('completion', () => {
  test.each([
    ['count', 250, 1000, 0.25],
    ['count', 1500, 1000, 1.5],
    ['count', -5, 1000, 0],
    ['count', 5, 0, 0],
    ['growth', 7.5, 15, 0.5],
    ['growth', -3, 15, 0],
    ['milestone', 1, 1, 1],
    ['milestone', 0.99, 1, 0],
    ['milestone', 0, 1, 0],
  ] as const)('%s: %d of %d → %d', (kind, progress, target, ratio) => {
    expect(KINDS[kind].completion(progress, target)).toBeCloseTo(ratio, 12);
  });
});

describe('combine: counts add up, rates and milestones are as far as the unit furthest behind', () => {
  test.each([
    ['count', [300, 200], 500],
    ['growth', [12, 8], 8],
    ['milestone', [1, 0], 0],
    ['milestone', [], 0],
  ] as const)('%s of %j → %d', (kind, values, combined) => {
    expect(KINDS[kind].combine(values)).toBe(combined);
  });

  test.each([
    ['count', 'split'],
    ['growth', 'each'],
    ['milestone', 'each'],
  ] as const)('%s sub-targets: %s', (kind, rule) => {
    expect(KINDS[kind].subTargets).toBe(rule);
  });
});

describe('pacedByDeadline', () => {
  test.each([
    ['count', 5, true],
    ['count', 6, false],
    ['growth', 1, false],
    ['milestone', 1, true],
  ] as const)('%s with target %d → %s', (kind, target, paced) => {
    expect(KINDS[kind].pacedByDeadline(target, DEFAULT_THRESHOLDS)).toBe(paced);
  });
});

describe('progressOf a stored row', () => {
  test.each([
    ['count', { cumulative: 400 }, 400],
    ['count', { amount: 1150 }, undefined],
    ['growth', { cumulative: 12 }, 12],
    ['growth', { amount: 1150 }, 15],
    ['growth', { cumulative: Number.NaN, amount: 1150 }, 15],
    ['growth', {}, undefined],
    ['milestone', { cumulative: 1 }, 1],
    ['milestone', { cumulative: Number.POSITIVE_INFINITY }, undefined],
  ] as const)('%s %j → %s', (kind, row, progress) => {
    const indicator = { count, growth, milestone }[kind];
    const got = KINDS[kind].progressOf(indicator, { indicator: indicator.id, ...row });
    if (progress === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(progress, 12);
  });
});

describe('checkPlan', () => {
  test('a growth indicator needs a base above 0', () => {
    expect(KINDS.growth.checkPlan(growth)).toEqual([]);
    expect(KINDS.growth.checkPlan({ ...growth, base: 0 })).toEqual([
      { code: 'plan.growthWithoutBase', field: 'base' },
    ]);
  });

  test('a milestone has target 1', () => {
    expect(KINDS.milestone.checkPlan(milestone)).toEqual([]);
    expect(KINDS.milestone.checkPlan({ ...milestone, target: 2 })).toEqual([
      { code: 'plan.milestoneTarget', field: 'target' },
    ]);
  });

  test('a count has no checks of its own', () => {
    expect(KINDS.count.checkPlan({ ...count, base: -1 })).toEqual([]);
  });
});

describe('checkRow', () => {
  test.each([
    ['count', { thisPeriod: 100, cumulative: 400 }, { cumulative: 300, adjacent: true }, 400, []],
    ['count', {}, undefined, undefined, ['row.missingValue thisPeriod', 'row.missingValue cumulative']],
    [
      'count',
      { thisPeriod: 100, cumulative: 450 },
      { cumulative: 300, adjacent: true },
      450,
      ['row.cumulativeMismatch cumulative'],
    ],
    ['count', { thisPeriod: 100, cumulative: 450 }, { cumulative: 300, adjacent: false }, 450, []],
    [
      'count',
      { thisPeriod: 0, cumulative: 200 },
      { cumulative: 300, adjacent: true },
      200,
      ['row.cumulativeDecreased cumulative'],
    ],
    ['count', { thisPeriod: 3500, cumulative: 3500 }, undefined, 3500, ['row.implausible cumulative']],
    ['growth', { amount: 1150 }, undefined, 15, []],
    ['growth', { cumulative: 15.04, amount: 1150 }, undefined, 15.04, []],
    ['growth', { cumulative: 16, amount: 1150 }, undefined, 16, ['row.growthMismatch cumulative']],
    ['growth', {}, undefined, undefined, ['row.missingValue cumulative']],
    ['milestone', { cumulative: 1, completedOn: '2006-05-20' }, undefined, 1, []],
    ['milestone', { cumulative: 1 }, undefined, 1, ['row.milestoneDateMissing completedOn']],
    ['milestone', { cumulative: 0.5 }, undefined, undefined, ['row.milestoneValue cumulative']],
    [
      'milestone',
      { cumulative: 0 },
      { cumulative: 1, adjacent: true },
      0,
      ['row.cumulativeDecreased cumulative'],
    ],
    ['milestone', {}, undefined, undefined, ['row.missingValue cumulative']],
  ] as const)('%s %j after %j → progress %s, %j', (kind, row, baseline, progress, codes) => {
    const got = check(kind, row, baseline);
    expect(got.progress).toBe(progress);
    expect(got.found.map(([code, field]) => `${code} ${field}`)).toEqual(codes);
  });

  test.each([
    ['count', false, true, false],
    ['growth', true, true, false],
    ['milestone', false, false, true],
  ] as const)(
    '%s: negative cumulative %s, completion percent checked %s, reads 是/否 %s',
    (kind, negative, percent, words) => {
      expect(KINDS[kind].negativeCumulative).toBe(negative);
      expect(KINDS[kind].checksCompletionPercent).toBe(percent);
      expect(KINDS[kind].readsDoneWords).toBe(words);
    },
  );
});

describe('template and display', () => {
  test.each([
    ['count', '', true, undefined],
    ['growth', '', false, undefined],
    ['milestone', '完成=1', false, { from: 0, to: 1, hint: '完成填 1，未完成填 0' }],
  ] as const)('%s: unit hint %j, projects %s, cumulative %j', (kind, hint, projects, choice) => {
    const t = KINDS[kind].template;
    expect(t.unitHint).toBe(hint);
    expect(t.projects).toBe(projects);
    expect(t.cumulativeChoice).toEqual(choice);
  });

  test.each([
    ['count', '1,000', '人', '1,000人', '1,000', '人'],
    ['growth', '15', '%', '15%', '+15', '%'],
    ['growth', '15', '', '15', '+15', '%'],
    ['milestone', '1', '', '全面推行', '全面推行', ''],
  ] as const)('%s %s%s: status %s, plan %s %s', (kind, n, uom, target, planTarget, planUnit) => {
    const show = KINDS[kind].show;
    expect(show.target(n, uom).zh).toBe(target);
    expect(show.planTarget(n).zh).toBe(planTarget);
    expect(show.planUnit(uom)).toBe(planUnit);
  });

  test('a milestone reads "done" in English', () => {
    expect(KINDS.milestone.show.target('1', '').en).toBe('done');
    expect(KINDS.milestone.show.planTarget('1').en).toBe('done');
    expect(KINDS.count.show.target('5', '所').en).toBe('5所');
  });
});
