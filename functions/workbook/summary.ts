/**
 * The summary workbook leaders open: where each pledge stands, which indicators are behind and
 * who answers for them. Sheets, in Chinese: 总览 (overview and the one-vote-veto verdict),
 * 指标进度 (every indicator), 责任单位 (every unit), 资金 (funding by source, with 2005),
 * 报送情况 (unit × period), 滞后清单 (behind and at-risk items with their explanations).
 *
 * Values only: every figure is a number, every text a plain string — text from users (notes,
 * explanations, names) is never written as a formula or a hyperlink, whatever it starts with.
 *
 * A city's (or a province's) summary has the same sheets with its member districts in the place
 * of units — 区县 instead of 责任单位, 报送情况 as each district's count of late and missing
 * reports, 滞后清单 as the districts whose shares lag — and a ranking sheet, 排名
 * (`CITY_SUMMARY_SHEETS`); its status comes from `rollUp` and it has no records of its own.
 *
 * `buildSummary` writes in memory; `writeSummary` streams the same sheets through exceljs's
 * `WorkbookWriter` (rows are committed as they are written, each sheet as it is finished), and
 * `writeProvinceSummary` streams a province of thousands of districts. Both take a district's or
 * a city's plan; `buildCitySummary` and `writeCitySummary` are the city's short forms.
 */
import type { Writable } from 'node:stream';
import type { Cell, Row, Worksheet } from 'exceljs';
import ExcelJS from 'exceljs';
import { addMonths, type Period } from '../../domain/dates';
import {
  LIGHT_TEXT,
  type Light,
  PROVISIONAL_WORDS,
  pick,
  REPORT_STATE_WORDS,
  reportText,
  STATUS_WORDS,
  statusText,
} from '../../domain/labels';
import { STATUS_ORDER, type Status } from '../../domain/pacing';
import { displayWidth } from '../../domain/parse/text';
import type { Indicator, Person, Plan, PreviousYearFacts } from '../../domain/plan';
import type { DistrictStatus, IndicatorStatus, ReportState } from '../../domain/status';
import type { Explanation, ReviewState, SubmissionRecord, SubmissionRow } from '../../domain/submission';
import { BODY_FONT, BOLD_FONT, HEADER_FILL, inert, solid, THIN, TITLE_FONT, xlsxBytes } from './xlsx-util';

/** What the previous year's comparison needs: the plan's `previousYear`. */
export type Facts2005 = PreviousYearFacts;

export const SUMMARY_SHEETS = ['总览', '指标进度', '责任单位', '资金', '报送情况', '滞后清单'] as const;

/** A city's summary: its districts in the place of units, and their ranking second. */
export const CITY_SUMMARY_SHEETS = [
  '总览',
  '排名',
  '指标进度',
  '区县',
  '资金',
  '报送情况',
  '滞后清单',
] as const;

/** The sheets of a plan's summary: a district's, or a city's (a province's: 市 for 区县). */
export function summarySheets(plan: Plan): readonly string[] {
  const t = termsOf(plan);
  return t.member ? CITY_SUMMARY_SHEETS.map((n) => (n === '区县' ? t.unit : n)) : SUMMARY_SHEETS;
}

/** The words that differ between a district's summary and a city's or a province's. */
interface Terms {
  /** True when the plan's units are member organisations (a city's districts). */
  readonly member: boolean;
  /** 责任单位 / 区县 / 市: the units' word, also the name of their sheet. */
  readonly unit: string;
  /** The unit that answers for an indicator's total: 责任单位 / 牵头区县. */
  readonly lead: string;
  /** The organisation's own word: 区 / 市 / 省. */
  readonly own: string;
  /** The `district` source of funding: 区级配套 / 区县配套 / 市县配套. */
  readonly matching: string;
  /** A member's head: 区县长 / 市长. */
  readonly head: string;
}

const DISTRICT_TERMS: Terms = {
  member: false,
  unit: '责任单位',
  lead: '责任单位',
  own: '区',
  matching: '区级配套',
  head: '第一责任人',
};
const CITY_TERMS: Terms = {
  member: true,
  unit: '区县',
  lead: '牵头区县',
  own: '市',
  matching: '区县配套',
  head: '区县长',
};
const PROVINCE_TERMS: Terms = {
  member: true,
  unit: '市',
  lead: '牵头市',
  own: '省',
  matching: '市县配套',
  head: '市长',
};

function termsOf(plan: Plan): Terms {
  const level = plan.organisation.level;
  return level === 'district' ? DISTRICT_TERMS : level === 'city' ? CITY_TERMS : PROVINCE_TERMS;
}

/** Names in a cell, at most `max` of them: a city of thousands of districts stays readable (and under a cell's limit). */
function someOf(names: readonly string[], max = 10): string {
  if (names.length <= max) return names.join('、');
  return `${names.slice(0, max).join('、')}等 ${names.length} 个`;
}

