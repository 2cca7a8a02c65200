/**
 * How the API fails, in one place for the server and its clients: every error code with its
 * HTTP status (a new code without a status does not compile), the problem document
 * (`application/problem+json`, RFC 9457) the server answers with, the `ApiError` value a use
 * case returns, and the two classes a client call rejects with — the server answered with a
 * problem (`ApiProblem`), or nothing answered (`NetworkError`: keep a submission and retry it
 * with the same key). Match on `code`, never on the message.
 */
import type { Finding } from '../domain/findings';
import type { PlanError } from '../domain/plan';
import type { PlanFinding } from '../domain/plansheet/types';
import type { LocalizedText } from '../domain/result';
import type { WorksheetFinding } from '../domain/worksheet/recognise';

/** The codes of an uploaded workbook that the guard (functions/workbook/guard.ts) refuses. */
export const WORKBOOK_PROBLEM_CODES = [
  'workbook.notXlsx',
  'workbook.tooLarge',
  'workbook.zipBomb',
  'workbook.doctype',
  'workbook.macro',
  'workbook.externalLink',
  'workbook.embeddedObject',
  'workbook.cellOutOfRange',
  'workbook.cellTooLong',
  'workbook.tooManyCells',
  'workbook.invalidReference',
  'workbook.mergedDataCells',
  'workbook.tableNotFound',
  'workbook.unreadable',
  'workbook.timeout',
  'workbook.tooComplex',
] as const;

export type WorkbookProblemCode = (typeof WORKBOOK_PROBLEM_CODES)[number];

export type ApiErrorCode =
  | 'auth.missing'
  | 'auth.invalid'
  | 'auth.expired'
  | 'auth.claims'
  | 'auth.disabled'
  | 'auth.forbidden'
  | 'request.invalid'
  | 'request.idempotencyKeyMissing'
  | 'request.tooLarge'
  | 'plan.notFound'
  | 'plan.invalid'
  | 'plan.staleVersion'
  | 'plan.sheetInvalid'
  | 'submission.invalid'
  | 'submission.notFound'
  | 'submission.staleVersion'
  | 'submission.alreadyReviewed'
  | 'reminder.notOverdue'
  | 'submission.busy'
  | 'submission.tooMany'
  | 'submission.versionLimit'
  | 'idempotency.conflict'
  | 'summary.notFound'
  | 'year.closed'
  | 'year.open'
  | 'year.unreviewed'
  | 'year.notOver'
  | 'assessment.notFound'
  | 'user.notFound'
  | 'user.exists'
  | 'user.staleVersion'
  | 'store.unavailable'
  | 'http.notFound'
  | 'http.methodNotAllowed'
  | 'http.internal'
  | WorkbookProblemCode;

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  'auth.missing': 401,
  'auth.invalid': 401,
  'auth.expired': 401,
  'auth.claims': 401,
  'auth.disabled': 401,
  'auth.forbidden': 403,
  'request.invalid': 400,
  'request.idempotencyKeyMissing': 400,
  'request.tooLarge': 413,
  'plan.notFound': 404,
  'plan.invalid': 422,
  'plan.staleVersion': 409,
  'plan.sheetInvalid': 422,
  'submission.invalid': 422,
  'submission.notFound': 404,
  'submission.staleVersion': 409,
  'submission.alreadyReviewed': 409,
  'reminder.notOverdue': 409,
  'submission.busy': 503,
  'submission.tooMany': 429,
  'submission.versionLimit': 429,
  'idempotency.conflict': 409,
  'summary.notFound': 404,
  'year.closed': 409,
  'year.open': 409,
  'year.unreviewed': 409,
  'year.notOver': 409,
  'assessment.notFound': 404,
  'user.notFound': 404,
  'user.exists': 409,
  'user.staleVersion': 409,
  'store.unavailable': 503,
  'http.notFound': 404,
  'http.methodNotAllowed': 405,
  'http.internal': 500,
  'workbook.notXlsx': 415,
  'workbook.tooLarge': 413,
  'workbook.zipBomb': 413,
  'workbook.doctype': 422,
  'workbook.macro': 422,
  'workbook.externalLink': 422,
  'workbook.embeddedObject': 422,
  'workbook.cellOutOfRange': 422,
  'workbook.cellTooLong': 422,
  'workbook.tooManyCells': 413,
  'workbook.invalidReference': 422,
  'workbook.mergedDataCells': 422,
  'workbook.tableNotFound': 422,
  'workbook.unreadable': 422,
  'workbook.timeout': 422,
  'workbook.tooComplex': 413,
};

/**
 * The API code of an uploaded worksheet that could not be read, by the recognition code of its
 * first error; any other error refuses it as `submission.invalid`.
 */
export const WORKSHEET_PROBLEM: Partial<Record<WorksheetFinding['code'], ApiErrorCode>> = {
  'worksheet.tableNotFound': 'workbook.tableNotFound',
  'worksheet.mergedDataCells': 'workbook.mergedDataCells',
};

