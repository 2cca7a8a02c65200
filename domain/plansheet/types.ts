/**
 * The contract of the plan-sheet recogniser: the city's 目标任务分解表 (or the plan workbook the
 * office exported and edited) as a grid in, a draft plan and its findings out. Pure data.
 */
import type { Organisation, PlanErrorCode, Unit } from '../plan';
import type { LocalizedText } from '../result';

/** What the recogniser reports about the sheet; `plan.*` codes come from `validatePlan`. */
export type PlanSheetCode =
  | 'plansheet.tableNotFound'
  | 'plansheet.columnMissing'
  | 'plansheet.yearMissing'
  | 'plansheet.numberInvalid'
  | 'plansheet.unitOfMeasureUnknown'
  | 'plansheet.deadlineInvalid'
  | 'plansheet.unitNew'
  | 'plansheet.baseMissing'
  | 'plansheet.splitMismatch'
  | 'plansheet.splitUnknownIndicator'
  | 'plansheet.rowIgnored'
  | 'plansheet.milestonesInvalid';

export type PlanFindingCode = PlanSheetCode | PlanErrorCode;

/**
 * One finding about a draft plan: `error` blocks storing (import) or publishing; `warning` is
 * shown and kept (a new unit, a growth indicator waiting for last year's base, …).
 */
export interface PlanFinding {
  readonly severity: 'error' | 'warning';
  readonly code: PlanFindingCode;
  /** `目标任务分解!E8`, when the finding is about a cell. */
  readonly cell?: string;
  /** Path in the plan, e.g. `indicators[5].base`. */
  readonly field?: string;
  readonly indicator?: string;
  readonly message: LocalizedText;
}

/** What the recogniser needs besides the grid. */
export interface PlanSheetContext {
  /** The plan's year; else read from the title (`××市2007年为民办…`); else a finding. */
  readonly year?: number;
  /** The organisation the plan is for. */
  readonly organisation: Organisation;
  /** The organisation's known units: names are matched to them (an unknown name becomes a new unit). */
  readonly units: readonly Unit[];
}
