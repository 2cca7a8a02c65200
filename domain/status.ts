/**
 * Status as of a date: per indicator, per pledge, per unit (with the one-vote veto) and for the
 * whole district, computed from stored submission versions. Only accepted versions count; the
 * provisional figures also include versions awaiting review.
 */
import { compareDates, dueDate, type IsoDate, type Period, periodStart, periodsBetween } from './dates';
import { KINDS } from './kinds';
import {
  classify,
  combine,
  completionOf,
  deadlineReached,
  expectedShare,
  STATUS_ORDER,
  type Status,
} from './pacing';
import {
  type Indicator,
  type IndicatorId,
  type Organisation,
  type Person,
  type Plan,
  type PledgeId,
  reportingUnitIds,
  reportingUnits,
  type UnitId,
} from './plan';
import type { LocalizedText } from './result';
import { type Funding, fundingTotal, type SubmissionRecord, type SubmissionRow } from './submission';

/** A unit's share of an indicator: its latest accepted figure, and its own target if split. */
export interface Contribution {
  readonly unit: UnitId;
  /** The unit's sub-target, or the indicator's target for its main unit. */
  readonly target: number;
  /** Latest accepted cumulative figure; `null` when the unit has none yet. */
  readonly value: number | null;
  /** Including versions awaiting review. */
  readonly provisional: number | null;
  /** Period of the accepted figure. */
  readonly period: Period | null;
  readonly completion: number;
  readonly expected: number;
  readonly status: Status;
}

export interface IndicatorStatus {
  readonly id: IndicatorId;
  readonly pledge: PledgeId;
  readonly name: string;
  readonly unitOfMeasure: string;
  readonly kind: Indicator['kind'];
  readonly target: number;
  readonly deadline: IsoDate;
  /** Accepted progress (0 when nothing was accepted yet; see `reported`). */
  readonly progress: number;
  readonly provisionalProgress: number;
  readonly reported: boolean;
  /** Ratio, 1 = 100%. */
  readonly completion: number;
  readonly provisionalCompletion: number;
  /** Ratio expected by `asOf`. */
  readonly expected: number;
  readonly status: Status;
  readonly provisionalStatus: Status;
  readonly mainUnit: UnitId;
  readonly relatedUnits: readonly UnitId[];
  readonly responsible: readonly Person[];
  readonly contributions: readonly Contribution[];
  readonly funding: FundingTotals;
}

export interface Failure {
  readonly indicator: IndicatorId;
  readonly name: string;
  /** The unit judged: the reporting unit for a sub-target, else the main unit. */
  readonly unit: UnitId;
  readonly responsible: readonly Person[];
}

export interface PledgeStatus {
  readonly id: PledgeId;
  readonly name: string;
  readonly indicators: readonly IndicatorId[];
  readonly status: Status;
  readonly completionRate: number;
}

/** State of a unit's report for one period. */
export type ReportState = 'submitted' | 'submitted_late' | 'returned' | 'not_due' | 'late' | 'missing';

export interface ReportStatus {
  readonly period: Period;
  readonly due: IsoDate;
  readonly state: ReportState;
}

export interface UnitIndicatorStatus {
  readonly indicator: IndicatorId;
  /** `main`: judged on the indicator's total; `share`: judged on its own sub-target. */
  readonly role: 'main' | 'share';
  readonly target: number;
  readonly progress: number;
  readonly completion: number;
  readonly expected: number;
  readonly status: Status;
}

export interface UnitStatus {
  readonly unit: UnitId;
  readonly name: string;
  readonly indicators: readonly UnitIndicatorStatus[];
  /** One-vote veto over the unit's indicators. */
  readonly verdict: Status;
  readonly failures: readonly Failure[];
  /** Mean of the indicators' completion, each capped at 100%. */
  readonly completionRate: number;
  readonly reports: readonly ReportStatus[];
  readonly late: number;
  readonly missing: number;
  /** 1 = best. */
  readonly rank: number;
}

export interface FundingTotals {
  readonly higher: number;
  readonly district: number;
  readonly other: number;
  /** Totals given without a split into sources. */
  readonly unspecified: number;
  readonly total: number;
}

export interface DistrictStatus {
  readonly year: number;
  readonly asOf: IsoDate;
  readonly organisation: Organisation;
  /** One-vote veto over every indicator. */
  readonly verdict: Status;
  readonly failures: readonly Failure[];
  readonly indicators: readonly IndicatorStatus[];
  readonly pledges: readonly PledgeStatus[];
  readonly units: readonly UnitStatus[];
  readonly counts: Readonly<Record<Status, number>>;
  readonly completionRate: number;
  readonly funding: FundingTotals;
  readonly sample?: LocalizedText;
}

