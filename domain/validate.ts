/**
 * Validation of a unit's submission against the plan and the unit's earlier accepted
 * submissions. The server runs the same rules as the add-in: it is the authority.
 */
import { addMonths, compareDates, type IsoDate, isPeriod, periodEnd, periodStart } from './dates';
import { type Finding, finding, type Location } from './findings';
import { type AddFinding, type Baseline, KINDS } from './kinds';
import { classify, completionOf, deadlineReached, expectedShare } from './pacing';
import { type Indicator, type Plan, reportingUnits, targetFor } from './plan';
import type { Submission, SubmissionRow } from './submission';
import { close, round } from './tolerance';

export interface ValidationContext {
  readonly plan: Plan;
  /**
   * The unit's accepted submissions (any order, any periods). For each indicator the latest
   * one before this submission's period is the baseline for cumulative checks.
   */
  readonly previous?: readonly Submission[];
  /** When given, a period that has not started by this day is rejected. */
  readonly asOf?: IsoDate;
}

/**
 * Every finding for `submission`; none with severity `error` means it may be stored.
 *
 * @example validateSubmission(mayReport, { plan, previous: [aprilReport] }) // → []
 */
export function validateSubmission(submission: Submission, ctx: ValidationContext): Finding[] {
  const { plan } = ctx;
  const out: Finding[] = [];
  const at = (field: string): Location => ({ section: 'submission', field });

  if (submission.year !== plan.year) {
    out.push(finding('submission.wrongYear', at('year'), { expected: plan.year, found: submission.year }));
  }
  if (!plan.units.some((u) => u.id === submission.unit)) {
    out.push(finding('submission.unknownUnit', at('unit'), { found: submission.unit }));
  }
  const { firstPeriod, lastPeriod } = plan.reporting;
  const periodOk = isPeriod(submission.period);
  if (!periodOk) {
    out.push(finding('submission.periodInvalid', at('period'), { found: String(submission.period) }));
  } else if (submission.period < firstPeriod || submission.period > lastPeriod) {
    out.push(
      finding('submission.periodOutsidePlan', at('period'), {
        found: submission.period,
        expected: `${firstPeriod} – ${lastPeriod}`,
      }),
    );
  } else if (ctx.asOf && compareDates(periodStart(submission.period), ctx.asOf) > 0) {
    out.push(finding('submission.periodInFuture', at('period'), { found: submission.period }));
  }
  if (!submission.reporter?.name || !submission.reporter?.phone) {
    out.push(finding('submission.reporterMissing', at('reporter')));
  }
  if (submission.rows.length === 0) out.push(finding('submission.empty', at('rows')));

  const byId = new Map(plan.indicators.map((i) => [i.id, i]));
  const seen = new Set<string>();
  submission.rows.forEach((row, index) => {
    const indicator = byId.get(row.indicator);
    const loc = (field: string): Location => ({ section: 'row', index, field });
    if (!indicator) {
      out.push(finding('row.unknownIndicator', loc('indicator'), { found: row.indicator }));
      return;
    }
    if (seen.has(row.indicator)) {
      out.push(finding('row.duplicate', loc('indicator'), { indicator: row.indicator }));
      return;
    }
    seen.add(row.indicator);
    const target = targetFor(indicator, submission.unit);
    if (target === undefined) {
      out.push(
        finding('row.wrongUnit', loc('indicator'), {
          indicator: indicator.id,
          expected: reportingUnits(indicator).join(', '),
          found: submission.unit,
        }),
      );
      return;
    }
    const baseline = periodOk ? baselineFor(ctx.previous ?? [], submission, indicator.id) : undefined;
    out.push(...checkRow(plan, indicator, target, row, submission, baseline, loc));
  });

  for (const indicator of plan.indicators) {
    if (reportingUnits(indicator).includes(submission.unit) && !seen.has(indicator.id)) {
      out.push(finding('submission.missingIndicator', at('rows'), { indicator: indicator.id }));
    }
  }
  out.push(...checkDetails(submission));
  return out;
}

function baselineFor(
  previous: readonly Submission[],
  submission: Submission,
  indicator: string,
): Baseline | undefined {
  let best: { period: string; cumulative: number } | undefined;
  for (const p of previous) {
    if (p.unit !== submission.unit || p.year !== submission.year || p.period >= submission.period) continue;
    const row = p.rows.find((r) => r.indicator === indicator);
    if (row?.cumulative === undefined || !Number.isFinite(row.cumulative)) continue;
    if (!best || p.period > best.period) best = { period: p.period, cumulative: row.cumulative };
  }
  if (!best) return undefined;
  return { cumulative: best.cumulative, adjacent: best.period === addMonths(submission.period, -1) };
}