/**
 * A finding as the API sends it: a validation finding, or one found while reading an uploaded
 * worksheet, with the sheet and cell it concerns when it came from a workbook (`进度报表!G6`).
 */
export type ApiFinding = (Finding | WorksheetFinding) & { readonly cell?: string };

/** An expected failure, as a use case returns it; the HTTP layer answers it as a problem document. */
export interface ApiError {
  readonly code: ApiErrorCode;
  readonly message: LocalizedText;
  /** The request field it concerns, e.g. `rows[2].cumulative` or the header name. */
  readonly field?: string;
  readonly findings?: readonly ApiFinding[];
  readonly errors?: readonly PlanError[];
  /** What was found in an imported plan workbook (`plan.sheetInvalid`), each with its cell. */
  readonly planFindings?: readonly PlanFinding[];
  /** Seconds, for 503. */
  readonly retryAfter?: number;
}

/** @example apiError('plan.notFound', '计划尚未建立', 'There is no plan', { field: 'year' }) */
export const apiError = (
  code: ApiErrorCode,
  zh: string,
  en: string,
  more: Partial<ApiError> = {},
): ApiError => ({
  code,
  message: { zh, en },
  ...more,
});

const CODES: ReadonlySet<string> = new Set(Object.keys(HTTP_STATUS));

/** Whether a use case's answer is an expected failure (a known code and a message). */
export function isApiError(x: unknown): x is ApiError {
  if (typeof x !== 'object' || x === null || !('code' in x) || !('message' in x)) return false;
  return typeof x.code === 'string' && CODES.has(x.code) && typeof x.message === 'object';
}

/** One of the API's codes, or `http.unexpected` for an answer that was not a problem document. */
export type ProblemCode = ApiErrorCode | 'http.unexpected';

/** An RFC 9457 problem document as the API writes it (functions/http/problem.ts). */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail?: string;
  readonly message: LocalizedText;
  readonly field?: string;
  /** Validation findings (an uploaded workbook's may also be reading findings, see `ApiFinding`). */
  readonly findings?: readonly Finding[];
  readonly errors?: readonly PlanError[];
  readonly planFindings?: readonly PlanFinding[];
}

/** Whether a parsed answer body is a problem document: a code, a status and both messages. */
export function isProblem(x: unknown): x is Problem {
  if (typeof x !== 'object' || x === null) return false;
  const p: { code?: unknown; status?: unknown; message?: unknown } = x;
  if (typeof p.code !== 'string' || typeof p.status !== 'number') return false;
  const m = p.message;
  if (typeof m !== 'object' || m === null) return false;
  const text: { zh?: unknown; en?: unknown } = m;
  return typeof text.zh === 'string' && typeof text.en === 'string';
}

/** The API answered with an error (`application/problem+json`, or any other non-2xx answer). */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  readonly code: ProblemCode;
  readonly status: number;
  /** The message in both languages, as the server wrote it. */
  readonly text: LocalizedText;
  /** The request field it concerns, e.g. `rows[2].cumulative` or a header name. */
  readonly field: string | undefined;
  readonly findings: readonly Finding[];
  readonly errors: readonly PlanError[];
  /** An imported plan workbook's findings, with their cells (`plan.sheetInvalid`). */
  readonly planFindings: readonly PlanFinding[];
  /** Seconds, from `Retry-After` (503). */
  readonly retryAfter: number | undefined;

  constructor(
    readonly problem: Problem,
    retryAfter?: number,
    options?: { cause?: unknown },
  ) {
    super(`${problem.status} ${problem.code}: ${problem.message.en}`, options);
    this.code = problem.code;
    this.status = problem.status;
    this.text = problem.message;
    this.field = problem.field;
    this.findings = problem.findings ?? [];
    this.errors = problem.errors ?? [];
    this.planFindings = problem.planFindings ?? [];
    this.retryAfter = retryAfter;
  }
}

/** No answer from the API (offline, refused, DNS, timeout, CORS). Safe to retry with the same key. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly text: LocalizedText;

  constructor(
    readonly url: string,
    /** A short code: `ECONNREFUSED`, `timeout`, `aborted`, or the browser's message (`Failed to fetch`). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot reach the API at ${url} (${reason})`, options);
    this.text = {
      zh: `无法连接到服务器 ${url}（${reason}）。请检查网络后重试。`,
      en: `Cannot reach the server at ${url} (${reason}). Check the network and try again.`,
    };
  }
}

/** The problem standing for an error answer that was not a problem document. */
export function unexpectedProblem(status: number, text: string): Problem {
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return {
    type: 'about:blank',
    title: `HTTP ${status}`,
    status,
    code: 'http.unexpected',
    message: {
      zh: `服务器返回了意外的响应 HTTP ${status}${snippet ? `：${snippet}` : ''}`,
      en: `The server answered HTTP ${status} unexpectedly${snippet ? `: ${snippet}` : ''}`,
    },
  };
}
