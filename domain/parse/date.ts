/**
 * Dates and reporting months as they arrive from worksheets: Excel serial numbers (in
 * either of Excel's two date systems) or text typed in one of the many Chinese ways.
 * Anything whose reading depends on a guess (day/month order, a two-digit year, a
 * missing year) is refused with a reason.
 */
import { fromEpochDay, type IsoDate, isoDate, isValidYmd, type Period, periodOf, toEpochDay } from '../dates';
import { err, ok, type Result } from '../result';
import {
  type CellValue,
  cellInput,
  EMPTY,
  type Parsed,
  type ParseError,
  parsedValue,
  parseError,
} from './errors';
import { isBlankCell, normalizeCellText } from './text';

/** Serials 61 and up count from 1899-12-30; the two-day offset absorbs Lotus's phantom 1900-02-29. */
const BASE_1900 = toEpochDay('1899-12-30');
/** Serials 1..59 (before the phantom day) count from 1899-12-31. */
const BASE_1900_EARLY = toEpochDay('1899-12-31');
const BASE_1904 = toEpochDay('1904-01-01');
/** The phantom 1900-02-29 that Excel keeps for Lotus 1-2-3 compatibility. */
const LOTUS_LEAP_DAY = 60;
/** 9999-12-31, the last day Excel can show. */
const MAX_SERIAL_1900 = 2_958_465;
const MAX_SERIAL_1904 = MAX_SERIAL_1900 - 1_462;

const RANGE_1900 = '1900-01-01/9999-12-31';
const RANGE_1904 = '1904-01-01/9999-12-31';
/** Typed dates are held to Excel's range too: a year like 1006 is a typo for 2006, not history. */
const MIN_YEAR = 1900;

/**
 * The calendar day of an Excel serial date; a time of day (the fraction) is dropped.
 * `excelSerialToDate(38869, false)` → `'2006-06-01'`; `excelSerialToDate(37407, true)` → `'2006-06-01'`;
 * `excelSerialToDate(60, false)` → `date.nonexistent` (1900-02-29, Lotus's leap-year bug).
 */
export function excelSerialToDate(serial: number, date1904: boolean): Result<IsoDate, ParseError> {
  const input = String(serial);
  if (Number.isNaN(serial)) return err(parseError('date.invalid', input));
  const day = Math.floor(serial);
  if (date1904) {
    if (!(day >= 0 && day <= MAX_SERIAL_1904))
      return err(parseError('date.outOfRange', input, { expected: RANGE_1904 }));
    return ok(fromEpochDay(BASE_1904 + day));
  }
  if (!(day >= 1 && day <= MAX_SERIAL_1900))
    return err(parseError('date.outOfRange', input, { expected: RANGE_1900 }));
  if (day === LOTUS_LEAP_DAY) return err(parseError('date.nonexistent', input));
  return ok(fromEpochDay((day < LOTUS_LEAP_DAY ? BASE_1900_EARLY : BASE_1900) + day));
}

/**
 * The Excel serial of a day, for writing templates and round trips; the inverse of
 * {@link excelSerialToDate} over Excel's range (outside it the arithmetic result is returned,
 * which {@link excelSerialToDate} refuses). `dateToExcelSerial('2006-06-01', false)` → `38869`.
 */
export function dateToExcelSerial(date: IsoDate, date1904: boolean): number {
  const day = toEpochDay(date);
  if (date1904) return day - BASE_1904;
  const serial = day - BASE_1900;
  return serial > LOTUS_LEAP_DAY ? serial : day - BASE_1900_EARLY;
}

export interface DateOptions {
  /** The workbook uses the 1904 date system (old Mac workbooks); only affects numbers. */
  readonly date1904?: boolean;
  /** The year to assume for `6月3日`, usually the plan year. Ignored when the text has a year. */
  readonly year?: number;
}

/** `14:30`, `14:30:05`, `14:30:05.250`, with an optional zone: a time of day to drop. */
const TIME = /(?:^|[ T]|(?<=[日号]))(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?$/;

const YMD_SEPARATED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const YMD_CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/;
const YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YMD_CHINESE_SHORT_YEAR = /^\d{2}年\d{1,2}月\d{1,2}[日号]?$/;
const MD_CHINESE = /^(\d{1,2})月(\d{1,2})[日号]?$/;
/** `06/05/2006`, `5/6/06`, `06-06-05`: day-first, month-first and year-first all plausible. */
const NUMERIC_UNORDERED = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})$/;
const MD_NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})$/;

