/**
 * The custom functions computed in the cell, without the network: each reads its arguments as
 * a person typed them (domain/parse), computes with domain/pacing, and answers a value or a
 * bilingual message (the caller turns it into `CustomFunctions.Error`).
 */
import { compareDates, daysBetween, type IsoDate, isoDate } from '../../domain/dates';
import { KINDS } from '../../domain/kinds';
import { classify, type Status } from '../../domain/pacing';
import { type CellValue, parseDate, parseQuantity } from '../../domain/parse';
import { DEFAULT_THRESHOLDS } from '../../domain/plan';
import { err, type LocalizedText, ok, type Result } from '../../domain/result';

export type Outcome<T> = Result<T, LocalizedText>;

const text = (zh: string, en: string): LocalizedText => ({ zh, en });

/**
 * `parseQuantityCell('0.4万人', '人')` → 4000. An empty cell is an error here: a formula asked
 * for a number.
 */
export function parseQuantityCell(cell: CellValue, unit: string): Outcome<number> {
  const r = parseQuantity(cell, { unit });
  if (!r.ok) return err(r.error.message);
  if (r.value.kind === 'empty')
    return err(text('单元格为空，没有可读取的数值', 'The cell is empty: no figure to read'));
  return ok(r.value.value.value);
}

/** A date argument: an Excel serial (1900 system) or text such as `2006-06-30`, `2006年6月30日`. */
export function dateArg(cell: CellValue, name: LocalizedText): Outcome<IsoDate> {
  const r = parseDate(cell);
  if (!r.ok) return err(text(`${name.zh}：${r.error.message.zh}`, `${name.en}: ${r.error.message.en}`));
  if (r.value.kind === 'empty') return err(text(`${name.zh}为空`, `${name.en} is empty`));
  return ok(r.value.value);
}

/** An optional date: blank → `fallback`. */
function optionalDate(cell: CellValue, name: LocalizedText, fallback: IsoDate): Outcome<IsoDate> {
  if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === ''))
    return ok(fallback);
  return dateArg(cell, name);
}

const AS_OF = text('截至日期', 'asOf');
const START = text('开始日期', 'start');
const DEADLINE = text('完成期限', 'deadline');

export interface Span {
  readonly asOf: IsoDate;
  readonly start: IsoDate;
  readonly deadline: IsoDate;
}

/** asOf, start and deadline; start defaults to 1 January, deadline to 31 December of asOf's year. */
export function span(asOf: CellValue, start?: CellValue, deadline?: CellValue): Outcome<Span> {
  const a = dateArg(asOf, AS_OF);
  if (!a.ok) return a;
  const year = Number(a.value.slice(0, 4));
  const s = optionalDate(start, START, isoDate(year, 1, 1));
  if (!s.ok) return s;
  const d = optionalDate(deadline, DEADLINE, isoDate(year, 12, 31));
  if (!d.ok) return d;
  if (compareDates(s.value, d.value) >= 0) {
    return err(
      text(
        `开始日期 ${s.value} 必须早于完成期限 ${d.value}`,
        `The start ${s.value} must be before the deadline ${d.value}`,
      ),
    );
  }
  return ok({ asOf: a.value, start: s.value, deadline: d.value });
}

/**
 * The linear share expected by the end of `asOf` — domain/pacing `expectedShare` for an
 * indicator without a schedule or milestones: 0 before the start, 1 from the deadline.
 *
 * @example linearShare({ asOf: '2006-07-02', start: '2006-01-01', deadline: '2006-12-31' }) // → 0.5
 */
export function linearShare(s: Span): number {
  return Math.min(1, Math.max(0, daysBetween(s.start, s.asOf) / daysBetween(s.start, s.deadline)));
}

function numberArg(x: CellValue, name: LocalizedText): Outcome<number> {
  if (typeof x === 'number' && Number.isFinite(x)) return ok(x);
  if (typeof x === 'string' && x.trim() !== '') {
    const r = parseQuantity(x, { unit: '' });
    if (r.ok && r.value.kind === 'value') return ok(r.value.value.value);
  }
  return err(text(`${name.zh}必须是数字`, `${name.en} must be a number`));
}

const TARGET = text('目标值', 'target');
const PROGRESS = text('进度', 'progress');

function targetArg(x: CellValue): Outcome<number> {
  const t = numberArg(x, TARGET);
  if (!t.ok) return t;
  if (t.value <= 0) return err(text('目标值必须大于 0', 'The target must be above 0'));
  return t;
}

/** `expectedValue(1200, '2006-07-02')` → 600: the figure expected by that day, linearly. */
export function expectedValue(target: CellValue, asOf: CellValue, start?: CellValue, deadline?: CellValue) {
  const t = targetArg(target);
  if (!t.ok) return t;
  const s = span(asOf, start, deadline);
  if (!s.ok) return s;
  return ok(t.value * linearShare(s.value));
}

/** `completion(300, 1200)` → 0.25 (a fall counts as 0, as domain/pacing `completionOf` does). */
export function completion(progress: CellValue, target: CellValue): Outcome<number> {
  const p = numberArg(progress, PROGRESS);
  if (!p.ok) return p;
  const t = targetArg(target);
  if (!t.ok) return t;
  return ok(KINDS.count.completion(p.value, t.value));
}

/** The status of a progress figure against a linear pace, with the default thresholds. */
export function pace(
  progress: CellValue,
  target: CellValue,
  asOf: CellValue,
  start?: CellValue,
  deadline?: CellValue,
): Outcome<Status> {
  const c = completion(progress, target);
  if (!c.ok) return c;
  const s = span(asOf, start, deadline);
  if (!s.ok) return s;
  const past = compareDates(s.value.asOf, s.value.deadline) >= 0;
  return ok(classify(c.value, linearShare(s.value), DEFAULT_THRESHOLDS, past));
}
