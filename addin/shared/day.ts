/** Today as the add-in sees it: the day in the computer's own time zone. */
import type { IsoDate } from '../../domain/dates';

/** `YYYY-MM-DD` of a moment in local time. */
export function isoDay(d: Date): IsoDate {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
