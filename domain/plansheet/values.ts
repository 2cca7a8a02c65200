/**
 * The cells of a decomposition sheet as the city's staff type them: targets in the city's units
 * (`0.45` 万人, `40公里`, `85%`, `全面推行`), deadlines in words (`2007年9月底`, `上半年`),
 * and the columns the office adds in the plan workbook (第一责任人, 里程碑). Each reader has the
 * writer the plan workbook uses, so what is written reads back the same.
 */
import { daysInMonth, type IsoDate, isoDate } from '../dates';
import {
  type CellValue,
  canonicalUnit,
  isPercentFormat,
  normalizeCellText,
  type ParseError,
  parseDate,
  parseQuantity,
} from '../parse';
import { decimalFromNumber, decimalToNumber, shiftDecimal } from '../parse/decimal';
import { UNITS } from '../parse/number';
import type { IndicatorKind, Milestone, Person, Unit } from '../plan';
import { err, ok, type Result } from '../result';

/** A unit of measure as the district counts it, and the power of ten a city figure is scaled by. */
export interface Conversion {
  readonly unit: string;
  readonly powerOfTen: number;
  /** The unit is not one of the plan's known units of measure (kept as written). */
  readonly unknown: boolean;
}

const NO_UNIT = /^[-—–―－/／]*$/;

/**
 * The district's unit for a city unit: `万人` → 人 (×10⁴), `万平方米` → 平方米, `千米` → 公里;
 * `万元` stays 万元 (money is kept in 万元), `亿元` → 万元 (×10⁴); `—` or nothing → ''.
 *
 * @example baseUnit('万人') // → { unit: '人', powerOfTen: 4, unknown: false }
 */
export function baseUnit(written: string): Conversion {
  const u = normalizeCellText(written).replace(/\s+/g, '');
  if (NO_UNIT.test(u)) return { unit: '', powerOfTen: 0, unknown: false };
  const known = canonicalUnit(u);
  if (known !== undefined) return { unit: known, powerOfTen: 0, unknown: false };
  if (u === '亿元') return { unit: '万元', powerOfTen: 4, unknown: false };
  const rest = u.slice(1);
  if ((u.startsWith('万') || u.startsWith('亿')) && rest !== '' && rest !== '元') {
    const unit = canonicalUnit(rest) ?? rest;
    return { unit, powerOfTen: u.startsWith('万') ? 4 : 8, unknown: canonicalUnit(rest) === undefined };
  }
  return { unit: u, powerOfTen: 0, unknown: !(UNITS as readonly string[]).includes(u) };
}

/** `n × 10^p` without float noise: 0.003 万人 is 30 人, never 29.999999. */
export const scaled = (n: number, powerOfTen: number): number =>
  powerOfTen === 0 ? n : decimalToNumber(shiftDecimal(decimalFromNumber(n), powerOfTen));

export interface ReadTarget {
  readonly kind: IndicatorKind;
  readonly target: number;
  readonly unitOfMeasure: string;
  /** How the sheet's figures for this indicator (its split) are scaled to the unit of measure. */
  readonly conversion: Conversion;
}

/** Words of a target that is done or not done (建立 / 全面推行 / 完成 / 实现 …). */
const MILESTONE_WORDS = /(建立|建成|全面推行|推行|推广|完成|实现|落实|出台|制定|启动|开展|健全|覆盖|到位)/;
const BARE_FIGURE = /^[+-]?[\d.,]+$/;
const FIGURE_THEN_UNIT = /^[+-]?[\d.,]+ ?(.*)$/;

/**
 * Reads a 目标任务 cell with its 计量单位 and the indicator's name: the kind, the target in the
 * district's unit, and the unit of measure.
 *
 * @example readTarget('０.４５', '万人', '新增城镇就业') // → count 4500 人
 * @example readTarget('15%', '%', '…资金比上年增长') // → growth 15 %
 * @example readTarget('全面推行', '—', '…扶助制度') // → milestone 1 ''
 */
