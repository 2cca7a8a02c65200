/**
 * The Shishi HTTP API as the add-in sees it: the task pane and the custom functions code against
 * `ShishiApi`; `client.ts` implements it over `fetch`, tests use fakes. The shapes are the
 * server's (imported as types only — nothing from functions/ runs in the add-in).
 */
import type { Finding } from '../../domain/findings';
import type { PlanError } from '../../domain/plan';
import type { LocalizedText } from '../../domain/result';
import type { Submission } from '../../domain/submission';
import type {
  Health,
  PlanRecord,
  Problem,
  Receipt,
  ReviewInput,
  ReviewResult,
  StatusView,
  SubmissionDetail,
  SubmissionHead,
  SubmitResult,
  SummaryCreated,
} from '../../functions/cli/api';
import type { ApiErrorCode } from '../../functions/http/problem';

export type {
  Finding,
  Health,
  LocalizedText,
  PlanError,
  PlanRecord,
  Problem,
  Receipt,
  ReviewInput,
  ReviewResult,
  StatusView,
  Submission,
  SubmissionDetail,
  SubmissionHead,
  SubmitResult,
  SummaryCreated,
};

/** One of the API's problem codes, or `http.unexpected` for an answer that was not a problem document. */
export type ProblemCode = ApiErrorCode | 'http.unexpected';

/** A downloaded file (an .xlsx) in the browser: a Blob and the name the server suggests. */
export interface FileDownload {
  readonly blob: Blob;
  readonly filename: string | undefined;
  readonly contentType: string;
}

export interface ListSubmissionsQuery {
  readonly year: number;
  readonly unit?: string | undefined;
  readonly period?: string | undefined;
}

/**
 * Every method resolves with the server's 2xx answer, or rejects with
 * - `ApiProblem` (addin/api/client.ts): the server answered with an error (problem+json);
 * - `NetworkError` (addin/api/client.ts): no answer at all (offline, timeout) — a submission can
 *   be kept and sent again later with the SAME idempotency key.
 */
export interface ShishiApi {
  health(): Promise<Health>;
  getPlan(year: number): Promise<PlanRecord>;
  /** POST /v1/submissions; the same key on a retry answers the first receipt (`replayed: true`). */
  submit(submission: Submission, idempotencyKey: string): Promise<SubmitResult>;
  /** POST /v1/workbooks with the .xlsx bytes. */
  submitWorkbook(bytes: Uint8Array, idempotencyKey: string): Promise<SubmitResult>;
  listSubmissions(query: ListSubmissionsQuery): Promise<SubmissionHead[]>;
  getSubmission(id: string): Promise<SubmissionDetail>;
  review(id: string, input: ReviewInput): Promise<ReviewResult>;
  /** GET /v1/status/{year}?asOf= (asOf `YYYY-MM-DD`; the server's today when absent). */
  status(year: number, asOf?: string): Promise<StatusView>;
  /** POST /v1/summaries/{year}?asOf= — makes and stores the leaders' summary workbook. */
  createSummary(year: number, asOf?: string): Promise<SummaryCreated>;
  /** GET /v1/summaries/{year} — the latest summary workbook. */
  summary(year: number): Promise<FileDownload>;
  /** GET /v1/templates/{year}/{unit}?period= — the prefilled progress worksheet. */
  template(year: number, unit: string, period: string): Promise<FileDownload>;
}
