import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { makeLevelPlan } from '../../test/builders';
import {
  ACCEPTANCE_CHOICES,
  buildTemplate,
  DETAILS_SHEET,
  PROGRESS_SHEET,
  TEMPLATE_MARK,
  TEMPLATE_META_SHEET,
  TEMPLATE_VERSION,
} from './template';
import { xlsxParts } from './xlsx-util';

async function open(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? '' : String(v));

describe('buildTemplate', () => {
  it('writes the familiar sheet: title, unit line, two-row header, one prefilled row per indicator', async () => {
    // Act
    const wb = await open(await buildTemplate(SAMPLE_PLAN_2006, 'labor', '2006-05', new Map([['1.1', 420]])));
    const ws = wb.getWorksheet(PROGRESS_SHEET)!;

    // Assess
    expect(ws.getCell('A1').value).toBe('××区2006年为民办8件实事进度报表');
    expect(ws.model.merges).toContain('A1:R1');
    expect(ws.getCell('A2').value).toBe('填报单位：区劳动和社会保障局');
    expect(ws.getCell('E2').value).toBe('报送期：2006年5月');
    expect(ws.getCell('I2').value).toBe('填报日期：');
    const row3 = Array.from({ length: 18 }, (_, i) => text(ws.getRow(3).getCell(i + 1).value));
    const row4 = Array.from({ length: 18 }, (_, i) => text(ws.getRow(4).getCell(i + 1).value));
    expect(row3).toEqual([
      '序号',
      '实事项目',
      '考核指标',
      '计量单位',
      '年度目标',
      '上期累计',
      '本月完成',
      '累计完成',
      '完成比例',
      '投入资金(万元)',
      '投入资金(万元)',
      '投入资金(万元)',
      '投入资金(万元)',
      '进展情况',
      '备注',
      '滞后原因',
      '整改措施',
      '预计完成时间',
    ]);
    expect(row4.slice(9, 13)).toEqual(['合计', '上级资金', '区级配套', '其他']);
    expect(ws.model.merges).toEqual(expect.arrayContaining(['J3:M3', 'A3:A4', 'N3:N4']));
    const ids = [5, 6, 7, 8, 9].map((r) => ws.getCell(`A${r}`).value);
    expect(ids).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3']);
    expect([ws.getCell('B5').value, ws.getCell('C5').value, ws.getCell('D5').value]).toEqual([
      '扩大就业',
      '新增城镇就业',
      '人',
    ]);
    expect(ws.getCell('E5').value).toBe(4000);
    expect(ws.getCell('F5').value).toBe(420);
    expect(ws.getCell('F6').value).toBeNull();
    expect(ws.getCell('I5').value).toMatchObject({ formula: 'IF(AND(ISNUMBER(H5),E5>0),H5/E5,"")' });
    expect(ws.getCell('I5').numFmt).toBe('0.00%');
    expect(ws.getCell('J5').value).toMatchObject({ formula: 'IF(COUNT(K5:M5)=0,"",SUM(K5:M5))' });
    const footer = ws.getRow(11);
    expect([footer.getCell(1).value, footer.getCell(5).value, footer.getCell(9).value]).toEqual([
      '单位负责人：',
      '填报人：',
      '联系电话：',
    ]);
    expect(footer.getCell(6).value).toBe('孙丽');
    expect(wb.getWorksheet(DETAILS_SHEET)).toBeUndefined(); // people, not projects
  });

  it('gives a township its own sub-target of a split indicator', async () => {
    // Act
    const ws = (await open(await buildTemplate(SAMPLE_PLAN_2006, 'chengguan', '2006-06'))).getWorksheet(
      PROGRESS_SHEET,
    )!;

    // Assess
    expect(ws.getCell('A5').value).toBe('4.1');
    expect(ws.getCell('E5').value).toBe(100);
    expect(ws.getCell('E2').value).toBe('报送期：2006年6月');
  });

  it('hides the metadata the importer relies on in a very hidden sheet', async () => {
    // Act
    const wb = await open(await buildTemplate(SAMPLE_PLAN_2006, 'transport', '2006-05'));
    const meta = wb.getWorksheet(TEMPLATE_META_SHEET)!;

    // Assess
    expect(meta.state).toBe('veryHidden');
    expect(['A1', 'B1', 'A2', 'B2', 'A3', 'B3', 'A4', 'B4'].map((a) => meta.getCell(a).value)).toEqual([
      TEMPLATE_MARK,
      TEMPLATE_VERSION,
      'year',
      2006,
      'unit',
      'transport',
      'period',
      '2006-05',
    ]);
    expect(TEMPLATE_VERSION).toBe(1);
  });

  it('locks all but the input cells, protects without a password, validates numbers and dates', async () => {
    // Act
    const bytes = await buildTemplate(SAMPLE_PLAN_2006, 'transport', '2006-05');
    const ws = (await open(bytes)).getWorksheet(PROGRESS_SHEET)!;
    const sheetXml = xlsxParts(bytes).get('xl/worksheets/sheet1.xml')!;

    // Assess
    expect(sheetXml).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(sheetXml).not.toMatch(/hashValue|password=/);
    for (const a of ['G5', 'H5', 'K5', 'L5', 'M5', 'N5', 'O5', 'P5', 'Q5', 'R5', 'J2']) {
      expect(ws.getCell(a).protection?.locked, a).toBe(false);
    }
    for (const a of ['A5', 'C5', 'E5', 'F5', 'I5', 'J5', 'A3']) {
      expect(ws.getCell(a).protection?.locked, a).not.toBe(false);
    }
    expect(ws.getCell('H5').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [0],
    });
    expect(ws.getCell('K5').dataValidation).toMatchObject({ type: 'decimal' });
    expect(ws.getCell('R5').dataValidation).toMatchObject({ type: 'date' });
    expect(ws.getCell('J2').dataValidation).toMatchObject({ type: 'date' });
  });

  it('sets up printing: A4 landscape, fit to width, header rows repeated, frozen below the header', async () => {
    // Act
    const ws = (await open(await buildTemplate(SAMPLE_PLAN_2006, 'transport', '2006-05'))).getWorksheet(
      PROGRESS_SHEET,
    )!;

    // Assess
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:4',
    });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, xSplit: 3 });
  });

  it('adds 项目明细 for construction indicators, with the acceptance list', async () => {
    // Act
    const transport = await open(await buildTemplate(SAMPLE_PLAN_2006, 'transport', '2006-05'));
    const construction = await open(await buildTemplate(SAMPLE_PLAN_2006, 'construction', '2006-05'));
    const d = transport.getWorksheet(DETAILS_SHEET)!;
    const c = construction.getWorksheet(DETAILS_SHEET)!;

    // Assess
    const header = Array.from({ length: 12 }, (_, i) => text(d.getRow(1).getCell(i + 1).value));
    expect(header).toEqual([
      '序号',
      '考核指标',
      '项目名称',
      '乡镇',
      '村',
      '计划数量(公里)',
      '完成数量(公里)',
      '开工日期',
      '完工日期',
      '验收情况',
      '投资(万元)',
      '备注',
    ]);
    expect(d.getCell('B2').value).toBe('3.1');
    expect(d.getCell('J2').dataValidation).toMatchObject({
      type: 'list',
      formulae: [`"${ACCEPTANCE_CHOICES.join(',')}"`],
    });
    expect(ACCEPTANCE_CHOICES).toEqual(['未开工', '在建', '待验收', '已验收']);
    expect(d.getCell('H2').dataValidation).toMatchObject({ type: 'date' });
    expect(d.getCell('C2').protection?.locked).toBe(false);
    expect(c.getCell('B2').value).toBeNull();
    expect(c.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['"6.1,8.1"'] });
    expect(c.getCell('F1').value).toBe('计划数量');
    for (const unit of ['health', 'civil-affairs', 'xinji']) {
      const wb = await open(await buildTemplate(SAMPLE_PLAN_2006, unit, '2006-05'));
      expect(wb.getWorksheet(DETAILS_SHEET), unit).toBeDefined();
    }
    for (const unit of ['finance', 'family-planning']) {
      const wb = await open(await buildTemplate(SAMPLE_PLAN_2006, unit, '2006-05'));
      expect(wb.getWorksheet(DETAILS_SHEET), unit).toBeUndefined();
    }
  });
});

describe('a level indicator in the template', () => {
  it('asks for the level reached in its 累计完成 cell, and leaves a count row without the prompt', async () => {
    // Prepare
    const plan = makeLevelPlan();
    const level = plan.indicators.find((i) => i.kind === 'level')!;

    // Act
    const wb = await open(await buildTemplate(plan, level.mainUnit, '2006-05', new Map()));
    const ws = wb.getWorksheet(PROGRESS_SHEET)!;
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => {
      if (row.getCell(1).value === level.id) rows.push(row);
    });

    // Assess
    expect(rows).toHaveLength(1);
    let col = 0;
    ws.getRow(3).eachCell((cell, n) => {
      if (cell.value === '累计完成') col = n;
    });
    const cumulative = rows[0]!.getCell(col).dataValidation;
    expect(cumulative?.prompt).toBe('填报当前水平，如 85%');
    expect(cumulative?.type).toBe('decimal');
    const count = await open(await buildTemplate(SAMPLE_PLAN_2006, 'labor', '2006-05', new Map()));
    expect(count.getWorksheet(PROGRESS_SHEET)!.getRow(5).getCell(col).dataValidation?.prompt).toBeUndefined();
  });
});
