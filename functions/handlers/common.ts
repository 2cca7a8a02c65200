/** Request parsing shared by the route groups. */
import { type ApiError, apiError } from '../../api/errors';
import { isIsoDate } from '../../domain/dates';
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

/** `?asOf=YYYY-MM-DD`, by default today in the district's time zone. */
export function parseAsOf(value: string | undefined, now: Date): string | ApiError {
  const asOf = value ?? localDate(now);
  return isIsoDate(asOf)
    ? asOf
    : apiError('request.invalid', `asOf“${asOf}”应为 YYYY-MM-DD`, `asOf "${asOf}" must be YYYY-MM-DD`, {
        field: 'asOf',
      });
}
