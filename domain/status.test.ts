import { describe, expect, it, test } from 'vitest';
import {
  makeIndicator,
  makeLevelIndicator,
  makeLevelPlan,
  makePlan,
  makeRecord,
  makeRow,
  makeSubmission,
} from '../test/builders';
import { daysBetween } from './dates';
import { indicatorsReportedBy, type Plan, reportingUnitIds, targetFor } from './plan';
import { SAMPLE_PLAN_2006 } from './sample/plan2006';
import { SAMPLE_REPORTS_2006_05 } from './sample/reports2006-05';
import { computeStatus } from './status';
import type { SubmissionRecord } from './submission';

const plan2006 = SAMPLE_PLAN_2006;

/** Every reporting unit's December report with each indicator exactly at its target. */
function yearEndRecords(plan: Plan, adjust: Record<string, number> = {}): SubmissionRecord[] {
  return reportingUnitIds(plan).map((unit) =>
    makeRecord(
      makeSubmission({
        unit,
        period: '2006-12',
        rows: indicatorsReportedBy(plan, unit).map((ind) => {
          const target = targetFor(ind, unit)!;
          const cumulative = adjust[`${ind.id}/${unit}`] ?? adjust[ind.id] ?? target;
          return {
            indicator: ind.id,
            thisPeriod: 0,
            cumulative,
            ...(ind.kind === 'milestone' ? { completedOn: '2006-11-01' } : {}),
          };
        }),
      }),
      { submittedAt: '2006-12-28T09:00:00Z' },
    ),
  );
}

describe('May 2006: the status from the reference worksheets, as of 2006-06-10', () => {
  const records = SAMPLE_REPORTS_2006_05.map((s) =>
    makeRecord(s, { submittedAt: `${s.filledOn}T10:00:00+08:00` }),
  );
  const status = computeStatus(plan2006, records, '2006-06-10');
  const ind = (id: string) => status.indicators.find((i) => i.id === id)!;
  const expected = 67 / 271; // 2006-04-04 → 2006-06-10 of 2006-04-04 → 2006-12-31

  test.each([
    ['1.1', 1820, 0.455, 'on_track'],
    ['1.2', 1260, 0.42, 'on_track'],
    ['2.1', 1402, 1402 / 3386, 'on_track'],
    ['2.2', 2650, 2650 / 7000, 'on_track'],
    ['2.3', 410, 0.41, 'on_track'],
    ['3.1', 15.6, 15.6 / 35, 'on_track'],
    ['7.1', 0, 0, 'on_track'], // one nursing home: paced by its completion, not linearly
    ['7.2', 12, 0.4, 'on_track'],
    ['2.4', 0, 0, 'at_risk'],
    ['4.1', 0, 0, 'at_risk'],
    ['5.1', 0, 0, 'on_track'],
    ['5.2', 0, 0, 'on_track'],
    ['6.1', 0, 0, 'at_risk'],
    ['8.1', 0, 0, 'at_risk'],
  ])('%s: progress %d, completion %d → %s', (id, progress, completion, s) => {
    expect(ind(id).progress).toBeCloseTo(progress, 10);
    expect(ind(id).completion).toBeCloseTo(completion, 10);
    expect(ind(id).status).toBe(s);
  });

  it('expects about 24.7% of a linear target by 2006-06-10', () => {
    expect(ind('1.1').expected).toBeCloseTo(expected, 12);
    expect(ind('7.1').expected).toBe(0);
  });

  it('gives the district verdict at_risk (nothing failed yet) with the counts by status', () => {
    expect(status.verdict).toBe('at_risk');
    expect(status.failures).toEqual([]);
    expect(status.counts).toEqual({ met: 0, on_track: 10, behind: 0, at_risk: 4, failed: 0 });
  });

  it('judges the three reporting bureaus on track and the silent ones at risk', () => {
    const verdict = Object.fromEntries(status.units.map((u) => [u.unit, u.verdict]));
    expect(verdict).toMatchObject({
      labor: 'on_track',
      transport: 'on_track',
      'civil-affairs': 'on_track',
      health: 'on_track',
      'family-planning': 'on_track',
      finance: 'at_risk',
      agriculture: 'at_risk',
      construction: 'at_risk',
      chengguan: 'at_risk',
    });
  });

  it('shows each township’s contribution to 4.1 against its own sub-target', () => {
    expect(ind('4.1').contributions.map((c) => [c.unit, c.target, c.value, c.status])).toEqual([
      ['chengguan', 100, null, 'at_risk'],
      ['hekou', 150, null, 'at_risk'],
      ['shiqiao', 150, null, 'at_risk'],
      ['xinji', 150, null, 'at_risk'],
    ]);
  });

  it('marks April missing for everyone and May late for units that sent nothing', () => {
    const reports = (unit: string) => status.units.find((u) => u.unit === unit)!.reports;
    expect(
      reports('labor')
        .slice(0, 3)
        .map((r) => r.state),
    ).toEqual(['missing', 'submitted', 'not_due']);
    expect(reports('civil-affairs')[1]).toEqual({ period: '2006-05', due: '2006-06-05', state: 'submitted' });
    expect(
      reports('construction')
        .slice(0, 2)
        .map((r) => r.state),
    ).toEqual(['missing', 'late']);
    const construction = status.units.find((u) => u.unit === 'construction')!;
    expect([construction.late, construction.missing]).toEqual([1, 1]);
  });

  it('adds up funding by source (万元): 468 + 42.5 + 8 + 85 + 6.5', () => {
    expect(status.funding.total).toBeCloseTo(610, 10);
    expect(status.funding.higher).toBeCloseTo(312.5, 10);
    expect(status.funding.district).toBeCloseTo(206, 10);
    expect(status.funding.unspecified).toBeCloseTo(91.5, 10); // civil affairs gives only a total
  });

  it('ranks units: on-track units first, by completion rate', () => {
    const ranking = [...status.units].sort((a, b) => a.rank - b.rank).map((u) => u.unit);
    expect(ranking.slice(0, 3)).toEqual(['transport', 'labor', 'civil-affairs']);
    expect(status.units.map((u) => u.rank).sort((a, b) => a - b)).toEqual(status.units.map((_, i) => i + 1));
  });

  it('rolls indicators up into the 8 pledges', () => {
    expect(status.pledges.map((p) => [p.id, p.status])).toEqual([
      ['1', 'on_track'],
      ['2', 'at_risk'],
      ['3', 'on_track'],
      ['4', 'at_risk'],
      ['5', 'on_track'],
      ['6', 'at_risk'],
      ['7', 'on_track'],
      ['8', 'at_risk'],
    ]);
    expect(status.sample?.zh).toContain('示例');
  });
});

