/**
 * The answers of the HTTP layer: an expected failure (`ApiError`, whose codes and statuses are
 * api/errors.ts) as `application/problem+json` (RFC 9457) with messages in Chinese and English
 * and `Retry-After` on 503, and JSON bodies.
 */

import { type ApiError, apiError, HTTP_STATUS, type Problem } from '../../api/errors';
import type { HttpResult } from './types';

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
  const body: Omit<Problem, 'findings'> & Pick<ApiError, 'findings'> = {
    type: `https://shishi.invalid/problems/${e.code}`,
    title: e.message.en,
    status,
    code: e.code,
    detail: e.message.zh,
    message: e.message,
    ...(e.field ? { field: e.field } : {}),
    ...(e.findings ? { findings: e.findings } : {}),
    ...(e.errors ? { errors: e.errors } : {}),
    ...(e.planFindings ? { planFindings: e.planFindings } : {}),
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
