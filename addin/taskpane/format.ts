/** Small display helpers shared by the views. */
import type { Status } from '../../domain/pacing';
import type { ReviewState } from '../../domain/submission';
import type { Locale } from '../i18n';
import { isoDay } from '../shared/day';
import type { StringKey } from './strings';

export { isoDay };

/** A date-time as the user reads it (`2006-06-03 10:15`). */
export function showTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${isoDay(d)} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** `2006-05` → `2006年5月` / `May 2006`. */
export function showPeriod(period: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const month = Number(m[2]);
  if (locale === 'en') {
    const name = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', {
      month: 'short',
      timeZone: 'UTC',
    });
    return `${name} ${m[1]}`;
  }
  return `${m[1]}年${month}月`;
}

export const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

/** `（x）` in Chinese, ` (x)` in English. */
export const parens = (locale: Locale, text: string): string =>
  locale === 'en' ? ` (${text})` : `（${text}）`;

/** The colon after a label: full-width in Chinese, `: ` in English. */
export const colon = (locale: Locale): string => (locale === 'en' ? ': ' : '：');

export const stateKey = (s: ReviewState): StringKey => `state_${s}`;
export const statusKey = (s: Status): StringKey => `status_${s}`;

export const STATE_COLOR = { pending: 'warning', accepted: 'success', returned: 'danger' } as const;
export const STATUS_COLOR = {
  met: 'success',
  on_track: 'brand',
  behind: 'warning',
  at_risk: 'danger',
  failed: 'danger',
} as const;
