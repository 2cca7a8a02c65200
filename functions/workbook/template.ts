/**
 * The familiar progress worksheet (进度报表, DESIGN.md §4) as a blank template for one unit and
 * one period: title, 填报单位 / 报送期 / 填报日期, the two-row header with the funding
 * sub-columns, one row per indicator the unit reports (its sub-target for a split indicator)
 * with the plan's figures and last period's accepted cumulative value filled in, the
 * explanation columns a late row needs, a 项目明细 sheet for construction indicators and the
 * footer. Only the cells a unit fills in are unlocked; the sheets are protected without a
 * password (a guard against slips, not a lock). A very hidden sheet `_shishi` says what the
 * workbook is for the importer: A1 `shishi-template`, B1 version, then year, unit, period.
 */

import type { Cell, DataValidation, Worksheet } from 'exceljs';
import ExcelJS from 'exceljs';
import type { Period } from '../../domain/dates';
import { KINDS } from '../../domain/kinds';
import {
  type Indicator,
  type IndicatorId,
  indicatorsReportedBy,
  type Plan,
  targetFor,
} from '../../domain/plan';
import { columnName } from '../../domain/worksheet/address';
import { BODY_FONT, BOLD_FONT, HEADER_FILL, inert, solid, THIN, TITLE_FONT, xlsxBytes } from './xlsx-util';

export const TEMPLATE_VERSION = 1;
export const TEMPLATE_MARK = 'shishi-template';
export const TEMPLATE_META_SHEET = '_shishi';
export const PROGRESS_SHEET = '进度报表';
export const DETAILS_SHEET = '项目明细';

/** Units of measure of construction projects: their indicators get a 项目明细 sheet. */
const PROJECT_UNITS = new Set(['公里', '口', '所', '平方米', '米']);

/** Indicators whose progress is made of construction projects (roads, biogas pits, clinics…). */
export const hasProjects = (i: Indicator): boolean =>
  KINDS[i.kind].template.projects && PROJECT_UNITS.has(i.unitOfMeasure);

/** The progress table's columns, in order. `sub` is the second header row under a group. */
export const PROGRESS_COLUMNS = [
  { key: 'id', header: '序号', width: 6 },
  { key: 'pledge', header: '实事项目', width: 16 },
  { key: 'name', header: '考核指标', width: 28 },
  { key: 'uom', header: '计量单位', width: 8 },
  { key: 'target', header: '年度目标', width: 10 },
  { key: 'previous', header: '上期累计', width: 10 },
  { key: 'thisPeriod', header: '本月完成', width: 10 },
  { key: 'cumulative', header: '累计完成', width: 10 },
  { key: 'ratio', header: '完成比例', width: 10 },
  { key: 'total', header: '投入资金(万元)', sub: '合计', width: 10 },
  { key: 'higher', header: '投入资金(万元)', sub: '上级资金', width: 10 },
  { key: 'district', header: '投入资金(万元)', sub: '区级配套', width: 10 },
  { key: 'other', header: '投入资金(万元)', sub: '其他', width: 10 },
  { key: 'progress', header: '进展情况', width: 30 },
  { key: 'note', header: '备注', width: 14 },
  { key: 'cause', header: '滞后原因', width: 20 },
  { key: 'remedy', header: '整改措施', width: 20 },
  { key: 'expected', header: '预计完成时间', width: 14 },
] as const;

type ColumnKey = (typeof PROGRESS_COLUMNS)[number]['key'];
const col = (key: ColumnKey): number => PROGRESS_COLUMNS.findIndex((c) => c.key === key) + 1;

export const DETAIL_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '考核指标', width: 10 },
  { header: '项目名称', width: 26 },
  { header: '乡镇', width: 10 },
  { header: '村', width: 10 },
  { header: '计划数量', width: 12 },
  { header: '完成数量', width: 12 },
  { header: '开工日期', width: 12 },
  { header: '完工日期', width: 12 },
  { header: '验收情况', width: 10 },
  { header: '投资(万元)', width: 11 },
  { header: '备注', width: 16 },
] as const;

export const ACCEPTANCE_CHOICES = ['未开工', '在建', '待验收', '已验收'] as const;

/** Rows of the 项目明细 sheet left for projects. */
export const DETAIL_ROWS = 30;

const HEADER_ROWS = 4;

const NUMBER: DataValidation = {
  type: 'decimal',
  operator: 'greaterThanOrEqual',
  allowBlank: true,
  formulae: [0],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: '数值有误',
  error: '请填写不小于 0 的数字',
};