/** Traffic lights (domain/labels): the fill of a status's light, always next to its symbol and word. */
const GREEN = 'FFC6EFCE';
const LIGHT_FILL: Record<Light, string> = { green: GREEN, yellow: 'FFFFEB9C', red: 'FFFFC7CE' };
export const fillOf = (s: Status): string => LIGHT_FILL[STATUS_WORDS[s].light];
const lightWord = (s: Status): string => pick(LIGHT_TEXT[STATUS_WORDS[s].light], 'zh-CN');

export const statusWord = (s: Status): string => statusText(s, 'zh-CN');
export const statusLabel = (s: Status): string => `${STATUS_WORDS[s].symbol} ${statusWord(s)}`;
export const verdictLine = (s: Status): string => `总体结论（一票否决）：${statusWord(s)}`;

const REPORT_FILL: Record<ReportState, string> = {
  submitted: 'FFDDEBF7',
  submitted_late: 'FFDDEBF7',
  returned: 'FFFFEB9C',
  late: 'FFFFEB9C',
  missing: 'FFFFC7CE',
  not_due: 'FFF2F2F2',
};
/** The fill of a report's cell: an accepted report is green. */
const reportFill = (state: ReportState, review?: ReviewState): string =>
  (state === 'submitted' || state === 'submitted_late') && review === 'accepted' ? GREEN : REPORT_FILL[state];

const PAGE = {
  paperSize: 9,
  orientation: 'landscape' as const,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => Math.round(x * 100) / 100;
const people = (ps: readonly Person[]) => someOf(ps.map((p) => `${p.name}（${p.title}）`));

/**
 * A sheet written top to bottom (streaming-safe): a row is committed when the next one is
 * added, so that it can still be merged; the writer commits the last one.
 */
export class SheetWriter {
  row = 0;
  private last: Row | undefined;
  constructor(
    readonly ws: Worksheet,
    readonly width: number,
  ) {}

  add(values: readonly unknown[], style?: (row: Row) => void): Row {
    this.last?.commit();
    const row = this.ws.addRow(values.map((v) => (typeof v === 'string' ? inert(v) : v)));
    this.row = row.number;
    for (let n = 1; n <= this.width; n++) {
      const cell = row.getCell(n);
      if (!cell.font) cell.font = BODY_FONT;
    }
    style?.(row);
    this.last = row;
    return row;
  }

  /** A title across the sheet. */
  title(text: string, font = TITLE_FONT, height = 28): void {
    this.add([text], (row) => {
      row.height = height;
      row.getCell(1).font = font;
      row.getCell(1).alignment = { vertical: 'middle' };
    });
    this.ws.mergeCells(this.row, 1, this.row, this.width);
  }

  header(labels: readonly string[]): void {
    this.add(labels, (row) => {
      row.height = 22;
      for (let n = 1; n <= labels.length; n++) styleHeader(row.getCell(n));
    });
  }

  /** A table row with borders; `fills` colours some cells by column number. */
  cells(
    values: readonly unknown[],
    opts: { fills?: Record<number, string>; formats?: Record<number, string> } = {},
  ) {
    return this.add(values, (row) => {
      // Rows of wrapped text get the height their longest cell needs (programs do not re-measure).
      let lines = 1;
      values.forEach((v, k) => {
        if (typeof v !== 'string') return;
        const width = Math.max(4, (this.ws.getColumn(k + 1).width ?? 10) - 1);
        const need = v
          .split('\n')
          .reduce((a, line) => a + Math.max(1, Math.ceil(displayWidth(line) / width)), 0);
        lines = Math.max(lines, need);
      });
      if (lines > 1) row.height = 16 * lines + 2;
      for (let n = 1; n <= values.length; n++) {
        const cell = row.getCell(n);
        cell.border = THIN;
        cell.alignment = { vertical: 'middle', wrapText: true };
        const fill = opts.fills?.[n];
        if (fill) cell.fill = solid(fill);
        const fmt = opts.formats?.[n];
        if (fmt) cell.numFmt = fmt;
      }
    });
  }

  blank(): void {
    this.add([]);
  }

  /**
   * The sheet is finished: a streamed sheet is committed now (its last row, merges and footer
   * written) rather than all together at the end; an in-memory sheet has nothing to commit.
   */
  done(): void {
    this.last?.commit();
    (this.ws as Worksheet & { commit?: () => void }).commit?.();
  }
}

function styleHeader(cell: Cell) {
  cell.font = BOLD_FONT;
  cell.fill = HEADER_FILL;
  cell.border = THIN;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

/** A sheet on A4 landscape, fit to width, its first `frozenRows` frozen and repeated on every page. */
export function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  widths: readonly number[],
  frozenRows: number,
): SheetWriter {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: frozenRows }],
    pageSetup: { ...PAGE, printTitlesRow: `1:${frozenRows}` },
    properties: { defaultRowHeight: 18 },
  });
  ws.columns = widths.map((width) => ({ width }));
  return new SheetWriter(ws, widths.length);
}

