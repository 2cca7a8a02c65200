/**
 * Recognising the city's 目标任务分解表 (or the plan workbook the office exported and completed)
 * in a plain grid, as `domain/worksheet` recognises the progress table: the table is found by its
 * header texts with synonyms, one header row or two merged ones, never by fixed addresses. Title
 * and note rows are skipped; pledges come from their own column or from group rows (`一、扩大就业`);
 * a second sheet may split targets among townships. Every problem is a finding with its cell.
 *
 * `recognisePlanSheet(grid, context)` → `{ plan, findings }`; the plan is a draft: the office still
 * names the first responsible persons (validatePlan's `plan.noResponsible` at publish).
 */
import { compareDates, type IsoDate, isIsoDate, isoDate, isValidYmd, periodOf } from '../dates';
import { KINDS } from '../kinds';
import { type CellValue, normalizeCellText, type ParseError } from '../parse';
import {
  DEFAULT_THRESHOLDS,
  type Indicator,
  type Milestone,
  type Person,
  type Plan,
  type Pledge,
  type SubTarget,
  type Unit,
  type UnitId,
} from '../plan';
import type { LocalizedText } from '../result';
import { cellAddress } from '../worksheet/address';
import { cellText, type GridCell, SheetIndex, type WorkbookGrid } from '../worksheet/grid';
import { headerKey, METADATA_SHEET } from '../worksheet/recognise';
import type { PlanFinding, PlanSheetCode, PlanSheetContext } from './types';
import { ALL_TOWNSHIPS, UnitMatcher } from './units';
import {
  baseUnit,
  type Conversion,
  readDeadline,
  readFigure,
  readMilestones,
  readPeople,
  readTarget,
  smallNumeral,
} from './values';

/** What A1 of the plan workbook's `_shishi` sheet says. */
export const PLAN_WORKBOOK_MARK = 'shishi-plan';

type MainField =
  | 'seq'
  | 'pledge'
  | 'name'
  | 'uom'
  | 'target'
  | 'main'
  | 'related'
  | 'deadline'
  | 'responsible'
  | 'base'
  | 'baseUnit'
  | 'milestones';

/** The header texts of each column (after `headerKey`: no spaces, no bracketed unit). */
export const PLAN_HEADERS: Readonly<Record<MainField, readonly string[]>> = {
  seq: ['序号', '编号', '指标编号', '序'],
  pledge: ['实事项目', '实事名称', '实事', '项目名称', '项目'],
  name: ['考核指标', '考核内容', '指标名称', '指标', '目标任务内容', '具体内容'],
  uom: ['计量单位', '单位'],
  target: ['目标任务', '年度目标', '任务数', '数量', '目标', '全年目标', '目标数'],
  main: ['主要责任单位', '牵头单位', '责任单位', '主责单位', '主办单位'],
  related: ['相关责任单位', '配合单位', '协办单位', '相关单位', '协助单位'],
  deadline: ['完成时限', '时间要求', '完成时间', '完成期限', '时限'],
  responsible: ['第一责任人', '责任人'],
  base: ['上年基数', '基数'],
  baseUnit: ['基数单位'],
  milestones: ['里程碑', '节点计划', '节点'],
};

type SplitField = 'id' | 'name' | 'unit' | 'target' | 'uom';

const SPLIT_HEADERS: Readonly<Record<SplitField, readonly string[]>> = {
  id: ['指标编号', '序号', '编号'],
  name: ['考核指标', '指标名称', '指标', '考核内容'],
  unit: ['乡镇', '乡镇街道', '乡镇名称', '分解单位', '责任单位', '单位名称', '街道', '镇街'],
  target: ['分解任务', '分解目标', '分解数', '分解任务数', '任务数', '目标任务', '年度目标'],
  uom: ['计量单位'],
};

const GROUP_ROW = /^([一二两三四五六七八九十]{1,3})\s*[、.．,，]\s*(.+)$/;
const NOTE_ROW = /^(注|备注|说明|附注)\s*[:：]|^注[0-9一二三四五六七八九十]/;
const FOOTER_ROW = /^(填表人|制表人|审核人|联系电话|负责人|填报人|单位负责人)/;
const TOTAL_ROW = /^(合计|总计|小计)$/;
const INDICATOR_ID = /^(\d+)[.．](\d+)$/;
const HEADER_SCAN_ROWS = 30;

