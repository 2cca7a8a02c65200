import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CITY_ROWS, type CityLayout, type CityRow, cityGrid, gridOf } from '../../test/fixtures/plansheet';
import { type Plan, type Unit, validatePlan } from '../plan';
import { SAMPLE_INDICATORS_2006, SAMPLE_PLAN_2006, SAMPLE_UNITS } from '../sample/plan2006';
import type { WorkbookGrid } from '../worksheet';
import { fnv1a, newUnitId } from './hash';
import { recognisePlanSheet } from './recognise';
import type { PlanSheetContext } from './types';
import { unitKey } from './units';
import { baseUnit, readDeadline, readTarget, scaled } from './values';

const organisation = SAMPLE_PLAN_2006.organisation;

const UNITS: readonly Unit[] = [
  { id: 'labor', name: '区劳动和社会保障局', kind: 'bureau' },
  { id: 'transport', name: '区交通局', kind: 'bureau' },
  { id: 'agriculture', name: '区农业局(能源办)', kind: 'bureau' },
  { id: 'health', name: '区卫生局', kind: 'bureau' },
  { id: 'civil-affairs', name: '区民政局', kind: 'bureau' },
  { id: 'east', name: '东镇', kind: 'township' },
  { id: 'west', name: '西乡', kind: 'township' },
];
const context: PlanSheetContext = { organisation, units: UNITS };

const codes = (findings: readonly { code: string }[]) => findings.map((f) => f.code);

describe('the city decomposition of 2006 (reference workbook)', async () => {
  const bytes = readFileSync(
    new URL('../../test/fixtures/reference/city-targets-2006.xlsx', import.meta.url),
  );
  const grid = await gridOf(bytes);
  const { plan, findings } = recognisePlanSheet(grid, { organisation, units: SAMPLE_UNITS });

  test('reproduces the sample plan: ids, pledges, names, targets, units of measure, kinds, main units, deadlines', () => {
    const pick = (i: (typeof SAMPLE_INDICATORS_2006)[number]) => ({
      id: i.id,
      pledge: i.pledge,
      name: i.name,
      target: i.target,
      unitOfMeasure: i.unitOfMeasure,
      kind: i.kind,
      mainUnit: i.mainUnit,
      deadline: i.deadline,
    });
    expect(plan.indicators.map(pick)).toEqual(SAMPLE_INDICATORS_2006.map(pick));
    expect(plan.pledges).toEqual(SAMPLE_PLAN_2006.pledges);
  });

  test('related units as the sheet gives them: 各乡镇 / 各街道办事处 are all townships', () => {
    const townships = ['chengguan', 'hekou', 'shiqiao', 'xinji'];
    const related = Object.fromEntries(plan.indicators.map((i) => [i.id, i.relatedUnits]));
    expect(related['2.4']).toEqual(['civil-affairs']);
    expect(related['4.1']).toEqual(SAMPLE_INDICATORS_2006.find((i) => i.id === '4.1')?.relatedUnits);
    expect(related['1.1']).toEqual(townships);
    expect(related['3.1']).toEqual(townships);
    expect(related['1.2']).toEqual([]);
  });

  test('the plan around them: year from the title, its units, dates and cadence', () => {
    expect(plan.year).toBe(2006);
    expect(plan.title).toBe('××市2006年为民办8件实事目标任务分解表(××区)');
    expect(plan.units).toEqual(SAMPLE_UNITS);
    expect(plan.organisation).toEqual(organisation);
    expect([plan.start, plan.end]).toEqual(['2006-01-01', '2006-12-31']);
    expect(plan.reporting).toEqual({
      cadence: 'monthly',
      dueDay: 5,
      firstPeriod: '2006-01',
      lastPeriod: '2006-12',
    });
  });

  test('only the growth base is asked for; at publish the responsible persons are', () => {
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'plansheet.baseMissing',
        cell: '目标任务分解!E8',
        field: 'indicators[5].base',
      }),
    ]);
    const left = new Set(validatePlan(plan).map((e) => e.code));
    expect(left).toEqual(new Set(['plan.noResponsible', 'plan.growthWithoutBase']));
  });
});

const indicatorsOf = (p: Plan) =>
  p.indicators.map((i) => [i.id, i.pledge, i.name, i.kind, i.target, i.unitOfMeasure, i.deadline]);

