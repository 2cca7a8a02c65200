import { describe, expect, test } from 'vitest';
import type { Plan } from '../../domain/plan';
import { recognisePlanSheet } from '../../domain/plansheet';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { gridOf } from '../../test/fixtures/plansheet';
import { loadXlsx } from '../../xlsx/grid';
import { buildPlanWorkbook, PLAN_COLUMNS, PLAN_SHEET, SPLIT_SHEET } from './plan-workbook';

const context = (plan: Plan) => ({ organisation: plan.organisation, units: plan.units });

async function roundTrip(plan: Plan) {
  return recognisePlanSheet(await gridOf(await buildPlanWorkbook(plan)), context(plan));
}

describe('the plan workbook', () => {
  test('export → import gives the sample plan back', async () => {
    const { plan, findings } = await roundTrip(SAMPLE_PLAN_2006);
    expect(findings).toEqual([]);
    expect(plan.indicators).toEqual(SAMPLE_PLAN_2006.indicators);
    expect(plan.units).toEqual(SAMPLE_PLAN_2006.units);
    expect(plan.pledges).toEqual(SAMPLE_PLAN_2006.pledges);
    const { year, title, start, end, reporting, thresholds, organisation } = SAMPLE_PLAN_2006;
    expect(plan).toMatchObject({ year, title, start, end, reporting, thresholds, organisation });
  });

  test('the columns the office completes round-trip: milestones, people, a level and a changed due day', async () => {
    const [first, second] = SAMPLE_PLAN_2006.indicators;
    if (!first || !second) throw new Error('sample');
    const plan: Plan = {
      ...SAMPLE_PLAN_2006,
      reporting: { ...SAMPLE_PLAN_2006.reporting, dueDay: 10 },
      indicators: [
        {
          ...first,
          deadline: '2006-09-30',
          milestones: [
            { date: '2006-06-30', share: 0.3, label: { zh: '开工', en: 'start of works' } },
            { date: '2006-09-30', share: 0.7, label: { zh: '主体完工', en: 'main works done' } },
          ],
          responsible: [
            { name: '赵文华', title: '局长', unit: 'labor' },
            { name: '何永军', title: '施工单位负责人（区公路工程公司）' },
          ],
        },
        { ...second, id: '1.2', kind: 'level', unitOfMeasure: '%', target: 85, base: 80, baseUnit: '%' },
      ],
    };
    const { plan: back, findings } = await roundTrip(plan);
    expect(findings).toEqual([]);
    expect(back.indicators).toEqual(plan.indicators);
    expect(back.reporting.dueDay).toBe(10);
  });

  test('an edited split that no longer adds up is an error at its 合计 cell', async () => {
    const wb = await loadXlsx(await buildPlanWorkbook(SAMPLE_PLAN_2006));
    const split = wb.getWorksheet(SPLIT_SHEET);
    if (!split) throw new Error('no split sheet');
    split.getCell('D2').value = 90;
    const grid = await gridOf(Buffer.from(await wb.xlsx.writeBuffer()));
    const { findings } = recognisePlanSheet(grid, context(SAMPLE_PLAN_2006));
    expect(findings.map((f) => [f.code, f.cell, f.severity])).toEqual([
      ['plansheet.splitMismatch', '乡镇分解!D6', 'error'],
    ]);
  });

  test('looks like the templates: title, bold frozen header, A4 landscape, hidden metadata', async () => {
    const wb = await loadXlsx(await buildPlanWorkbook(SAMPLE_PLAN_2006));
    const ws = wb.getWorksheet(PLAN_SHEET);
    if (!ws) throw new Error('no plan sheet');
    expect(ws.getCell('A1').value).toBe(SAMPLE_PLAN_2006.title);
    expect(ws.getRow(2).values).toEqual([undefined, ...PLAN_COLUMNS.map((c) => c.header)]);
    expect(ws.getCell('A2').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    expect(ws.getCell('E3').value).toBe(4000);
    // Quote-prefixed, as all formula-like text (formula-text.test.ts); the import reads `+15%`.
    expect(ws.getCell('E8').value).toBe("'+15%");
    expect(ws.getCell('J8').value).toBe(500);
    expect(ws.getCell('I9').value).toBe('张国强/局长/区交通局、何永军/施工单位负责人（区公路工程公司）');
    const meta = wb.getWorksheet('_shishi');
    expect(meta?.state).toBe('veryHidden');
    expect(meta?.getCell('A1').value).toBe('shishi-plan');
    expect(meta?.getCell('B2').value).toBe(2006);
    expect(meta?.getCell('B3').value).toBe('sample-district');
  });
});