function matchField<F extends string>(
  table: Readonly<Record<F, readonly string[]>>,
  key: string,
): F | undefined {
  if (key === '') return undefined;
  for (const [f, names] of Object.entries(table) as [F, readonly string[]][])
    if (names.includes(key)) return f;
  return undefined;
}

interface Table<F extends string> {
  readonly headerRow: number;
  readonly dataStart: number;
  readonly columns: ReadonlyMap<F, number>;
}

/**
 * The columns of a header at row `h`: a second header row counts when it holds header texts of
 * its own (考核内容 / 数量 / 单位 under a merged 具体目标), and its text then wins over the merged one.
 */
function columnsAt<F extends string>(
  sheet: SheetIndex,
  h: number,
  table: Readonly<Record<F, readonly string[]>>,
): Table<F> {
  const cols = new Set<number>();
  for (const c of sheet.rowCells(h)) cols.add(c.col);
  for (const c of sheet.rowCells(h + 1)) cols.add(c.col);
  for (const m of sheet.merges) {
    if (m.top === h) for (let c = m.left; c <= m.right && c - m.left < 100; c++) cols.add(c);
  }
  // A title row above the header is not a header of its own: the top row needs headers too.
  const topFields = sheet.rowCells(h).filter((c) => matchField(table, headerKey(c.value)) !== undefined);
  const second =
    topFields.length >= 2 &&
    sheet
      .rowCells(h + 1)
      .some((c) => typeof c.value === 'string' && matchField(table, headerKey(c.value)) !== undefined);
  const columns = new Map<F, number>();
  for (const c of [...cols].sort((a, b) => a - b)) {
    const top = headerKey(sheet.value(h, c));
    const below = second ? headerKey(sheet.value(h + 1, c)) : '';
    const f = (below !== top ? matchField(table, below) : undefined) ?? matchField(table, top);
    if (f && !columns.has(f)) columns.set(f, c);
  }
  return { headerRow: h, dataStart: second ? h + 2 : h + 1, columns };
}

function findTable<F extends string>(
  sheet: SheetIndex,
  table: Readonly<Record<F, readonly string[]>>,
  accept: (columns: ReadonlyMap<F, number>) => boolean,
): Table<F> | undefined {
  let best: Table<F> | undefined;
  for (const r of sheet.rows.slice(0, HEADER_SCAN_ROWS)) {
    const t = columnsAt(sheet, r, table);
    if (t.columns.size >= 3 && accept(t.columns) && (!best || t.columns.size > best.columns.size)) best = t;
  }
  return best;
}

/** Names as the domain spells them: straight quotes (`“低保”` → `"低保"`), NFKC, one space. */
const foldName = (v: CellValue): string =>
  normalizeCellText(cellText(v))
    .replace(/[“”＂]/g, '"')
    .replace(/[‘’]/g, "'");

const isBlank = (v: CellValue): boolean => cellText(v) === '';

/** Separators between unit names in one cell. */
const UNIT_LIST = /[、，,；;\s]+/;

interface Meta {
  readonly year?: number;
  readonly start?: IsoDate;
  readonly dueDay?: number;
}

/** The plan workbook's hidden `_shishi` sheet: `shishi-plan` in A1, then key / value rows. */
function readMeta(grid: WorkbookGrid): Meta {
  const sheet = grid.sheets.find((s) => s.name === METADATA_SHEET);
  if (!sheet) return {};
  const ix = new SheetIndex(sheet);
  if (cellText(ix.value(1, 1)) !== PLAN_WORKBOOK_MARK) return {};
  const meta: { year?: number; start?: IsoDate; dueDay?: number } = {};
  for (const r of ix.rows) {
    const key = cellText(ix.value(r, 1));
    const v = cellText(ix.value(r, 2));
    if (key === 'year' && /^\d{4}$/.test(v)) meta.year = Number(v);
    if (key === 'start' && isIsoDate(v)) meta.start = v;
    if (key === 'dueDay' && /^\d{1,2}$/.test(v)) meta.dueDay = Number(v);
  }
  return meta;
}

const text = (zh: string, en: string): LocalizedText => ({ zh, en });

/** A parse error's own words after ours, when there is one. */
const because = (e: ParseError | undefined): LocalizedText =>
  e ? { zh: `：${e.message.zh}`, en: `: ${e.message.en}` } : { zh: '', en: '' };

