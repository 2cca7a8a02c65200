/**
 * The plan workbook: the year's plan as a 目标任务分解-style table the office completes in Excel
 * (第一责任人, 上年基数 and its unit, 里程碑), with a 乡镇分解 sheet of the sub-targets, then
 * imports back with `recognisePlanSheet`. Same look as the progress template (title, bold header,
 * A4 landscape, frozen header); a very hidden `_shishi` sheet carries the year, the organisation,
 * the start day and the due day, which the table does not show.
 */
import ExcelJS, { type Worksheet } from 'exceljs';
import { KINDS } from '../../domain/kinds';
import type { Indicator, Plan } from '../../domain/plan';
import { PLAN_WORKBOOK_MARK, writeMilestones, writePeople } from '../../domain/plansheet';
import { METADATA_SHEET } from '../../domain/worksheet';
import { BODY_FONT, BOLD_FONT, HEADER_FILL, inert, solid, THIN, TITLE_FONT, xlsxBytes } from './xlsx-util';

export const PLAN_WORKBOOK_VERSION = 1;
export const PLAN_SHEET = '目标任务分解';
export const SPLIT_SHEET = '乡镇分解';

/** The table's columns, in order; the last four are the ones the office completes. */
export const PLAN_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '实事项目', width: 16 },
  { header: '考核指标', width: 32 },
  { header: '计量单位', width: 8 },
  { header: '目标任务', width: 10 },
  { header: '主要责任单位', width: 18 },
  { header: '相关责任单位', width: 24 },
  { header: '完成时限', width: 12 },
  { header: '第一责任人', width: 30 },
  { header: '上年基数', width: 10 },
  { header: '基数单位', width: 8 },
  { header: '里程碑', width: 40 },
] as const;

export const SPLIT_COLUMNS = [
  { header: '指标编号', width: 8 },
  { header: '考核指标', width: 32 },
  { header: '乡镇', width: 16 },
  { header: '分解任务', width: 10 },
  { header: '计量单位', width: 8 },
] as const;

/** What the office fills in: a pale yellow, as in the progress template. */
const TO_COMPLETE = 'FFFFF9E5';

const PAGE = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
} as const;

/**
 * A target as the recogniser reads it back: a count or level as its figure, a growth as `+15%`
 * (the sign says growth whatever the name), a milestone as 完成.
 */
function targetCell(i: Indicator): string | number {
  if (i.kind === 'milestone') return '完成';
  if (i.kind === 'growth') return `+${i.target}%`;
  return i.target;
}

const uomCell = (i: Indicator): string => (i.unitOfMeasure === '' ? '—' : i.unitOfMeasure);

function header(ws: Worksheet, row: number, columns: readonly { header: string }[]): void {
  const r = ws.getRow(row);
  r.height = 22;
  for (const [k, c] of columns.entries()) {
    const cell = r.getCell(k + 1);
    cell.value = c.header;
    cell.font = BOLD_FONT;
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
}

function body(ws: Worksheet, row: number, count: number): void {
  const r = ws.getRow(row);
  for (let n = 1; n <= count; n++) {
    const cell = r.getCell(n);
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', wrapText: true };
  }
}

/**
 * The plan as a workbook the office completes and imports back.
 *
 * @example recognisePlanSheet(await gridOf(await buildPlanWorkbook(plan)), ctx).plan // ≈ plan
 */
export async function buildPlanWorkbook(plan: Plan): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shishi';
  wb.created = new Date(Date.UTC(plan.year, 0, 1));
  const unitName = (id: string) => plan.units.find((u) => u.id === id)?.name ?? id;
  const pledgeName = (id: string) => plan.pledges.find((p) => p.id === id)?.name ?? id;

  const ws = wb.addWorksheet(PLAN_SHEET, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: 2, topLeftCell: 'D3', activeCell: 'I3' }],
    pageSetup: { ...PAGE, printTitlesRow: '2:2' },
    properties: { defaultRowHeight: 18 },
  });
  ws.columns = PLAN_COLUMNS.map((c) => ({ width: c.width, style: { font: BODY_FONT } }));
  const last = PLAN_COLUMNS.length;
  ws.mergeCells(1, 1, 1, last);
  const title = ws.getCell(1, 1);
  title.value = inert(plan.title);
  title.font = TITLE_FONT;
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  header(ws, 2, PLAN_COLUMNS);
  for (const n of [9, 10, 11, 12]) ws.getCell(2, n).fill = solid('FFFCE4D6');

  for (const [k, i] of plan.indicators.entries()) {
    const r = 3 + k;
    const base = i.kind === 'growth' || i.kind === 'level';
    ws.getRow(r).values = [
      i.id,
      inert(pledgeName(i.pledge)),
      inert(i.name),
      uomCell(i),
      targetCell(i),
      inert(unitName(i.mainUnit)),
      inert(i.relatedUnits.map(unitName).join('、')),
      i.deadline,
      inert(writePeople(i.responsible, plan.units)),
      i.base ?? null,
      inert(i.baseUnit ?? ''),
      inert(writeMilestones(i.milestones ?? [])),
    ];
    body(ws, r, last);
    for (const n of [9, 12, ...(base ? [10, 11] : [])]) {
      ws.getCell(r, n).fill = solid(TO_COMPLETE);
    }
  }

  const split = wb.addWorksheet(SPLIT_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'D2' }],
    pageSetup: { ...PAGE, printTitlesRow: '1:1' },
  });
  split.columns = SPLIT_COLUMNS.map((c) => ({ width: c.width, style: { font: BODY_FONT } }));
  header(split, 1, SPLIT_COLUMNS);
  let r = 2;
  for (const i of plan.indicators) {
    if (!i.subTargets?.length) continue;
    const rows: (string | number)[][] = i.subTargets.map((s) => [
      i.id,
      inert(i.name),
      inert(unitName(s.unit)),
      s.target,
      uomCell(i),
    ]);
    // A split target gets its total, the cell a mismatch is shown at.
    if (KINDS[i.kind].subTargets === 'split') rows.push([i.id, inert(i.name), '合计', i.target, uomCell(i)]);
    for (const values of rows) {
      split.getRow(r).values = values;
      body(split, r, SPLIT_COLUMNS.length);
      if (values[2] === '合计')
        for (let n = 1; n <= SPLIT_COLUMNS.length; n++) split.getCell(r, n).font = BOLD_FONT;
      r++;
    }
  }

  const meta = wb.addWorksheet(METADATA_SHEET, { state: 'veryHidden' });
  meta.getCell('A1').value = PLAN_WORKBOOK_MARK;
  meta.getCell('B1').value = PLAN_WORKBOOK_VERSION;
  const facts: [string, string | number][] = [
    ['year', plan.year],
    ['organisation', plan.organisation.id],
    ['start', plan.start],
    ['dueDay', plan.reporting.dueDay],
  ];
  for (const [k, [key, value]] of facts.entries()) {
    meta.getCell(k + 2, 1).value = key;
    meta.getCell(k + 2, 2).value = value;
  }
  await meta.protect('', {});

  return xlsxBytes(wb);
}
