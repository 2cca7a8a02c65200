/**
 * Which plan year to work on when none is chosen, and the as-of day to see it at: one rule for
 * the CLI, the task pane and the server. Pure.
 */
import type { IsoDate } from '../domain/dates';
import { compareDates } from '../domain/dates';
import type { PlanYear } from './views';

/** Whether a listed year has a published version (else it is only a draft). */
export const isPublished = (y: PlanYear): boolean => y.publishedVersion !== undefined;

/**
 * The year a client works on until one is chosen (the CLI without `--year`, the pane, the
 * custom functions, the server for a workbook that names none): the published plan whose
 * start..end contains today, else the newest published plan, else — unless `drafts` is false, as
 * for the people who only see published plans — the newest plan.
 *
 * @example defaultPlanYear([{ year: 2007, … }, { year: 2006, publishedVersion: 1, … }], '2026-12-02') // → the 2006 entry
 */
export function defaultPlanYear(
  years: readonly PlanYear[],
  today: IsoDate,
  options: { readonly drafts?: boolean } = {},
): PlanYear | undefined {
  const newestFirst = [...years].sort((a, b) => b.year - a.year);
  const published = newestFirst.filter(isPublished);
  return (
    published.find((y) => compareDates(y.start, today) <= 0 && compareDates(today, y.end) <= 0) ??
    published[0] ??
    (options.drafts === false ? undefined : newestFirst[0])
  );
}

/**
 * The as-of day when none is given: the earlier of today and the plan's end, so a past year is
 * seen as it ended rather than all overdue; today when no plan is known.
 *
 * @example defaultAsOf('2007-12-31', '2026-12-02') // → '2007-12-31'
 */
export const defaultAsOf = (end: IsoDate | undefined, today: IsoDate): IsoDate =>
  end === undefined || compareDates(today, end) <= 0 ? today : end;