interface Draft {
  indicator: Indicator;
  conversion: Conversion;
  targetCell: string;
}

/**
 * Reads a decomposition sheet into a draft plan. Pure.
 *
 * @example recognisePlanSheet(grid, { organisation, units }).plan.indicators[0]?.target // → 4000
 */
export function recognisePlanSheet(
  grid: WorkbookGrid,
  context: PlanSheetContext,
): { plan: Plan; findings: PlanFinding[] } {
  const findings: PlanFinding[] = [];
  const add = (
    severity: PlanFinding['severity'],
    code: PlanSheetCode,
    message: LocalizedText,
    more: { cell?: string; field?: string; indicator?: string } = {},
  ) => findings.push({ severity, code, ...more, message });
  const date1904 = grid.date1904 === true;
  const meta = readMeta(grid);
  const visible = grid.sheets.filter((s) => !s.hidden).map((s) => new SheetIndex(s));

  let found: { sheet: SheetIndex; table: Table<MainField> } | undefined;
  for (const sheet of visible) {
    const t = findTable(sheet, PLAN_HEADERS, (c) => c.has('name') && c.has('target'));
    if (t && (!found || t.columns.size > found.table.columns.size)) found = { sheet, table: t };
  }

  const title = found ? titleAbove(found.sheet, found.table.headerRow) : '';
  const titleYear = /((?:19|20)\d{2})\s*年/.exec(title)?.[1];
  const year = context.year ?? meta.year ?? (titleYear ? Number(titleYear) : undefined);
  if (year === undefined) {
    add(
      'error',
      'plansheet.yearMissing',
      text(
        '无法确定计划年度：请选择年度，或在表格标题中写明（如“2007年”）',
        'The plan year is not known: choose it, or give it in the title (e.g. 2007年)',
      ),
      { field: 'year' },
    );
  }
  const y = year ?? 0;
  const matcher = new UnitMatcher(context.units);
  const drafts: Draft[] = [];
  const pledges: Pledge[] = [];

  if (!found) {
    add(
      'error',
      'plansheet.tableNotFound',
      text(
        '未找到目标任务分解表：需要“考核指标”和“目标任务”等表头',
        'No decomposition table found: it needs headers such as 考核指标 and 目标任务',
      ),
    );
  } else {
    readMainTable(found.sheet, found.table, y, date1904, matcher, drafts, pledges, add);
    const mainSheet = found.sheet;
    for (const sheet of visible) {
      if (sheet !== mainSheet) readSplitSheet(sheet, drafts, matcher, add);
    }
  }

  const indicators = drafts.map((d) => d.indicator);
  const used = new Set<UnitId>();
  for (const i of indicators) {
    used.add(i.mainUnit);
    for (const u of i.relatedUnits) used.add(u);
    for (const s of i.subTargets ?? []) used.add(s.unit);
  }
  const units: Unit[] = [...context.units.filter((u) => used.has(u.id)), ...matcher.created];
  const given = meta.start ?? (found ? startInNotes(found.sheet, found.table.headerRow) : undefined);
  const start: IsoDate = given?.startsWith(`${y}-`) ? given : isoDate(y, 1, 1);
  const yearEnd = isoDate(y, 12, 31);
  const deadlines = indicators
    .map((i) => i.deadline)
    .filter((d) => isIsoDate(d) && compareDates(d, start) > 0);
  const end = deadlines.length ? deadlines.reduce((a, b) => (compareDates(a, b) >= 0 ? a : b)) : yearEnd;
  const plan: Plan = {
    year: y,
    organisation: context.organisation,
    title,
    start,
    end,
    pledges,
    indicators,
    units,
    reporting: {
      cadence: 'monthly',
      dueDay: meta.dueDay ?? 5,
      firstPeriod: periodOf(start),
      lastPeriod: periodOf(end),
    },
    thresholds: DEFAULT_THRESHOLDS,
  };
  return { plan, findings };
}

type Add = (
  severity: PlanFinding['severity'],
  code: PlanSheetCode,
  message: LocalizedText,
  more?: { cell?: string; field?: string; indicator?: string },
) => void;