export interface SummaryInput {
  /** A district's `computeStatus`, or a city's `rollUp` of its districts. */
  readonly status: DistrictStatus;
  /** The district's submission records; none for a city. */
  readonly records: readonly SubmissionRecord[];
  readonly plan: Plan;
  readonly facts2005?: Facts2005 | undefined;
}

/** The summary workbook in memory. */
export async function buildSummary(
  status: DistrictStatus,
  records: readonly SubmissionRecord[],
  plan: Plan,
  facts2005?: Facts2005,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  renderSummary(wb, { status, records, plan, facts2005 });
  return xlsxBytes(wb);
}

/** The same workbook streamed to `out` (a file path or a writable stream). */
export async function writeSummary(input: SummaryInput, out: string | Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof out === 'string' ? { filename: out } : { stream: out }),
    useStyles: true,
    useSharedStrings: false,
  });
  renderSummary(wb, input);
  await wb.commit();
}

/** A city's summary (its status from `rollUp`), in memory. */
export function buildCitySummary(status: DistrictStatus, plan: Plan): Promise<Buffer> {
  return buildSummary(status, [], plan, plan.previousYear);
}

/** A city's summary streamed to `out`: memory stays flat however many districts it has. */
export function writeCitySummary(
  input: { readonly status: DistrictStatus; readonly plan: Plan },
  out: string | Writable,
): Promise<void> {
  return writeSummary({ ...input, records: [], facts2005: input.plan.previousYear }, out);
}

/**
 * Writes the sheets into `wb` (an in-memory Workbook or a streaming WorkbookWriter): a
 * district's six (`SUMMARY_SHEETS`), or a city's seven (`CITY_SUMMARY_SHEETS`) when the plan's
 * organisation is a city or a province.
 */
export function renderSummary(wb: ExcelJS.Workbook, input: SummaryInput): void {
  const { status, plan } = input;
  wb.creator = 'Shishi';
  wb.created = new Date(`${status.asOf}T00:00:00Z`);
  wb.title = `${plan.title} 进度汇总（截至 ${status.asOf}）`;
  const ctx = context(input);
  overviewSheet(wb, input, ctx);
  if (ctx.terms.member) rankingSheet(wb, input);
  indicatorSheet(wb, input, ctx);
  unitSheet(wb, input, ctx);
  fundingSheet(wb, input, ctx);
  reportSheet(wb, input, ctx);
  behindSheet(wb, input, ctx);
}

interface Context {
  readonly terms: Terms;
  readonly unitName: (id: string) => string;
  /** A unit's head (a city's district: its 区县长). */
  readonly head: (id: string) => Person | undefined;
  readonly pledgeName: (id: string) => string;
  readonly indicator: (id: string) => Indicator | undefined;
  /** unit|period → the best review state among its records. */
  readonly review: ReadonlyMap<string, 'accepted' | 'pending' | 'returned'>;
  /** indicator|unit → the latest row sent (any version not returned) and its period. */
  readonly latestRow: ReadonlyMap<string, { period: Period; row: SubmissionRow }>;
}

const RANK = { accepted: 3, pending: 2, returned: 1 } as const;

function context({ status, records, plan }: SummaryInput): Context {
  const terms = termsOf(plan);
  const units = new Map(plan.units.map((u) => [u.id, u.name]));
  const heads = new Map(plan.units.map((u) => [u.id, u.head]));
  const pledges = new Map(plan.pledges.map((p) => [p.id, p.name]));
  const indicators = new Map(plan.indicators.map((i) => [i.id, i]));
  const review = new Map<string, 'accepted' | 'pending' | 'returned'>();
  const latest = new Map<string, { period: Period; version: number; row: SubmissionRow }>();
  for (const r of records) {
    if (r.submission.year !== status.year) continue;
    const key = `${r.submission.unit}|${r.submission.period}`;
    const prev = review.get(key);
    if (!prev || RANK[r.state] > RANK[prev]) review.set(key, r.state);
    if (r.state === 'returned' || r.submission.period > status.asOf.slice(0, 7)) continue;
    for (const row of r.submission.rows) {
      const k = `${row.indicator}|${r.submission.unit}`;
      const l = latest.get(k);
      if (
        !l ||
        r.submission.period > l.period ||
        (r.submission.period === l.period && r.version > l.version)
      ) {
        latest.set(k, { period: r.submission.period, version: r.version, row });
      }
    }
  }
  return {
    terms,
    unitName: (id) => units.get(id) ?? id,
    head: (id) => heads.get(id),
    pledgeName: (id) => pledges.get(id) ?? id,
    indicator: (id) => indicators.get(id),
    review,
    latestRow: latest,
  };
}

function contributionText(i: IndicatorStatus, ctx: Context): string {
  if (ctx.terms.member && i.contributions.length > 10) return memberShareText(i, ctx);
  return i.contributions
    .map((c) => `${ctx.unitName(c.unit)} ${c.value === null ? '—' : num(c.value)}/${num(c.target)}`)
    .join('；');
}

