/** Request parsing shared by the route groups. */
import { type ApiError, apiError } from '../../api/errors';
import { IDEMPOTENCY_KEY } from '../../api/schemas';
import { isIsoDate } from '../../domain/dates';
import type { HttpResult } from '../http/types';
import { localDate } from '../runtime';
import { attachment, XLSX_CONTENT_TYPE } from '../workbook/xlsx-util';

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

/** `?version=n`: a stored version's number (a positive integer), or undefined for the newest. */
export function parseVersion(raw: string | undefined): number | undefined | ApiError {
  if (raw === undefined) return undefined;
  const version = Number(raw);
  return /^\d+$/.test(raw) && Number.isSafeInteger(version) && version > 0
    ? version
    : apiError('request.invalid', `版本“${raw}”无效`, `Version "${raw}" is not valid`, { field: 'version' });
}

/** A positive whole number of at most `max` (a page size, a cursor, a version), or undefined. */
export function parseCount(
  raw: string | undefined,
  field: string,
  max: number,
): number | undefined | ApiError {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return /^\d+$/.test(raw) && Number.isSafeInteger(n) && n > 0 && n <= max
    ? n
    : apiError(
        'request.invalid',
        `${field}“${raw}”应为 1–${max} 的整数`,
        `${field} "${raw}" must be a whole number 1–${max}`,
        {
          field,
        },
      );
}

/** `?asOf=YYYY-MM-DD`, by default today in the district's time zone. */
export function parseAsOf(value: string | undefined, now: Date): string | ApiError {
  const asOf = value ?? localDate(now);
  return isIsoDate(asOf)
    ? asOf
    : apiError('request.invalid', `asOf“${asOf}”应为 YYYY-MM-DD`, `asOf "${asOf}" must be YYYY-MM-DD`, {
        field: 'asOf',
      });
}

/**
 * The `Idempotency-Key` header: required for a JSON report, optional for a workbook (the use case
 * then derives one from the bytes). `undefined` when optional and absent.
 */
export function parseIdempotencyKey(value: string | undefined, required: true): string | ApiError;
export function parseIdempotencyKey(
  value: string | undefined,
  required: false,
): string | undefined | ApiError;
export function parseIdempotencyKey(
  value: string | undefined,
  required: boolean,
): string | undefined | ApiError {
  if (!value && !required) return undefined;
  if (value && IDEMPOTENCY_KEY.test(value)) return value;
  return required
    ? apiError(
        'request.idempotencyKeyMissing',
        '缺少或无效的 Idempotency-Key 请求头（8–128 个字母、数字或 ._:-）',
        'Idempotency-Key header missing or invalid (8–128 letters, digits or ._:-)',
        { field: 'Idempotency-Key' },
      )
    : apiError(
        'request.idempotencyKeyMissing',
        '无效的 Idempotency-Key 请求头（8–128 个字母、数字或 ._:-）',
        'Invalid Idempotency-Key header (8–128 letters, digits or ._:-)',
        { field: 'Idempotency-Key' },
      );
}

/** An .xlsx answer: base64 with `isBase64Encoded`, as API Gateway wants binary bodies. */
export function xlsx(bytes: Buffer, filename: string, fallback: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': XLSX_CONTENT_TYPE,
      'content-disposition': attachment(filename, fallback),
      'cache-control': 'no-store',
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}