const EXPECTED_2007 = [
  ['1.1', '1', '新增城镇就业', 'count', 4500, '人', '2007-12-31'],
  ['1.2', '1', '下岗失业人员再就业', 'count', 30, '人', '2007-12-31'],
  ['2.1', '2', '建成乡镇到村水泥路', 'count', 40, '公里', '2007-09-30'],
  ['3.1', '3', '新型农村合作医疗参合率', 'level', 85, '%', '2007-06-30'],
  ['3.2', '3', '建立农村医疗救助制度', 'milestone', 1, '', '2007-09-30'],
  ['4.1', '4', '财政预算安排"低保"资金比上年增长', 'growth', 15, '%', '2007-09-30'],
  ['4.2', '4', '新建农村沼气池', 'count', 500, '口', '2007-12-31'],
];

describe.each<CityLayout>(['flat', 'grouped', 'merged'])('a built decomposition, %s layout', (layout) => {
  test('reads every indicator: text numbers, city units, kinds and each deadline form', async () => {
    const { plan, findings } = recognisePlanSheet(await cityGrid(layout), context);
    expect(indicatorsOf(plan)).toEqual(EXPECTED_2007);
    expect(plan.pledges.map((p) => [p.id, p.name])).toEqual([
      ['1', '扩大就业'],
      ['2', '农村公路建设'],
      ['3', '农村卫生'],
      ['4', '社会保障'],
    ]);
    expect(plan.year).toBe(2007);
    expect(plan.end).toBe('2007-12-31');
    expect(plan.indicators.map((i) => i.mainUnit)).toEqual([
      'labor',
      'labor',
      'transport',
      'health',
      'civil-affairs',
      newUnitId(unitKey('区财政局')),
      'agriculture',
    ]);
    expect(plan.indicators[0]?.relatedUnits).toEqual(['east', 'west']);
    expect(plan.indicators[5]?.relatedUnits).toEqual(['civil-affairs']);
    expect(codes(findings).sort()).toEqual(['plansheet.baseMissing', 'plansheet.unitNew']);
  });
});

describe('findings', () => {
  test('an unknown unit becomes a new unit with a stable id and a warning at its cell', async () => {
    const { plan, findings } = recognisePlanSheet(await cityGrid('flat'), context);
    const id = newUnitId(unitKey('区财政局'));
    expect(plan.units.at(-1)).toEqual({ id, name: '区财政局', kind: 'bureau' });
    expect(id).toMatch(/^u-[0-9a-f]{8}$/);
    expect(findings.find((f) => f.code === 'plansheet.unitNew')).toMatchObject({
      severity: 'warning',
      cell: '目标任务分解!F9',
    });
    const again = recognisePlanSheet(await cityGrid('merged'), context);
    expect(again.plan.units.at(-1)?.id).toBe(id);
  });

  test('the growth base is asked for at its field', async () => {
    const { findings } = recognisePlanSheet(await cityGrid('flat'), context);
    expect(findings.find((f) => f.code === 'plansheet.baseMissing')).toMatchObject({
      field: 'indicators[5].base',
      indicator: '4.1',
      cell: '目标任务分解!E9',
    });
  });

  test('no year in the context nor the title is an error; the context year wins over the title', async () => {
    const grid = await cityGrid('flat', { title: '为民办实事目标任务分解表' });
    expect(recognisePlanSheet(grid, context).findings[0]).toMatchObject({
      severity: 'error',
      code: 'plansheet.yearMissing',
    });
    const given = recognisePlanSheet(grid, { ...context, year: 2008 });
    expect(given.plan.year).toBe(2008);
    expect(given.plan.indicators[1]?.deadline).toBe('2008-12-31');
    expect(codes(given.findings)).not.toContain('plansheet.yearMissing');
  });

  test('an unreadable deadline or target is an error at its cell', async () => {
    const rows: CityRow[] = [
      {
        pledge: 'A',
        id: '1.1',
        name: '新增城镇就业',
        uom: '人',
        target: '约300',
        main: '区劳动和社会保障局',
        deadline: '尽快',
      },
    ];
    const { findings } = recognisePlanSheet(await cityGrid('flat', { rows }), context);
    expect(findings.map((f) => [f.code, f.cell, f.severity])).toEqual([
      ['plansheet.numberInvalid', '目标任务分解!E4', 'error'],
      ['plansheet.deadlineInvalid', '目标任务分解!H4', 'error'],
    ]);
    for (const f of findings) expect(f.message.zh && f.message.en).toBeTruthy();
  });

  test('a note may give the day the plan starts; else it starts on 01-01', async () => {
    const noted = await cityGrid('grouped', { notes: ['注：本表自2007年3月1日起执行。'] });
    const { plan } = recognisePlanSheet(noted, context);
    expect([plan.start, plan.reporting.firstPeriod]).toEqual(['2007-03-01', '2007-03']);
    expect(recognisePlanSheet(await cityGrid('grouped'), context).plan.start).toBe('2007-01-01');
  });

  test('no table at all', () => {
    const grid: WorkbookGrid = { sheets: [{ name: 'Sheet1', cells: [{ row: 1, col: 1, value: '你好' }] }] };
    const { plan, findings } = recognisePlanSheet(grid, { ...context, year: 2007 });
    expect(codes(findings)).toEqual(['plansheet.tableNotFound']);
    expect(plan.indicators).toEqual([]);
  });
});

