import { describe, expect, it, test } from 'vitest';
import { makeIndicator, makeLevelPlan, makePlan, makeRow, makeSubmission } from '../test/builders';
import { type FindingCode, hasErrors, SEVERITY } from './findings';
import { SAMPLE_PLAN_2006 } from './sample/plan2006';
import {
  CIVIL_AFFAIRS_2006_05,
  LABOR_2006_05,
  SAMPLE_REPORTS_2006_05,
  TRANSPORT_2006_05,
} from './sample/reports2006-05';
import type { Submission, SubmissionRow } from './submission';
import { type ValidationContext, validateSubmission } from './validate';

// Builder plan: 2006-01-01..2006-12-31; 1.1 (labor, 1000 人), 3.1 (transport, 100 公里).
// As of the end of June about 49.6% is expected, so rows there need ≥ 44.6% to need no explanation.
const plan = makePlan();
const ctx: ValidationContext = { plan };
const june = (rows = [makeRow()], more: Partial<Submission> = {}) => makeSubmission({ rows, ...more });
const may = makeSubmission({ period: '2006-05', rows: [makeRow({ thisPeriod: 100, cumulative: 400 })] });
const explained = { cause: '雨季停工', remedy: '增加施工队伍', expectedCompletion: '2006-11-30' };
// 5.1 参合率, reported by the health bureau: from 78% to 85% (a gap of 7 points).
const levelPlan = makeLevelPlan();
const levelRow = (row: Partial<SubmissionRow>, period = '2006-06') =>
  makeSubmission({ unit: 'health', period, rows: [{ indicator: '5.1', ...row }] });

