/**
 * Valid reports for load and fault scenarios: any unit of the 2006 sample plan, any reporting
 * month (April to December), any number of versions. A month's figures are fixed (cumulative =
 * month × a 24th of the target, this month = that 24th), so every version of every month passes
 * validation whatever the office has accepted before; versions differ in their note. Every row
 * explains itself, so no pace makes it invalid.
 */
import { indicatorsReportedBy, reportingUnitIds, targetFor } from '../../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../../domain/sample/plan2006';
import type { Submission } from '../../../domain/submission';

export const PLAN = SAMPLE_PLAN_2006;
export const UNITS: readonly string[] = reportingUnitIds(PLAN);

/** `2006-04` … for month 4 … */
export const periodOf = (month: number) => `2006-${String(month).padStart(2, '0')}`;

/** A valid report of `unit` for `month` (4–12); `note` makes versions differ. */
export function reportFor(unit: string, month: number, note: string): Submission {
  return {
    year: 2006,
    unit,
    period: periodOf(month),
    rows: indicatorsReportedBy(PLAN, unit).map((ind) => {
      const target = targetFor(ind, unit) ?? 0;
      const step =
        ind.kind === 'milestone' || target <= 5 ? 0 : ind.kind === 'growth' ? 1 : Math.floor(target / 24);
      return {
        indicator: ind.id,
        ...(ind.kind === 'count' ? { thisPeriod: step } : {}),
        cumulative: month * step,
        note,
        explanation: { cause: '测试负载', remedy: '按计划推进', expectedCompletion: ind.deadline },
      };
    }),
    reporter: { name: '测试', phone: '0000-0000000' },
  };
}