/** A city's many districts on one indicator: how many stand where, and which lag. */
function memberShareText(i: IndicatorStatus, ctx: Context): string {
  const counts = new Map<Status, number>();
  const lagging: string[] = [];
  for (const c of i.contributions) {
    counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    if (isBehind(c.status) && lagging.length <= 10) lagging.push(ctx.unitName(c.unit));
  }
  const behind = i.contributions.length - (counts.get('met') ?? 0) - (counts.get('on_track') ?? 0);
  const tally = STATUS_ORDER.filter((k) => counts.has(k))
    .map((k) => `${statusWord(k)} ${counts.get(k)}`)
    .join('，');
  const names =
    lagging.length > 10 ? `${lagging.slice(0, 10).join('、')}等 ${behind} 个` : lagging.join('、');
  return `${i.contributions.length} 个${ctx.terms.unit}：${tally}${names ? `\n滞后：${names}` : ''}`;
}

/** The reporting units' latest 进展情况 or 备注 for an indicator, as they wrote it. */
function latestText(i: IndicatorStatus, ctx: Context, field: 'progress' | 'note'): string {
  const texts = i.contributions
    .map((c) => ({ unit: c.unit, text: ctx.latestRow.get(`${i.id}|${c.unit}`)?.row[field] }))
    .filter((x): x is { unit: string; text: string } => typeof x.text === 'string' && x.text !== '');
  if (texts.length === 1 && i.contributions.length === 1) return texts[0]!.text;
  return texts.map((x) => `${ctx.unitName(x.unit)}：${x.text}`).join('\n');
}

const isWorrying = (s: Status) => s === 'failed' || s === 'at_risk';
const isBehind = (s: Status) => s === 'failed' || s === 'at_risk' || s === 'behind';

// ---------------------------------------------------------------------------------------------
// 总览

function overviewSheet(wb: ExcelJS.Workbook, { status, plan }: SummaryInput, ctx: Context) {
  const t = ctx.terms;
  const s = sheet(wb, '总览', [10, 30, 16, 12, 22, 34], 3);
  s.title(`${plan.title} 进度汇总`);
  const counted = t.member ? `汇总各${t.unit}考核办已采用的报表` : '只计考核办已采用的报表';
  s.add([`截至 ${status.asOf}　${status.organisation.name}　（${counted}）`]);
  s.ws.mergeCells(s.row, 1, s.row, 6);
  s.add([verdictLine(status.verdict)], (row) => {
    row.height = 26;
    const c = row.getCell(1);
    c.font = { ...TITLE_FONT, size: 14 };
    c.fill = solid(fillOf(status.verdict));
  });
  s.ws.mergeCells(s.row, 1, s.row, 6);
  s.add([
    `总体完成率：${pct(status.completionRate)}　指标 ${status.indicators.length} 项：${STATUS_ORDER.map(
      (k) => `${statusWord(k)} ${status.counts[k]}`,
    ).join('，')}`,
  ]);
  s.ws.mergeCells(s.row, 1, s.row, 6);
  if (status.sample) {
    s.add([`说明：${status.sample.zh}`], (row) => {
      row.getCell(1).font = { ...BODY_FONT, italic: true, color: { argb: 'FF7F7F7F' } };
    });
    s.ws.mergeCells(s.row, 1, s.row, 6);
  }
  s.blank();

  s.add(['未完成或严重滞后的指标'], (row) => {
    row.getCell(1).font = BOLD_FONT;
  });
  s.header(['指标', '考核指标', '状态', '完成率', t.lead, '第一责任人']);
  const worrying = status.indicators.filter((i) => isWorrying(i.status));
  if (worrying.length === 0) s.add(['无']);
  for (const i of worrying) {
    const failures = status.failures.filter((f) => f.indicator === i.id);
    const who = failures.length > 0 ? failures.flatMap((f) => f.responsible) : i.responsible;
    s.cells(
      [i.id, i.name, statusLabel(i.status), i.completion, ctx.unitName(i.mainUnit), people(dedupe(who))],
      { fills: { 3: fillOf(i.status) }, formats: { 4: '0.0%' } },
    );
  }
  s.blank();

  s.add(['各项实事'], (row) => {
    row.getCell(1).font = BOLD_FONT;
  });
  s.header(['序号', '实事项目', '状态', '完成率', '信号灯', '考核指标']);
  for (const p of status.pledges) {
    s.cells(
      [p.id, p.name, statusLabel(p.status), p.completionRate, lightWord(p.status), p.indicators.join('、')],
      {
        fills: { 3: fillOf(p.status), 5: fillOf(p.status) },
        formats: { 4: '0.0%' },
      },
    );
  }
  s.blank();

  s.add(['报送情况'], (row) => {
    row.getCell(1).font = BOLD_FONT;
  });
  if (t.member) {
    // Thousands of districts: the totals here, each district on 报送情况.
    let late = 0;
    let missing = 0;
    let members = 0;
    for (const u of status.units) {
      late += u.late;
      missing += u.missing;
      if (u.late + u.missing > 0) members++;
    }
    s.add([
      late + missing === 0
        ? `各${t.unit}无迟报、缺报`
        : `迟报 ${late} 份、缺报 ${missing} 份，涉及 ${members} 个${t.unit}（见“报送情况”）`,
    ]);
    s.ws.mergeCells(s.row, 1, s.row, 6);
    s.done();
    return;
  }
  s.header(['情况', '责任单位', '报送期', '应报日期', '', '']);
  const rows = status.units.flatMap((u) =>
    u.reports.filter((r) => r.state === 'late' || r.state === 'missing').map((r) => ({ unit: u.unit, ...r })),
  );
  if (rows.length === 0) s.add(['无迟报、缺报']);
  for (const r of rows) {
    s.cells([reportWord(r.state, undefined), ctx.unitName(r.unit), r.period, r.due], {
      fills: { 1: reportFill(r.state) },
    });
  }
  s.done();
}

