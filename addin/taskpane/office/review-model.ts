/**
 * A report as the assessment office judges it: each row with its indicator's name, the unit's
 * target, this month and cumulative, completion against what was expected by the period's end,
 * the status that gives, the whole explanation, funding and 进展情况 — and what changed since
 * the report's previous version and against the unit's previous month. Pure: the view renders it.
 */
import { periodEnd } from '../../../domain/dates';
import { classify, completionOf, deadlineReached, expectedShare, type Status } from '../../../domain/pacing';
import type { Indicator, Plan } from '../../../domain/plan';
import type { Funding, Submission, SubmissionRow } from '../../../domain/submission';

/** A field of a row that may change between versions. */
export type RowField =
  | 'thisPeriod'
  | 'cumulative'
  | 'progress'
  | 'note'
  | 'cause'
  | 'remedy'
  | 'expectedCompletion'
  | 'funding';

export interface RowChange {
  readonly field: RowField;
  /** As shown; `—` when the field was empty. */
  readonly before: string;
  readonly after: string;
}

export interface ReviewRow {
  readonly indicator: string;
  /** The indicator's name (its id when the plan does not have it). */
  readonly name: string;
  readonly unitOfMeasure: string;
  /** The unit's own target: its share when the indicator is split, else the indicator's. */
  readonly target: number | undefined;
  readonly thisPeriod: number | undefined;
  readonly cumulative: number | undefined;
  /** 0..1 (more when over the target); undefined without a cumulative or a plan indicator. */
  readonly completion: number | undefined;
  /** 0..1: what the plan expects by the period's end. */
  readonly expected: number | undefined;
  readonly status: Status | undefined;
  readonly progress?: string;
  readonly note?: string;
  readonly explanation?: SubmissionRow['explanation'];
  readonly funding?: Funding;
  /** Against the previous version of this report; empty when it is the first or nothing changed. */
  readonly changes: readonly RowChange[];
  /** The unit's cumulative in its previous month's report (undefined when there is none). */
  readonly previousMonth: number | undefined;
  /** A row the previous version did not have. */
  readonly added: boolean;
}

const show = (v: string | number | undefined | null): string =>
  v === undefined || v === null || v === '' ? '—' : String(v);

export function fundingText(f: Funding | undefined): string {
  if (!f) return '—';
  const parts = [f.higher, f.district, f.other].map((x) => (x === undefined ? '—' : String(x)));
  const total = f.total ?? [f.higher, f.district, f.other].reduce<number>((a, b) => a + (b ?? 0), 0);
  return `${parts.join(' / ')} = ${total}`;
}

const FIELDS: readonly [RowField, (r: SubmissionRow) => string][] = [
  ['thisPeriod', (r) => show(r.thisPeriod)],
  ['cumulative', (r) => show(r.cumulative)],
  ['progress', (r) => show(r.progress)],
  ['note', (r) => show(r.note)],
  ['cause', (r) => show(r.explanation?.cause)],
  ['remedy', (r) => show(r.explanation?.remedy)],
  ['expectedCompletion', (r) => show(r.explanation?.expectedCompletion)],
  ['funding', (r) => (r.funding ? fundingText(r.funding) : '—')],
];

/** What differs between two versions of a row, field by field. */
export function rowChanges(before: SubmissionRow | undefined, after: SubmissionRow): RowChange[] {
  if (!before) return [];
  return FIELDS.flatMap(([field, read]) => {
    const [b, a] = [read(before), read(after)];
    return b === a ? [] : [{ field, before: b, after: a }];
  });
}

/** The unit's target for an indicator: its sub-target when the indicator is split among units. */
export function unitTarget(ind: Indicator, unit: string): number {
  return ind.subTargets?.find((s) => s.unit === unit)?.target ?? ind.target;
}

export interface ReviewInput {
  readonly plan: Plan | undefined;
  readonly submission: Submission;
  /** The same report's version before this one. */
  readonly previousVersion?: Submission | undefined;
  /** The unit's report of the month before. */
  readonly previousMonth?: Submission | undefined;
}

export function reviewRows(input: ReviewInput): ReviewRow[] {
  const { plan, submission } = input;
  const asOf = periodEnd(submission.period);
  const before = new Map((input.previousVersion?.rows ?? []).map((r) => [r.indicator, r]));
  const lastMonth = new Map((input.previousMonth?.rows ?? []).map((r) => [r.indicator, r]));
  return submission.rows.map((r) => {
    const ind = plan?.indicators.find((i) => i.id === r.indicator);
    const target = ind ? unitTarget(ind, submission.unit) : undefined;
    const completion =
      ind && target !== undefined && r.cumulative !== undefined
        ? completionOf(ind, r.cumulative, target)
        : undefined;
    const expected = plan && ind ? expectedShare(plan, ind, asOf, target) : undefined;
    const status =
      plan && completion !== undefined && expected !== undefined
        ? classify(completion, expected, plan.thresholds, ind ? deadlineReached(ind, asOf) : false)
        : undefined;
    return {
      indicator: r.indicator,
      name: ind?.name ?? r.indicator,
      unitOfMeasure: ind?.unitOfMeasure ?? '',
      target,
      thisPeriod: r.thisPeriod,
      cumulative: r.cumulative,
      completion,
      expected,
      status,
      ...(r.progress ? { progress: r.progress } : {}),
      ...(r.note ? { note: r.note } : {}),
      ...(r.explanation ? { explanation: r.explanation } : {}),
      ...(r.funding ? { funding: r.funding } : {}),
      changes: rowChanges(before.get(r.indicator), r),
      previousMonth: lastMonth.get(r.indicator)?.cumulative,
      added: input.previousVersion !== undefined && !before.has(r.indicator),
    };
  });
}