/** The latest figures per indicator and reporting unit: what status is computed from. */
export interface Figure {
  readonly value: number;
  readonly period: Period | null;
  readonly funding?: Funding;
}
export interface LatestFigures {
  readonly accepted: ReadonlyMap<string, Figure>;
  readonly provisional: ReadonlyMap<string, Figure>;
}

export const figureKey = (indicator: IndicatorId, unit: UnitId): string => `${indicator}\u0000${unit}`;

/**
 * The status of a plan as of the end of `asOf`, from every stored version of every submission
 * (in any order: the result does not depend on it).
 *
 * @example computeStatus(plan2006, records, '2006-06-10').verdict // → 'at_risk'
 */
export function computeStatus(
  plan: Plan,
  records: readonly SubmissionRecord[],
  asOf: IsoDate,
): DistrictStatus {
  const visible = records.filter((r) => isVisible(r, asOf));
  return evaluate(plan, latestFigures(plan, visible), asOf, reportStates(plan, visible, asOf));
}

/**
 * Status as of a date counts the reports for periods that had begun by then, with what is
 * known now: a May report accepted in July counts for a status as of June 10. (What was known
 * on a given day is in the audit trail.)
 */
function isVisible(r: SubmissionRecord, asOf: IsoDate): boolean {
  return compareDates(periodStart(r.submission.period), asOf) <= 0;
}

interface Candidate {
  readonly period: Period;
  readonly version: number;
  readonly id: string;
  readonly row: SubmissionRow;
  readonly value: number;
}

/** Later period first, then higher version; ties broken by id so that order never matters. */
const newer = (period: Period, version: number, id: string, b: Candidate) =>
  period !== b.period ? period > b.period : version !== b.version ? version > b.version : id > b.id;

interface PlanIndex {
  /** figureKey(indicator, unit) → indicator, for each unit that reports the indicator. */
  readonly reporters: ReadonlyMap<string, Indicator>;
}

// Plans are immutable values: what is derived from one is derived once.
const planIndexes = new WeakMap<Plan, PlanIndex>();
function planIndex(plan: Plan): PlanIndex {
  let index = planIndexes.get(plan);
  if (!index) {
    const reporters = new Map<string, Indicator>();
    for (const i of plan.indicators) for (const u of reportingUnits(i)) reporters.set(figureKey(i.id, u), i);
    index = { reporters };
    planIndexes.set(plan, index);
  }
  return index;
}

/**
 * One pass over the versions: for each (indicator, unit) the figure of the latest period, and
 * within it the highest version.
 */
export function latestFigures(plan: Plan, records: readonly SubmissionRecord[]): LatestFigures {
  const accepted = new Map<string, Candidate>();
  const provisional = new Map<string, Candidate>();
  const { reporters } = planIndex(plan);
  for (const r of records) {
    if (r.state === 'returned' || r.submission.year !== plan.year) continue;
    const isAccepted = r.state === 'accepted';
    const { period, unit } = r.submission;
    for (const row of r.submission.rows) {
      const key = figureKey(row.indicator, unit);
      const indicator = reporters.get(key);
      if (!indicator) continue;
      const value = KINDS[indicator.kind].progressOf(indicator, row);
      if (value === undefined) continue;
      const p = provisional.get(key);
      const fresh = !p || newer(period, r.version, r.id, p);
      const a = isAccepted ? accepted.get(key) : undefined;
      const freshAccepted = isAccepted && (!a || newer(period, r.version, r.id, a));
      if (!fresh && !freshAccepted) continue;
      const candidate: Candidate = { period, version: r.version, id: r.id, row, value };
      if (fresh) provisional.set(key, candidate);
      if (freshAccepted) accepted.set(key, candidate);
    }
  }
  const figures = (m: Map<string, Candidate>) =>
    new Map<string, Figure>(
      [...m].map(([k, c]) => [
        k,
        { value: c.value, period: c.period, ...(c.row.funding ? { funding: c.row.funding } : {}) },
      ]),
    );
  return { accepted: figures(accepted), provisional: figures(provisional) };
}

