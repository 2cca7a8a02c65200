/**
 * Which plan year the add-in opens on, shared by the task pane and the custom functions: the
 * published plan whose start..end holds today, else the newest published, else (for the office,
 * who sets plans up) the newest of all. And the as-of day a status is read for by default.
 */
import type { PlanYear } from '../../api/views';
import { compareDates, type IsoDate } from '../../domain/dates';

/** `YYYY-MM-DD` of a moment in local time. */
export function isoDay(d: Date): IsoDate {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Whether a listed year has a published version (else it is only a draft). */
export const isPublished = (y: PlanYear): boolean => y.publishedVersion !== undefined;

/**
 * The year to open on, or undefined when there is none to open. `drafts`: a year with only a
 * draft may be chosen (the office completes drafts; others only see published plans).
 *
 * @example chooseYear([{ year: 2007, … publishedVersion: 1 }, { year: 2008, … }], '2007-06-03') // → the 2007 one
 */
export function chooseYear(
  years: readonly PlanYear[],
  today: IsoDate,
  options: { readonly drafts?: boolean } = {},
): PlanYear | undefined {
  const newestFirst = [...years].sort((a, b) => b.year - a.year);
  const published = newestFirst.filter(isPublished);
  return (
    published.find((y) => compareDates(y.start, today) <= 0 && compareDates(today, y.end) <= 0) ??
    published[0] ??
    (options.drafts ? newestFirst[0] : undefined)
  );
}

/**
 * The as-of day a status is read for by default: today, or the plan's end when it is over (a
 * past year read today would be all red).
 *
 * @example defaultAsOf('2026-12-02', '2006-12-31') // → '2006-12-31'
 */
export function defaultAsOf(today: IsoDate, end: IsoDate | undefined): IsoDate {
  return end !== undefined && compareDates(end, today) < 0 ? end : today;
}
