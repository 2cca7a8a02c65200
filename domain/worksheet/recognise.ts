/**
 * Recognising the familiar progress worksheet (DESIGN.md §4) in a plain grid of cells: the table
 * is found by its header texts (with synonyms), never by fixed addresses, so any column order,
 * extra title rows, spacer rows, one- or two-row headers and footers are read alike. Every value
 * is parsed with `domain/parse`, and every field read remembers its cell, so a finding about
 * `rows[0].cumulative` can be shown at `进度报表!G5`.
 *
 * `recogniseWorkbook(grid, { plan })` → `{ submission, cells, findings }`.
 */
import type { Period } from '../dates';
import type { Location, Severity } from '../findings';
import { KINDS } from '../kinds';
import {
  type CellValue,
  normalizeCellText,
  type Parsed,
  type ParseError,
  parseDate,
  parseMilestone,
  parsePeriod,
  parseQuantity,
} from '../parse';
import {
  type Indicator,
  type IndicatorId,
  indicatorsReportedBy,
  type Plan,
  targetFor,
  type UnitId,
} from '../plan';
import type { LocalizedText } from '../result';
import type { AcceptanceState, Funding, ProjectDetail, Submission, SubmissionRow } from '../submission';
import { cellAddress } from './address';
import { cellText, type GridCell, type SheetGrid, SheetIndex, type WorkbookGrid } from './grid';

/** The name of the hidden sheet the office's templates carry their identity in. */
export const METADATA_SHEET = '_shishi';

export type WorksheetFindingCode =
  | 'worksheet.tableNotFound'
  | 'worksheet.unitUnknown'
  | 'worksheet.periodMissing'
  | 'worksheet.unknownIndicator'
  | 'worksheet.targetChanged'
  | 'worksheet.mergedDataCells'
  | 'worksheet.hiddenSheetIgnored'
  | 'worksheet.detailIndicatorUnknown'
  | 'worksheet.acceptanceUnknown';

/** A problem found while reading a sheet: a parse error of a cell, or one of the codes above. */
export interface WorksheetFinding {
  readonly code: WorksheetFindingCode | ParseError['code'];
  readonly severity: Severity;
  readonly indicator?: IndicatorId;
  readonly location: Location;
  /** `进度报表!G6` */
  readonly cell?: string;
  readonly expected?: string | number;
  readonly found?: string | number;
  readonly message: LocalizedText;
}

export interface RecogniseOptions {
  readonly plan: Plan;
  /** Used when the workbook names no unit (CLI `--unit`). */
  readonly unit?: UnitId;
  /** Used when the workbook names no period (CLI `--period`). */
  readonly period?: Period;
  /**
   * A column mapping the user confirmed (kept in the document's settings): used for the progress
   * table instead of detecting it, when its sheet is among the visible sheets.
   */
  readonly mapping?: ColumnMapping;
}

/**
 * Where the progress table is: its sheet, header row, first data row and the column (1 = A) of
 * each field (`cumulative`, `indicatorName`, `funding.total`, … as in `PROGRESS_FIELD_LABELS`).
 * Plain data: it round-trips through JSON.
 */
export interface ColumnMapping {
  readonly sheet: string;
  readonly headerRow: number;
  readonly dataStart: number;
  readonly columns: Readonly<Record<string, number>>;
}

export interface Recognised {
  /** Undefined only when no progress table was found. */
  readonly submission: Submission | undefined;
  /** `cellKey(location)` → `'进度报表!G6'`. */
  readonly cells: Readonly<Record<string, string>>;
  readonly findings: readonly WorksheetFinding[];
  /** The mapping used for the progress table (given or detected); undefined when none was found. */
  readonly mapping?: ColumnMapping;
}

/** `row[0].cumulative`, `detail[3].start`, `submission.period`; `row[0]` is the row's indicator cell. */
export function cellKey(loc: Location): string {
  return `${loc.section}${loc.index === undefined ? '' : `[${loc.index}]`}${loc.field ? `.${loc.field}` : ''}`;
}

/** The cell a finding points at: its field's cell, else its row's indicator cell. */
export function cellOf(cells: Readonly<Record<string, string>>, loc: Location): string | undefined {
  const own = cells[cellKey(loc)];
  if (own !== undefined) return own;
  const head = loc.field.split('.')[0] ?? '';
  return (
    cells[cellKey({ ...loc, field: head })] ??
    (loc.index !== undefined ? cells[cellKey({ ...loc, field: '' })] : undefined)
  );
}

/**
 * Validation codes that only say a field has no value. The recogniser leaves a cell it could not
 * read (`abc` in 累计完成) out of the report, so validation would call that field 未填写 as well.
 */
const ABSENT: ReadonlySet<string> = new Set([
  'row.missingValue',
  'row.explanationMissing',
  'row.milestoneDateMissing',
  'submission.periodInvalid',
]);

/**
 * The validation findings that add to the reading's, for one finding per problem: those saying a
 * field has no value are dropped when reading that field's cell already failed (`abc` is not a
 * number; it is not also 未填写). A truly empty cell has no reading finding and keeps its own.
 *
 * @example [...out.findings, ...beyondReading(validateSubmission(out.submission, ctx), out.findings)]
 */