/** `自2007年3月1日起执行`, `2007年3月1日下达` in the title or a note: the day the plan starts. */
function startInNotes(sheet: SheetIndex, headerRow: number): IsoDate | undefined {
  for (const r of sheet.rows) {
    const first = firstContent(sheet.rowCells(r));
    const line = first ? normalizeCellText(cellText(first.value)) : '';
    if (r >= headerRow && !NOTE_ROW.test(line)) continue;
    const m = /(\d{4})年(\d{1,2})月(\d{1,2})日(?:起|下达|印发|开始)/.exec(line);
    if (m && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))) {
      return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }
  }
  return undefined;
}

/** The title: the first text above the header (`××市2007年为民办8件实事目标任务分解表(××区)`). */
function titleAbove(sheet: SheetIndex, headerRow: number): string {
  for (const r of sheet.rows) {
    if (r >= headerRow) break;
    const c = sheet.rowCells(r).find((x) => !isBlank(x.value));
    if (c) return normalizeCellText(cellText(c.value));
  }
  return '';
}

const firstContent = (cells: readonly GridCell[]): GridCell | undefined =>
  cells.find((c) => !isBlank(c.value));

/**
 * A unit's id by its name in a cell: one of the organisation's, or a new unit with a warning
 * at that cell (the main table and the split sheet name units alike).
 */
function unitResolver(
  matcher: UnitMatcher,
  add: Add,
  at: (r: number, c: number) => string,
): (name: string, r: number, c: number) => UnitId {
  return (name, r, c) => {
    const { unit, isNew } = matcher.resolve(name);
    if (isNew) {
      add(
        'warning',
        'plansheet.unitNew',
        text(
          `“${unit.name}”不在本级单位名单中，将作为新单位加入`,
          `"${unit.name}" is not among the organisation's units; it is added as a new unit`,
        ),
        { cell: at(r, c) },
      );
    }
    return unit.id;
  };
}

