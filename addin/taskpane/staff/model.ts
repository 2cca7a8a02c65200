/**
 * The bureau staff view's data and the pure steps between them: what was recognised, what was
 * validated, the explanations typed for rows behind schedule, and how a try to send ended.
 */

import type { Receipt } from '../../../api/views';
import type { Finding } from '../../../domain/findings';
import type { Plan } from '../../../domain/plan';
import type { Explanation, Submission } from '../../../domain/submission';
import { type ColumnMapping, cellOf } from '../../../domain/worksheet/recognise';
import type { Failure } from '../errors';
import type { ShownFinding } from '../FindingsList';

/** The document setting a confirmed column mapping is kept in (JSON of a `ColumnMapping`). */
export const COLUMN_MAPPING_SETTING = 'shishi.columnMapping';

/** The workbook as last read: the plan it was read against, the report found, its findings. */
export interface Recognition {
  readonly plan: Plan;
  readonly submission: Submission | undefined;
  /** Where each part of the report was read: `row[0].cumulative` → `进度报表!E4` (`cellKey`). */
  readonly cells: Readonly<Record<string, string>>;
  readonly findings: readonly ShownFinding[];
  readonly mapping: ColumnMapping | undefined;
}

/** A report checked by the domain's rules, with the explanations applied: what Submit sends. */
export interface Validated {
  readonly submission: Submission;
  readonly findings: readonly ShownFinding[];
}

/** What the view is doing in the foreground (one thing at a time). */
export type Busy = 'recognise' | 'validate' | 'submit' | 'history' | undefined;

/** How the last try to send a report ended. */
export type SubmitOutcome =
  | { readonly kind: 'receipt'; readonly receipt: Receipt }
  /** Could not be sent now (no answer, 5xx, 408, 429): kept and sent again by itself. */
  | { readonly kind: 'kept'; readonly failure: Failure }
  /** Refused with findings (422). */
  | { readonly kind: 'rejected'; readonly failure: Failure }
  | { readonly kind: 'failed'; readonly failure: Failure };

/** The explanation typed for each indicator behind schedule, as typed (not trimmed yet). */
export type ExplanationDrafts = Readonly<Record<string, ExplanationDraft>>;

export interface ExplanationDraft {
  readonly cause: string;
  readonly remedy: string;
  readonly expectedCompletion: string;
}

export const EMPTY_EXPLANATION: ExplanationDraft = { cause: '', remedy: '', expectedCompletion: '' };

/**
 * The report with the typed explanations on their rows; blank fields leave the row's own.
 *
 * @example
 * withExplanations(report, { '3.1': { cause: ' 雨季 ', remedy: '', expectedCompletion: '' } })
 * // → row 3.1's explanation has cause '雨季' and keeps its remedy
 */
export const withExplanations = (submission: Submission, drafts: ExplanationDrafts): Submission => ({
  ...submission,
  rows: submission.rows.map((row) => {
    const f = drafts[row.indicator];
    if (!f) return row;
    const e: Explanation = {
      ...row.explanation,
      ...(f.cause.trim() ? { cause: f.cause.trim() } : {}),
      ...(f.remedy.trim() ? { remedy: f.remedy.trim() } : {}),
      ...(f.expectedCompletion ? { expectedCompletion: f.expectedCompletion } : {}),
    };
    return { ...row, explanation: e };
  }),
});

/** A finding with its cell: the one the recogniser named, else the cell of its location. */
export function toShown(
  f: Pick<Finding, 'severity' | 'message' | 'location'> & {
    readonly code: string;
    readonly cell?: string | undefined;
  },
  cells: Readonly<Record<string, string>>,
): ShownFinding {
  const cell = f.cell ?? cellOf(cells, f.location);
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    location: f.location,
    ...(cell ? { cell } : {}),
  };
}

/** The indicators whose rows need an explanation (behind schedule without one), each once. */
export function behindSchedule(validated: Validated | undefined): string[] {
  if (!validated) return [];
  return [
    ...new Set(
      validated.findings
        .filter((f) => f.code === 'row.explanationMissing' && f.location?.index !== undefined)
        .map((f) => validated.submission.rows[f.location?.index ?? -1]?.indicator)
        .filter((x): x is string => x !== undefined),
    ),
  ];
}

/** Whether Submit is blocked: nothing validated yet, or an error among the findings. */
export const blocksSubmit = (validated: Validated | undefined): boolean =>
  validated ? validated.findings.some((f) => f.severity === 'error') : true;

/** The columns a mapping can be adjusted to: A…Z, and any further column already in use. */
export const columnChoices = (columns: Readonly<Record<string, number>>): number[] =>
  [...new Set([...Array.from({ length: 26 }, (_, i) => i + 1), ...Object.values(columns)])].sort(
    (a, b) => a - b,
  );