export function beyondReading<F extends { readonly code: string; readonly location: Location }>(
  validation: readonly F[],
  reading: readonly { readonly severity: Severity; readonly location?: Location | undefined }[],
): F[] {
  const unreadable = new Set(
    reading.flatMap((f) => (f.severity === 'error' && f.location ? [cellKey(f.location)] : [])),
  );
  return validation.filter((f) => !(ABSENT.has(f.code) && unreadable.has(cellKey(f.location))));
}

/** Header text folded for matching: NFKC, no spaces, no bracketed unit (`投入资金(万元)` → `投入资金`). */
export function headerKey(v: CellValue): string {
  return normalizeCellText(cellText(v))
    .replace(/\s+/g, '')
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/[:：*＊]/g, '');
}

type ProgressField =
  | 'seq'
  | 'indicatorId'
  | 'pledge'
  | 'indicatorName'
  | 'unitOfMeasure'
  | 'target'
  | 'thisPeriod'
  | 'cumulative'
  | 'completion'
  | 'funding'
  | 'progress'
  | 'note'
  | 'cause'
  | 'remedy'
  | 'expectedCompletion'
  | 'completedOn'
  | 'amount';

const PROGRESS_HEADERS: Readonly<Record<ProgressField, readonly string[]>> = {
  seq: ['序号', '编号', '序'],
  indicatorId: ['指标编号', '指标代码', '指标序号'],
  pledge: ['实事项目', '实事名称', '项目名称', '项目'],
  indicatorName: ['考核指标', '指标名称', '指标', '考核内容', '目标任务内容'],
  unitOfMeasure: ['计量单位', '单位'],
  target: ['年度目标', '目标任务', '全年目标', '年度任务', '目标'],
  thisPeriod: ['本月完成', '当月完成', '本月', '本期完成'],
  cumulative: ['累计完成', '累计', '累计完成数', '年累计完成'],
  completion: ['完成比例', '完成率', '完成进度', '完成百分比'],
  funding: ['投入资金', '资金投入', '投资金额', '投入资金合计'],
  progress: ['进展情况', '工作进展', '进展', '进度情况', '工作进展情况'],
  note: ['备注'],
  cause: ['滞后原因', '未完成原因', '滞后原因分析'],
  remedy: ['整改措施', '措施'],
  expectedCompletion: ['预计完成时间', '预计完成日期', '预计完成'],
  completedOn: ['完成日期', '完成时间'],
  amount: ['本年金额', '本年数', '本年完成额'],
};

type FundingPart = keyof Funding;
const FUNDING_PARTS: Readonly<Record<FundingPart, readonly string[]>> = {
  total: ['合计', '小计', '总计'],
  higher: ['上级资金', '上级', '上级补助'],
  district: ['区级配套', '区级资金', '配套资金', '区级'],
  other: ['其他', '其它', '其他资金'],
};

/** A column of the progress table a mapping can name. */
export type ProgressColumn = Exclude<ProgressField, 'funding'> | `funding.${FundingPart}`;

/** The progress table's columns with their labels, in the order a mapping is shown. */
export const PROGRESS_FIELD_LABELS: Readonly<Record<ProgressColumn, LocalizedText>> = {
  seq: { zh: '序号', en: 'No.' },
  indicatorId: { zh: '指标编号', en: 'Indicator ID' },
  pledge: { zh: '实事项目', en: 'Pledge' },
  indicatorName: { zh: '考核指标', en: 'Indicator' },
  unitOfMeasure: { zh: '计量单位', en: 'Unit of measure' },
  target: { zh: '年度目标', en: 'Annual target' },
  thisPeriod: { zh: '本月完成', en: 'This month' },
  cumulative: { zh: '累计完成', en: 'Cumulative' },
  completion: { zh: '完成比例', en: 'Completion' },
  'funding.total': { zh: '投入资金合计', en: 'Funding total' },
  'funding.higher': { zh: '上级资金', en: 'Higher-level funds' },
  'funding.district': { zh: '区级配套', en: 'District funds' },
  'funding.other': { zh: '其他资金', en: 'Other funds' },
  progress: { zh: '进展情况', en: 'Progress' },
  note: { zh: '备注', en: 'Note' },
  cause: { zh: '滞后原因', en: 'Cause of delay' },
  remedy: { zh: '整改措施', en: 'Remedy' },
  expectedCompletion: { zh: '预计完成时间', en: 'Expected completion' },
  completedOn: { zh: '完成日期', en: 'Completed on' },
  amount: { zh: '本年金额', en: 'Amount this year' },
};

export const PROGRESS_COLUMNS = Object.keys(PROGRESS_FIELD_LABELS) as ProgressColumn[];

const isColumn = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/** A mapping from JSON (e.g. a document setting); undefined when it is not one. Unknown fields are dropped. */
export function parseColumnMapping(json: string): ColumnMapping | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.sheet !== 'string' || !isColumn(o.headerRow) || !isColumn(o.dataStart)) return undefined;
  if (typeof o.columns !== 'object' || o.columns === null) return undefined;
  const columns: Record<string, number> = {};
  for (const [f, c] of Object.entries(o.columns as Record<string, unknown>)) {
    if (!(PROGRESS_COLUMNS as readonly string[]).includes(f)) continue;
    if (!isColumn(c)) return undefined;
    columns[f] = c;
  }
  return { sheet: o.sheet, headerRow: o.headerRow, dataStart: o.dataStart, columns };
}