function readMainTable(
  sheet: SheetIndex,
  table: Table<MainField>,
  year: number,
  date1904: boolean,
  matcher: UnitMatcher,
  drafts: Draft[],
  pledges: Pledge[],
  add: Add,
): void {
  const col = (f: MainField) => table.columns.get(f);
  const at = (r: number, c: number) => cellAddress(sheet.name, r, c);
  for (const [f, zh, en] of [
    ['main', '主要责任单位', 'main unit'],
    ['deadline', '完成时限', 'deadline'],
  ] as const) {
    if (col(f) === undefined) {
      add(
        'warning',
        'plansheet.columnMissing',
        text(`表中没有“${zh}”列`, `The table has no ${zh} (${en}) column`),
        { cell: at(table.headerRow, 1) },
      );
    }
  }
  const newUnit = unitResolver(matcher, add, at);

  let group: Pledge | undefined;
  let lastPledgeName = '';
  const perPledge = new Map<string, number>();
  const pledgeByName = (name: string, idHint: string | undefined): Pledge => {
    const existing = pledges.find((p) => p.name === name);
    if (existing) return existing;
    const taken = (id: string) => pledges.some((p) => p.id === id);
    const id = idHint && !taken(idHint) ? idHint : String(pledges.length + 1);
    const p = { id, name };
    pledges.push(p);
    return p;
  };

  for (const r of sheet.rows) {
    if (r < table.dataStart) continue;
    const own = sheet.rowCells(r);
    const first = firstContent(own);
    if (!first) continue;
    const firstText = normalizeCellText(cellText(first.value));
    if (NOTE_ROW.test(firstText) || FOOTER_ROW.test(firstText)) continue;
    const value = (f: MainField): CellValue => {
      const c = col(f);
      return c === undefined ? undefined : sheet.value(r, c);
    };
    const g = GROUP_ROW.exec(firstText);
    if (g && isBlank(own.find((c) => c.col === col('target'))?.value)) {
      const n = smallNumeral(g[1] ?? '');
      group = { id: String(n ?? pledges.length + 1), name: foldName(g[2]) };
      if (!pledges.some((p) => p.id === group?.id)) pledges.push(group);
      continue;
    }
    const name = foldName(value('name'));
    const seq = normalizeCellText(cellText(value('seq')));
    if (TOTAL_ROW.test(seq) || TOTAL_ROW.test(name)) continue;
    if (name === '') {
      add(
        'warning',
        'plansheet.rowIgnored',
        text('此行没有考核指标，未读取', 'This row names no indicator and was not read'),
        { cell: at(r, first.col) },
      );
      continue;
    }
    const idMatch = INDICATOR_ID.exec(seq);
    let pledge: Pledge;
    if (group) pledge = group;
    else {
      const pledgeName = foldName(value('pledge')) || (col('pledge') !== undefined ? lastPledgeName : '');
      lastPledgeName = pledgeName;
      pledge = pledgeByName(pledgeName || name, idMatch?.[1]);
    }
    const nth = (perPledge.get(pledge.id) ?? 0) + 1;
    perPledge.set(pledge.id, nth);
    const id = idMatch ? `${idMatch[1]}.${idMatch[2]}` : `${pledge.id}.${nth}`;
    const index = drafts.length;
    const field = (f: string) => `indicators[${index}].${f}`;

    const targetCol = col('target') ?? 1;
    const targetCell = sheet.cell(r, targetCol);
    const read = readTarget(targetCell?.value, value('uom'), name, targetCell?.format);
    let kind: Indicator['kind'] = 'count';
    let target = 0;
    let unitOfMeasure = '';
    let conversion: Conversion = baseUnit('');
    if (read.ok) {
      ({ kind, target, unitOfMeasure, conversion } = read.value);
      if (conversion.unknown) {
        add(
          'warning',
          'plansheet.unitOfMeasureUnknown',
          text(
            `计量单位“${unitOfMeasure}”不是常用单位，按原样保留`,
            `Unit of measure "${unitOfMeasure}" is not a usual one; it is kept as written`,
          ),
          { cell: at(r, col('uom') ?? targetCol), field: field('unitOfMeasure'), indicator: id },
        );
      }
    } else {
      const why = because(read.error);
      add(
        'error',
        'plansheet.numberInvalid',
        text(
          `指标 ${id} 的目标任务无法读取${why.zh}`,
          `The target of indicator ${id} does not read${why.en}`,
        ),
        { cell: at(r, targetCol), field: field('target'), indicator: id },
      );
    }

    const mainNames = cellText(value('main')).split(UNIT_LIST).filter(Boolean);
    const mainCol = col('main') ?? 1;
    const mainUnit = mainNames[0] ? newUnit(mainNames[0], r, mainCol) : '';
    const related: UnitId[] = mainNames.slice(1).map((n) => newUnit(n, r, mainCol));
    const relatedCol = col('related') ?? 1;
    for (const n of cellText(value('related')).split(UNIT_LIST).filter(Boolean)) {
      if (ALL_TOWNSHIPS.test(normalizeCellText(n))) related.push(...matcher.townships().map((u) => u.id));
      else related.push(newUnit(n, r, relatedCol));
    }
    const relatedUnits = [...new Set(related)].filter((u) => u !== mainUnit);

    const deadlineCol = col('deadline') ?? 1;
    const d = readDeadline(value('deadline'), year, date1904);
    let deadline: IsoDate = isoDate(year, 12, 31);
    if (d.ok) {
      if (d.value !== 'empty') deadline = d.value;
    } else {
      const why = because(d.error);
      add(
        'error',
        'plansheet.deadlineInvalid',
        text(
          `指标 ${id} 的完成时限“${cellText(value('deadline'))}”无法读取${why.zh}`,
          `The deadline "${cellText(value('deadline'))}" of indicator ${id} does not read${why.en}`,
        ),
        { cell: at(r, deadlineCol), field: field('deadline'), indicator: id },
      );
    }

    const responsible: Person[] = readPeople(cellText(value('responsible')), (n) => matcher.find(n));
    const extra: { base?: number; baseUnit?: string; milestones?: readonly Milestone[] } = {};
    const baseCol = col('base');
    if (baseCol !== undefined && !isBlank(value('base'))) {
      const written = normalizeCellText(cellText(value('baseUnit')));
      const b = readFigure(value('base'), baseUnit(written), sheet.cell(r, baseCol)?.format);
      if (b.ok && b.value !== undefined) {
        extra.base = b.value;
        if (written !== '') extra.baseUnit = baseUnit(written).unit;
      } else if (!b.ok) {
        const why = because(b.error);
        add(
          'error',
          'plansheet.numberInvalid',
          text(
            `指标 ${id} 的上年基数无法读取${why.zh}`,
            `Last year's base of indicator ${id} does not read${why.en}`,
          ),
          { cell: at(r, baseCol), field: field('base'), indicator: id },
        );
      }
    }
    if (kind === 'growth' && extra.base === undefined) {
      add(
        'warning',
        'plansheet.baseMissing',
        text(
          `增长类指标 ${id} 需要上年基数（上年的金额或数量），请补填`,
          `Growth indicator ${id} needs last year's base amount; please add it`,
        ),
        { cell: at(r, baseCol ?? targetCol), field: field('base'), indicator: id },
      );
    }
    const milestonesCol = col('milestones');
    const milestonesText = cellText(value('milestones'));
    if (milestonesCol !== undefined && milestonesText !== '') {
      const m = readMilestones(milestonesText, year);
      if (m) extra.milestones = m;
      else {
        add(
          'error',
          'plansheet.milestonesInvalid',
          text(
            `指标 ${id} 的里程碑无法读取：应写作“2006-06-30 开工 30%；2006-09-30 主体完工 70%”`,
            `The milestones of indicator ${id} do not read: write them as "2006-06-30 开工 30%；2006-09-30 主体完工 70%"`,
          ),
          { cell: at(r, milestonesCol), field: field('milestones'), indicator: id },
        );
      }
    }

    drafts.push({
      indicator: {
        id,
        pledge: pledge.id,
        name,
        unitOfMeasure,
        kind,
        target,
        ...extra,
        deadline,
        mainUnit,
        relatedUnits,
        responsible,
      },
      conversion,
      targetCell: at(r, targetCol),
    });
  }
}