/**
 * Reads a date cell: a number is an Excel serial; text may be `2006-06-05`, `2006-6-5`,
 * `2006/6/5`, `2006.6.5`, `20060605`, `2006年6月3日`, `2006年6月3号`, with full-width digits and
 * an optional time (`2006-06-05 14:30`, dropped).
 * `parseDate('2006年6月3号')` → `'2006-06-03'`; `parseDate('6月3日', { year: 2006 })` → `'2006-06-03'`;
 * `parseDate('6月3日')` → `date.missingYear`; `parseDate('06/05/2006')` → `date.ambiguous`.
 */
export function parseDate(cell: CellValue, opts: DateOptions = {}): Parsed<IsoDate> {
  if (isBlankCell(cell)) return EMPTY;
  if (typeof cell === 'number') return lift(excelSerialToDate(cell, opts.date1904 === true));
  if (typeof cell !== 'string') return lift(err(parseError('date.invalid', cellInput(cell))));
  return lift(parseDateText(cell, opts.year));
}

function lift<T>(r: Result<T, ParseError>): Parsed<T> {
  return r.ok ? parsedValue(r.value) : r;
}

function parseDateText(raw: string, defaultYear: number | undefined): Result<IsoDate, ParseError> {
  let text = normalizeCellText(raw);
  const time = TIME.exec(text);
  if (time !== null && time.index > 0) {
    if (Number(time[1]) > 23 || Number(time[2]) > 59 || Number(time[3] ?? '0') > 59) {
      return err(parseError('date.invalid', raw));
    }
    text = text.slice(0, time.index);
  }
  text = text.replace(/ /g, '');

  const full = YMD_SEPARATED.exec(text) ?? YMD_CHINESE.exec(text) ?? YMD_COMPACT.exec(text);
  if (full !== null) {
    const [y, m, d] = full.length === 5 ? [full[1], full[3], full[4]] : [full[1], full[2], full[3]];
    return ymd(Number(y), Number(m), Number(d), raw);
  }
  if (YMD_CHINESE_SHORT_YEAR.test(text)) return err(parseError('date.ambiguous', raw));

  const monthDay = MD_CHINESE.exec(text);
  if (monthDay !== null) {
    const [m, d] = [Number(monthDay[1]), Number(monthDay[2])];
    // Checked against a leap year so that 2月29日 is only refused once the year is known.
    if (!isValidYmd(2000, m, d)) return err(parseError('date.invalid', raw));
    if (defaultYear === undefined) return err(parseError('date.missingYear', raw));
    return ymd(defaultYear, m, d, raw);
  }

  const unordered = NUMERIC_UNORDERED.exec(text);
  if (unordered !== null) {
    const [a, b, c] = [Number(unordered[1]), Number(unordered[3]), unordered[4] ?? ''];
    const year = c.length === 4 ? Number(c) : 2000 + Number(c);
    const readings = [isValidYmd(year, b, a), isValidYmd(year, a, b)];
    if (c.length === 2) readings.push(isValidYmd(2000 + a, b, Number(c)));
    return err(parseError(readings.some(Boolean) ? 'date.ambiguous' : 'date.invalid', raw));
  }
  const shortNumeric = MD_NUMERIC.exec(text);
  if (shortNumeric !== null) {
    const [a, b] = [Number(shortNumeric[1]), Number(shortNumeric[3])];
    const plausible = isValidYmd(2000, a, b) || isValidYmd(2000, b, a);
    return err(parseError(plausible ? 'date.ambiguous' : 'date.invalid', raw));
  }
  return err(parseError('date.invalid', raw));
}

function ymd(y: number, m: number, d: number, raw: string): Result<IsoDate, ParseError> {
  if (!Number.isInteger(y) || y < MIN_YEAR || y > 9999) {
    return err(parseError('date.outOfRange', raw, { expected: RANGE_1900 }));
  }
  if (!isValidYmd(y, m, d)) return err(parseError('date.invalid', raw, { found: isoDate(y, m, d) }));
  return ok(isoDate(y, m, d));
}