const DATE: DataValidation = {
  type: 'date',
  operator: 'between',
  allowBlank: true,
  formulae: [new Date(Date.UTC(1990, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: '日期有误',
  error: '请填写日期，如 2006-09-30',
};

const unlock = (cell: Cell, fill = true) => {
  cell.protection = { locked: false };
  if (fill) cell.fill = solid('FFFFF9E5');
};

function periodText(period: Period): string {
  const [y, m] = period.split('-');
  return `${Number(y)}年${Number(m)}月`;
}

/**
 * A blank progress worksheet for `unit` and `period` of `plan`. `previous` maps an indicator to
 * the unit's accepted cumulative figure before `period` (shown in 上期累计).
 */
export async function buildTemplate(
  plan: Plan,
  unit: string,
  period: Period,
  previous: ReadonlyMap<IndicatorId, number> | Readonly<Record<IndicatorId, number>> = new Map(),
): Promise<Buffer> {
  const prev = previous instanceof Map ? previous : new Map(Object.entries(previous));
  const unitInfo = plan.units.find((u) => u.id === unit);
  if (!unitInfo) throw new Error(`unit ${unit} is not in the ${plan.year} plan`);
  const indicators = indicatorsReportedBy(plan, unit);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shishi';
  wb.created = new Date(Date.UTC(plan.year, 0, 1));
  const ws = wb.addWorksheet(PROGRESS_SHEET, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: HEADER_ROWS, topLeftCell: 'D5', activeCell: 'G5' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `3:${HEADER_ROWS}`,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    properties: { defaultRowHeight: 18 },
  });
  const last = PROGRESS_COLUMNS.length;
  ws.columns = PROGRESS_COLUMNS.map((c) => ({ width: c.width, style: { font: BODY_FONT } }));

  // Title and the line under it.
  ws.mergeCells(1, 1, 1, last);
  const title = ws.getCell(1, 1);
  title.value = `${plan.title}进度报表`;
  title.font = TITLE_FONT;
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  ws.mergeCells(2, 1, 2, 4);
  ws.getCell(2, 1).value = `填报单位：${unitInfo.name}`;
  ws.mergeCells(2, 5, 2, 8);
  ws.getCell(2, 5).value = `报送期：${periodText(period)}`;
  ws.getCell(2, 9).value = '填报日期：';
  ws.getCell(2, 9).alignment = { horizontal: 'right' };
  ws.mergeCells(2, 10, 2, 11);
  const filled = ws.getCell(2, 10);
  unlock(filled);
  filled.numFmt = 'yyyy"年"m"月"d"日"';
  filled.dataValidation = DATE;

  // The two-row header: grouped columns share row 3, the rest are merged down.
  for (const [i, c] of PROGRESS_COLUMNS.entries()) {
    const n = i + 1;
    ws.getCell(3, n).value = c.header;
    ws.getCell(4, n).value = 'sub' in c ? c.sub : c.header;
    if (!('sub' in c)) ws.mergeCells(3, n, 4, n);
  }
  ws.mergeCells(3, col('total'), 3, col('other'));
  for (const r of [3, 4]) {
    const row = ws.getRow(r);
    row.height = 20;
    for (let n = 1; n <= last; n++) {
      const cell = row.getCell(n);
      cell.font = BOLD_FONT;
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }

  const pledgeName = (i: Indicator) => plan.pledges.find((p) => p.id === i.pledge)?.name ?? i.pledge;
  const first = HEADER_ROWS + 1;
  for (const [k, ind] of indicators.entries()) {
    const r = first + k;
    const row = ws.getRow(r);
    const target = targetFor(ind, unit) ?? ind.target;
    const cellAt = (key: ColumnKey) => `${columnName(col(key))}${r}`;
    row.getCell(col('id')).value = ind.id;
    row.getCell(col('pledge')).value = pledgeName(ind);
    row.getCell(col('name')).value = ind.name;
    const kind = KINDS[ind.kind].template;
    row.getCell(col('uom')).value = ind.unitOfMeasure || kind.unitHint;
    row.getCell(col('target')).value = target;
    const p = prev.get(ind.id);
    row.getCell(col('previous')).value = p ?? null;
    row.getCell(col('ratio')).value = {
      formula: `IF(AND(ISNUMBER(${cellAt('cumulative')}),${cellAt('target')}>0),${cellAt('cumulative')}/${cellAt('target')},"")`,
    };
    row.getCell(col('ratio')).numFmt = '0.00%';
    row.getCell(col('total')).value = {
      formula: `IF(COUNT(${cellAt('higher')}:${cellAt('other')})=0,"",SUM(${cellAt('higher')}:${cellAt('other')}))`,
    };
    row.getCell(col('total')).numFmt = '#,##0.00';
    for (const key of ['thisPeriod', 'cumulative', 'higher', 'district', 'other'] as const) {
      const cell = row.getCell(col(key));
      unlock(cell);
      cell.dataValidation = NUMBER;
      cell.numFmt = key === 'thisPeriod' || key === 'cumulative' ? 'General' : '#,##0.00';
    }
    if (kind.cumulativeHint) {
      // A level is the value reached (85%), not a running total: say so where it is typed.
      row.getCell(col('cumulative')).dataValidation = {
        ...NUMBER,
        showInputMessage: true,
        promptTitle: '累计完成',
        prompt: kind.cumulativeHint.zh,
      };
    }
    if (kind.cumulativeChoice) {
      row.getCell(col('cumulative')).dataValidation = {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [kind.cumulativeChoice.from, kind.cumulativeChoice.to],
        showErrorMessage: true,
        errorTitle: '数值有误',
        error: kind.cumulativeChoice.hint,
      };
    }
    for (const key of ['progress', 'note', 'cause', 'remedy'] as const) {
      const cell = row.getCell(col(key));
      unlock(cell);
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
    const exp = row.getCell(col('expected'));
    unlock(exp);
    exp.numFmt = 'yyyy-mm-dd';
    exp.dataValidation = DATE;
    for (let n = 1; n <= last; n++) {
      const cell = row.getCell(n);
      cell.border = THIN;
      if (cell.protection?.locked !== false) cell.alignment = { vertical: 'middle', wrapText: n <= 3 };
    }
    row.height = 30;
  }

  // Footer: who answers for the sheet.
  const footer = first + indicators.length + 1;
  const fields: Array<[number, string, number, number]> = [
    [1, '单位负责人：', 3, 4],
    [5, '填报人：', 6, 8],
    [9, '联系电话：', 10, 12],
  ];
  for (const [labelCol, label, from, to] of fields) {
    const l = ws.getCell(footer, labelCol);
    if (labelCol === 1) ws.mergeCells(footer, 1, footer, 2);
    l.value = label;
    l.alignment = { horizontal: 'right' };
    ws.mergeCells(footer, from, footer, to);
    const input = ws.getCell(footer, from);
    unlock(input);
    input.border = { bottom: { style: 'thin' } };
  }
  const fill = unitInfo.contact;
  if (fill?.person) ws.getCell(footer, 6).value = inert(fill.person);
  if (fill?.phone) ws.getCell(footer, 10).value = inert(fill.phone);
  ws.pageSetup.printArea = `A1:${columnName(last)}${footer}`;
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  const projects = indicators.filter(hasProjects);
  if (projects.length > 0) await addDetailsSheet(wb, projects);

  const meta = wb.addWorksheet(TEMPLATE_META_SHEET, { state: 'veryHidden' });
  meta.getCell('A1').value = TEMPLATE_MARK;
  meta.getCell('B1').value = TEMPLATE_VERSION;
  meta.getCell('A2').value = 'year';
  meta.getCell('B2').value = plan.year;
  meta.getCell('A3').value = 'unit';
  meta.getCell('B3').value = unit;
  meta.getCell('A4').value = 'period';
  meta.getCell('B4').value = period;
  await meta.protect('', {});

  return xlsxBytes(wb);
}

async function addDetailsSheet(wb: ExcelJS.Workbook, projects: readonly Indicator[]) {
  const ws: Worksheet = wb.addWorksheet(DETAILS_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'B2' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
  });
  ws.columns = DETAIL_COLUMNS.map((c) => ({ width: c.width, style: { font: BODY_FONT } }));
  const only = projects.length === 1 ? projects[0] : undefined;
  const header = ws.getRow(1);
  for (const [i, c] of DETAIL_COLUMNS.entries()) {
    const cell = header.getCell(i + 1);
    cell.value =
      only && (c.header === '计划数量' || c.header === '完成数量')
        ? `${c.header}(${only.unitOfMeasure})`
        : c.header;
    cell.font = BOLD_FONT;
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  header.height = 22;
  const ids = projects.map((p) => p.id);
  for (let r = 2; r < 2 + DETAIL_ROWS; r++) {
    const row = ws.getRow(r);
    row.getCell(1).value = r - 1;
    for (let n = 2; n <= DETAIL_COLUMNS.length; n++) {
      const cell = row.getCell(n);
      unlock(cell, false);
      cell.border = THIN;
    }
    const indicator = row.getCell(2);
    if (only) indicator.value = only.id;
    indicator.dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${ids.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '考核指标',
      error: `请选择：${ids.join('、')}`,
    };
    for (const n of [6, 7, 11]) {
      row.getCell(n).dataValidation = NUMBER;
      row.getCell(n).numFmt = '#,##0.00';
    }
    for (const n of [8, 9]) {
      row.getCell(n).dataValidation = DATE;
      row.getCell(n).numFmt = 'yyyy-mm-dd';
    }
    row.getCell(10).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${ACCEPTANCE_CHOICES.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '验收情况',
      error: `请选择：${ACCEPTANCE_CHOICES.join('、')}`,
    };
    row.getCell(1).border = THIN;
  }
  const total = ws.getRow(2 + DETAIL_ROWS);
  total.getCell(3).value = '合计';
  total.getCell(3).font = BOLD_FONT;
  const last = 1 + DETAIL_ROWS;
  for (const n of [6, 7, 11]) {
    const L = columnName(n);
    total.getCell(n).value = { formula: `SUM(${L}2:${L}${last})` };
    total.getCell(n).numFmt = '#,##0.00';
    total.getCell(n).font = BOLD_FONT;
  }
  for (let n = 1; n <= DETAIL_COLUMNS.length; n++) total.getCell(n).border = THIN;
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
}
