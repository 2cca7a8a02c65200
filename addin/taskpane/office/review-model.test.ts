import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../../domain/sample/plan2006';
import { reviewRows, rowChanges, unitTarget } from './review-model';

const report = (rows: { indicator: string; thisPeriod?: number; cumulative?: number; note?: string }[]) => ({
  year: 2006,
  unit: 'transport',
  period: '2006-05',
  rows,
});

describe('reviewRows', () => {
  it('gives each row its name, the unit’s target, completion, expected and status', () => {
    const [r] = reviewRows({
      plan: SAMPLE_PLAN_2006,
      submission: report([{ indicator: '3.1', cumulative: 15.6 }]),
    });
    const ind = SAMPLE_PLAN_2006.indicators.find((i) => i.id === '3.1')!;
    expect(r).toMatchObject({ indicator: '3.1', name: ind.name, target: unitTarget(ind, 'transport') });
    expect(r!.completion).toBeCloseTo(15.6 / unitTarget(ind, 'transport'));
    expect(r!.expected).toBeGreaterThan(0);
    expect(r!.status).toBeDefined();
    expect(r!.changes).toEqual([]);
    expect(r!.added).toBe(false);
  });

  it('names each changed field against the previous version, and a row it did not have', () => {
    const rows = reviewRows({
      plan: SAMPLE_PLAN_2006,
      submission: report([
        { indicator: '3.1', thisPeriod: 6, cumulative: 16, note: '已核实' },
        { indicator: '3.2', cumulative: 1 },
      ]),
      previousVersion: report([{ indicator: '3.1', thisPeriod: 5, cumulative: 16 }]),
      previousMonth: { ...report([{ indicator: '3.1', cumulative: 10 }]), period: '2006-04' },
    });
    expect(rows[0]!.changes).toEqual([
      { field: 'thisPeriod', before: '5', after: '6' },
      { field: 'note', before: '—', after: '已核实' },
    ]);
    expect(rows[0]!.previousMonth).toBe(10);
    expect(rows[1]!.added).toBe(true);
  });

  it('uses a split indicator’s share for the unit', () => {
    const split = SAMPLE_PLAN_2006.indicators.find((i) => i.subTargets && i.subTargets.length > 1)!;
    const s = split.subTargets![0]!;
    expect(unitTarget(split, s.unit)).toBe(s.target);
    expect(rowChanges(undefined, { indicator: 'x' })).toEqual([]);
  });
});
