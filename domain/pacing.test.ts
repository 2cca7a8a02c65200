import { describe, expect, test } from 'vitest';
import { makeIndicator, makeLevelIndicator, makePlan } from '../test/builders';
import { classify, combine, completionOf, expectedShare, type Status } from './pacing';
import { DEFAULT_THRESHOLDS } from './plan';
import { SAMPLE_PLAN_2006 } from './sample/plan2006';

const plan = makePlan(); // 2006-01-01 .. 2006-12-31, deadline 2006-12-31 (364 days)

describe('expectedShare', () => {
  test.each([
    ['before the plan starts', '2005-12-01', 0],
    ['on the first day', '2006-01-01', 0],
    ['half way (day 182 of 364)', '2006-07-02', 0.5],
    ['on the deadline', '2006-12-31', 1],
    ['after the deadline', '2007-02-01', 1],
  ])('linear: %s (%s) → %d', (_what, asOf, share) => {
    expect(expectedShare(plan, makeIndicator(), asOf)).toBeCloseTo(share, 10);
  });

  test('the 2006 plan starts on 2006-04-04: as of 2006-06-10, 67 of 271 days have passed', () => {
    const road = SAMPLE_PLAN_2006.indicators.find((i) => i.id === '3.1')!;
    expect(expectedShare(SAMPLE_PLAN_2006, road, '2006-06-10')).toBeCloseTo(67 / 271, 12);
  });

  const scheduled = makeIndicator({
    target: 1000,
    schedule: [
      { period: '2006-03', cumulative: 100 },
      { period: '2006-06', cumulative: 700 },
    ],
  });
  test.each([
    ['at the end of March', '2006-03-31', 0.1],
    ['at the end of June', '2006-06-30', 0.7],
    ['half way through April–June (day 45.5 of 91)', '2006-05-15', 0.1 + 0.6 * (45 / 91)],
    ['after the last step, toward the deadline', '2006-12-31', 1],
  ])('a monthly schedule: %s → %d', (_what, asOf, share) => {
    expect(expectedShare(plan, scheduled, asOf)).toBeCloseTo(share, 10);
  });

  const clinic = makeIndicator({
    target: 1,
    unitOfMeasure: '所',
    milestones: [
      { date: '2006-05-01', share: 0.2, label: { zh: '开工', en: 'started' } },
      { date: '2006-09-30', share: 0.8, label: { zh: '主体完工', en: 'shell done' } },
    ],
  });
  test.each([
    ['before the first milestone', '2006-04-30', 0],
    ['after the first milestone', '2006-05-01', 0.2],
    ['between milestones (no interpolation)', '2006-08-01', 0.2],
    ['after the second', '2006-10-01', 0.8],
    ['on the deadline', '2006-12-31', 1],
  ])('milestones: %s → %d', (_what, asOf, share) => {
    expect(expectedShare(plan, clinic, asOf)).toBe(share);
  });

  test.each([
    ['one nursing home, mid-year', makeIndicator({ target: 1, unitOfMeasure: '所' }), '2006-07-01', 0],
    ['one nursing home, on the deadline', makeIndicator({ target: 1, unitOfMeasure: '所' }), '2006-12-31', 1],
    ['a milestone indicator, mid-year', makeIndicator({ kind: 'milestone', target: 1 }), '2006-07-01', 0],
    ['six roads are paced linearly', makeIndicator({ target: 6 }), '2006-07-02', 0.5],
    [
      'a level of 5% is paced linearly, not as a small count',
      makeLevelIndicator({ target: 5, base: 1 }),
      '2006-07-02',
      0.5,
    ],
  ])('small counts and milestones: %s → %d', (_what, ind, asOf, share) => {
    expect(expectedShare(plan, ind, asOf)).toBeCloseTo(share, 10);
  });
});