function dedupe(ps: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.name}|${p.title}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// 排名 (a city's districts)

function rankingSheet(wb: ExcelJS.Workbook, { status, plan }: SummaryInput) {
  const t = termsOf(plan);
  const s = sheet(wb, '排名', [8, 18, 16, 10, 10, 9, 9, 9, 10, 9, 9, 9], 2);
  s.title(`${t.unit}排名（截至 ${status.asOf}；依次按一票否决的结论、完成率、迟报缺报排序）`, BOLD_FONT, 24);
  s.header([
    '排名',
    t.unit,
    '结论（一票否决）',
    '完成率',
    '考核指标',
    ...STATUS_ORDER.map((k) => STATUS_WORDS[k].label.zh),
    REPORT_STATE_WORDS.late.label.zh,
    REPORT_STATE_WORDS.missing.label.zh,
  ]);
  for (const u of [...status.units].sort((a, b) => a.rank - b.rank)) {
    const counts: Record<Status, number> = { met: 0, on_track: 0, behind: 0, at_risk: 0, failed: 0 };
    for (const i of u.indicators) counts[i.status]++;
    s.cells(
      [
        u.rank,
        u.name,
        statusLabel(u.verdict),
        u.completionRate,
        u.indicators.length,
        ...STATUS_ORDER.map((k) => counts[k]),
        u.late,
        u.missing,
      ],
      { fills: { 3: fillOf(u.verdict) }, formats: { 4: '0.0%' } },
    );
  }
  s.done();
}

// ---------------------------------------------------------------------------------------------
// 指标进度

const INDICATOR_HEADER = [
  '指标',
  '实事项目',
  '考核指标',
  '年度目标',
  '计量单位',
  '已采用进度',
  `${PROVISIONAL_WORDS.label.zh}进度`,
  '完成率',
  '应完成',
  '状态',
  '完成期限',
  '责任单位',
  '相关单位',
  '各单位完成情况',
  '进展情况',
  '备注',
];

/** A city's columns: no texts of its own (its districts wrote them), a count of districts for 相关单位. */
const memberIndicatorHeader = (t: Terms) => [
  ...INDICATOR_HEADER.slice(0, 11),
  t.lead,
  `分解${t.unit}数`,
  `各${t.unit}完成情况`,
];

function indicatorSheet(wb: ExcelJS.Workbook, { status }: SummaryInput, ctx: Context) {
  const member = ctx.terms.member;
  const widths = [6, 14, 30, 10, 8, 11, 11, 12, 10, 14, 11, 16, 20, 36, 36, 20];
  const s = sheet(wb, '指标进度', member ? [...widths.slice(0, 12), 12, 40] : widths, 2);
  s.title(`指标进度（截至 ${status.asOf}；应完成为按进度截至该日应达到的比例）`, BOLD_FONT, 24);
  s.header(member ? memberIndicatorHeader(ctx.terms) : INDICATOR_HEADER);
  const first = s.row + 1;
  for (const i of status.indicators) {
    const tail = member
      ? [i.contributions.length, contributionText(i, ctx)]
      : [
          i.relatedUnits.map(ctx.unitName).join('、'),
          contributionText(i, ctx),
          latestText(i, ctx, 'progress'),
          latestText(i, ctx, 'note'),
        ];
    s.cells(
      [
        i.id,
        ctx.pledgeName(i.pledge),
        i.name,
        i.target,
        i.unitOfMeasure || '—',
        i.reported ? i.progress : '未报送',
        i.provisionalProgress,
        i.completion,
        i.expected,
        statusLabel(i.status),
        i.deadline,
        ctx.unitName(i.mainUnit),
        ...tail,
      ],
      { fills: { 10: fillOf(i.status) }, formats: { 8: '0.0%', 9: '0.0%' } },
    );
  }
  if (status.indicators.length > 0) dataBar(s.ws, `H${first}:H${s.row}`);
  s.done();
}

