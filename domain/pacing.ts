/**
 * Pacing: how far along an indicator should be on a date, and what its status is.
 */
import { compareDates, daysBetween, type IsoDate, periodEnd } from './dates';
import { KINDS } from './kinds';
import type { Indicator, Plan, Thresholds } from './plan';

/** In-progress statuses, from best to worst, then the two final ones. */
export type Status = 'met' | 'on_track' | 'behind' | 'at_risk' | 'failed';

/** Best first: used for verdicts (worst wins) and rankings. */
export const STATUS_ORDER: readonly Status[] = ['met', 'on_track', 'behind', 'at_risk', 'failed'];

/** True once the deadline's day has been reached: statuses are "as of the end of" `asOf`. */
export function deadlineReached(indicator: Indicator, asOf: IsoDate): boolean {
  return compareDates(asOf, indicator.deadline) >= 0;
}

/**
 * The share (0..1) of the target expected to be done by the end of `asOf`.
 *
 * - a monthly schedule: interpolated between month ends;
 * - milestones: the share of the last milestone reached (no interpolation);
 * - milestone indicators and small counts (target ≤ `thresholds.smallCount`, e.g. one
 *   clinic): nothing until the deadline, then everything — a single building is not built
 *   linearly;
 * - otherwise linear from the plan's start to the deadline.
 *
 * @example expectedShare(plan2006, indicator('3.1'), '2006-12-31') // → 1
 */
export function expectedShare(
  plan: Plan,
  indicator: Indicator,
  asOf: IsoDate,
  target = indicator.target,
): number {
  if (indicator.schedule && indicator.schedule.length > 0) {
    const points: Array<[IsoDate, number]> = [[plan.start, 0]];
    // A schedule gives figures (a level's from its base): the share is of the way from there.
    const from = KINDS[indicator.kind].startsFrom(indicator);
    for (const s of indicator.schedule)
      points.push([periodEnd(s.period), (s.cumulative - from) / (indicator.target - from)]);
    points.push([indicator.deadline, 1]);
    return interpolate(points, asOf);
  }
  if (indicator.milestones && indicator.milestones.length > 0) {
    let share = 0;
    for (const m of indicator.milestones)
      if (compareDates(m.date, asOf) <= 0) share = Math.max(share, m.share);
    return deadlineReached(indicator, asOf) ? 1 : share;
  }
  if (KINDS[indicator.kind].pacedByDeadline(target, plan.thresholds)) {
    return deadlineReached(indicator, asOf) ? 1 : 0;
  }
  return clamp01(daysBetween(plan.start, asOf) / daysBetween(plan.start, indicator.deadline));
}

function interpolate(points: ReadonlyArray<readonly [IsoDate, number]>, asOf: IsoDate): number {
  let prev = points[0]!;
  if (compareDates(asOf, prev[0]) <= 0) return clamp01(prev[1]);
  for (const p of points.slice(1)) {
    if (compareDates(asOf, p[0]) <= 0) {
      const span = daysBetween(prev[0], p[0]);
      const t = span <= 0 ? 1 : daysBetween(prev[0], asOf) / span;
      return clamp01(prev[1] + (p[1] - prev[1]) * t);
    }
    prev = p;
  }
  return clamp01(prev[1]);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Completion ratio below 1 by less than this counts as met (float noise, not a shortfall). */
const EPSILON = 1e-9;

/**
 * Classifies a completion ratio against the expected ratio (DESIGN.md §3): `met` at 100%;
 * `failed` below 100% once the deadline is reached; otherwise `on_track` within
 * `thresholds.onTrack` points of expected, `behind` within `thresholds.behind`, else `at_risk`.
 *
 * @example classify(0.40, 0.50, DEFAULT_THRESHOLDS, false) // → 'behind'
 */
export function classify(
  completion: number,
  expected: number,
  thresholds: Thresholds,
  pastDeadline: boolean,
): Status {
  if (completion >= 1 - EPSILON) return 'met';
  if (pastDeadline) return 'failed';
  const points = completion * 100;
  const expectedPoints = expected * 100;
  if (points >= expectedPoints - thresholds.onTrack - EPSILON) return 'on_track';
  if (points >= expectedPoints - thresholds.behind - EPSILON) return 'behind';
  return 'at_risk';
}

/**
 * One-vote veto (一票否决): `failed` if any status failed, `met` when all are met, else the
 * worst in-progress status. An empty list is `met` (nothing was asked).
 *
 * @example combine(['met', 'behind', 'on_track']) // → 'behind'
 */
export function combine(statuses: Iterable<Status>): Status {
  let worst = 0;
  for (const s of statuses) {
    const i = STATUS_ORDER.indexOf(s);
    if (i > worst) worst = i;
  }
  return STATUS_ORDER[worst]!;
}

/**
 * Completion ratio (0.. ∞) of a progress figure for an indicator: count — progress / target;
 * growth — achieved growth / target growth (a fall counts as 0); milestone — 0 or 1; level —
 * (latest − base) / (target − base), a level below its base counting as 0
 * (`KINDS[kind].completion`).
 *
 * @example completionOf(makeIndicator({ target: 1200 }), 300) // → 0.25
 */
export function completionOf(indicator: Indicator, progress: number, target = indicator.target): number {
  const rules = KINDS[indicator.kind];
  return rules.completion(progress, target, rules.startsFrom(indicator));
}