/** Reports due per unit and period, and whether they came. */
export function reportStates(
  plan: Plan,
  records: readonly SubmissionRecord[],
  asOf: IsoDate,
): ReadonlyMap<UnitId, readonly ReportStatus[]> {
  const { firstPeriod, lastPeriod, dueDay } = plan.reporting;
  // earliest live (not returned) submission date per unit and period; returned-only marked too
  const live = new Map<string, string>();
  const returned = new Set<string>();
  for (const r of records) {
    if (r.submission.year !== plan.year) continue;
    const key = `${r.submission.unit}\u0000${r.submission.period}`;
    if (r.state === 'returned') {
      returned.add(key);
      continue;
    }
    const at = r.submittedAt?.slice(0, 10) ?? '';
    const prev = live.get(key);
    if (prev === undefined || at < prev) live.set(key, at);
  }
  const out = new Map<UnitId, ReportStatus[]>();
  const periods = periodsBetween(firstPeriod, lastPeriod);
  const dues = periods.map((p) => dueDate(p, dueDay));
  for (const unit of reportingUnitIds(plan)) {
    const list: ReportStatus[] = [];
    periods.forEach((period, i) => {
      const due = dues[i]!;
      const key = `${unit}\u0000${period}`;
      const at = live.get(key);
      let state: ReportState;
      if (at !== undefined) state = at !== '' && at > due ? 'submitted_late' : 'submitted';
      else if (returned.has(key)) state = 'returned';
      else if (compareDates(asOf, due) <= 0) state = 'not_due';
      else {
        const nextDue = dues[i + 1];
        state = nextDue !== undefined && compareDates(asOf, nextDue) > 0 ? 'missing' : 'late';
      }
      list.push({ period, due, state });
    });
    out.set(unit, list);
  }
  return out;
}

const emptyCounts = (): Record<Status, number> => ({ met: 0, on_track: 0, behind: 0, at_risk: 0, failed: 0 });