export interface PeriodOptions {
  /** The workbook uses the 1904 date system; only affects numbers. */
  readonly date1904?: boolean;
}

const YM_CHINESE = /^(\d{4})年(\d{1,2})月份?$/;
const YM_SEPARATED = /^(\d{4})[-/.](\d{1,2})$/;
const MY_SEPARATED = /^(\d{1,2})[-/.](\d{4})$/;
const YM_COMPACT = /^(\d{4})(\d{2})$/;
const M_CHINESE = /^\d{1,2}月份?$/;
const YM_CHINESE_SHORT_YEAR = /^\d{2}年\d{1,2}月份?$/;
/** What Excel keeps of `2006.5` typed into a General cell: the number 2006.5. */
const YEAR_DOT_MONTH_NUMBER = /^(\d{4})(?:\.(\d{1,2}))?$/;

/**
 * Reads a reporting-month cell: `2006年5月`, `2006年05月份`, `2006-05`, `2006-5`, `2006/5`,
 * `2006.5`, `5/2006`, `200605`, or a full date (its month is taken). A number is an Excel serial,
 * except for numbers from 1900 to 9999, which are what Excel makes of a typed `2006.5` (a serial
 * there would fall in 1905–1927, never a reporting month): `2006.5` is May, `2006.12` December,
 * `2006.1` is refused (`period.ambiguous`: it may be 2006.10 with its 0 dropped) and `2006` alone
 * has no month.
 * `parsePeriod('2006年5月')` → `'2006-05'`; `parsePeriod(38869)` → `'2006-06'`; `parsePeriod('5月')` → `date.missingYear`.
 */
export function parsePeriod(cell: CellValue, opts: PeriodOptions = {}): Parsed<Period> {
  if (isBlankCell(cell)) return EMPTY;
  if (typeof cell === 'number') return lift(periodFromNumber(cell, opts.date1904 === true));
  if (typeof cell !== 'string') return lift(err(parseError('period.invalid', cellInput(cell))));
  return lift(parsePeriodText(cell));
}

function periodFromNumber(n: number, date1904: boolean): Result<Period, ParseError> {
  if (n >= MIN_YEAR && n < 10_000) {
    const typed = YEAR_DOT_MONTH_NUMBER.exec(String(n));
    if (typed?.[2] === '1') return err(parseError('period.ambiguous', String(n)));
    if (typed?.[2] === undefined) return err(parseError('period.invalid', String(n)));
    return ym(Number(typed[1]), Number(typed[2]), String(n));
  }
  const date = excelSerialToDate(n, date1904);
  return date.ok ? ok(periodOf(date.value)) : date;
}

function parsePeriodText(raw: string): Result<Period, ParseError> {
  const text = normalizeCellText(raw).replace(/ /g, '');
  const yearFirst = YM_CHINESE.exec(text) ?? YM_SEPARATED.exec(text) ?? YM_COMPACT.exec(text);
  if (yearFirst !== null) return ym(Number(yearFirst[1]), Number(yearFirst[2]), raw);
  const monthFirst = MY_SEPARATED.exec(text);
  if (monthFirst !== null) return ym(Number(monthFirst[2]), Number(monthFirst[1]), raw);
  if (M_CHINESE.test(text)) return err(parseError('date.missingYear', raw));
  if (YM_CHINESE_SHORT_YEAR.test(text)) return err(parseError('date.ambiguous', raw));

  const date = parseDateText(raw, undefined);
  if (date.ok) return ok(periodOf(date.value));
  if (date.error.code !== 'date.invalid') return date;
  return err(
    parseError('period.invalid', raw, date.error.found === undefined ? {} : { found: date.error.found }),
  );
}

function ym(y: number, m: number, raw: string): Result<Period, ParseError> {
  if (y < MIN_YEAR || y > 9999) return err(parseError('date.outOfRange', raw, { expected: RANGE_1900 }));
  if (m < 1 || m > 12) {
    return err(parseError('period.invalid', raw, { found: `${y}-${String(m).padStart(2, '0')}` }));
  }
  return ok(periodOf(isoDate(y, m, 1)));
}