describe('2006-12-31: the one-vote veto', () => {
  it('all 14 indicators at target: the district and every unit have met', () => {
    const status = computeStatus(plan2006, yearEndRecords(plan2006, { '2.4': 15 }), '2006-12-31');
    expect(status.verdict).toBe('met');
    expect(status.counts.met).toBe(14);
    expect(status.units.every((u) => u.verdict === 'met')).toBe(true);
  });

  it('one person short on 7.2 fails the district and the civil affairs bureau, naming who answers for it', () => {
    const status = computeStatus(plan2006, yearEndRecords(plan2006, { '2.4': 15, '7.2': 29 }), '2006-12-31');
    expect(status.verdict).toBe('failed');
    expect(status.failures).toEqual([
      {
        indicator: '7.2',
        name: '集中入住五保对象',
        unit: 'civil-affairs',
        responsible: [{ name: '褚卫东', title: '局长', unit: 'civil-affairs' }],
      },
    ]);
    const civil = status.units.find((u) => u.unit === 'civil-affairs')!;
    expect(civil.verdict).toBe('failed');
    expect(civil.failures.map((f) => f.indicator)).toEqual(['7.2']);
    // 7.1 was met: one failed indicator is enough to fail the whole unit.
    expect(civil.indicators.find((i) => i.indicator === '7.1')!.status).toBe('met');
    expect(status.units.filter((u) => u.verdict === 'failed').map((u) => u.unit)).toEqual(['civil-affairs']);
  });

  it('a township one biogas pit short fails itself and the agriculture bureau’s total, not the others', () => {
    const status = computeStatus(
      plan2006,
      yearEndRecords(plan2006, { '2.4': 15, '4.1/hekou': 149 }),
      '2006-12-31',
    );
    const verdict = Object.fromEntries(status.units.map((u) => [u.unit, u.verdict]));
    expect(verdict).toMatchObject({ hekou: 'failed', agriculture: 'failed', chengguan: 'met', xinji: 'met' });
    expect(status.indicators.find((i) => i.id === '4.1')!.progress).toBe(549);
    expect(status.units.find((u) => u.unit === 'hekou')!.failures[0]!.responsible[0]!.name).toBe('蒋春生');
  });

  it('the day before the deadline the same shortfall is only in progress', () => {
    const status = computeStatus(plan2006, yearEndRecords(plan2006, { '2.4': 15, '7.2': 29 }), '2006-12-30');
    expect(status.indicators.find((i) => i.id === '7.2')!.status).toBe('on_track');
    expect(status.verdict).toBe('on_track');
  });
});