export function readTarget(
  cell: CellValue,
  uomCell: CellValue,
  name: string,
  format?: string,
): Result<ReadTarget, ParseError | undefined> {
  const text = typeof cell === 'string' ? normalizeCellText(cell) : '';
  let conversion = baseUnit(
    typeof uomCell === 'string' || typeof uomCell === 'number' ? String(uomCell) : '',
  );
  const milestone = (): Result<ReadTarget, never> =>
    ok({ kind: 'milestone', target: 1, unitOfMeasure: '', conversion: baseUnit('') });
  if (cell === null || cell === undefined || (typeof cell === 'string' && text === '')) {
    // No figure: a milestone when the indicator says what is to be done, else nothing to read.
    return MILESTONE_WORDS.test(name) && conversion.unit === '' ? milestone() : err(undefined);
  }
  if (typeof cell === 'string' && !/\d/.test(text)) {
    if (MILESTONE_WORDS.test(text) || conversion.unit === '') return milestone();
  }
  const percent =
    conversion.unit === '%' ||
    (typeof cell === 'string' && text.endsWith('%')) ||
    (typeof cell === 'number' && isPercentFormat(format));
  if (percent) {
    const q = parseQuantity(cell, { unit: '%', numberFormat: format });
    if (!q.ok) return err(q.error);
    if (q.value.kind === 'empty') return err(undefined);
    // `+15%` (as the plan workbook writes a growth target) or 增长 in the name or the cell.
    const growth = /增长/.test(name) || /增长/.test(text) || text.startsWith('+');
    return ok({
      kind: growth ? 'growth' : 'level',
      target: q.value.value.value,
      unitOfMeasure: '%',
      conversion: baseUnit('%'),
    });
  }
  if (conversion.unit === '' && typeof cell === 'string') {
    // No unit column: the unit typed after the figure (`40公里`, `0.4万人`).
    const tail = FIGURE_THEN_UNIT.exec(text)?.[1] ?? '';
    conversion = { ...baseUnit(tail.replace(/^[万亿](?=.)/, '')), powerOfTen: 0 };
  }
  const bare = typeof cell === 'number' || BARE_FIGURE.test(text);
  const q = parseQuantity(cell, { unit: conversion.unit, numberFormat: format });
  if (!q.ok) return err(q.error);
  if (q.value.kind === 'empty') return err(undefined);
  // A bare figure is in the sheet's unit (万人); a figure with its own unit or 万 is already scaled.
  const target = bare ? scaled(q.value.value.value, conversion.powerOfTen) : q.value.value.value;
  return ok({ kind: 'count', target, unitOfMeasure: conversion.unit, conversion });
}

/** Reads a figure of the split sheet (or a base) in a known conversion. */
export function readFigure(
  cell: CellValue,
  conversion: Conversion,
  format?: string,
): Result<number | undefined, ParseError> {
  const text = typeof cell === 'string' ? normalizeCellText(cell) : '';
  const q = parseQuantity(cell, { unit: conversion.unit, numberFormat: format });
  if (!q.ok) return q;
  if (q.value.kind === 'empty') return ok(undefined);
  const bare = typeof cell === 'number' || BARE_FIGURE.test(text);
  return ok(bare ? scaled(q.value.value.value, conversion.powerOfTen) : q.value.value.value);
}

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** `三` → 3, `十二` → 12, `二十` → 20, `4` → 4; undefined when not a small numeral. */
export function smallNumeral(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[一二两三四五六七八九十]{1,3}$/.test(s)) return undefined;
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? CHINESE_DIGITS[s] : undefined;
  const tens = ten === 0 ? 1 : (CHINESE_DIGITS[s.slice(0, ten)] ?? Number.NaN);
  const ones = ten === s.length - 1 ? 0 : (CHINESE_DIGITS[s.slice(ten + 1)] ?? Number.NaN);
  const n = tens * 10 + ones;
  return Number.isFinite(n) ? n : undefined;
}

const monthEnd = (y: number, m: number): IsoDate => isoDate(y, m, daysInMonth(y, m));

/**
 * A 完成时限 as written, in the plan's year unless it names its own: `2007年12月底`, `2007年9月30日`,
 * `9月底`, `年底前`, `年底`, `上半年` (06-30), `三季度末` (09-30), `2007-09-30`, an Excel date.
 * `'empty'` for a blank cell; an error for anything else.
 */