function dataBar(ws: Worksheet, ref: string) {
  ws.addConditionalFormatting({
    ref,
    rules: [
      {
        type: 'dataBar',
        priority: 1,
        minLength: 0,
        maxLength: 100,
        gradient: false,
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: 1 },
        ],
        color: { argb: 'FF5B9BD5' },
      } as ExcelJS.DataBarRuleType,
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// 责任单位

function unitSheet(wb: ExcelJS.Workbook, { status }: SummaryInput, ctx: Context) {
  const t = ctx.terms;
  const s = sheet(wb, t.unit, [8, 22, t.member ? 50 : 40, 14, 10, 8, 8, 30], 2);
  s.title(`${t.unit}（截至 ${status.asOf}；一票否决：任一指标未完成即为未完成）`, BOLD_FONT, 24);
  s.header([
    '排名',
    t.unit,
    '考核指标',
    '结论',
    '完成率',
    '迟报',
    '缺报',
    t.member ? t.head : '迟报、缺报的报送期',
  ]);
  for (const u of [...status.units].sort((a, b) => a.rank - b.rank)) {
    // A city's district: each indicator with its share's figures (牵头 for the one it leads).
    const figures = (i: (typeof u.indicators)[number]) =>
      t.member ? ` ${num(i.progress)}/${num(i.target)}${i.role === 'main' ? '，牵头' : ''}` : '';
    const indicators = u.indicators
      .map(
        (i) =>
          `${i.indicator} ${ctx.indicator(i.indicator)?.name ?? ''}（${statusWord(i.status)}${figures(i)}）`,
      )
      .join('\n');
    const latePeriods = u.reports
      .filter((r) => r.state === 'late' || r.state === 'missing' || r.state === 'submitted_late')
      .map((r) => `${r.period}${REPORT_STATE_WORDS[r.state === 'missing' ? 'missing' : 'late'].text.zh}`)
      .join('、');
    s.cells(
      [
        u.rank,
        u.name,
        indicators,
        statusLabel(u.verdict),
        u.completionRate,
        u.late,
        u.missing,
        t.member ? people(ctx.head(u.unit) ? [ctx.head(u.unit)!] : []) || '—' : latePeriods || '—',
      ],
      { fills: { 4: fillOf(u.verdict) }, formats: { 5: '0.0%' } },
    );
  }
  s.done();
}

// ---------------------------------------------------------------------------------------------
// 资金

function fundingSheet(wb: ExcelJS.Workbook, { status, facts2005 }: SummaryInput, ctx: Context) {
  const t = ctx.terms;
  const s = sheet(wb, '资金', [10, 34, 14, 14, 14, 14, 14], 1);
  const counted = t.member ? `各${t.unit}已采用的报表之和` : '只计已采用的报表';
  s.title(`投入资金（万元，截至 ${status.asOf}，${counted}）`, BOLD_FONT, 24);
  s.blank();
  s.add(['按来源'], (row) => {
    row.getCell(1).font = BOLD_FONT;
  });
  s.header(['来源', '', `${status.year}年`, '占比']);
  const f = status.funding;
  const share = (x: number) => (f.total > 0 ? x / f.total : 0);
  for (const [name, value] of [
    ['上级资金', f.higher],
    [t.matching, f.district],
    ['其他', f.other],
    ['未分来源', f.unspecified],
    ['合计', f.total],
  ] as const) {
    s.cells([name, '', num(value), share(value)], { formats: { 3: '#,##0.00', 4: '0.0%' } });
  }
  if (f.total === 0) {
    s.add([t.member ? `（各${t.unit}的报表尚无已采用的投入资金）` : '（已采用的报表尚无投入资金）']);
    s.ws.mergeCells(s.row, 1, s.row, 7);
  }
  if (facts2005) {
    s.blank();
    s.add([`与${facts2005.year}年比较`], (row) => {
      row.getCell(1).font = BOLD_FONT;
    });
    s.header(['项目', '', `${facts2005.year}年`, `${status.year}年（截至 ${status.asOf}）`, '相当于上年']);
    for (const [name, before, now] of [
      ['投入资金合计', facts2005.investedWan, f.total],
      [`其中${t.matching}`, facts2005.districtMatchingWan, f.district],
    ] as const) {
      s.cells([name, '', before, num(now), before > 0 ? now / before : 0], {
        formats: { 3: '#,##0.00', 4: '#,##0.00', 5: '0.0%' },
      });
    }
  }
  s.blank();
  s.add(['按指标'], (row) => {
    row.getCell(1).font = BOLD_FONT;
  });
  s.header(['指标', '考核指标', '上级资金', t.matching, '其他', '未分来源', '合计']);
  for (const i of status.indicators) {
    const x = i.funding;
    s.cells([i.id, i.name, num(x.higher), num(x.district), num(x.other), num(x.unspecified), num(x.total)], {
      formats: { 3: '#,##0.00', 4: '#,##0.00', 5: '#,##0.00', 6: '#,##0.00', 7: '#,##0.00' },
    });
  }
  s.done();
}

// ---------------------------------------------------------------------------------------------
// 报送情况

/** The word for a unit's report of a period: 已报送/已采用/已退回/迟报/缺报/未到期. */
export const reportWord = (state: ReportState, review: ReviewState | undefined): string =>
  reportText(state, review, 'zh-CN');

function reportSheet(wb: ExcelJS.Workbook, input: SummaryInput, ctx: Context) {
  if (ctx.terms.member) {
    memberReportSheet(wb, input, ctx.terms);
    return;
  }
  const { status, plan } = input;
  const periods: Period[] = [];
  for (let p = plan.reporting.firstPeriod; p <= plan.reporting.lastPeriod; p = addMonths(p, 1))
    periods.push(p);
  const s = sheet(wb, '报送情况', [22, ...periods.map(() => 11)], 2);
  s.title(
    `报送情况（截至 ${status.asOf}；已采用=考核办已采用，已报送=待审核，迟报=已过报送日，缺报=下期也已到期）`,
    BOLD_FONT,
    24,
  );
  s.header(['责任单位', ...periods.map((p) => `${Number(p.slice(5))}月`)]);
  for (const u of status.units) {
    const byPeriod = new Map(u.reports.map((r) => [r.period, r.state]));
    const fills: Record<number, string> = {};
    const words = periods.map((p, k) => {
      const state = byPeriod.get(p);
      if (!state) return '—';
      const review = ctx.review.get(`${u.unit}|${p}`);
      fills[k + 2] = reportFill(state, review);
      return reportWord(state, review);
    });
    s.cells([u.name, ...words], { fills });
  }
  s.done();
}

/**
 * A city's 报送情况: each district's late and missing reports (its units' reports of every
 * period, as its own status counted them); the district's grid is in its own summary.
 */
function memberReportSheet(wb: ExcelJS.Workbook, { status }: SummaryInput, t: Terms) {
  const s = sheet(wb, '报送情况', [22, 14, 14, 12, 30], 2);
  s.title(`报送情况（截至 ${status.asOf}；各${t.unit}所属单位迟报、缺报的报表份数）`, BOLD_FONT, 24);
  const late = REPORT_STATE_WORDS.late.label.zh;
  const missing = REPORT_STATE_WORDS.missing.label.zh;
  s.header([t.unit, `${late}（份）`, `${missing}（份）`, '合计', '情况']);
  for (const u of status.units) {
    // 迟报: past its due day; 缺报: the next period's is due too.
    const state: ReportState = u.missing > 0 ? 'missing' : u.late > 0 ? 'late' : 'submitted';
    s.cells(
      [
        u.name,
        u.late,
        u.missing,
        u.late + u.missing,
        u.late + u.missing > 0 ? `有${reportWord(state, undefined)}` : '按时报送',
      ],
      {
        fills: { 5: state === 'submitted' ? GREEN : REPORT_FILL[state] },
      },
    );
  }
  s.done();
}

// ---------------------------------------------------------------------------------------------
// 滞后清单

function behindSheet(wb: ExcelJS.Workbook, input: SummaryInput, ctx: Context) {
  if (ctx.terms.member) {
    memberBehindSheet(wb, input, ctx);
    return;
  }
  const { status } = input;
  const s = sheet(wb, '滞后清单', [6, 26, 12, 9, 9, 16, 24, 9, 26, 26, 12], 2);
  s.title(`滞后清单（截至 ${status.asOf}；说明取自各单位最近一期报表）`, BOLD_FONT, 24);
  s.header([
    '指标',
    '考核指标',
    '状态',
    '完成率',
    '应完成',
    '责任单位',
    '第一责任人',
    '报送期',
    '滞后原因',
    '整改措施',
    '预计完成时间',
  ]);
  let any = false;
  for (const i of status.indicators) {
    if (!isBehind(i.status)) continue;
    // Split indicators: each unit behind on its own share; otherwise the main unit.
    const shares =
      i.contributions.length > 1
        ? i.contributions.filter((c) => isBehind(c.status))
        : [{ unit: i.mainUnit, status: i.status, completion: i.completion, expected: i.expected }];
    for (const c of shares.length > 0
      ? shares
      : [{ unit: i.mainUnit, status: i.status, completion: i.completion, expected: i.expected }]) {
      const latest = ctx.latestRow.get(`${i.id}|${c.unit}`);
      const e: Explanation = latest?.row.explanation ?? {};
      const who = i.responsible.filter(
        (p) => p.unit === undefined || p.unit === c.unit || c.unit === i.mainUnit,
      );
      s.cells(
        [
          i.id,
          i.name,
          statusLabel(c.status),
          c.completion,
          c.expected,
          ctx.unitName(c.unit),
          people(who.length > 0 ? who : i.responsible),
          latest?.period ?? '未报送',
          e.cause ?? '（未说明）',
          e.remedy ?? '（未说明）',
          e.expectedCompletion ?? '—',
        ],
        { fills: { 3: fillOf(c.status) }, formats: { 4: '0.0%', 5: '0.0%' } },
      );
      any = true;
    }
  }
  if (!any) s.add(['无滞后或严重滞后的指标']);
  s.done();
}

/**
 * A city's 滞后清单: every district whose share of an indicator lags (also under an indicator
 * on track as a whole: the one-vote veto judges each district on its share), and an indicator
 * behind as a whole under its lead district when no share lags. The explanations are in the
 * districts' own summaries.
 */
function memberBehindSheet(wb: ExcelJS.Workbook, { status }: SummaryInput, ctx: Context) {
  const t = ctx.terms;
  const s = sheet(wb, '滞后清单', [6, 26, 14, 9, 9, 18, 24, 11, 11, 9], 2);
  s.title(`滞后清单（截至 ${status.asOf}；各${t.unit}分担的任务滞后或严重滞后者）`, BOLD_FONT, 24);
  s.header([
    '指标',
    '考核指标',
    '状态',
    '完成率',
    '应完成',
    t.unit,
    '第一责任人',
    '任务',
    '已完成',
    '计量单位',
  ]);
  let any = false;
  for (const i of status.indicators) {
    let listed = false;
    const row = (
      unit: string,
      st: Status,
      completion: number,
      expected: number,
      target: number,
      value: number | null,
    ) => {
      const head = ctx.head(unit);
      const who = head ? [head] : i.responsible.filter((p) => p.unit === unit);
      s.cells(
        [
          i.id,
          i.name,
          statusLabel(st),
          completion,
          expected,
          ctx.unitName(unit),
          people(who) || '—',
          num(target),
          value === null ? '未报送' : num(value),
          i.unitOfMeasure || '—',
        ],
        { fills: { 3: fillOf(st) }, formats: { 4: '0.0%', 5: '0.0%' } },
      );
      listed = true;
      any = true;
    };
    for (const c of i.contributions) {
      if (isBehind(c.status)) row(c.unit, c.status, c.completion, c.expected, c.target, c.value);
    }
    if (!listed && isBehind(i.status)) {
      row(i.mainUnit, i.status, i.completion, i.expected, i.target, i.reported ? i.progress : null);
    }
  }
  if (!any) s.add([`无滞后或严重滞后的${t.unit}任务`]);
  s.done();
}

// ---------------------------------------------------------------------------------------------
// A province: thousands of districts, streamed.

export interface ProvinceDistrict {
  readonly status: DistrictStatus;
  /** The city it belongs to. */
  readonly city?: string;
}

/**
 * A province's summary, streamed row by row: 区县总览 (one row per district with its verdict)
 * and 指标进度 (district × indicator). Memory stays flat however many districts there are.
 */
export async function writeProvinceSummary(
  title: string,
  asOf: string,
  districts: Iterable<ProvinceDistrict>,
  out: string | Writable,
): Promise<{ districts: number; rows: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof out === 'string' ? { filename: out } : { stream: out }),
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Shishi';
  const overview = sheet(wb, '区县总览', [8, 18, 18, 16, 10, 8, 8, 8, 8, 8, 8, 8], 2);
  const detail = sheet(wb, '指标进度', [18, 6, 30, 10, 10, 12, 10, 14], 1);
  overview.title(`${title}（截至 ${asOf}）`, BOLD_FONT, 24);
  overview.header([
    '序号',
    '市',
    '区县',
    '结论',
    '完成率',
    ...STATUS_ORDER.map((k) => STATUS_WORDS[k].label.zh),
    REPORT_STATE_WORDS.late.label.zh,
    REPORT_STATE_WORDS.missing.label.zh,
  ]);
  detail.header(['区县', '指标', '考核指标', '年度目标', '进度', '完成率', '应完成', '状态']);
  let n = 0;
  let rows = 0;
  for (const { status: d, city } of districts) {
    n++;
    const late = d.units.reduce((a, u) => a + u.late, 0);
    const missing = d.units.reduce((a, u) => a + u.missing, 0);
    overview.cells(
      [
        n,
        city ?? '',
        d.organisation.name,
        statusLabel(d.verdict),
        d.completionRate,
        d.counts.met,
        d.counts.on_track,
        d.counts.behind,
        d.counts.at_risk,
        d.counts.failed,
        late,
        missing,
      ],
      { fills: { 4: fillOf(d.verdict) }, formats: { 5: '0.0%' } },
    );
    for (const i of d.indicators) {
      detail.cells(
        [
          d.organisation.name,
          i.id,
          i.name,
          i.target,
          i.progress,
          i.completion,
          i.expected,
          statusLabel(i.status),
        ],
        { fills: { 8: fillOf(i.status) }, formats: { 6: '0.0%', 7: '0.0%' } },
      );
      rows++;
    }
  }
  if (rows > 0) dataBar(detail.ws, `F2:F${rows + 1}`);
  await wb.commit();
  return { districts: n, rows };
}

/** `summary-2006-06-10.xlsx`-style name of the downloaded file. */
export const summaryFileName = (year: number, asOf: string) => `${year}年为民办实事进度汇总-${asOf}.xlsx`;