/** The table a mapping describes (known fields and whole column numbers only). */
function tableOf(mapping: ColumnMapping): Table<ProgressField> {
  const columns = new Map<ProgressField | `funding.${FundingPart}`, number>();
  for (const f of PROGRESS_COLUMNS) {
    const c = mapping.columns[f];
    if (isColumn(c)) columns.set(f, c);
  }
  return { headerRow: mapping.headerRow, dataStart: mapping.dataStart, columns };
}

type DetailField =
  | 'seq'
  | 'indicator'
  | 'name'
  | 'township'
  | 'village'
  | 'planned'
  | 'completed'
  | 'start'
  | 'finish'
  | 'acceptance'
  | 'investment'
  | 'note';

const DETAIL_HEADERS: Readonly<Record<DetailField, readonly string[]>> = {
  seq: ['序号', '编号'],
  indicator: ['指标编号', '考核指标', '指标'],
  name: ['项目名称', '名称', '工程名称', '项目'],
  township: ['乡镇', '所在乡镇', '乡', '乡镇街道'],
  village: ['村', '所在村', '行政村', '村社区'],
  planned: ['计划里程', '计划数量', '计划', '建设规模', '计划规模', '计划完成'],
  completed: ['完成里程', '完成数量', '完成', '已完成', '累计完成', '完成规模'],
  start: ['开工日期', '开工时间'],
  finish: ['完工日期', '竣工日期', '完工时间', '竣工时间'],
  acceptance: ['验收情况', '验收', '验收状态'],
  investment: ['投资', '投资额', '完成投资', '投资金额'],
  note: ['备注'],
};

const ACCEPTANCE: ReadonlyMap<string, AcceptanceState> = new Map<string, AcceptanceState>([
  ['已验收', 'accepted'],
  ['验收合格', 'accepted'],
  ['待验收', 'awaiting_acceptance'],
  ['未验收', 'awaiting_acceptance'],
  ['在建', 'in_progress'],
  ['施工中', 'in_progress'],
  ['未开工', 'not_started'],
  ['已完工', 'completed'],
  ['已竣工', 'completed'],
  ['完工', 'completed'],
]);

const FOOTER = /^(单位负责人|负责人|填报人|制表人|审核人|联系电话)/;
const TOTAL_ROW = /^(合计|总计|小计)$/;
const LABELS = ['填报单位', '报送期', '填报日期', '单位负责人', '填报人', '联系电话'] as const;
type Label = (typeof LABELS)[number];

function matchField<F extends string>(
  table: Readonly<Record<F, readonly string[]>>,
  key: string,
): F | undefined {
  if (key === '') return undefined;
  for (const [field, names] of Object.entries(table) as [F, readonly string[]][]) {
    if (names.includes(key)) return field;
  }
  return undefined;
}

interface Table<F extends string> {
  readonly headerRow: number;
  readonly dataStart: number;
  readonly columns: ReadonlyMap<F | `funding.${FundingPart}`, number>;
}

const HEADER_SCAN_ROWS = 60;

/** Finds the header row with the most known headers; needs an id/name column and a value column. */
function findTable<F extends string>(
  sheet: SheetIndex,
  table: Readonly<Record<F, readonly string[]>>,
  accept: (fields: ReadonlySet<F>) => boolean,
): Table<F> | undefined {
  let best: { row: number; score: number } | undefined;
  for (const r of sheet.rows.slice(0, HEADER_SCAN_ROWS)) {
    const fields = new Set<F>();
    for (const c of sheet.rowCells(r)) {
      const f = matchField(table, headerKey(c.value));
      if (f) fields.add(f);
    }
    if (fields.size >= 3 && accept(fields) && (!best || fields.size > best.score)) {
      best = { row: r, score: fields.size };
    }
  }
  if (!best) return undefined;
  const h = best.row;
  const cols = new Set<number>();
  for (const c of sheet.rowCells(h)) cols.add(c.col);
  for (const c of sheet.rowCells(h + 1)) cols.add(c.col);
  for (const m of sheet.merges) {
    if (m.top === h) for (let c = m.left; c <= m.right && c - m.left < 200; c++) cols.add(c);
  }
  // A second header row: sub-columns under a merged header (合计 / 上级资金 …), or merges spanning both rows.
  const second =
    sheet.rowCells(h + 1).some((c) => matchField(FUNDING_PARTS, headerKey(c.value)) !== undefined) ||
    sheet.merges.some((m) => m.top === h && m.bottom === h + 1);
  const columns = new Map<F | `funding.${FundingPart}`, number>();
  for (const c of [...cols].sort((a, b) => a - b)) {
    const top = headerKey(sheet.value(h, c));
    const below = second ? headerKey(sheet.value(h + 1, c)) : '';
    const f = matchField(table, top) ?? (top === '' ? matchField(table, below) : undefined);
    if (f === ('funding' as F)) {
      const part = matchField(FUNDING_PARTS, below) ?? (below === '' || below === top ? 'total' : undefined);
      if (part && !columns.has(`funding.${part}`)) columns.set(`funding.${part}`, c);
      continue;
    }
    if (f && !columns.has(f)) columns.set(f, c);
  }
  return { headerRow: h, dataStart: second ? h + 2 : h + 1, columns };
}

