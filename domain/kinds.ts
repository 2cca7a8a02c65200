/**
 * The indicator kinds (`count`, `growth`, `milestone`) and everything that differs by kind, in
 * one registry: how a row's figure is read, checked and combined across units, how completion
 * and pacing follow from it, what the plan check asks of it, and how the template, the CLI and
 * the custom functions show it.
 *
 * `KINDS` is a `Record<IndicatorKind, KindRules>`: a kind added to `IndicatorKind` does not
 * compile here until it has every rule, and every caller asks `KINDS[indicator.kind]` instead
 * of comparing kinds (kinds.test.ts proves the compile error with `@ts-expect-error`).
 */
import type { FindingCode } from './findings';
import type { Indicator, IndicatorKind, PlanErrorCode, Thresholds } from './plan';
import type { LocalizedText } from './result';
import type { SubmissionRow } from './submission';
import { close, round } from './tolerance';

/** The latest accepted cumulative figure before a report's period. */
export interface Baseline {
  readonly cumulative: number;
  /** True when the baseline is the immediately preceding period, so the sum must match. */
  readonly adjacent: boolean;
}

/** What a finding adds besides its code and field. */
export interface FindingExtra {
  readonly expected?: string | number;
  readonly found?: string | number;
  readonly detail?: string;
}

/** Records a finding about one field of the row being checked. */
export type AddFinding = (code: FindingCode, field: string, extra?: FindingExtra) => void;

/** One row of a submission, as the per-kind check sees it. */
export interface RowCheck {
  readonly indicator: Indicator;
  /** The target the reporting unit is judged on (its sub-target for a split indicator). */
  readonly target: number;
  readonly row: SubmissionRow;
  readonly baseline: Baseline | undefined;
  readonly add: AddFinding;
}

/** A problem of the plan that only one kind can have. */
export interface PlanCheck {
  readonly code: PlanErrorCode;
  /** The indicator's field, e.g. `base`. */
  readonly field: keyof Indicator;
}

export interface KindRules {
  /** The kind's name: 数量类 / count. */
  readonly label: LocalizedText;
  /**
   * `split`: the sub-targets add up to the target and the units' figures add up;
   * `each`: every unit must reach the whole target, and the indicator is only as far as the
   * unit furthest behind (used when a city rolls up its districts).
   */
  readonly subTargets: 'split' | 'each';
  /** The indicator's progress from its reporting units' figures. */
  readonly combine: (values: readonly number[]) => number;
  /** Completion ratio (0.. ∞) of a progress figure against a target. */
  readonly completion: (progress: number, target: number) => number;
  /** True when nothing is expected until the deadline, then everything (no linear pacing). */
  readonly pacedByDeadline: (target: number, thresholds: Thresholds) => boolean;
  /** The progress figure a stored row contributes, or undefined when it has none. */
  readonly progressOf: (indicator: Indicator, row: SubmissionRow) => number | undefined;
  /** The plan problems of this kind's indicator (DESIGN.md §3), `[]` when none. */
  readonly checkPlan: (indicator: Indicator) => readonly PlanCheck[];
  /** 累计完成 may be below 0 (a growth rate can fall). */
  readonly negativeCumulative: boolean;
  /** The kind's checks of a row's figures; answers the progress the row reports, if any. */
  readonly checkRow: (c: RowCheck) => number | undefined;
  /** A typed 完成比例 is checked against the figures (a milestone's is not a ratio). */
  readonly checksCompletionPercent: boolean;
  /** A figure cell may hold words such as 已完成 / 未完成 instead of 1 / 0. */
  readonly readsDoneWords: boolean;
  readonly template: {
    /** Written in 计量单位 when the indicator has no unit of measure. */
    readonly unitHint: string;
    /** The indicator may be built of construction projects (a 项目明细 sheet). */
    readonly projects: boolean;
    /** 累计完成 is a whole number in this range, with this hint when it is not. */
    readonly cumulativeChoice?: { readonly from: number; readonly to: number; readonly hint: string };
  };
  /** How the CLI shows the indicator; `n` is the figure as the caller formats numbers. */
  readonly show: {
    /** The target in the status table, e.g. `1,000人`. */
    readonly target: (n: string, unitOfMeasure: string) => LocalizedText;
    /** The target in the plan's table, beside its own unit column. */
    readonly planTarget: (n: string) => LocalizedText;
    /** The unit column of the plan's table. */
    readonly planUnit: (unitOfMeasure: string) => string;
  };
}