export function readDeadline(
  cell: CellValue,
  year: number,
  date1904 = false,
): Result<IsoDate | 'empty', ParseError | undefined> {
  if (cell === null || cell === undefined) return ok('empty');
  if (typeof cell === 'number') {
    const d = parseDate(cell, { date1904 });
    return d.ok ? ok(d.value.kind === 'value' ? d.value.value : 'empty') : err(d.error);
  }
  const raw = normalizeCellText(String(cell)).replace(/\s+/g, '');
  if (raw === '') return ok('empty');
  const text = raw.replace(/(以前|之前|前|为止|止)$/, '');
  const withYear = /^(?:(\d{4})年?)?(.*)$/.exec(text);
  const y = withYear?.[1] ? Number(withYear[1]) : year;
  const rest = withYear?.[2] ?? text;
  if (/^(年底|年末|底|末|全年|年内|年终)?$/.test(rest) && (rest !== '' || withYear?.[1])) {
    return ok(isoDate(y, 12, 31));
  }
  if (/^上半年(底|末)?$/.test(rest)) return ok(isoDate(y, 6, 30));
  if (/^下半年(底|末)?$/.test(rest)) return ok(isoDate(y, 12, 31));
  const quarter = /^第?([一二三四1-4])季度(底|末)?$/.exec(rest);
  if (quarter) {
    const q = smallNumeral(quarter[1] ?? '') ?? 0;
    return ok(monthEnd(y, q * 3));
  }
  const month = /^(\d{1,2}|[一二三四五六七八九十]{1,3})月(份|底|末|份底)?(?:中旬|上旬)?$/.exec(rest);
  if (month) {
    const m = smallNumeral(month[1] ?? '') ?? 0;
    if (m >= 1 && m <= 12) return ok(monthEnd(y, m));
    return err(undefined);
  }
  const d = parseDate(text, { year: y, date1904 });
  if (d.ok) return ok(d.value.kind === 'value' ? d.value.value : 'empty');
  return err(d.error);
}

/** How a deadline is written in the plan workbook: the ISO day, which reads back as itself. */
export const writeDeadline = (d: IsoDate): string => d;

/** 第一责任人: `姓名/职务/单位`, several separated by `、` (the unit only when the person has one). */
export function writePeople(people: readonly Person[], units: readonly Unit[]): string {
  return people
    .map((p) => {
      const unit = p.unit === undefined ? undefined : (units.find((u) => u.id === p.unit)?.name ?? p.unit);
      return [p.name, p.title, ...(unit === undefined ? [] : [unit])].join('/');
    })
    .join('、');
}

/** Reads what {@link writePeople} writes; `姓名` alone is a person without a title. */
export function readPeople(text: string, findUnit: (name: string) => Unit | undefined): Person[] {
  return text
    .split(/[、;；\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const [name = '', title = '', unitName] = s.split(/[/／]/).map((x) => x.trim());
      const unit = unitName ? (findUnit(unitName)?.id ?? undefined) : undefined;
      return { name, title, ...(unit === undefined ? {} : { unit }) };
    });
}

/** English labels of the usual construction steps; any other label keeps its Chinese text. */
const STEP_EN: Readonly<Record<string, string>> = {
  开工: 'start of works',
  主体完工: 'main works done',
  完工: 'works done',
  竣工: 'completed',
  验收: 'accepted',
  竣工验收: 'completion accepted',
  投入使用: 'in use',
};

/** 里程碑: `2006-06-30 开工 30%；2006-09-30 主体完工 70%`. */
export function writeMilestones(milestones: readonly Milestone[]): string {
  return milestones
    .map((m) => `${m.date} ${m.label.zh} ${decimalToNumber(shiftDecimal(decimalFromNumber(m.share), 2))}%`)
    .join('；');
}

/** Reads what {@link writeMilestones} writes; undefined when a step does not read. */
export function readMilestones(text: string, year: number): Milestone[] | undefined {
  const steps = normalizeCellText(text)
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: Milestone[] = [];
  for (const step of steps) {
    const m = /^(\S+) ?(.*?) ?([\d.]+)%$/.exec(step);
    if (!m) return undefined;
    const date = readDeadline(m[1] ?? '', year);
    if (!date.ok || date.value === 'empty') return undefined;
    const zh = (m[2] ?? '').trim();
    out.push({
      date: date.value,
      share: decimalToNumber(shiftDecimal(decimalFromNumber(Number(m[3])), -2)),
      label: { zh, en: STEP_EN[zh] ?? zh },
    });
  }
  return out;
}