function checkRow(
  plan: Plan,
  indicator: Indicator,
  target: number,
  row: SubmissionRow,
  submission: Submission,
  baseline: Baseline | undefined,
  loc: (field: string) => Location,
): Finding[] {
  const out: Finding[] = [];
  const id = indicator.id;
  const rules = KINDS[indicator.kind];
  const add: AddFinding = (code, field, extra = {}) =>
    out.push(finding(code, loc(field), { indicator: id, ...extra }));

  // Numbers must be numbers: an importer that let NaN through must not slip past the rules.
  const numeric: Array<[string, number | undefined]> = [
    ['thisPeriod', row.thisPeriod],
    ['cumulative', row.cumulative],
    ['amount', row.amount],
    ['completionPercent', row.completionPercent],
    ['funding.higher', row.funding?.higher],
    ['funding.district', row.funding?.district],
    ['funding.other', row.funding?.other],
    ['funding.total', row.funding?.total],
  ];
  let broken = false;
  for (const [field, v] of numeric) {
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      add('row.notANumber', field, { found: String(v) });
      broken = true;
    } else if (v < 0 && !(rules.negativeCumulative && field === 'cumulative')) {
      add('row.negative', field, { found: v });
      broken = true;
    }
  }
  if (broken) return out;

  const progress = rules.checkRow({ indicator, target, row, baseline, add });

  if (progress !== undefined && row.completionPercent !== undefined && rules.checksCompletionPercent) {
    const expected = completionOf(indicator, progress, target) * 100;
    // Sheets round the ratio for display; half a point is rounding, more is a wrong formula.
    if (!close(row.completionPercent, expected, 0.5)) {
      add('row.completionMismatch', 'completionPercent', {
        expected: round(expected),
        found: round(row.completionPercent),
      });
    }
  }

  const f = row.funding;
  if (
    f?.total !== undefined &&
    (f.higher !== undefined || f.district !== undefined || f.other !== undefined)
  ) {
    const sum = (f.higher ?? 0) + (f.district ?? 0) + (f.other ?? 0);
    if (!close(sum, f.total, 0.005))
      add('row.fundingMismatch', 'funding.total', { expected: round(sum, 4), found: f.total });
  }

  if (progress !== undefined && isPeriod(submission.period)) {
    const asOf = periodEnd(submission.period);
    const status = classify(
      completionOf(indicator, progress, target),
      expectedShare(plan, indicator, asOf, target),
      plan.thresholds,
      deadlineReached(indicator, asOf),
    );
    if (status === 'behind' || status === 'at_risk' || status === 'failed') {
      const e = row.explanation;
      if (!e?.cause?.trim()) add('row.explanationMissing', 'explanation.cause', { detail: status });
      if (!e?.remedy?.trim()) add('row.explanationMissing', 'explanation.remedy', { detail: status });
      if (!e?.expectedCompletion)
        add('row.explanationMissing', 'explanation.expectedCompletion', { detail: status });
    }
  }
  const expectedCompletion = row.explanation?.expectedCompletion;
  if (expectedCompletion && compareDates(expectedCompletion, indicator.deadline) > 0) {
    add('row.expectedAfterDeadline', 'explanation.expectedCompletion', {
      expected: indicator.deadline,
      found: expectedCompletion,
    });
  }
  return out;
}

function checkDetails(submission: Submission): Finding[] {
  const out: Finding[] = [];
  const details = submission.details ?? [];
  const rows = new Map(submission.rows.map((r) => [r.indicator, r]));
  const sums = new Map<string, number>();
  details.forEach((d, index) => {
    const loc = (field: string): Location => ({ section: 'detail', index, field });
    if (!rows.has(d.indicator)) {
      out.push(finding('detail.unknownIndicator', loc('indicator'), { found: d.indicator }));
      return;
    }
    for (const field of ['planned', 'completed', 'investment'] as const) {
      const v = d[field];
      if (v !== undefined && (!Number.isFinite(v) || v < 0)) {
        out.push(
          finding('detail.negative', loc(field), { indicator: d.indicator, detail: d.name, found: v }),
        );
      }
    }
    if (d.start && d.finish && compareDates(d.finish, d.start) < 0) {
      out.push(finding('detail.datesReversed', loc('finish'), { indicator: d.indicator, detail: d.name }));
    }
    if (d.planned !== undefined && d.completed !== undefined && d.completed > d.planned + 1e-9) {
      out.push(
        finding('detail.exceedsPlanned', loc('completed'), {
          indicator: d.indicator,
          detail: d.name,
          expected: d.planned,
          found: d.completed,
        }),
      );
    }
    sums.set(d.indicator, (sums.get(d.indicator) ?? 0) + (d.completed ?? 0));
  });
  for (const [indicator, sum] of sums) {
    const cumulative = rows.get(indicator)?.cumulative;
    if (cumulative !== undefined && !close(sum, cumulative)) {
      out.push(
        finding(
          'detail.sumMismatch',
          {
            section: 'row',
            index: submission.rows.findIndex((r) => r.indicator === indicator),
            field: 'cumulative',
          },
          { indicator, expected: cumulative, found: round(sum, 6) },
        ),
      );
    }
  }
  return out;
}