const same = (s: string): LocalizedText => ({ zh: s, en: s });
const DONE: LocalizedText = { zh: '全面推行', en: 'done' };

/**
 * Achieved growth in percent of this year's amount over last year's base, or undefined without
 * a base above 0. The one growth formula: completion is then this over the target growth.
 *
 * @example achievedGrowth(1150, 1000) // → 15
 */
export function achievedGrowth(amount: number, base: number): number | undefined {
  return base > 0 ? ((amount - base) / base) * 100 : undefined;
}

/** progress / target; a fall counts as 0, and a target of 0 is never completed. */
const ratio = (progress: number, target: number): number =>
  target <= 0 ? 0 : Math.max(0, progress) / target;

const sum = (values: readonly number[]): number => values.reduce((x, y) => x + y, 0);
const furthestBehind = (values: readonly number[]): number => (values.length ? Math.min(...values) : 0);

const cumulativeFigure = (row: SubmissionRow): number | undefined =>
  row.cumulative !== undefined && Number.isFinite(row.cumulative) ? row.cumulative : undefined;

/** A cumulative count against last period's and this month's figures. */
function checkCumulative(
  cumulative: number,
  thisPeriod: number | undefined,
  baseline: Baseline | undefined,
  add: AddFinding,
): void {
  if (baseline && cumulative < baseline.cumulative - 1e-9) {
    add('row.cumulativeDecreased', 'cumulative', { expected: baseline.cumulative, found: cumulative });
    return;
  }
  if (thisPeriod === undefined) return;
  if (baseline?.adjacent) {
    const expected = baseline.cumulative + thisPeriod;
    if (!close(cumulative, expected))
      add('row.cumulativeMismatch', 'cumulative', { expected: round(expected, 6), found: cumulative });
  } else {
    // No report for the month before: work done in a missed month may be in the cumulative.
    const atLeast = (baseline?.cumulative ?? 0) + thisPeriod;
    if (cumulative < atLeast - 1e-6)
      add('row.cumulativeMismatch', 'cumulative', { expected: `≥ ${round(atLeast, 6)}`, found: cumulative });
  }
}

/**
 * The rules of each indicator kind.
 *
 * @example KINDS[indicator.kind].completion(600, 1200) // → 0.5 for a count
 */