describe('which versions count', () => {
  const plan = makePlan();
  const at = (r: SubmissionRecord[]) => computeStatus(plan, r, '2006-07-10').indicators[0]!;

  test('only accepted versions count; pending ones show in the provisional figure', () => {
    const accepted = makeRecord(makeSubmission({ period: '2006-05', rows: [makeRow({ cumulative: 400 })] }));
    const pending = makeRecord(makeSubmission({ period: '2006-06', rows: [makeRow({ cumulative: 500 })] }), {
      state: 'pending',
    });
    const i = at([accepted, pending]);
    expect([i.progress, i.provisionalProgress]).toEqual([400, 500]);
  });

  test('returned versions count for nothing', () => {
    const returned = makeRecord(makeSubmission({ rows: [makeRow({ cumulative: 900 })] }), {
      state: 'returned',
    });
    const i = at([returned]);
    expect([i.progress, i.provisionalProgress, i.reported]).toEqual([0, 0, false]);
  });

  test('within a period the highest accepted version wins, whatever the order', () => {
    const v1 = makeRecord(makeSubmission({ rows: [makeRow({ cumulative: 500 })] }), { id: 'x', version: 1 });
    const v2 = makeRecord(makeSubmission({ rows: [makeRow({ cumulative: 480 })] }), { id: 'x', version: 2 });
    expect(at([v1, v2]).progress).toBe(480);
    expect(at([v2, v1]).progress).toBe(480);
  });

  test('a later period wins over a higher version of an earlier one', () => {
    const mayV3 = makeRecord(makeSubmission({ period: '2006-05', rows: [makeRow({ cumulative: 450 })] }), {
      version: 3,
    });
    const juneV1 = makeRecord(makeSubmission({ period: '2006-06', rows: [makeRow({ cumulative: 500 })] }), {
      version: 1,
    });
    expect(at([juneV1, mayV3]).progress).toBe(500);
  });

  test('reports for periods that had not begun by asOf do not count; late acceptance still counts', () => {
    const august = makeRecord(makeSubmission({ period: '2006-08', rows: [makeRow({ cumulative: 700 })] }));
    const juneAcceptedLater = makeRecord(makeSubmission({ rows: [makeRow({ cumulative: 500 })] }), {
      submittedAt: '2006-09-04T08:00:00Z',
      reviewedAt: '2006-09-15T08:00:00Z',
    });
    expect(at([august]).reported).toBe(false);
    expect(at([august, juneAcceptedLater]).progress).toBe(500);
  });

  test('a report sent after its due date is submitted_late; a returned one must be sent again', () => {
    const lateOne = makeRecord(makeSubmission({ period: '2006-05' }), {
      submittedAt: '2006-06-08T08:00:00Z',
    });
    const returned = makeRecord(makeSubmission({ period: '2006-06' }), {
      state: 'returned',
      submittedAt: '2006-07-03T08:00:00Z',
    });
    const labor = computeStatus(plan, [lateOne, returned], '2006-07-10').units.find(
      (u) => u.unit === 'labor',
    )!;
    expect(labor.reports.slice(4, 7).map((r) => r.state)).toEqual(['submitted_late', 'returned', 'not_due']);
  });

  test('growth is computed from the amount when no rate is given', () => {
    const gplan = makePlan({
      indicators: [
        makeIndicator({ kind: 'growth', target: 15, base: 500, unitOfMeasure: '%' }),
        makePlan().indicators[1]!,
      ],
    });
    const r = makeRecord(makeSubmission({ rows: [{ indicator: '1.1', amount: 560 }] }));
    const i = computeStatus(gplan, [r], '2006-07-10').indicators[0]!;
    expect(i.progress).toBeCloseTo(12, 10);
    expect(i.completion).toBeCloseTo(0.8, 10);
  });
});