const capped = (x: number) => Math.min(1, x);
const mean = (xs: readonly number[]) => (xs.length === 0 ? 1 : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * The rules applied to the latest figures: shared by a district (figures from submissions)
 * and a city or province rolling up its members (figures from their statuses).
 */
export function evaluate(
  plan: Plan,
  figures: LatestFigures,
  asOf: IsoDate,
  reports: ReadonlyMap<UnitId, readonly ReportStatus[]> = new Map(),
): DistrictStatus {
  const t = plan.thresholds;
  const indicators: IndicatorStatus[] = [];
  const perUnit = new Map<UnitId, { items: UnitIndicatorStatus[]; failures: Failure[] }>();
  const unitEntry = (u: UnitId) => {
    let e = perUnit.get(u);
    if (!e) {
      e = { items: [], failures: [] };
      perUnit.set(u, e);
    }
    return e;
  };
  const failures: Failure[] = [];
  const counts = emptyCounts();
  const funding = { higher: 0, district: 0, other: 0, unspecified: 0, total: 0 };

  for (const ind of plan.indicators) {
    const pastDeadline = deadlineReached(ind, asOf);
    const expected = expectedShare(plan, ind, asOf);
    const shares = ind.subTargets ?? [{ unit: ind.mainUnit, target: ind.target }];
    const contributions: Contribution[] = [];
    const f = { higher: 0, district: 0, other: 0, unspecified: 0, total: 0 };
    for (const s of shares) {
      const key = figureKey(ind.id, s.unit);
      const a = figures.accepted.get(key);
      const p = figures.provisional.get(key);
      const completion = completionOf(ind, a?.value ?? 0, s.target);
      const exp = ind.subTargets ? expectedShare(plan, ind, asOf, s.target) : expected;
      contributions.push({
        unit: s.unit,
        target: s.target,
        value: a?.value ?? null,
        provisional: p?.value ?? null,
        period: a?.period ?? null,
        completion,
        expected: exp,
        status: classify(completion, exp, t, pastDeadline),
      });
      addFunding(f, a?.funding);
    }
    // Counts add up across units; a rate, a level or a milestone is only as far as the furthest behind.
    const combineValues = KINDS[ind.kind].combine;
    const progress = combineValues(contributions.map((c) => c.value ?? 0));
    const provisionalProgress = combineValues(contributions.map((c) => c.provisional ?? c.value ?? 0));
    const completion = completionOf(ind, progress);
    const provisionalCompletion = completionOf(ind, provisionalProgress);
    const status = classify(completion, expected, t, pastDeadline);
    const status2 = classify(provisionalCompletion, expected, t, pastDeadline);
    counts[status]++;
    addFunding(funding, undefined, f);
    indicators.push({
      id: ind.id,
      pledge: ind.pledge,
      name: ind.name,
      unitOfMeasure: ind.unitOfMeasure,
      kind: ind.kind,
      target: ind.target,
      deadline: ind.deadline,
      progress,
      provisionalProgress,
      reported: contributions.some((c) => c.value !== null),
      completion,
      provisionalCompletion,
      expected,
      status,
      provisionalStatus: status2,
      mainUnit: ind.mainUnit,
      relatedUnits: ind.relatedUnits,
      responsible: ind.responsible,
      contributions,
      funding: f,
    });
    if (status === 'failed') {
      failures.push({ indicator: ind.id, name: ind.name, unit: ind.mainUnit, responsible: ind.responsible });
    }
    // The main unit answers for the total; a unit with a sub-target answers for its share.
    const main = unitEntry(ind.mainUnit);
    main.items.push({
      indicator: ind.id,
      role: 'main',
      target: ind.target,
      progress,
      completion,
      expected,
      status,
    });
    if (status === 'failed') main.failures.push(failures[failures.length - 1]!);
    if (ind.subTargets) {
      for (const c of contributions) {
        const e = unitEntry(c.unit);
        const item: UnitIndicatorStatus = {
          indicator: ind.id,
          role: 'share',
          target: c.target,
          progress: c.value ?? 0,
          completion: c.completion,
          expected: c.expected,
          status: c.status,
        };
        if (c.unit === ind.mainUnit) continue;
        e.items.push(item);
        if (c.status === 'failed') {
          e.failures.push({
            indicator: ind.id,
            name: ind.name,
            unit: c.unit,
            responsible: responsibleFor(plan, c.unit),
          });
        }
      }
    }
  }

  const byIndicator = new Map(indicators.map((i) => [i.id, i]));
  const pledges: PledgeStatus[] = plan.pledges.map((p) => {
    const own = plan.indicators.filter((i) => i.pledge === p.id).map((i) => byIndicator.get(i.id)!);
    return {
      id: p.id,
      name: p.name,
      indicators: own.map((i) => i.id),
      status: combine(own.map((i) => i.status)),
      completionRate: mean(own.map((i) => capped(i.completion))),
    };
  });

  const units = plan.units
    .filter((u) => perUnit.has(u.id))
    .map((u) => {
      const e = perUnit.get(u.id)!;
      const reps = reports.get(u.id) ?? [];
      return {
        unit: u.id,
        name: u.name,
        indicators: e.items,
        verdict: combine(e.items.map((i) => i.status)),
        failures: e.failures,
        completionRate: mean(e.items.map((i) => capped(i.completion))),
        reports: reps,
        late: reps.filter((r) => r.state === 'late').length,
        missing: reps.filter((r) => r.state === 'missing').length,
        rank: 0,
      };
    });
  const ranked = [...units].sort(byStanding);
  ranked.forEach((u, i) => {
    u.rank = i + 1;
  });

  return {
    year: plan.year,
    asOf,
    organisation: plan.organisation,
    verdict: combine(indicators.map((i) => i.status)),
    failures,
    indicators,
    pledges,
    units,
    counts,
    completionRate: mean(indicators.map((i) => capped(i.completion))),
    funding,
    ...(plan.sample ? { sample: plan.sample } : {}),
  };
}

/** What ranks units (and a city's districts): the verdict, then completion, then fewer late and missing reports, then the id. */
export interface Standing {
  readonly unit: UnitId;
  readonly verdict: Status;
  readonly completionRate: number;
  readonly late: number;
  readonly missing: number;
}

/**
 * The ranking order: the better verdict first, then the higher completion, then fewer late and
 * missing reports; ties by id.
 *
 * @example [b, a].sort(byStanding) // a 'met' unit before an 'at_risk' one
 */
export function byStanding(a: Standing, b: Standing): number {
  return (
    STATUS_ORDER.indexOf(a.verdict) - STATUS_ORDER.indexOf(b.verdict) ||
    b.completionRate - a.completionRate ||
    a.missing + a.late - (b.missing + b.late) ||
    (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0)
  );
}

/** A unit answering for its own share: its head is the first responsible person. */
function responsibleFor(plan: Plan, unit: UnitId): Person[] {
  const head = plan.units.find((x) => x.id === unit)?.head;
  return head ? [head] : [];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function addFunding(into: Mutable<FundingTotals>, f?: Funding, totals?: FundingTotals): void {
  if (totals) {
    into.higher += totals.higher;
    into.district += totals.district;
    into.other += totals.other;
    into.unspecified += totals.unspecified;
    into.total += totals.total;
    return;
  }
  if (!f) return;
  const sources = (f.higher ?? 0) + (f.district ?? 0) + (f.other ?? 0);
  const total = fundingTotal(f);
  into.higher += f.higher ?? 0;
  into.district += f.district ?? 0;
  into.other += f.other ?? 0;
  // A total typed with its sources can differ from their sum by float noise, not by money.
  const unsplit = total - sources;
  into.unspecified += Math.abs(unsplit) < 1e-9 * Math.max(1, Math.abs(total)) ? 0 : unsplit;
  into.total += total;
}
