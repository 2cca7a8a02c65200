/**
 * The office's 计划 view, its pure part: what a draft still asks of the office per indicator
 * (first responsible persons, last year's base), the edits made in the form, and the findings
 * of an import, a save or a refused publish in one shape for the view.
 */
import type { Problem } from '../../../api/errors';
import { KINDS } from '../../../domain/kinds';
import { parseQuantity } from '../../../domain/parse';
import type { Indicator, IndicatorId, Person, Plan } from '../../../domain/plan';
import type { PlanFinding } from '../../../domain/plansheet/types';
import type { LocalizedText } from '../../../domain/result';

/** A finding as the view shows it: severity, message, and its cell or field when it has one. */
export interface PlanShown {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: LocalizedText;
  /** `目标任务分解!E8`: the view selects it in the workbook. */
  readonly cell?: string;
  /** `indicators[5].base`, when there is no cell. */
  readonly field?: string;
}

/**
 * Whether the indicator's kind asks for last year's base: the kind registry's plan check is
 * asked about the indicator without one, so a new kind that needs a base shows the field too.
 *
 * @example needsBase({ kind: 'growth', … }) // → true; needsBase({ kind: 'count', … }) // → false
 */
export function needsBase(indicator: Indicator): boolean {
  if (indicator.base !== undefined) return true;
  const { base: _, ...without } = indicator;
  return KINDS[indicator.kind].checkPlan(without).some((c) => c.field === 'base');
}

const editIndicator = (plan: Plan, id: IndicatorId, edit: (i: Indicator) => Indicator): Plan => ({
  ...plan,
  indicators: plan.indicators.map((i) => (i.id === id ? edit(i) : i)),
});

/** The plan with the indicator's first responsible persons replaced (as typed; see `cleanPlan`). */
export const withResponsible = (plan: Plan, id: IndicatorId, people: readonly Person[]): Plan =>
  editIndicator(plan, id, (i) => ({ ...i, responsible: people }));

/** The plan with the indicator's base set, or removed when `base` is undefined. */
export const withBase = (plan: Plan, id: IndicatorId, base: number | undefined): Plan =>
  editIndicator(plan, id, (i) => {
    const { base: _, ...rest } = i;
    return base === undefined ? rest : { ...rest, base };
  });

/**
 * The base as typed (`1,820`, `０.４５万`, `4500人`) in the indicator's base unit; undefined for
 * an empty field, `invalid` when it does not read as a figure.
 */
export function readBase(text: string, indicator: Indicator): number | undefined | 'invalid' {
  const r = parseQuantity(text, { unit: indicator.baseUnit ?? '' });
  if (!r.ok) return 'invalid';
  return r.value.kind === 'empty' ? undefined : r.value.value.value;
}

/** The plan as it is sent: names and titles trimmed, people without a name left out. */
export const cleanPlan = (plan: Plan): Plan => ({
  ...plan,
  indicators: plan.indicators.map((i) => ({
    ...i,
    responsible: i.responsible
      .map((p) => ({ ...p, name: p.name.trim(), title: p.title.trim() }))
      .filter((p) => p.name !== ''),
  })),
});

/** The findings of an import or a saved draft. */
export const shownFindings = (findings: readonly PlanFinding[]): PlanShown[] =>
  findings.map((f) => ({
    severity: f.severity,
    code: f.code,
    message: f.message,
    ...(f.cell ? { cell: f.cell } : {}),
    ...(f.field ? { field: f.field } : {}),
  }));

/**
 * What a refusal says: the plan's errors (422 on publish: each with its field), the findings of
 * an import that was refused (each with its cell), else the problem's own message.
 */
export function problemShown(problem: Problem): PlanShown[] {
  const errors: PlanShown[] = (problem.errors ?? []).map((e) => ({
    severity: 'error',
    code: e.code,
    message: e.message,
    field: e.field,
  }));
  const findings: PlanShown[] = (problem.findings ?? []).map((f) => {
    const cell: unknown = 'cell' in f ? f.cell : undefined;
    return {
      severity: f.severity,
      code: f.code,
      message: f.message,
      ...(typeof cell === 'string' ? { cell } : {}),
    };
  });
  const all = [...errors, ...findings];
  return all.length > 0
    ? all
    : [
        {
          severity: 'error',
          code: problem.code,
          message: problem.message,
          ...(problem.field ? { field: problem.field } : {}),
        },
      ];
}