const foldName = (s: string) => normalizeCellText(s).replace(/[\s()（）"“”'‘’、，,。.·]/g, '');

interface Ctx {
  readonly plan: Plan;
  readonly date1904: boolean;
  readonly cells: Record<string, string>;
  readonly findings: WorksheetFinding[];
}

function note(
  ctx: Ctx,
  code: WorksheetFindingCode,
  severity: Severity,
  location: Location,
  message: LocalizedText,
  more: { cell?: string; indicator?: IndicatorId; found?: string | number } = {},
): void {
  ctx.findings.push({
    code,
    severity,
    location,
    ...(more.indicator !== undefined ? { indicator: more.indicator } : {}),
    ...(more.cell !== undefined ? { cell: more.cell } : {}),
    ...(more.found !== undefined ? { found: more.found } : {}),
    message,
  });
}

/** Reads one cell with a parser; records its address and any parse error. */
function read<T>(
  ctx: Ctx,
  sheet: SheetIndex,
  row: number,
  col: number | undefined,
  location: Location,
  parse: (cell: GridCell) => Parsed<T>,
  indicator?: IndicatorId,
): T | undefined {
  if (col === undefined) return undefined;
  const cell = sheet.cell(row, col);
  const address = cellAddress(sheet.name, row, col);
  ctx.cells[cellKey(location)] = address;
  if (!cell) return undefined;
  const out = parse(cell);
  if (!out.ok) {
    ctx.findings.push({
      code: out.error.code,
      severity: 'error',
      location,
      ...(indicator !== undefined ? { indicator } : {}),
      cell: address,
      found: out.error.input,
      ...(out.error.expected !== undefined ? { expected: out.error.expected } : {}),
      message: {
        zh: `${address}：${out.error.message.zh}`,
        en: `${address}: ${out.error.message.en}`,
      },
    });
    return undefined;
  }
  return out.value.kind === 'value' ? out.value.value : undefined;
}

const text = (cell: GridCell): Parsed<string> => {
  const t = cellText(cell.value);
  return t === '' ? { ok: true, value: { kind: 'empty' } } : { ok: true, value: { kind: 'value', value: t } };
};

function quantity(unit: string) {
  return (cell: GridCell): Parsed<number> => {
    const q = parseQuantity(cell.value, { unit, ...(cell.format ? { numberFormat: cell.format } : {}) });
    if (!q.ok) return q;
    return q.value.kind === 'value'
      ? { ok: true, value: { kind: 'value', value: q.value.value.value } }
      : { ok: true, value: { kind: 'empty' } };
  };
}

/**
 * 完成比例 in percent: `0.455` shown as `0.0%` is 45.5; a plain `0.455` (≤ 1.5, no percent
 * format) is a fraction written by a formula such as `=G5/E5`; `45.5` and `45.5%` are percents.
 */
function completion(cell: GridCell): Parsed<number> {
  const v = cell.value;
  if (typeof v === 'number' && !/%/.test(cell.format ?? '') && Math.abs(v) <= 1.5) {
    return quantity('%')({ ...cell, format: '0%' });
  }
  return quantity('%')(cell);
}

function dateOf(ctx: Ctx) {
  return (cell: GridCell) => parseDate(cell.value, { date1904: ctx.date1904, year: ctx.plan.year });
}

/** Reads the metadata lines (填报单位, 报送期, …) of a sheet, outside the table. */
function labelValues(
  sheet: SheetIndex,
  rows: readonly number[],
): Map<Label, { value: string; cell: string }> {
  const out = new Map<Label, { value: string; cell: string }>();
  const pattern = new RegExp(`(${LABELS.join('|')})\\s*[:：]?\\s*`, 'g');
  for (const r of rows) {
    const cells = sheet.rowCells(r);
    cells.forEach((c, i) => {
      const t = normalizeCellText(cellText(c.value));
      const hits = [...t.matchAll(pattern)];
      hits.forEach((m, k) => {
        const label = m[1] as Label;
        if (out.has(label)) return;
        const end = hits[k + 1]?.index ?? t.length;
        let value = t.slice((m.index ?? 0) + m[0].length, end).trim();
        let where = cellAddress(sheet.name, c.row, c.col);
        if (value === '' && k === hits.length - 1) {
          const next = cells.slice(i + 1).find((n) => cellText(n.value) !== '');
          const nextText = next ? normalizeCellText(cellText(next.value)) : '';
          if (next && !LABELS.some((l) => nextText.startsWith(l))) {
            value = normalizeCellText(cellText(next.value));
            where = cellAddress(sheet.name, next.row, next.col);
          }
        }
        if (label !== '报送期' && label !== '填报日期') value = value.split(' ')[0] ?? '';
        if (value !== '') out.set(label, { value, cell: where });
      });
    });
  }
  return out;
}

function unitByName(plan: Plan, name: string): UnitId | undefined {
  const n = foldName(name);
  return plan.units.find((u) => foldName(u.name) === n || u.id === name.trim())?.id;
}

function unitInText(plan: Plan, t: string): UnitId | undefined {
  const n = foldName(t);
  const hits = plan.units.filter((u) => n.includes(foldName(u.name)));
  hits.sort((a, b) => b.name.length - a.name.length);
  return hits[0]?.id;
}

interface Metadata {
  readonly year?: number;
  readonly unit?: string;
  readonly period?: string;
}

/** The office template's identity, from its hidden `_shishi` sheet (A1 = 'shishi-template'). */
export function templateMetadata(grid: WorkbookGrid): Metadata | undefined {
  const sheet = grid.sheets.find((s) => s.name === METADATA_SHEET);
  if (!sheet) return undefined;
  const idx = new SheetIndex(sheet);
  if (cellText(idx.value(1, 1)) !== 'shishi-template') return undefined;
  const out: { year?: number; unit?: string; period?: string } = {};
  for (const r of idx.rows) {
    const k = cellText(idx.value(r, 1));
    const v = idx.value(r, 2);
    if (k === 'year' && Number.isInteger(Number(v))) out.year = Number(v);
    if (k === 'unit' && cellText(v) !== '') out.unit = cellText(v);
    if (k === 'period') {
      const p = parsePeriod(v);
      if (p.ok && p.value.kind === 'value') out.period = p.value.value;
    }
  }
  return out;
}

/** The year a workbook reports for (to choose the plan): metadata, else the first `2006年` / `2006-` found near the top. */
export function workbookYear(grid: WorkbookGrid): number | undefined {
  const meta = templateMetadata(grid);
  if (meta?.year) return meta.year;
  for (const s of grid.sheets) {
    if (s.hidden || s.name === METADATA_SHEET) continue;
    for (const c of s.cells) {
      if (c.row > 10) continue;
      const m = /((?:19|20)\d{2})\s*年/.exec(normalizeCellText(cellText(c.value)));
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

const PROGRESS_TABLE = (f: ReadonlySet<ProgressField>) =>
  (f.has('indicatorName') || f.has('seq') || f.has('indicatorId')) &&
  (f.has('cumulative') || f.has('thisPeriod'));

/** Whether a visible sheet has a progress table's header row (no plan needed). */
export function hasProgressTable(grid: WorkbookGrid): boolean {
  return grid.sheets.some(
    (s) =>
      !s.hidden &&
      s.name !== METADATA_SHEET &&
      findTable(new SheetIndex(s), PROGRESS_HEADERS, PROGRESS_TABLE) !== undefined,
  );
}

const STRICT: ReadonlySet<string> = new Set([
  'seq',
  'indicatorId',
  'indicatorName',
  'unitOfMeasure',
  'target',
  'thisPeriod',
  'cumulative',
  'completion',
  'amount',
  'funding.total',
  'funding.higher',
  'funding.district',
  'funding.other',
]);

/**
 * Reads a unit's progress report from a workbook grid.
 * Hidden sheets are ignored (a warning when they hold data), except the template's `_shishi` sheet.
 */
export function recogniseWorkbook(grid: WorkbookGrid, opts: RecogniseOptions): Recognised {
  const { plan } = opts;
  const ctx: Ctx = { plan, date1904: grid.date1904 === true, cells: {}, findings: [] };
  const at = (field: string): Location => ({ section: 'submission', field });
  const visible: SheetGrid[] = [];
  for (const s of grid.sheets) {
    if (s.name === METADATA_SHEET) continue;
    if (s.hidden) {
      if (s.cells.some((c) => cellText(c.value) !== '')) {
        note(ctx, 'worksheet.hiddenSheetIgnored', 'warning', at('workbook'), {
          zh: `隐藏的工作表“${s.name}”中有内容，已忽略`,
          en: `Hidden sheet "${s.name}" has data; it was ignored`,
        });
      }
      continue;
    }
    visible.push(s);
  }

  let progress: { sheet: SheetIndex; table: Table<ProgressField> } | undefined;
  const given = opts.mapping;
  const mappedSheet = given ? visible.find((s) => s.name === given.sheet) : undefined;
  if (given && mappedSheet && isColumn(given.headerRow) && isColumn(given.dataStart)) {
    progress = { sheet: new SheetIndex(mappedSheet), table: tableOf(given) };
  }
  for (const s of progress ? [] : visible) {
    const sheet = new SheetIndex(s);
    const table = findTable(sheet, PROGRESS_HEADERS, PROGRESS_TABLE);
    if (table) {
      progress = { sheet, table };
      break;
    }
  }
  if (!progress) {
    note(ctx, 'worksheet.tableNotFound', 'error', at('rows'), {
      zh: '找不到进度报表：没有一行含有“考核指标”“累计完成”等表头',
      en: 'No progress table found: no row has headers such as 考核指标 and 累计完成',
    });
    return { submission: undefined, cells: ctx.cells, findings: ctx.findings };
  }
  const { sheet, table } = progress;
  const mapping: ColumnMapping = {
    sheet: sheet.name,
    headerRow: table.headerRow,
    dataStart: table.dataStart,
    columns: Object.fromEntries(table.columns),
  };
  const col = (f: ProgressField | `funding.${FundingPart}`) => table.columns.get(f);

  // Data rows until the footer.
  const dataRows: number[] = [];
  const footerRows: number[] = [];
  for (const r of sheet.rows) {
    if (r < table.dataStart) continue;
    const cells = sheet.rowCells(r);
    if (footerRows.length > 0 || cells.some((c) => FOOTER.test(normalizeCellText(cellText(c.value))))) {
      footerRows.push(r);
      continue;
    }
    const mapped = [...table.columns.values()].some((c) => cellText(sheet.cell(r, c)?.value) !== '');
    if (!mapped) continue;
    const name = normalizeCellText(cellText(sheet.value(r, col('indicatorName') ?? -1)));
    const pledge = normalizeCellText(cellText(sheet.value(r, col('pledge') ?? -1)));
    if (TOTAL_ROW.test(name.replace(/\s/g, '')) || (name === '' && TOTAL_ROW.test(pledge.replace(/\s/g, ''))))
      continue;
    dataRows.push(r);
  }

  // Metadata: the template's hidden sheet first, then the lines above the table and the footer.
  const meta = templateMetadata(grid);
  const labels = labelValues(sheet, [...sheet.rows.filter((r) => r < table.headerRow), ...footerRows]);
  let unit: UnitId | undefined = meta?.unit;
  if (unit !== undefined) ctx.cells[cellKey(at('unit'))] = `${METADATA_SHEET}!B3`;
  const unitLine = labels.get('填报单位');
  if (unit === undefined && unitLine) {
    unit = unitByName(plan, unitLine.value);
    ctx.cells[cellKey(at('unit'))] = unitLine.cell;
  }
  if (unit === undefined) {
    for (const r of sheet.rows.filter((x) => x < table.headerRow)) {
      for (const c of sheet.rowCells(r)) {
        unit ??= unitInText(plan, cellText(c.value));
      }
    }
  }
  unit ??= opts.unit;
  let period: string | undefined = meta?.period;
  const periodLine = labels.get('报送期');
  if (period === undefined && periodLine) {
    ctx.cells[cellKey(at('period'))] = periodLine.cell;
    const p = parsePeriod(periodLine.value, { date1904: ctx.date1904 });
    if (p.ok && p.value.kind === 'value') period = p.value.value;
    else if (!p.ok) {
      ctx.findings.push({
        code: p.error.code,
        severity: 'error',
        location: at('period'),
        cell: periodLine.cell,
        found: p.error.input,
        message: p.error.message,
      });
    }
  }
  period ??= opts.period;

  const owned = unit ? indicatorsReportedBy(plan, unit) : [];
  const byId = (id: string) => plan.indicators.find((i) => i.id === id);
  const byName = (name: string): Indicator | undefined => {
    const n = foldName(name);
    if (n === '') return undefined;
    for (const pool of [owned, plan.indicators]) {
      const exact = pool.find((i) => foldName(i.name) === n);
      if (exact) return exact;
      const near = pool.filter((i) => foldName(i.name).includes(n) || n.includes(foldName(i.name)));
      if (near.length === 1) return near[0];
    }
    return undefined;
  };

  const rows: SubmissionRow[] = [];
  const rowIndicators: Indicator[] = [];
  for (const r of dataRows) {
    const index = rows.length;
    const loc = (field: string): Location => ({ section: 'row', index, field });
    let indicator: Indicator | undefined;
    for (const f of ['indicatorId', 'seq'] as const) {
      const c = col(f);
      if (c === undefined || indicator) continue;
      const t = normalizeCellText(cellText(sheet.value(r, c)));
      if (/^\d+\.\d+$/.test(t)) indicator = byId(t);
    }
    const nameCol = col('indicatorName');
    const nameText = nameCol === undefined ? '' : cellText(sheet.value(r, nameCol));
    indicator ??= byName(nameText);
    const anchor = cellAddress(sheet.name, r, nameCol ?? col('indicatorId') ?? col('seq') ?? 1);
    if (!indicator) {
      note(
        ctx,
        'worksheet.unknownIndicator',
        'error',
        loc('indicator'),
        {
          zh: `${anchor}：无法对应到计划中的考核指标“${nameText}”`,
          en: `${anchor}: "${nameText}" does not match an indicator of the plan`,
        },
        { cell: anchor, found: nameText },
      );
      continue;
    }
    ctx.cells[cellKey({ section: 'row', index, field: '' })] = anchor;
    ctx.cells[cellKey(loc('indicator'))] = anchor;
    const id = indicator.id;
    const q = quantity(indicator.unitOfMeasure);
    const figure = (cell: GridCell): Parsed<number> => {
      if (
        KINDS[indicator.kind].readsDoneWords &&
        typeof cell.value === 'string' &&
        !/^\s*[\d.]+\s*$/.test(cell.value)
      ) {
        const m = parseMilestone(cell.value);
        if (!m.ok) return m;
        return m.value.kind === 'value'
          ? { ok: true, value: { kind: 'value', value: m.value.value ? 1 : 0 } }
          : { ok: true, value: { kind: 'empty' } };
      }
      return q(cell);
    };
    const row: Record<string, unknown> = { indicator: id };
    const put = (k: string, v: unknown) => {
      if (v !== undefined) row[k] = v;
    };
    // A count's 年度目标 changed on the sheet (a template's is locked): the plan's target is what
    // the report is judged on, and the sheet says otherwise. Read quietly: a target written as
    // words is the sheet's own business.
    const targetCol = col('target');
    const planTarget = unit !== undefined ? targetFor(indicator, unit) : undefined;
    if (targetCol !== undefined && planTarget !== undefined && indicator.kind === 'count') {
      const cell = sheet.cell(r, targetCol);
      const parsed = cell ? q(cell) : undefined;
      if (parsed?.ok && parsed.value.kind === 'value' && Math.abs(parsed.value.value - planTarget) > 1e-9) {
        const at = cellAddress(sheet.name, r, targetCol);
        note(
          ctx,
          'worksheet.targetChanged',
          'warning',
          loc('target'),
          {
            zh: `${at}：年度目标 ${parsed.value.value} 与计划的 ${planTarget} 不符；按计划的目标考核`,
            en: `${at}: the annual target ${parsed.value.value} differs from the plan's ${planTarget}; the plan's target counts`,
          },
          { cell: at, indicator: id, found: parsed.value.value },
        );
      }
    }
    put('thisPeriod', read(ctx, sheet, r, col('thisPeriod'), loc('thisPeriod'), figure, id));
    put('cumulative', read(ctx, sheet, r, col('cumulative'), loc('cumulative'), figure, id));
    put(
      'amount',
      read(ctx, sheet, r, col('amount'), loc('amount'), quantity(indicator.baseUnit ?? '万元'), id),
    );
    put(
      'completionPercent',
      read(ctx, sheet, r, col('completion'), loc('completionPercent'), completion, id),
    );
    const funding: Record<string, number> = {};
    for (const part of ['total', 'higher', 'district', 'other'] as const) {
      const v = read(ctx, sheet, r, col(`funding.${part}`), loc(`funding.${part}`), quantity('万元'), id);
      if (v !== undefined) funding[part] = v;
    }
    if (Object.keys(funding).length > 0) row.funding = funding;
    put('progress', read(ctx, sheet, r, col('progress'), loc('progress'), text, id));
    put('note', read(ctx, sheet, r, col('note'), loc('note'), text, id));
    const explanation: Record<string, string> = {};
    const cause = read(ctx, sheet, r, col('cause'), loc('explanation.cause'), text, id);
    const remedy = read(ctx, sheet, r, col('remedy'), loc('explanation.remedy'), text, id);
    const expected = read(
      ctx,
      sheet,
      r,
      col('expectedCompletion'),
      loc('explanation.expectedCompletion'),
      dateOf(ctx),
      id,
    );
    if (cause !== undefined) explanation.cause = cause;
    if (remedy !== undefined) explanation.remedy = remedy;
    if (expected !== undefined) explanation.expectedCompletion = expected;
    if (Object.keys(explanation).length > 0) row.explanation = explanation;
    put('completedOn', read(ctx, sheet, r, col('completedOn'), loc('completedOn'), dateOf(ctx), id));
    rows.push(row as unknown as SubmissionRow);
    rowIndicators.push(indicator);
  }

  // Merged cells inside the data rows of value columns make a figure belong to two rows.
  const last = dataRows[dataRows.length - 1];
  if (last !== undefined) {
    const strictCols = [...table.columns].filter(([f]) => STRICT.has(f)).map(([, c]) => c);
    for (const m of sheet.merges) {
      if (m.bottom < table.dataStart || m.top > last) continue;
      if (m.top === m.bottom && m.left === m.right) continue;
      if (!strictCols.some((c) => c >= m.left && c <= m.right)) continue;
      const where = cellAddress(sheet.name, m.top, m.left);
      note(
        ctx,
        'worksheet.mergedDataCells',
        'error',
        at('rows'),
        {
          zh: `${where}：数据行中有合并单元格，请取消合并后每行分别填写`,
          en: `${where}: merged cells inside the data rows; unmerge them and fill each row`,
        },
        { cell: where },
      );
    }
  }

  const details = readDetails(ctx, visible, sheet.name, rows, rowIndicators);

  if (unit === undefined) {
    note(
      ctx,
      'worksheet.unitUnknown',
      'error',
      at('unit'),
      {
        zh: '无法确定填报单位：请填写“填报单位”或使用报送模板',
        en: 'The reporting unit cannot be told: fill in 填报单位 or use the office template',
      },
      unitLine ? { cell: unitLine.cell, found: unitLine.value } : {},
    );
  }
  if (period === undefined && !ctx.findings.some((f) => f.location.field === 'period')) {
    note(ctx, 'worksheet.periodMissing', 'error', at('period'), {
      zh: '无法确定报送期：请填写“报送期”（如 2006年5月）',
      en: 'The reporting period cannot be told: fill in 报送期 (e.g. 2006年5月)',
    });
  }

  const filled = labels.get('填报日期');
  let filledOn: string | undefined;
  if (filled) {
    ctx.cells[cellKey(at('filledOn'))] = filled.cell;
    const d = parseDate(filled.value, { date1904: ctx.date1904, year: meta?.year ?? plan.year });
    if (d.ok && d.value.kind === 'value') filledOn = d.value.value;
  }
  const reporterName = labels.get('填报人');
  const phone = labels.get('联系电话');
  const head = labels.get('单位负责人');
  if (reporterName) ctx.cells[cellKey(at('reporter.name'))] = reporterName.cell;
  if (phone) ctx.cells[cellKey(at('reporter.phone'))] = phone.cell;
  if (head) ctx.cells[cellKey(at('unitHead'))] = head.cell;

  const submission: Submission = {
    year: meta?.year ?? plan.year,
    unit: unit ?? '',
    period: period ?? '',
    ...(filledOn !== undefined ? { filledOn } : {}),
    rows,
    ...(details.length > 0 ? { details } : {}),
    ...(reporterName || phone
      ? {
          reporter: {
            ...(reporterName ? { name: reporterName.value } : {}),
            ...(phone ? { phone: phone.value } : {}),
          },
        }
      : {}),
    ...(head ? { unitHead: head.value } : {}),
  };
  return { submission, cells: ctx.cells, findings: ctx.findings, mapping };
}

function readDetails(
  ctx: Ctx,
  sheets: readonly SheetGrid[],
  progressSheet: string,
  rows: readonly SubmissionRow[],
  indicators: readonly Indicator[],
): ProjectDetail[] {
  const out: ProjectDetail[] = [];
  for (const s of sheets) {
    if (s.name === progressSheet) continue;
    const sheet = new SheetIndex(s);
    const table = findTable(
      sheet,
      DETAIL_HEADERS,
      (f) =>
        f.has('name') &&
        (f.has('completed') || f.has('planned')) &&
        (f.has('township') || f.has('acceptance') || f.has('start')),
    );
    if (!table) continue;
    const col = (f: DetailField) => table.columns.get(f);
    for (const r of sheet.rows) {
      if (r < table.dataStart) continue;
      const name = cellText(sheet.value(r, col('name') ?? -1));
      if (name === '' || TOTAL_ROW.test(normalizeCellText(name).replace(/\s/g, ''))) continue;
      if (FOOTER.test(normalizeCellText(name))) break;
      const index = out.length;
      const loc = (field: string): Location => ({ section: 'detail', index, field });
      ctx.cells[cellKey({ section: 'detail', index, field: '' })] = cellAddress(sheet.name, r, col('name')!);
      ctx.cells[cellKey(loc('name'))] = cellAddress(sheet.name, r, col('name')!);
      // The indicator: its own column, else the progress table's only row.
      let indicator: Indicator | undefined;
      const indCol = col('indicator');
      if (indCol !== undefined) {
        const t = normalizeCellText(cellText(sheet.value(r, indCol)));
        indicator =
          ctx.plan.indicators.find((i) => i.id === t) ??
          indicators.find((i) => foldName(i.name) === foldName(t));
      } else if (new Set(rows.map((x) => x.indicator)).size === 1) {
        indicator = indicators[0];
      }
      if (!indicator) {
        const where = cellAddress(sheet.name, r, indCol ?? col('name')!);
        note(
          ctx,
          'worksheet.detailIndicatorUnknown',
          'error',
          loc('indicator'),
          {
            zh: `${where}：无法确定项目“${name}”属于哪个考核指标（请加“指标编号”列）`,
            en: `${where}: cannot tell which indicator project "${name}" belongs to (add an 指标编号 column)`,
          },
          { cell: where, found: name },
        );
        continue;
      }
      const id = indicator.id;
      const d: Record<string, unknown> = { indicator: id, name: normalizeCellText(name) };
      const put = (k: string, v: unknown) => {
        if (v !== undefined) d[k] = v;
      };
      put('township', read(ctx, sheet, r, col('township'), loc('township'), text, id));
      put('village', read(ctx, sheet, r, col('village'), loc('village'), text, id));
      put(
        'planned',
        read(ctx, sheet, r, col('planned'), loc('planned'), quantity(indicator.unitOfMeasure), id),
      );
      put(
        'completed',
        read(ctx, sheet, r, col('completed'), loc('completed'), quantity(indicator.unitOfMeasure), id),
      );
      put('start', read(ctx, sheet, r, col('start'), loc('start'), dateOf(ctx), id));
      put('finish', read(ctx, sheet, r, col('finish'), loc('finish'), dateOf(ctx), id));
      const acc = read(ctx, sheet, r, col('acceptance'), loc('acceptance'), text, id);
      if (acc !== undefined) {
        const state = ACCEPTANCE.get(normalizeCellText(acc).replace(/\s/g, ''));
        if (state) d.acceptance = state;
        else {
          const where = ctx.cells[cellKey(loc('acceptance'))];
          note(
            ctx,
            'worksheet.acceptanceUnknown',
            'error',
            loc('acceptance'),
            {
              zh: `${where}：验收情况“${acc}”应为 已验收、待验收、在建、未开工 或 已完工`,
              en: `${where}: acceptance "${acc}" should be 已验收, 待验收, 在建, 未开工 or 已完工`,
            },
            { ...(where ? { cell: where } : {}), found: acc, indicator: id },
          );
        }
      }
      put('investment', read(ctx, sheet, r, col('investment'), loc('investment'), quantity('万元'), id));
      put('note', read(ctx, sheet, r, col('note'), loc('note'), text, id));
      out.push(d as unknown as ProjectDetail);
    }
  }
  return out;
}
