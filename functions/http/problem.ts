/**
 * Expected failures of the API: one code each, one HTTP status each (a new code without a
 * status does not compile), answered as `application/problem+json` (RFC 9457) with messages in
 * Chinese and English.
 */

import type { Finding } from '../../domain/findings';
import type { PlanError } from '../../domain/plan';
import type { LocalizedText } from '../../domain/result';
import type { WorkbookProblemCode } from '../workbook/guard';
import type { HttpResult } from './types';

export type ApiErrorCode =
  | 'auth.missing'
  | 'auth.invalid'
  | 'auth.expired'
  | 'auth.claims'
  | 'auth.forbidden'
  | 'request.invalid'
  | 'request.idempotencyKeyMissing'
  | 'request.tooLarge'
  | 'plan.notFound'
  | 'plan.invalid'
  | 'plan.staleVersion'
  | 'submission.invalid'
  | 'submission.notFound'
  | 'submission.staleVersion'
  | 'submission.alreadyReviewed'
  | 'submission.busy'
  | 'idempotency.conflict'
  | 'summary.notFound'
  | 'store.unavailable'
  | 'http.notFound'
  | 'http.methodNotAllowed'
  | 'http.internal'
  // The guard's codes for an uploaded file, listed once, in functions/workbook/guard.ts.
  | WorkbookProblemCode;

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  'auth.missing': 401,
  'auth.invalid': 401,
  'auth.expired': 401,
  'auth.claims': 401,
  'auth.forbidden': 403,
  'request.invalid': 400,
  'request.idempotencyKeyMissing': 400,
  'request.tooLarge': 413,
  'plan.notFound': 404,
  'plan.invalid': 422,
  'plan.staleVersion': 409,
  'submission.invalid': 422,
  'submission.notFound': 404,
  'submission.staleVersion': 409,
  'submission.alreadyReviewed': 409,
  'submission.busy': 503,
  'idempotency.conflict': 409,
  'summary.notFound': 404,
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

export interface ApiError {
  readonly code: ApiErrorCode;
  readonly message: LocalizedText;
  /** The request field it concerns, e.g. `rows[2].cumulative` or the header name. */
  readonly field?: string;
  readonly findings?: readonly Finding[];
  readonly errors?: readonly PlanError[];
  /** Seconds, for 503. */
  readonly retryAfter?: number;
}

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

/** A byte count as people read it: `6 MB`, `1.5 MB`, `64 KB`, `512 bytes`. */
export function readableSize(bytes: number): string {
  const one = (n: number) => String(Math.round(n * 10) / 10);
  if (bytes >= 1024 * 1024) return `${one(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${one(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * `request.tooLarge` (413): the body is over the API's limit, which it names. An uploaded
 * workbook (`kind: 'workbook'`) is also told what to do: remove pictures, or report from the
 * add-in, which sends the figures rather than the file. Nothing was stored.
 */
export function tooLargeError(limitBytes: number, kind: 'json' | 'workbook' = 'json'): ApiError {
  const limit = readableSize(limitBytes);
  return kind === 'workbook'
    ? apiError(
        'request.tooLarge',
        `工作簿文件超过 ${limit} 的上限，未保存。请删除工作簿中的图片等大对象后再上传，` +
          '或在 Excel 中用“实事”加载项报送（加载项只发送报表数据，不发送文件）。',
        `The workbook file is larger than the ${limit} limit; nothing was stored. ` +
          'Remove pictures and other large objects from the workbook and upload it again, ' +
          'or report from the Shishi add-in in Excel, which sends the figures, not the file.',
      )
    : apiError(
        'request.tooLarge',
        `请求内容超过 ${limit} 的上限，未保存`,
        `The request body is larger than the ${limit} limit; nothing was stored`,
      );
}

/** The problem document of an error; `title` is English, `message` both languages. */
export function problem(e: ApiError): HttpResult {
  const status = HTTP_STATUS[e.code];
  const body = {
    type: `https://shishi.invalid/problems/${e.code}`,
    title: e.message.en,
    status,
    code: e.code,
    detail: e.message.zh,
    message: e.message,
    ...(e.field ? { field: e.field } : {}),
    ...(e.findings ? { findings: e.findings } : {}),
    ...(e.errors ? { errors: e.errors } : {}),
  };
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      ...(e.retryAfter !== undefined ? { 'retry-after': String(e.retryAfter) } : {}),
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="shishi"' } : {}),
    },
    body: JSON.stringify(body),
  };
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