describe('expectedShare of a level: the share of the gap from its base', () => {
  test.each([
    ['on the first day', '2006-01-01', 0],
    ['half way', '2006-07-02', 0.5],
    ['on the deadline', '2006-12-31', 1],
  ])('linear from 78%% to 85%%: %s (%s) → %d', (_what, asOf, share) => {
    expect(expectedShare(plan, makeLevelIndicator(), asOf)).toBeCloseTo(share, 10);
  });

  // 78% → 80% by March, 84% by June, 85% by the deadline: 2, 6 and 7 points of a gap of 7.
  const scheduled = makeLevelIndicator({
    schedule: [
      { period: '2006-03', cumulative: 80 },
      { period: '2006-06', cumulative: 84 },
    ],
  });
  test.each([
    ['at the end of March', '2006-03-31', 2 / 7],
    ['at the end of June', '2006-06-30', 6 / 7],
    ['half way through April–June (day 45 of 91)', '2006-05-15', 2 / 7 + (4 / 7) * (45 / 91)],
    ['on the deadline', '2006-12-31', 1],
  ])('a monthly schedule of levels: %s → %d', (_what, asOf, share) => {
    expect(expectedShare(plan, scheduled, asOf)).toBeCloseTo(share, 10);
  });

  test('without a base, a schedule of levels is a share of the target', () => {
    const fromZero = makeLevelIndicator({
      base: undefined,
      schedule: [{ period: '2006-06', cumulative: 42.5 }],
    });
    expect(expectedShare(plan, fromZero, '2006-06-30')).toBeCloseTo(0.5, 10);
  });
});

describe('classify (DESIGN.md §3 thresholds: 5 and 20 points)', () => {
  test.each<[number, number, boolean, Status]>([
    [1, 0.5, false, 'met'],
    [1.2, 0.5, true, 'met'],
    [0.999, 1, true, 'failed'],
    [0, 0, true, 'failed'],
    [0.45, 0.5, false, 'on_track'],
    [0.4499, 0.5, false, 'behind'],
    [0.3, 0.5, false, 'behind'],
    [0.2999, 0.5, false, 'at_risk'],
    [0, 0, false, 'on_track'],
    [0.6, 0.5, false, 'on_track'],
  ])('completion %d vs expected %d (deadline reached: %s) → %s', (completion, expected, past, status) => {
    expect(classify(completion, expected, DEFAULT_THRESHOLDS, past)).toBe(status);
  });

  test('a plan may set its own thresholds', () => {
    expect(classify(0.4, 0.5, { onTrack: 10, behind: 20, smallCount: 5 }, false)).toBe('on_track');
    expect(classify(0.4, 0.5, { onTrack: 2, behind: 5, smallCount: 5 }, false)).toBe('at_risk');
  });
});

describe('combine: the one-vote veto', () => {
  test.each<[Status[], Status]>([
    [['met', 'met'], 'met'],
    [['met', 'on_track'], 'on_track'],
    [['met', 'behind', 'on_track'], 'behind'],
    [['at_risk', 'behind'], 'at_risk'],
    [['met', 'met', 'failed', 'met'], 'failed'],
    [['failed', 'at_risk'], 'failed'],
    [[], 'met'],
  ])('%j → %s', (statuses, verdict) => {
    expect(combine(statuses)).toBe(verdict);
  });
});

describe('completionOf', () => {
  test.each([
    ['count', makeIndicator({ target: 4000 }), 1820, 0.455],
    ['growth: 18% achieved of 15% asked', makeIndicator({ kind: 'growth', target: 15, base: 500 }), 18, 1.2],
    ['growth: a fall counts as nothing', makeIndicator({ kind: 'growth', target: 15, base: 500 }), -3, 0],
    ['milestone done', makeIndicator({ kind: 'milestone', target: 1 }), 1, 1],
    ['milestone not done', makeIndicator({ kind: 'milestone', target: 1 }), 0, 0],
    ['level: 82% of 78% → 85% closes 4 of 7 points', makeLevelIndicator(), 82, 4 / 7],
    ['level: at the base, nothing yet', makeLevelIndicator(), 78, 0],
    ['level: below the base counts as nothing', makeLevelIndicator(), 70, 0],
    ['level: at the target is met', makeLevelIndicator(), 85, 1],
    ['level: above the target', makeLevelIndicator(), 88.5, 1.5],
    ['level without a base: from 0', makeLevelIndicator({ base: undefined }), 68, 0.8],
    ['level: a unit that has not reported', makeLevelIndicator(), 0, 0],
  ])('%s', (_what, ind, progress, completion) => {
    expect(completionOf(ind, progress)).toBeCloseTo(completion, 12);
  });
});