describe('a township split', () => {
  const split = (
    rows: readonly (readonly [string, string, number | string])[],
    totals?: Record<string, number>,
  ) => ({ rows, ...(totals ? { totals } : {}) }) as const;

  test.each(['long', 'matrix'] as const)('%s form: sub-targets that add up', async (form) => {
    const grid = await cityGrid('flat', {
      split: {
        form,
        ...split(
          [
            ['4.2', '东镇', 200],
            ['4.2', '西乡', 300],
            ['2.1', '东镇', '40公里'],
          ],
          { '4.2': 500 },
        ),
      },
    });
    const { plan, findings } = recognisePlanSheet(grid, context);
    const byId = Object.fromEntries(plan.indicators.map((i) => [i.id, i.subTargets]));
    expect(byId['4.2']).toEqual([
      { unit: 'east', target: 200 },
      { unit: 'west', target: 300 },
    ]);
    expect(byId['2.1']).toEqual([{ unit: 'east', target: 40 }]);
    expect(codes(findings).filter((c) => c.startsWith('plansheet.split'))).toEqual([]);
  });

  test('city units in the split are converted like the target (0.45 万人 = 4,500 人)', async () => {
    const grid = await cityGrid('flat', {
      split: {
        form: 'matrix',
        ...split([
          ['1.1', '东镇', 0.2],
          ['1.1', '西乡', '0.25'],
        ]),
      },
    });
    const { plan } = recognisePlanSheet(grid, context);
    expect(plan.indicators[0]?.subTargets).toEqual([
      { unit: 'east', target: 2000 },
      { unit: 'west', target: 2500 },
    ]);
  });

  test.each([
    ['long', { '4.2': 500 }, '乡镇分解!C4'],
    ['long', undefined, '乡镇分解!C3'],
    ['matrix', { '4.2': 500 }, '乡镇分解!B5'],
    ['matrix', undefined, '乡镇分解!B4'],
  ] as const)(
    '%s form that does not add up: an error at the total (or the last cell)',
    async (form, totals, cell) => {
      const grid = await cityGrid('flat', {
        split: {
          form,
          ...split(
            [
              ['4.2', '东镇', 200],
              ['4.2', '西乡', 250],
            ],
            totals,
          ),
        },
      });
      const { findings } = recognisePlanSheet(grid, context);
      const mismatch = findings.filter((f) => f.code === 'plansheet.splitMismatch');
      expect(mismatch).toEqual([
        expect.objectContaining({
          severity: 'error',
          cell,
          indicator: '4.2',
          field: 'indicators[6].subTargets',
        }),
      ]);
      expect(mismatch[0]?.message.zh).toContain('乡镇分解');
      expect(mismatch[0]?.message.en).toContain('450');
    },
  );

  test('a split of an indicator the table does not have, and a township not known', async () => {
    const grid = await cityGrid('flat', {
      split: {
        form: 'long',
        ...split([
          ['9.9', '东镇', 1],
          ['4.2', '北镇', 500],
        ]),
      },
    });
    const { plan, findings } = recognisePlanSheet(grid, context);
    expect(findings.filter((f) => f.code !== 'plansheet.baseMissing').map((f) => [f.code, f.cell])).toEqual([
      ['plansheet.unitNew', '目标任务分解!F9'],
      ['plansheet.splitUnknownIndicator', '乡镇分解!A2'],
      ['plansheet.unitNew', '乡镇分解!B3'],
    ]);
    expect(plan.units.at(-1)).toEqual({ id: newUnitId(unitKey('北镇')), name: '北镇', kind: 'township' });
  });
});