export const KINDS: Readonly<Record<IndicatorKind, KindRules>> = {
  count: {
    label: { zh: '数量类', en: 'count' },
    subTargets: 'split',
    combine: sum,
    completion: ratio,
    // A single clinic is not built linearly: small counts are all or nothing.
    pacedByDeadline: (target, thresholds) => target <= thresholds.smallCount,
    progressOf: (_indicator, row) => cumulativeFigure(row),
    checkPlan: () => [],
    negativeCumulative: false,
    checkRow: ({ row, target, baseline, add }) => {
      if (row.thisPeriod === undefined) add('row.missingValue', 'thisPeriod');
      if (row.cumulative === undefined) {
        add('row.missingValue', 'cumulative');
        return undefined;
      }
      checkCumulative(row.cumulative, row.thisPeriod, baseline, add);
      if (row.cumulative > 3 * target)
        add('row.implausible', 'cumulative', { expected: target, found: row.cumulative });
      return row.cumulative;
    },
    checksCompletionPercent: true,
    readsDoneWords: false,
    template: { unitHint: '', projects: true },
    show: {
      target: (n, uom) => same(`${n}${uom}`),
      planTarget: same,
      planUnit: (uom) => uom,
    },
  },
  // Placeholder mirroring `count` until the level kind's own rules land (issue 12).
  level: {
    label: { zh: '水平类', en: 'level' },
    subTargets: 'split',
    combine: sum,
    completion: ratio,
    // A single clinic is not built linearly: small counts are all or nothing.
    pacedByDeadline: (target, thresholds) => target <= thresholds.smallCount,
    progressOf: (_indicator, row) => cumulativeFigure(row),
    checkPlan: () => [],
    negativeCumulative: false,
    checkRow: ({ row, target, baseline, add }) => {
      if (row.thisPeriod === undefined) add('row.missingValue', 'thisPeriod');
      if (row.cumulative === undefined) {
        add('row.missingValue', 'cumulative');
        return undefined;
      }
      checkCumulative(row.cumulative, row.thisPeriod, baseline, add);
      if (row.cumulative > 3 * target)
        add('row.implausible', 'cumulative', { expected: target, found: row.cumulative });
      return row.cumulative;
    },
    checksCompletionPercent: true,
    readsDoneWords: false,
    template: { unitHint: '', projects: true },
    show: {
      target: (n, uom) => same(`${n}${uom}`),
      planTarget: same,
      planUnit: (uom) => uom,
    },
  },
  growth: {
    label: { zh: '增长类', en: 'growth' },
    subTargets: 'each',
    combine: furthestBehind,
    completion: ratio,
    pacedByDeadline: () => false,
    progressOf: (indicator, row) =>
      cumulativeFigure(row) ??
      (row.amount !== undefined ? achievedGrowth(row.amount, indicator.base ?? 0) : undefined),
    checkPlan: (indicator) =>
      typeof indicator.base === 'number' && indicator.base > 0
        ? []
        : [{ code: 'plan.growthWithoutBase', field: 'base' }],
    negativeCumulative: true,
    checkRow: ({ indicator, row, add }) => {
      const fromAmount =
        row.amount !== undefined ? achievedGrowth(row.amount, indicator.base ?? 0) : undefined;
      if (row.cumulative === undefined && fromAmount === undefined) {
        add('row.missingValue', 'cumulative');
        return undefined;
      }
      if (
        row.cumulative !== undefined &&
        fromAmount !== undefined &&
        !close(row.cumulative, fromAmount, 0.05)
      ) {
        add('row.growthMismatch', 'cumulative', { expected: round(fromAmount), found: row.cumulative });
      }
      return row.cumulative ?? fromAmount;
    },
    checksCompletionPercent: true,
    readsDoneWords: false,
    template: { unitHint: '', projects: false },
    show: {
      target: (n, uom) => same(`${n}${uom}`),
      planTarget: (n) => same(`+${n}`),
      planUnit: () => '%',
    },
  },
  milestone: {
    label: { zh: '节点类', en: 'milestone' },
    subTargets: 'each',
    combine: furthestBehind,
    completion: (progress) => (progress >= 1 ? 1 : 0),
    pacedByDeadline: () => true,
    progressOf: (_indicator, row) => cumulativeFigure(row),
    checkPlan: (indicator) =>
      indicator.target === 1 ? [] : [{ code: 'plan.milestoneTarget', field: 'target' }],
    negativeCumulative: false,
    checkRow: ({ row, baseline, add }) => {
      if (row.cumulative === undefined) {
        add('row.missingValue', 'cumulative');
        return undefined;
      }
      if (row.cumulative !== 0 && row.cumulative !== 1) {
        add('row.milestoneValue', 'cumulative', { found: row.cumulative });
        return undefined;
      }
      if (baseline && row.cumulative < baseline.cumulative) {
        add('row.cumulativeDecreased', 'cumulative', {
          expected: baseline.cumulative,
          found: row.cumulative,
        });
      }
      if (row.cumulative === 1 && !row.completedOn) add('row.milestoneDateMissing', 'completedOn');
      return row.cumulative;
    },
    checksCompletionPercent: false,
    readsDoneWords: true,
    template: {
      unitHint: '完成=1',
      projects: false,
      cumulativeChoice: { from: 0, to: 1, hint: '完成填 1，未完成填 0' },
    },
    show: {
      target: () => DONE,
      planTarget: () => DONE,
      planUnit: (uom) => uom,
    },
  },
};