describe('validateSubmission', () => {
  test('a complete, consistent report has no findings', () => {
    expect(validateSubmission(june(), { plan, previous: [may] })).toEqual([]);
  });

  type Case = [
    string,
    Submission,
    FindingCode,
    Partial<{ index: number; field: string; section: string }>?,
    ValidationContext?,
  ];
  const cases: Case[] = [
    ['a report for another year', june(undefined, { year: 2005 }), 'submission.wrongYear', { field: 'year' }],
    [
      'a unit not in the plan',
      june(undefined, { unit: 'nobody' }),
      'submission.unknownUnit',
      { field: 'unit' },
    ],
    [
      'a period that is no month',
      june(undefined, { period: '2006-13' }),
      'submission.periodInvalid',
      { field: 'period' },
    ],
    [
      'a period after the plan',
      june(undefined, { period: '2007-01' }),
      'submission.periodOutsidePlan',
      { field: 'period' },
    ],
    [
      'a period that has not started',
      june(),
      'submission.periodInFuture',
      { field: 'period' },
      { plan, asOf: '2006-05-20' },
    ],
    ['no rows at all', june([]), 'submission.empty'],
    [
      'a row the unit owes is missing',
      makeSubmission({ unit: 'transport', rows: [] }),
      'submission.missingIndicator',
      { section: 'submission', field: 'rows' },
    ],
    [
      'no reporter',
      june(undefined, { reporter: { name: '孙丽' } }),
      'submission.reporterMissing',
      { field: 'reporter' },
    ],
    [
      'an indicator not in the plan',
      june([makeRow(), makeRow({ indicator: '9.9' })]),
      'row.unknownIndicator',
      { index: 1, field: 'indicator' },
    ],
    [
      'another unit’s indicator',
      june([makeRow(), makeRow({ indicator: '3.1' })]),
      'row.wrongUnit',
      { index: 1, field: 'indicator' },
    ],
    ['the same indicator twice', june([makeRow(), makeRow()]), 'row.duplicate', { index: 1 }],
    [
      'this month missing',
      june([makeRow({ thisPeriod: undefined })]),
      'row.missingValue',
      { index: 0, field: 'thisPeriod' },
    ],
    [
      'cumulative missing',
      june([makeRow({ cumulative: undefined })]),
      'row.missingValue',
      { field: 'cumulative' },
    ],
    [
      'a value that is not a number',
      june([makeRow({ thisPeriod: Number.NaN })]),
      'row.notANumber',
      { field: 'thisPeriod' },
    ],
    ['a negative month', june([makeRow({ thisPeriod: -5 })]), 'row.negative', { field: 'thisPeriod' }],
    [
      'negative funding',
      june([makeRow({ funding: { higher: -1 } })]),
      'row.negative',
      { field: 'funding.higher' },
    ],
    [
      'cumulative ≠ previous + this month',
      june([makeRow({ thisPeriod: 100, cumulative: 520 })]),
      'row.cumulativeMismatch',
      { field: 'cumulative' },
      { plan, previous: [may] },
    ],
    [
      'cumulative below what was accepted before',
      june([makeRow({ thisPeriod: 0, cumulative: 380, explanation: explained })]),
      'row.cumulativeDecreased',
      { field: 'cumulative' },
      { plan, previous: [may] },
    ],
    [
      'cumulative below this month alone (no earlier report)',
      june([makeRow({ thisPeriod: 600, cumulative: 500 })]),
      'row.cumulativeMismatch',
    ],
    [
      'a wrong completion ratio',
      june([makeRow({ completionPercent: 60 })]),
      'row.completionMismatch',
      { field: 'completionPercent' },
    ],
    [
      'funding total ≠ its sources',
      june([makeRow({ funding: { total: 50, higher: 20, district: 20, other: 0 } })]),
      'row.fundingMismatch',
      { field: 'funding.total' },
    ],
    [
      'behind schedule without a cause',
      june([makeRow({ cumulative: 400, thisPeriod: 100, explanation: { ...explained, cause: ' ' } })]),
      'row.explanationMissing',
      { field: 'explanation.cause' },
    ],
    [
      'behind schedule with a completion after the deadline',
      june([
        makeRow({
          cumulative: 400,
          thisPeriod: 100,
          explanation: { ...explained, expectedCompletion: '2007-02-01' },
        }),
      ]),
      'row.expectedAfterDeadline',
      { field: 'explanation.expectedCompletion' },
    ],
    [
      'an implausible figure (4,000 of 1,000 — 万 typed twice?)',
      june([makeRow({ thisPeriod: 4000, cumulative: 4000 })]),
      'row.implausible',
    ],
    [
      'a rate above 100%',
      levelRow({ cumulative: 100.5 }),
      'row.levelOutOfRange',
      { section: 'row', index: 0, field: 'cumulative' },
      { plan: levelPlan },
    ],
    [
      'project details of an indicator not in the report',
      june(undefined, { details: [{ indicator: '3.1', name: '某路', completed: 1 }] }),
      'detail.unknownIndicator',
      { section: 'detail', index: 0 },
    ],
    [
      'a negative project quantity',
      june(undefined, { details: [{ indicator: '1.1', name: '某项目', completed: -2 }] }),
      'detail.negative',
      { section: 'detail', field: 'completed' },
    ],
    [
      'a project finishing before it starts',
      june(undefined, {
        details: [
          { indicator: '1.1', name: '某项目', completed: 500, start: '2006-05-01', finish: '2006-04-01' },
        ],
      }),
      'detail.datesReversed',
      { section: 'detail', field: 'finish' },
    ],
    [
      'a project done beyond plan',
      june(undefined, { details: [{ indicator: '1.1', name: '某项目', planned: 400, completed: 500 }] }),
      'detail.exceedsPlanned',
    ],
    [
      'details that do not add up to cumulative',
      june(undefined, {
        details: [
          { indicator: '1.1', name: 'A', completed: 200 },
          { indicator: '1.1', name: 'B', completed: 250 },
        ],
      }),
      'detail.sumMismatch',
      { section: 'row', index: 0, field: 'cumulative' },
    ],
  ];

  test.each(cases)('%s → %s', (_what, submission, code, location, context) => {
    const findings = validateSubmission(submission, context ?? ctx);
    const f = findings.find((x) => x.code === code);
    expect(f, JSON.stringify(findings.map((x) => x.code))).toBeDefined();
    expect(f!.severity).toBe(SEVERITY[code]);
    if (location) expect(f!.location).toMatchObject(location);
    expect(f!.message.zh).not.toMatch(/undefined/);
    expect(f!.message.en).not.toMatch(/undefined/);
  });

  test('every finding code has a case above', () => {
    const covered = new Set(cases.map((c) => c[2]));
    const untested = (Object.keys(SEVERITY) as FindingCode[]).filter(
      (c) =>
        !covered.has(c) &&
        !['row.milestoneValue', 'row.milestoneDateMissing', 'row.growthMismatch'].includes(c),
    );
    expect(untested).toEqual([]);
  });

  it('names the indicator, the expected and the found value', () => {
    const [f] = validateSubmission(june([makeRow({ thisPeriod: 100, cumulative: 520 })]), {
      plan,
      previous: [may],
    });
    expect(f).toMatchObject({ code: 'row.cumulativeMismatch', indicator: '1.1', expected: 500, found: 520 });
    expect(f!.message.zh).toBe('指标 1.1 累计完成应为上期累计加本月完成 = 500，实际填写 520');
    expect(f!.message.en).toBe(
      'Indicator 1.1: cumulative should be the previous cumulative plus this month = 500, found 520',
    );
  });

  it('asks for all three explanation fields on a row that is behind', () => {
    const findings = validateSubmission(june([makeRow({ cumulative: 400, thisPeriod: 100 })]), ctx);
    expect(findings.filter((f) => f.code === 'row.explanationMissing').map((f) => f.location.field)).toEqual([
      'explanation.cause',
      'explanation.remedy',
      'explanation.expectedCompletion',
    ]);
    expect(hasErrors(findings)).toBe(true);
    expect(
      validateSubmission(june([makeRow({ cumulative: 400, thisPeriod: 100, explanation: explained })]), ctx),
    ).toEqual([]);
  });

  it('checks the sum only against the month just before; after a gap, cumulative must not be below', () => {
    const april = makeSubmission({
      period: '2006-04',
      rows: [makeRow({ thisPeriod: 100, cumulative: 300 })],
    });
    // May is missing: June's 500 may include May's work, but not be below 300 + 100.
    expect(validateSubmission(june(), { plan, previous: [april] })).toEqual([]);
    const low = validateSubmission(june([makeRow({ thisPeriod: 250, cumulative: 500 })]), {
      plan,
      previous: [april],
    });
    expect(low.map((f) => f.code)).toEqual(['row.cumulativeMismatch']);
  });

  it('ignores previous reports of later periods and of other units', () => {
    const july = makeSubmission({ period: '2006-07', rows: [makeRow({ cumulative: 900 })] });
    const other = makeSubmission({
      unit: 'transport',
      period: '2006-05',
      rows: [makeRow({ cumulative: 900 })],
    });
    expect(validateSubmission(june(), { plan, previous: [july, other, may] })).toEqual([]);
  });

  describe('milestones and growth', () => {
    const mplan = makePlan({
      indicators: [
        makeIndicator({ kind: 'milestone', target: 1, unitOfMeasure: '' }),
        makeIndicator({
          id: '3.1',
          pledge: '3',
          kind: 'growth',
          target: 15,
          unitOfMeasure: '%',
          base: 500,
          mainUnit: 'transport',
        }),
      ],
    });
    test.each<[string, Submission, FindingCode | null]>([
      ['done with a date', june([{ indicator: '1.1', cumulative: 1, completedOn: '2006-06-20' }]), null],
      ['not done yet, mid-year', june([{ indicator: '1.1', cumulative: 0 }]), null],
      [
        'a value other than done / not done',
        june([{ indicator: '1.1', cumulative: 0.5 }]),
        'row.milestoneValue',
      ],
      ['done without a date', june([{ indicator: '1.1', cumulative: 1 }]), 'row.milestoneDateMissing'],
      [
        'growth from the amount: 575 on 500 is 15%',
        makeSubmission({ unit: 'transport', rows: [{ indicator: '3.1', amount: 575 }] }),
        null,
      ],
      [
        'growth typed that disagrees with the amount',
        makeSubmission({ unit: 'transport', rows: [{ indicator: '3.1', amount: 575, cumulative: 18 }] }),
        'row.growthMismatch',
      ],
      [
        'a fall in growth is allowed as a figure',
        makeSubmission({
          unit: 'transport',
          rows: [{ indicator: '3.1', cumulative: -2, explanation: explained }],
        }),
        null,
      ],
      [
        'growth missing',
        makeSubmission({ unit: 'transport', rows: [{ indicator: '3.1' }] }),
        'row.missingValue',
      ],
    ])('%s → %s', (_what, submission, code) => {
      const codes = validateSubmission(submission, { plan: mplan }).map((f) => f.code);
      if (code) expect(codes).toContain(code);
      else expect(codes).toEqual([]);
    });
  });

  describe('sub-targets', () => {
    const split = makePlan({
      indicators: [
        makeIndicator({
          mainUnit: 'agriculture',
          subTargets: [
            { unit: 'east', target: 400 },
            { unit: 'west', target: 600 },
          ],
        }),
        makePlan().indicators[1]!,
      ],
    });
    it('lets a township report its share and judges it on its own sub-target', () => {
      // 200 of 400 by the end of June is on track; 200 of 600 would be behind.
      expect(
        validateSubmission(june([makeRow({ cumulative: 200, thisPeriod: 50 })], { unit: 'east' }), {
          plan: split,
        }),
      ).toEqual([]);
      const west = validateSubmission(
        june([makeRow({ cumulative: 200, thisPeriod: 50 })], { unit: 'west' }),
        { plan: split },
      );
      expect(west.map((f) => f.code)).toContain('row.explanationMissing');
    });
    it('does not let the main unit report a split indicator', () => {
      const codes = validateSubmission(june(undefined, { unit: 'agriculture' }), { plan: split }).map(
        (f) => f.code,
      );
      expect(codes).toContain('row.wrongUnit');
    });
  });
});

