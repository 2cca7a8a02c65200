/**
 * Calendar arithmetic on plain ISO strings. The domain never reads the clock: every
 * function that depends on "today" takes it as an argument.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string & { readonly __brand?: 'IsoDate' };
/** A reporting period (a calendar month), `YYYY-MM`. */
export type Period = string & { readonly __brand?: 'Period' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;

/** True when `y-m-d` names a day that exists in the proleptic Gregorian calendar. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `isoDate(2006, 6, 1)` → `'2006-06-01'`. */
export function isoDate(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isPeriod(s: unknown): s is Period {
  if (typeof s !== 'string') return false;
  const m = PERIOD.exec(s);
  return m !== null && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/**
 * Days since 1970-01-01 for an ISO date. Plain arithmetic (Hinnant's days_from_civil) rather
 * than Date objects: status computation calls this for every indicator of every district.
 */
export function toEpochDay(date: IsoDate): number {
  const y0 = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of `toEpochDay` (Hinnant's civil_from_days). */
export function fromEpochDay(day: number): IsoDate {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `period('2006-05-17')` → `'2006-05'`. */
export function periodOf(date: IsoDate): Period {
  return date.slice(0, 7);
}

export function periodStart(p: Period): IsoDate {
  return `${p}-01`;
}

export function periodEnd(p: Period): IsoDate {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return isoDate(y, m, daysInMonth(y, m));
}

/** `addMonths('2006-12', 1)` → `'2007-01'`. */
export function addMonths(p: Period, n: number): Period {
  const [y, m] = p.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every period from `first` to `last`, both included. */
export function periodsBetween(first: Period, last: Period): Period[] {
  const out: Period[] = [];
  for (let p = first; p <= last; p = addMonths(p, 1)) out.push(p);
  return out;
}

/**
 * The day a monthly report for `p` is due: day `dueDay` of the following month
 * (clamped to that month's length). `dueDate('2006-05', 5)` → `'2006-06-05'`.
 */
export function dueDate(p: Period, dueDay: number): IsoDate {
  const next = addMonths(p, 1);
  const [y, m] = next.split('-').map(Number) as [number, number];
  return isoDate(y, m, Math.min(dueDay, daysInMonth(y, m)));
}