describe('values', () => {
  test.each([
    ['０.４５', '万人', 'count', 4500, '人'],
    [0.003, '万人', 'count', 30, '人'],
    [0.15, '万平方米', 'count', 1500, '平方米'],
    [0.2, '万平方米', 'count', 2000, '平方米'],
    ['4,500人', '万人', 'count', 4500, '人'],
    ['0.4万', '人', 'count', 4000, '人'],
    ['0.45万人', '万人', 'count', 4500, '人'],
    ['40公里', '', 'count', 40, '公里'],
    ['12千米', '千米', 'count', 12, '公里'],
    [468, '万元', 'count', 468, '万元'],
    ['85%', '%', 'level', 85, '%'],
    ['全面推行', '—', 'milestone', 1, ''],
  ] as const)('%s in %s', (cell, uom, kind, target, unitOfMeasure) => {
    const r = readTarget(cell, uom, '某指标');
    expect(r.ok && [r.value.kind, r.value.target, r.value.unitOfMeasure]).toEqual([
      kind,
      target,
      unitOfMeasure,
    ]);
  });

  test('a percent cell as Excel formats it; growth by its name', () => {
    const r = readTarget(0.15, '', '资金比上年增长', '0%');
    expect(r.ok && [r.value.kind, r.value.target]).toEqual(['growth', 15]);
  });

  test.each([
    ['2007年12月底', '2007-12-31'],
    ['2007年9月30日', '2007-09-30'],
    ['9月底', '2007-09-30'],
    ['2月底', '2007-02-28'],
    ['年底前', '2007-12-31'],
    ['年底', '2007-12-31'],
    ['2007年底', '2007-12-31'],
    ['上半年', '2007-06-30'],
    ['三季度末', '2007-09-30'],
    ['第一季度', '2007-03-31'],
    ['10月', '2007-10-31'],
    ['2007-11-15', '2007-11-15'],
    ['11月15日前', '2007-11-15'],
  ])('deadline %s', (cell, iso) => {
    expect(readDeadline(cell, 2007)).toEqual({ ok: true, value: iso });
  });

  test.each(['尽快', '13月底', '第五季度'])('deadline %s does not read', (cell) => {
    expect(readDeadline(cell, 2007).ok).toBe(false);
  });

  test('property: a figure in 万 is the base figure × 10,000, with no float noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        const wan = n / 10_000;
        const r = readTarget(wan, '万人', '某指标');
        return r.ok && r.value.target === n && scaled(wan, 4) === n;
      }),
    );
  });

  test('property: the new-unit id is stable and the same for the spellings of one name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (name) => {
        const id = newUnitId(unitKey(name));
        return id === newUnitId(unitKey(name)) && /^u-[0-9a-f]{8}$/.test(id);
      }),
    );
    expect(newUnitId(unitKey('区农业局（能源办）'))).toBe(newUnitId(unitKey('农业局(能源办)')));
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
  });

  test('city units', () => {
    expect(baseUnit('万人')).toEqual({ unit: '人', powerOfTen: 4, unknown: false });
    expect(baseUnit('万元')).toEqual({ unit: '万元', powerOfTen: 0, unknown: false });
    expect(baseUnit('亿元')).toEqual({ unit: '万元', powerOfTen: 4, unknown: false });
    expect(baseUnit('万亩')).toEqual({ unit: '亩', powerOfTen: 4, unknown: true });
  });
});

test('CITY_ROWS covers the forms the tests promise', () => {
  expect(CITY_ROWS.map((r) => r.target)).toEqual(
    expect.arrayContaining(['０.４５', '40公里', '85%', '建立', '15%']),
  );
});
