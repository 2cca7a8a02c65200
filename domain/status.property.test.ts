import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIndicator, makeLevelIndicator, makeLevelPlan, makePlan } from '../test/builders';
import { isoDate } from './dates';
import { completionOf } from './pacing';
import { indicatorsReportedBy, reportingUnitIds } from './plan';
import { computeStatus } from './status';
import type { SubmissionRecord } from './submission';

// A plan with a plain indicator, a split one and a small one, to exercise every path.
const plan = makePlan({
  pledges: [
    { id: '1', name: '扩大就业' },
    { id: '3', name: '农村公路建设' },
    { id: '4', name: '沼气池' },
  ],
  indicators: [
    makeIndicator(),
    makeIndicator({ id: '3.1', pledge: '3', target: 3, unitOfMeasure: '所', mainUnit: 'transport' }),
    makeIndicator({
      id: '4.1',
      pledge: '4',
      mainUnit: 'agriculture',
      target: 500,
      subTargets: [
        { unit: 'east', target: 200 },
        { unit: 'west', target: 300 },
      ],
    }),
  ],
});
const units = reportingUnitIds(plan);

const record = (id: number): fc.Arbitrary<SubmissionRecord> =>
  fc
    .record({
      unit: fc.constantFrom(...units),
      month: fc.integer({ min: 1, max: 12 }),
      version: fc.integer({ min: 1, max: 3 }),
      state: fc.constantFrom('accepted', 'pending', 'returned' as const),
      values: fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 2, maxLength: 2 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ unit, month, version, state, values, day }) => ({
      id: `r${id}`,
      version,
      state,
      submittedAt: `${isoDate(2006, month === 12 ? 12 : month + 1, day)}T08:00:00Z`,
      submission: {
        year: 2006,
        unit,
        period: `2006-${String(month).padStart(2, '0')}`,
        rows: indicatorsReportedBy(plan, unit).map((ind, i) => ({
          indicator: ind.id,
          thisPeriod: 0,
          cumulative: values[i % values.length]!,
        })),
      },
    }));

const records = fc
  .array(fc.nat(), { maxLength: 25 })
  .chain((ids) => fc.tuple(...ids.map((_, i) => record(i))))
  .map((rs) => rs as SubmissionRecord[]);
const asOf = fc
  .integer({ min: 1, max: 14 })
  .map((m) => (m > 12 ? isoDate(2007, m - 12, 1) : isoDate(2006, m, 15)));

describe('status invariants', () => {
  it('does not depend on the order of the versions', () => {
    fc.assert(
      fc.property(
        records.chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length }))),
        asOf,
        ([rs, shuffled], date) => {
          expect(computeStatus(plan, shuffled, date)).toEqual(computeStatus(plan, rs, date));
        },
      ),
    );
  });

  it('an accepted submission never changes another indicator’s progress', () => {
    fc.assert(
      fc.property(records, record(999), asOf, (rs, extra, date) => {
        const accepted = { ...extra, state: 'accepted' as const, submittedAt: undefined };
        const before = computeStatus(plan, rs, date);
        const after = computeStatus(plan, [...rs, accepted], date);
        const touched = new Set(accepted.submission.rows.map((r) => r.indicator));
        for (const ind of before.indicators) {
          if (touched.has(ind.id)) continue;
          expect(after.indicators.find((i) => i.id === ind.id)!.progress).toBe(ind.progress);
        }
      }),
    );
  });

  it('any failed indicator fails the district; no failed indicator, no failed verdict', () => {
    fc.assert(
      fc.property(records, asOf, (rs, date) => {
        const s = computeStatus(plan, rs, date);
        const anyFailed = s.indicators.some((i) => i.status === 'failed');
        expect(s.verdict === 'failed').toBe(anyFailed);
        expect(s.failures.map((f) => f.indicator)).toEqual(
          s.indicators.filter((i) => i.status === 'failed').map((i) => i.id),
        );
        for (const u of s.units) {
          expect(u.verdict === 'failed').toBe(u.indicators.some((i) => i.status === 'failed'));
        }
      }),
    );
  });

  it('a split indicator’s progress is the sum of its units’ accepted figures', () => {
    fc.assert(
      fc.property(records, asOf, (rs, date) => {
        const ind = computeStatus(plan, rs, date).indicators.find((i) => i.id === '4.1')!;
        expect(ind.progress).toBe(ind.contributions.reduce((n, c) => n + (c.value ?? 0), 0));
      }),
    );
  });
});

describe('a level indicator', () => {
  // A baseline below the target (or none), both in percent.
  const levelIndicator = fc
    .record({
      target: fc.double({ min: 1, max: 100, noNaN: true }),
      gap: fc.double({ min: 0.01, max: 1, noNaN: true }),
      withBase: fc.boolean(),
    })
    .map(({ target, gap, withBase }) =>
      makeLevelIndicator({ target, base: withBase ? target * (1 - gap) : undefined }),
    );
  const level = fc.double({ min: 0, max: 100, noNaN: true });

  it('is never less complete for a higher latest value', () => {
    fc.assert(
      fc.property(levelIndicator, level, level, (ind, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(completionOf(ind, low)).toBeLessThanOrEqual(completionOf(ind, high));
      }),
    );
  });

  it('is met once the latest value reaches the target, not before, and counts nothing at or below its base', () => {
    fc.assert(
      fc.property(levelIndicator, level, (ind, value) => {
        const completion = completionOf(ind, value);
        if (value >= ind.target) expect(completion).toBeGreaterThanOrEqual(1 - 1e-9);
        if (value < ind.target - 1e-6) expect(completion).toBeLessThan(1);
        if (value <= (ind.base ?? 0)) expect(completion).toBe(0);
      }),
    );
  });

  it('its status completion follows the latest accepted value, up or down', () => {
    const plan = makeLevelPlan();
    const report = (period: string, cumulative: number): SubmissionRecord => ({
      id: period,
      version: 1,
      state: 'accepted',
      submission: { year: 2006, unit: 'health', period, rows: [{ indicator: '5.1', cumulative }] },
    });
    fc.assert(
      fc.property(level, level, level, (earlier, a, b) => {
        const completion = (latest: number) =>
          computeStatus(
            plan,
            [report('2006-05', earlier), report('2006-06', latest)],
            '2006-07-10',
          ).indicators.find((i) => i.id === '5.1')!.completion;
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(completion(low)).toBeLessThanOrEqual(completion(high));
        expect(completion(low)).toBe(completionOf(plan.indicators[2]!, low));
      }),
    );
  });
});
