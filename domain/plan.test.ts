import { describe, expect, test } from 'vitest';
import { makeIndicator, makeLevelIndicator, makeLevelPlan, makePlan } from '../test/builders';
import { indicatorsReportedBy, type Plan, reportingUnitIds, targetFor, validatePlan } from './plan';

const codes = (p: Plan) => validatePlan(p).map((e) => e.code);
const base = makePlan();

describe('validatePlan', () => {
  test('the builder plan is valid', () => {
    expect(validatePlan(base)).toEqual([]);
  });

  test.each<[string, Plan, string, string?]>([
    ['year out of range', makePlan({ year: 206 }), 'plan.yearInvalid'],
    ['end before start', makePlan({ start: '2006-12-31', end: '2006-01-01' }), 'plan.datesInvalid'],
    [
      'duplicate unit',
      makePlan({ units: [...base.units, base.units[0]!] }),
      'plan.duplicateUnit',
      'units[5].id',
    ],
    [
      'duplicate pledge',
      makePlan({ pledges: [...base.pledges, { id: '1', name: 'x' }] }),
      'plan.duplicatePledge',
    ],
    [
      'duplicate indicator',
      makePlan({ indicators: [makeIndicator(), makeIndicator({ pledge: '3' })] }),
      'plan.duplicateIndicator',
      'indicators[1].id',
    ],
    [
      'unknown pledge',
      makePlan({ indicators: [...base.indicators, makeIndicator({ id: '9.1', pledge: '9' })] }),
      'plan.unknownPledge',
    ],
    [
      'pledge without indicators',
      makePlan({ pledges: [...base.pledges, { id: '8', name: '改造小街小巷' }] }),
      'plan.emptyPledge',
    ],
    [
      'indicator without main unit',
      makePlan({ indicators: [makeIndicator({ mainUnit: '' }), base.indicators[1]!] }),
      'plan.missingMainUnit',
    ],
    [
      'unknown main unit',
      makePlan({ indicators: [makeIndicator({ mainUnit: 'nobody' }), base.indicators[1]!] }),
      'plan.unknownUnit',
    ],
    [
      'unknown related unit',
      makePlan({ indicators: [makeIndicator({ relatedUnits: ['nobody'] }), base.indicators[1]!] }),
      'plan.unknownUnit',
      'indicators[0].relatedUnits[0]',
    ],
    [
      'zero target',
      makePlan({ indicators: [makeIndicator({ target: 0 }), base.indicators[1]!] }),
      'plan.targetNotPositive',
    ],
    [
      'negative target',
      makePlan({ indicators: [makeIndicator({ target: -3 }), base.indicators[1]!] }),
      'plan.targetNotPositive',
    ],
    [
      'growth without base',
      makePlan({
        indicators: [makeIndicator({ kind: 'growth', target: 15, unitOfMeasure: '%' }), base.indicators[1]!],
      }),
      'plan.growthWithoutBase',
      'indicators[0].base',
    ],
    [
      'milestone with target 2',
      makePlan({ indicators: [makeIndicator({ kind: 'milestone', target: 2 }), base.indicators[1]!] }),
      'plan.milestoneTarget',
    ],
    [
      'deadline after the plan year',
      makePlan({ indicators: [makeIndicator({ deadline: '2007-03-31' }), base.indicators[1]!] }),
      'plan.deadlineOutsideYear',
      'indicators[0].deadline',
    ],
    [
      'deadline that is no date',
      makePlan({ indicators: [makeIndicator({ deadline: '2006-02-30' }), base.indicators[1]!] }),
      'plan.deadlineOutsideYear',
    ],
    [
      'sub-targets that do not add up',
      makePlan({
        indicators: [
          makeIndicator({
            subTargets: [
              { unit: 'east', target: 400 },
              { unit: 'west', target: 500 },
            ],
          }),
          base.indicators[1]!,
        ],
      }),
      'plan.subTargetsMismatch',
      'indicators[0].subTargets',
    ],
    [
      'a unit split twice',
      makePlan({
        indicators: [
          makeIndicator({
            subTargets: [
              { unit: 'east', target: 500 },
              { unit: 'east', target: 500 },
            ],
          }),
          base.indicators[1]!,
        ],
      }),
      'plan.duplicateSubTarget',
    ],
    [
      'a growth split into unequal rates',
      makePlan({
        indicators: [
          makeIndicator({ kind: 'growth', target: 15, base: 10, subTargets: [{ unit: 'east', target: 10 }] }),
          base.indicators[1]!,
        ],
      }),
      'plan.subTargetsMismatch',
    ],
    [
      'a schedule going down',
      makePlan({
        indicators: [
          makeIndicator({
            schedule: [
              { period: '2006-06', cumulative: 500 },
              { period: '2006-07', cumulative: 400 },
            ],
          }),
          base.indicators[1]!,
        ],
      }),
      'plan.scheduleInvalid',
      'indicators[0].schedule[1]',
    ],
    [
      'milestones out of order',
      makePlan({
        indicators: [
          makeIndicator({
            milestones: [
              { date: '2006-09-01', share: 0.5, label: { zh: '主体完工', en: 'shell done' } },
              { date: '2006-06-01', share: 0.2, label: { zh: '开工', en: 'started' } },
            ],
          }),
          base.indicators[1]!,
        ],
      }),
      'plan.milestonesInvalid',
    ],
    [
      'reporting periods outside the plan',
      makePlan({
        reporting: { cadence: 'monthly', dueDay: 5, firstPeriod: '2005-12', lastPeriod: '2006-12' },
      }),
      'plan.reportingInvalid',
    ],
    [
      'a due day that some months lack',
      makePlan({
        reporting: { cadence: 'monthly', dueDay: 31, firstPeriod: '2006-01', lastPeriod: '2006-12' },
      }),
      'plan.reportingInvalid',
    ],
    [
      'no first responsible person',
      makePlan({ indicators: [makeIndicator({ responsible: [] }), base.indicators[1]!] }),
      'plan.noResponsible',
    ],
  ])('%s → %s', (_what, plan, code, field) => {
    const errors = validatePlan(plan);
    expect(errors.map((e) => e.code)).toContain(code);
    const e = errors.find((x) => x.code === code)!;
    if (field) expect(e.field).toBe(field);
    expect(e.message.zh.length).toBeGreaterThan(0);
    expect(e.message.en.length).toBeGreaterThan(0);
  });

  describe('a level indicator', () => {
    test('from a base below its target, or from no base, is valid', () => {
      expect(validatePlan(makeLevelPlan())).toEqual([]);
      expect(validatePlan(makeLevelPlan(makeLevelIndicator({ base: undefined })))).toEqual([]);
      expect(validatePlan(makeLevelPlan(makeLevelIndicator({ base: 0 })))).toEqual([]);
    });

    test.each([
      [85, '85 ≥ 85'],
      [90, '90 ≥ 85'],
    ])('from a base of %d to 85 is a plan error saying %s', (from, detail) => {
      const errors = validatePlan(makeLevelPlan(makeLevelIndicator({ base: from })));
      expect(errors).toEqual([
        {
          code: 'plan.levelBaseNotBelowTarget',
          field: 'indicators[2].base',
          indicator: '5.1',
          message: {
            zh: `水平类指标 5.1 的基期水平必须低于年度目标（${detail}）`,
            en: `Level indicator 5.1 must start below its target (${detail})`,
          },
        },
      ]);
    });

    test('needs a target above 0', () => {
      expect(codes(makeLevelPlan(makeLevelIndicator({ target: 0, base: undefined })))).toEqual([
        'plan.targetNotPositive',
      ]);
    });

    test('with sub-targets asks the whole level of every unit, as a growth rate does', () => {
      const split = (targets: number[]) =>
        makeLevelPlan(
          makeLevelIndicator({
            subTargets: targets.map((target, i) => ({ unit: i ? 'west' : 'east', target })),
          }),
        );
      expect(validatePlan(split([85, 85]))).toEqual([]);
      expect(codes(split([40, 45]))).toEqual(['plan.subTargetsMismatch']);
    });
  });

  test('reports every problem at once, not just the first', () => {
    const plan = makePlan({
      year: 1,
      indicators: [makeIndicator({ target: 0, responsible: [] }), base.indicators[1]!],
    });
    expect(codes(plan)).toEqual(
      expect.arrayContaining(['plan.yearInvalid', 'plan.targetNotPositive', 'plan.noResponsible']),
    );
  });
});

describe('who reports what', () => {
  const split = makePlan({
    indicators: [
      makeIndicator({ relatedUnits: ['transport'] }),
      makeIndicator({
        id: '4.1',
        pledge: '3',
        mainUnit: 'agriculture',
        target: 300,
        subTargets: [
          { unit: 'east', target: 100 },
          { unit: 'west', target: 200 },
        ],
      }),
    ],
  });

  test.each([
    ['labor', '1.1', 1000],
    ['transport', '1.1', undefined],
    ['east', '4.1', 100],
    ['west', '4.1', 200],
    ['agriculture', '4.1', undefined],
  ])('%s on %s is judged against %s', (unit, id, expected) => {
    expect(targetFor(split.indicators.find((i) => i.id === id)!, unit)).toBe(expected);
  });

  test('a related unit reports nothing, a township reports its share', () => {
    expect(indicatorsReportedBy(split, 'transport')).toEqual([]);
    expect(indicatorsReportedBy(split, 'east').map((i) => i.id)).toEqual(['4.1']);
    expect(reportingUnitIds(split)).toEqual(['labor', 'east', 'west']);
  });
});