interface Split {
  readonly subs: SubTarget[];
  lastCell: string;
  totalCell?: string;
}

/** A sheet that splits targets among townships: the long form or a matrix of indicator ids. */
function readSplitSheet(sheet: SheetIndex, drafts: Draft[], matcher: UnitMatcher, add: Add): void {
  const at = (r: number, c: number) => cellAddress(sheet.name, r, c);
  const byId = new Map(drafts.map((d) => [d.indicator.id, d]));
  const byName = new Map(drafts.map((d) => [d.indicator.name, d]));
  const splits = new Map<Draft, Split>();
  const unitOf = unitResolver(matcher, add, at);
  const record = (
    d: Draft,
    unit: UnitId,
    cell: CellValue,
    format: string | undefined,
    conv: Conversion,
    where: string,
  ) => {
    const v = readFigure(cell, conv, format);
    if (!v.ok) {
      const why = because(v.error);
      add(
        'error',
        'plansheet.numberInvalid',
        text(
          `指标 ${d.indicator.id} 的分解任务无法读取${why.zh}`,
          `A sub-target of indicator ${d.indicator.id} does not read${why.en}`,
        ),
        { cell: where, indicator: d.indicator.id },
      );
      return;
    }
    if (v.value === undefined) return;
    const s = splits.get(d) ?? { subs: [], lastCell: where };
    s.subs.push({ unit, target: v.value });
    s.lastCell = where;
    splits.set(d, s);
  };
  const total = (d: Draft, where: string) => {
    const s = splits.get(d) ?? { subs: [], lastCell: where };
    s.totalCell = where;
    splits.set(d, s);
  };
  const unknown = (label: string, where: string) =>
    add(
      'error',
      'plansheet.splitUnknownIndicator',
      text(
        `乡镇分解表“${sheet.name}”中的指标“${label}”不在目标任务表中`,
        `Sheet "${sheet.name}" splits indicator "${label}", which is not in the decomposition table`,
      ),
      { cell: where },
    );

  const long = findTable(
    sheet,
    SPLIT_HEADERS,
    (c) => c.has('unit') && c.has('target') && (c.has('id') || c.has('name')),
  );
  if (long) {
    const col = (f: SplitField) => long.columns.get(f);
    let current: Draft | undefined;
    for (const r of sheet.rows) {
      if (r < long.dataStart) continue;
      const v = (f: SplitField): CellValue => {
        const c = col(f);
        return c === undefined ? undefined : sheet.value(r, c);
      };
      const idText = normalizeCellText(cellText(v('id')));
      const nameText = foldName(v('name'));
      const first = firstContent(sheet.rowCells(r));
      if (!first || NOTE_ROW.test(cellText(first.value)) || FOOTER_ROW.test(cellText(first.value))) continue;
      if (idText !== '' || nameText !== '') {
        const d = byId.get(idText) ?? byName.get(nameText);
        if (!d && !TOTAL_ROW.test(idText) && !TOTAL_ROW.test(nameText)) {
          unknown(idText || nameText, at(r, col('id') ?? col('name') ?? 1));
          current = undefined;
          continue;
        }
        if (d) current = d;
      }
      const unitCol = col('unit') ?? 1;
      const targetCol = col('target') ?? 1;
      const unitName = normalizeCellText(cellText(v('unit')));
      if (!current) continue;
      if (TOTAL_ROW.test(unitName) || TOTAL_ROW.test(idText) || TOTAL_ROW.test(nameText)) {
        total(current, at(r, targetCol));
        continue;
      }
      if (unitName === '' || matchField(SPLIT_HEADERS, headerKey(unitName))) continue;
      const uom = normalizeCellText(cellText(v('uom')));
      const conv = uom === '' ? current.conversion : baseUnit(uom);
      record(
        current,
        unitOf(unitName, r, unitCol),
        v('target'),
        sheet.cell(r, targetCol)?.format,
        conv,
        at(r, targetCol),
      );
    }
  } else {
    // A matrix: one column per indicator (its id, or its name, as header), one row per township.
    let header: { row: number; columns: Map<number, Draft> } | undefined;
    for (const r of sheet.rows.slice(0, HEADER_SCAN_ROWS)) {
      const columns = new Map<number, Draft>();
      for (const c of sheet.rowCells(r)) {
        const d = byId.get(normalizeCellText(cellText(c.value))) ?? byName.get(foldName(c.value));
        if (d) columns.set(c.col, d);
      }
      if (columns.size > 0 && (!header || columns.size > header.columns.size)) header = { row: r, columns };
    }
    if (!header) return;
    const firstIndicatorCol = Math.min(...header.columns.keys());
    const heads = sheet.rowCells(header.row).filter((c) => c.col < firstIndicatorCol);
    const unitCol =
      heads.find((c) => matchField(SPLIT_HEADERS, headerKey(c.value)) === 'unit')?.col ??
      heads.filter((c) => matchField(SPLIT_HEADERS, headerKey(c.value)) !== 'id').at(-1)?.col ??
      firstIndicatorCol - 1;
    if (unitCol < 1) return;
    for (const r of sheet.rows) {
      if (r <= header.row) continue;
      const unitName = normalizeCellText(cellText(sheet.value(r, unitCol)));
      if (unitName === '' || NOTE_ROW.test(unitName) || FOOTER_ROW.test(unitName)) continue;
      if (matchField(SPLIT_HEADERS, headerKey(unitName))) continue;
      const isTotal = TOTAL_ROW.test(unitName);
      const unit = isTotal ? '' : unitOf(unitName, r, unitCol);
      for (const [c, d] of header.columns) {
        if (isTotal) total(d, at(r, c));
        else record(d, unit, sheet.value(r, c), sheet.cell(r, c)?.format, d.conversion, at(r, c));
      }
    }
  }

  for (const [d, s] of splits) {
    if (s.subs.length === 0) continue;
    const i = drafts.indexOf(d);
    const ind = d.indicator;
    const sum = s.subs.reduce((x, y) => x + y.target, 0);
    const each = KINDS[ind.kind].subTargets === 'each';
    const odd = each ? s.subs.find((x) => x.target !== ind.target) : undefined;
    const off = each ? odd !== undefined : Math.abs(sum - ind.target) > 1e-9 * Math.max(1, ind.target);
    if (off) {
      const found = each ? (odd?.target ?? 0) : Math.round(sum * 1e6) / 1e6;
      add(
        'error',
        'plansheet.splitMismatch',
        each
          ? text(
              `乡镇分解表“${sheet.name}”中指标 ${ind.id} 的分解任务 ${found} 应与目标 ${ind.target} 相同`,
              `In sheet "${sheet.name}", a sub-target of indicator ${ind.id} is ${found}, not the target ${ind.target}`,
            )
          : text(
              `乡镇分解表“${sheet.name}”中指标 ${ind.id} 各单位分解任务之和为 ${found}，与目标任务 ${ind.target} 不符`,
              `In sheet "${sheet.name}", the sub-targets of indicator ${ind.id} add up to ${found}, not the target ${ind.target}`,
            ),
        { cell: s.totalCell ?? s.lastCell, field: `indicators[${i}].subTargets`, indicator: ind.id },
      );
    }
    d.indicator = { ...ind, subTargets: [...(ind.subTargets ?? []), ...s.subs] };
  }
}
