/**
 * The year-end assessment (年终考核): what closing a year freezes. Inside a district, each unit is
 * 达标 (`pass`) only when every indicator it answers for is met — the one-vote veto — and
 * 不达标 (`fail`) otherwise; each failed indicator names its first responsible persons, who answer
 * for it (问责); units that met everything are the commendation (表彰) candidates. A city
 * appraises its districts from their frozen assessments by the same rules (roll-up), ranks them,
 * and names those that met every indicator (先进单位 candidates). Pure.
 */
import type { IsoDate } from './dates';
import type { Status } from './pacing';
import type { IndicatorId, Organisation, Person, Plan, UnitId } from './plan';
import { rollUp } from './rollup';
import { byStanding, type DistrictStatus } from './status';

/** 达标 or 不达标. */
export type UnitResult = 'pass' | 'fail';

export const RESULT_WORDS: Readonly<Record<UnitResult, { readonly zh: string; readonly en: string }>> = {
  pass: { zh: '达标', en: 'Passed' },
  fail: { zh: '不达标', en: 'Failed' },
};

export interface FailedIndicator {
  readonly indicator: IndicatorId;
  readonly name: string;
  /** 第一责任人: the indicator's, or the unit head's for a unit answering for its own share. */
  readonly responsible: readonly Person[];
}

export interface AssessedUnit {
  readonly unit: UnitId;
  readonly name: string;
  readonly result: UnitResult;
  readonly verdict: Status;
  readonly completionRate: number;
  readonly rank: number;
  readonly failed: readonly FailedIndicator[];
}

/** One line of the 问责 list: a failed indicator, the unit that answers for it, and its people. */
export interface Accountability extends FailedIndicator {
  readonly unit: UnitId;
  readonly unitName: string;
}

export interface Assessment {
  readonly year: number;
  readonly organisation: Organisation;
  /** The day the figures are judged at: the plan's end. */
  readonly asOf: IsoDate;
  readonly verdict: Status;
  readonly completionRate: number;
  /** Every unit that answers for an indicator, in the plan's order. */
  readonly units: readonly AssessedUnit[];
  /** 问责: every failed indicator with its unit and first responsible persons. */
  readonly accountability: readonly Accountability[];
  /** 表彰 candidates: the units that met every indicator, best ranked first. */
  readonly commended: readonly { readonly unit: UnitId; readonly name: string }[];
  /** The status it was judged from, kept whole so that the city can roll it up. */
  readonly status: DistrictStatus;
}

/**
 * The assessment of a final status (as of the plan's end).
 *
 * @example assess(computeStatus(plan, records, plan.end)).units[0].result // → 'pass' | 'fail'
 */
export function assess(status: DistrictStatus): Assessment {
  const names = new Map(status.units.map((u) => [u.unit, u.name]));
  const units: AssessedUnit[] = status.units.map((u) => ({
    unit: u.unit,
    name: u.name,
    result: u.verdict === 'met' ? 'pass' : 'fail',
    verdict: u.verdict,
    completionRate: u.completionRate,
    rank: u.rank,
    failed: u.failures.map((f) => ({ indicator: f.indicator, name: f.name, responsible: f.responsible })),
  }));
  const accountability = units.flatMap((u) =>
    u.failed.map((f) => ({ ...f, unit: u.unit, unitName: names.get(u.unit) ?? u.unit })),
  );
  const commended = [...units]
    .filter((u) => u.result === 'pass')
    .sort((a, b) => a.rank - b.rank)
    .map((u) => ({ unit: u.unit, name: u.name }));
  return {
    year: status.year,
    organisation: status.organisation,
    asOf: status.asOf,
    verdict: status.verdict,
    completionRate: status.completionRate,
    units,
    accountability,
    commended,
    status,
  };
}

/** A district in its city's appraisal. */
export interface AppraisedDistrict {
  readonly org: string;
  readonly name: string;
  /** Whether the district has closed its year; only closed districts are ranked. */
  readonly closed: boolean;
  /** On the city's indicators (its shares), under the one-vote veto. */
  readonly verdict: Status;
  readonly completionRate: number;
  readonly late: number;
  readonly missing: number;
  /** 1 = best, among the closed districts; absent while open. */
  readonly rank?: number;
  /** The district's own final verdict on all its indicators, once closed. */
  readonly districtVerdict?: Status;
  /** 先进单位 candidate: closed, and met every indicator — the city's and its own. */
  readonly advanced: boolean;
}

export interface Appraisal {
  readonly year: number;
  readonly organisation: Organisation;
  readonly asOf: IsoDate;
  /** Every district has closed: the ranking is final. */
  readonly complete: boolean;
  readonly verdict: Status;
  readonly completionRate: number;
  /** Closed districts by rank, then the open ones in the plan's order. */
  readonly districts: readonly AppraisedDistrict[];
  readonly advanced: readonly { readonly org: string; readonly name: string }[];
  /** The roll-up of the closed districts' frozen statuses. */
  readonly status: DistrictStatus;
}

/**
 * The city's appraisal from its districts' frozen assessments (`undefined`: not closed yet):
 * the closed ones rolled up against the city's plan as of its end, ranked by the same rules as
 * units (`byStanding`).
 */
export function appraise(
  cityPlan: Plan,
  districts: readonly { readonly org: string; readonly assessment?: Assessment | undefined }[],
): Appraisal {
  const frozen = new Map(districts.filter((d) => d.assessment).map((d) => [d.org, d.assessment!] as const));
  const status = rollUp(
    cityPlan,
    [...frozen.values()].map((a) => a.status),
    cityPlan.end,
  );
  const closed = status.units.filter((u) => frozen.has(u.unit)).sort(byStanding);
  const rank = new Map(closed.map((u, i) => [u.unit, i + 1]));
  const rows: AppraisedDistrict[] = status.units.map((u) => {
    const a = frozen.get(u.unit);
    return {
      org: u.unit,
      name: u.name,
      closed: a !== undefined,
      verdict: u.verdict,
      completionRate: u.completionRate,
      late: u.late,
      missing: u.missing,
      ...(a ? { rank: rank.get(u.unit)!, districtVerdict: a.verdict } : {}),
      advanced: a !== undefined && a.verdict === 'met' && u.verdict === 'met',
    };
  });
  const ordered = [
    ...rows.filter((r) => r.closed).sort((a, b) => a.rank! - b.rank!),
    ...rows.filter((r) => !r.closed),
  ];
  return {
    year: cityPlan.year,
    organisation: cityPlan.organisation,
    asOf: cityPlan.end,
    complete: rows.every((r) => r.closed),
    verdict: status.verdict,
    completionRate: status.completionRate,
    districts: ordered,
    advanced: ordered.filter((r) => r.advanced).map((r) => ({ org: r.org, name: r.name })),
    status,
  };
}