describe('a level indicator over the year: 参合率 from 78% to 85%', () => {
  const plan = makeLevelPlan();
  const report = (period: string, cumulative: number, state: SubmissionRecord['state'] = 'accepted') =>
    makeRecord(makeSubmission({ unit: 'health', period, rows: [{ indicator: '5.1', cumulative }] }), {
      state,
      submittedAt: `${period}-28T09:00:00Z`,
    });
  // The rate rises, falls back in the autumn and ends above the target.
  const year = [report('2006-03', 80), report('2006-06', 82), report('2006-09', 81), report('2006-12', 85.2)];
  const level = (records: SubmissionRecord[], asOf: string) =>
    computeStatus(plan, records, asOf).indicators.find((i) => i.id === '5.1')!;
  const paced = (asOf: string) => daysBetween('2006-01-01', asOf) / daysBetween('2006-01-01', '2006-12-31');

  test.each([
    ['before any report', '2006-02-10', 0, false, 0, 'behind'],
    ['March: 80%, 2 of 7 points', '2006-04-10', 80, true, 2 / 7, 'on_track'],
    ['June: 82%, 4 of 7 points', '2006-07-10', 82, true, 4 / 7, 'on_track'],
    ['September: the latest value, 81%, not the highest', '2006-10-10', 81, true, 3 / 7, 'at_risk'],
    ['December: 85.2% is met', '2006-12-31', 85.2, true, 7.2 / 7, 'met'],
  ])('%s (as of %s) → progress %d, completion %d, %s', (_what, asOf, progress, reported, completion, s) => {
    const i = level(year, asOf);
    expect(i.kind).toBe('level');
    expect(i.progress).toBeCloseTo(progress, 10);
    expect(i.reported).toBe(reported);
    expect(i.completion).toBeCloseTo(completion, 10);
    expect(i.expected).toBeCloseTo(paced(asOf), 10);
    expect(i.status).toBe(s);
  });

  test('below the target at the deadline, the level fails and names its first responsible person', () => {
    const status = computeStatus(plan, [...year.slice(0, 3), report('2006-12', 84.9)], '2006-12-31');
    expect(status.indicators.find((i) => i.id === '5.1')!.status).toBe('failed');
    expect(status.failures).toContainEqual({
      indicator: '5.1',
      name: '新型农村合作医疗参合率',
      unit: 'health',
      responsible: [{ name: '钱志明', title: '局长', unit: 'health' }],
    });
    expect(status.units.find((u) => u.unit === 'health')!.verdict).toBe('failed');
  });

  test('a pending report moves only the provisional level', () => {
    const i = level([...year.slice(0, 3), report('2006-11', 84, 'pending')], '2006-12-10');
    expect(i.progress).toBe(81);
    expect(i.provisionalProgress).toBe(84);
    expect(i.provisionalCompletion).toBeCloseTo(6 / 7, 10);
  });

  test('with sub-targets every township reaches the whole level, and the indicator is the one behind', () => {
    const split = makeLevelPlan(
      makeLevelIndicator({
        subTargets: [
          { unit: 'east', target: 85 },
          { unit: 'west', target: 85 },
        ],
      }),
    );
    const township = (unit: string, cumulative: number) =>
      makeRecord(makeSubmission({ unit, period: '2006-12', rows: [{ indicator: '5.1', cumulative }] }));
    const status = computeStatus(split, [township('east', 86), township('west', 83)], '2006-12-31');
    const i = status.indicators.find((x) => x.id === '5.1')!;
    expect(i.progress).toBe(83);
    expect(i.status).toBe('failed');
    expect(i.contributions.map((c) => [c.unit, c.value, c.status])).toEqual([
      ['east', 86, 'met'],
      ['west', 83, 'failed'],
    ]);
    const verdict = (unit: string) => status.units.find((u) => u.unit === unit)!.verdict;
    expect([verdict('east'), verdict('west'), verdict('health')]).toEqual(['met', 'failed', 'failed']);
  });
});
