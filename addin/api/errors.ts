/**
 * The two ways an API call fails, as classes the task pane and the custom functions can match
 * on (`instanceof`, then `code`): the server answered with a problem document (`ApiProblem`), or
 * nothing answered (`NetworkError` — keep a submission and retry it with the same key).
 */
import type { Finding, LocalizedText, PlanError, Problem, ProblemCode } from './types';

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
    this.retryAfter = retryAfter;
  }
}

/** No answer from the API (offline, refused, DNS, timeout, CORS). Safe to retry with the same key. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly text: LocalizedText;

  constructor(
    readonly url: string,
    /** A short code: `timeout`, `aborted`, or the browser's message (`Failed to fetch`). */
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
