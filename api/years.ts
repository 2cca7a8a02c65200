/**
 * Which plan year to work on when none is chosen, and the as-of day to see it at: one rule for
 * the CLI, the task pane and the server. Pure.
 */
import type { IsoDate } from '../domain/dates';
import { compareDates } from '../domain/dates';
import type { PlanYear } from './views';

/**
 * The year a client works on until one is chosen (the CLI without `--year`, the pane, the
 * server for a workbook that names none): the published plan whose start..end contains
 * today, else the newest published plan, else the newest plan (`years` newest first, as
 * GET /v1/plans answers).
 *
 * @example defaultPlanYear([{ year: 2007, … }, { year: 2006, publishedVersion: 1, … }], '2026-12-02') // → the 2006 entry
 */
export function defaultPlanYear(years: readonly PlanYear[], today: IsoDate): PlanYear | undefined {
  const published = years.filter((y) => y.publishedVersion !== undefined);
  return (
    published.find((y) => compareDates(y.start, today) <= 0 && compareDates(today, y.end) <= 0) ??
    published[0] ??
    years[0]
  );
}

/**
 * The as-of day when none is given: the earlier of today and the plan's end, so a past year is
 * seen as it ended rather than all overdue.
 *
 * @example defaultAsOf('2007-12-31', '2026-12-02') // → '2007-12-31'
 */
export const defaultAsOf = (end: IsoDate, today: IsoDate): IsoDate =>
  compareDates(today, end) <= 0 ? today : end;