describe('level rows: 累计完成 is the level reached', () => {
  const codes = (s: Submission, previous: Submission[] = []) =>
    validateSubmission(s, { plan: levelPlan, previous }).map((f) => `${f.code} ${f.location.field}`);

  test.each<[string, Partial<SubmissionRow>, string[]]>([
    ['82% in June, ahead of pace, with no 本月完成', { cumulative: 82 }, []],
    ['100% is a level', { cumulative: 100, thisPeriod: 0 }, []],
    ['above 100% is an error', { cumulative: 101 }, ['row.levelOutOfRange cumulative']],
    ['a negative level is an error', { cumulative: -1 }, ['row.negative cumulative']],
    ['no level at all', { thisPeriod: 1 }, ['row.missingValue cumulative']],
    // 82 / 85 as a sheet computes it, not 4 of 7 points: not checked either way.
    ['完成比例 is the sheet’s own ratio, not checked', { cumulative: 82, completionPercent: 96.47 }, []],
    ['nor is a 完成比例 of the gap', { cumulative: 82, completionPercent: 57.14 }, []],
  ])('%s', (_what, row, expected) => {
    expect(codes(levelRow(row))).toEqual(expected);
  });

  test('a level may fall from last month, and need not add up month by month', () => {
    const may = levelRow({ cumulative: 83 }, '2006-05');
    expect(codes(levelRow({ cumulative: 82, thisPeriod: 5 }), [may])).toEqual([]);
  });

  test('the out-of-range finding says what it expects, in both languages', () => {
    const [f] = validateSubmission(levelRow({ cumulative: 850 }), { plan: levelPlan });
    expect(f).toMatchObject({
      code: 'row.levelOutOfRange',
      severity: 'error',
      indicator: '5.1',
      expected: '0–100',
      found: 850,
    });
    expect(f!.message).toEqual({
      zh: '指标 5.1 累计完成应填达到的水平，在 0–100 之间（填写的是 850）',
      en: 'Indicator 5.1: cumulative is the level reached, within 0–100 (found 850)',
    });
  });

  test('a level behind its pace asks for the explanation, measured from its base', () => {
    // June: about half of the 7 points are expected; 79% has closed 1 of them.
    expect(codes(levelRow({ cumulative: 79 }))).toEqual([
      'row.explanationMissing explanation.cause',
      'row.explanationMissing explanation.remedy',
      'row.explanationMissing explanation.expectedCompletion',
    ]);
    expect(codes(levelRow({ cumulative: 79, explanation: explained }))).toEqual([]);
  });
});

describe('the May 2006 reference reports', () => {
  test.each(SAMPLE_REPORTS_2006_05.map((s) => [s.unit, s]))('%s validates with no errors', (_unit, s) => {
    const findings = validateSubmission(s, { plan: SAMPLE_PLAN_2006, asOf: '2006-06-10' });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('transport: the five road projects add up to 15.6 km; a typo in one is caught', () => {
    const details = TRANSPORT_2006_05.details!.map((d, i) => (i === 0 ? { ...d, completed: 5.4 } : d));
    const findings = validateSubmission({ ...TRANSPORT_2006_05, details }, { plan: SAMPLE_PLAN_2006 });
    expect(findings.map((f) => [f.code, f.expected, f.found])).toContainEqual([
      'detail.sumMismatch',
      15.6,
      16.5,
    ]);
  });

  it('labor and civil affairs: only the funding split of the older layout is absent, not an error', () => {
    expect(validateSubmission(LABOR_2006_05, { plan: SAMPLE_PLAN_2006 })).toEqual([]);
    expect(validateSubmission(CIVIL_AFFAIRS_2006_05, { plan: SAMPLE_PLAN_2006 })).toEqual([]);
  });
});
