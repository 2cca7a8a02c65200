/** Request parsing shared by the route groups. */
import type { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { type ApiError, apiError } from '../http/problem';
import { fieldPath } from '../http/schemas';
import { localDate } from '../runtime';

export function parseYear(value: string | undefined, field = 'year'): number | ApiError {
  const year = Number(value);
  return Number.isInteger(year) && year >= 1949 && year <= 9999 && /^\d{4}$/.test(value ?? '')
    ? year
    : apiError(
        'request.invalid',
        `年度“${value ?? ''}”无效，应为四位数字`,
        `Year "${value ?? ''}" is not valid (four digits)`,
        { field },
      );
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T | ApiError {
  const out = schema.safeParse(body);
  if (out.success) return out.data;
  const issue = out.error.issues[0]!;
  const field = fieldPath(issue.path) || 'body';
  return apiError(
    'request.invalid',
    `请求内容有误：${field}（${issue.message}）`,
    `Invalid request: ${field} (${issue.message})`,
    { field },
  );
}

export const isError = (x: unknown): x is ApiError =>
  typeof x === 'object' &&
  x !== null &&
  'code' in x &&
  'message' in x &&
  typeof (x as ApiError).code === 'string';

/** `?asOf=YYYY-MM-DD`, by default today in the district's time zone. */
export function parseAsOf(value: string | undefined, now: Date): string | ApiError {
  const asOf = value ?? localDate(now);
  return isIsoDate(asOf)
    ? asOf
    : apiError('request.invalid', `asOf“${asOf}”应为 YYYY-MM-DD`, `asOf "${asOf}" must be YYYY-MM-DD`, {
        field: 'asOf',
      });
}
