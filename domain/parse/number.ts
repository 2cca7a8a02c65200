/**
 * Quantities as bureau staff type them: `1,820`, `0.4万`, `35公里`, `１５％`. Whatever is
 * not an exact figure in the indicator's unit is refused with a reason, never guessed:
 * a wrong guess silently changes a published pledge total.
 */
import { err, ok, type Result } from '../result';
import {
  type Decimal,
  decimalFromNumber,
  decimalFromParts,
  decimalToNumber,
  decimalToString,
  shiftDecimal,
} from './decimal';
import {
  type CellValue,
  cellInput,
  EMPTY,
  fail,
  type Parsed,
  type ParseError,
  parsedValue,
  parseError,
} from './errors';
import { normalizeCellText, toFullWidth } from './text';

/** The units of measure used in the plan; `''` is a count with no unit. */
export const UNITS = [
  '人',
  '公里',
  '口',
  '所',
  '平方米',
  '米',
  '%',
  '万元',
  '元',
  '个',
  '户',
  '座',
  '处',
  '条',
  '项',
  '次',
  '',
] as const;

export type UnitOfMeasure = (typeof UNITS)[number];

/**
 * The largest figure a report or plan may hold (10¹⁵, in either sign): far above any pledge, and
 * below 2⁵³, so that every figure is stored exactly (DynamoDB's client refuses unsafe integers).
 */
export const MAX_QUANTITY = 1e15;

/** Other spellings, after NFKC and lower-casing (`㎡`, `m²` and `M2` all arrive as `m2`, `㎞` as `km`). */
const SYNONYMS: ReadonlyMap<string, UnitOfMeasure> = new Map<string, UnitOfMeasure>([
  ['km', '公里'],
  ['千米', '公里'],
  ['m2', '平方米'],
  ['平米', '平方米'],
  ['m', '米'],
]);

const UNIT_SET: ReadonlySet<string> = new Set(UNITS);

/**
 * The plan's spelling of a unit, or `undefined` when it is not a unit we know.
 * `canonicalUnit('㎡')` → `'平方米'`; `canonicalUnit('KM')` → `'公里'`; `canonicalUnit('斤')` → `undefined`.
 */
export function canonicalUnit(u: string): UnitOfMeasure | undefined {
  const t = normalizeCellText(u).replace(/ /g, '').toLowerCase();
  return UNIT_SET.has(t) ? (t as UnitOfMeasure) : SYNONYMS.get(t);
}

export interface Quantity {
  readonly value: number;
  /** The figure was written or formatted as a percentage (`15%`, or 0.15 shown as `0%`). */
  readonly percent: boolean;
}

export interface QuantityOptions {
  /** The indicator's unit of measure; a unit outside {@link UNITS} is matched literally. */
  readonly unit: string;
  /** The cell's Excel number format, e.g. `0%`, `#,##0.00`. */
  readonly numberFormat?: string;
}

const MULTIPLIERS: ReadonlyMap<string, number> = new Map([
  ['万', 4],
  ['亿', 8],
]);

/** Quoted literals, `\x` escapes, `_x` padding, `*x` fills and `[Red]`/`[>100]` sections: none of them scale. */
const FORMAT_LITERALS = /"[^"]*"|\\.|_.|\*.|\[[^\]]*\]/g;

/**
 * Whether Excel multiplies the stored value by 100 when it displays it: `0%` does,
 * `0"%"` and `0\%` only print a percent sign.
 */
export function isPercentFormat(numberFormat: string | undefined): boolean {
  return numberFormat?.replace(FORMAT_LITERALS, '').includes('%') ?? false;
}

/**
 * Words that make a figure approximate. Prefixes stand before the figure (`约35`),
 * infixes right after the digits or 万/亿 (`300余人`, `3万多`), suffixes at the end (`35左右`, `35+`).
 */
const APPROX_PREFIX =
  /^(大约|大概|约为|约计|约|将近|接近|近|超过|多达|逾|不到|不足|不少于|不低于|至少|最少|≈|~|〜|>=|<=|>|<|≥|≤) ?(?=[+-]?[\d.])/;
const APPROX_INFIX = /(?<=[\d万亿] ?)(余|多|来|几|许)/g;
const APPROX_SUFFIX = / ?(左右|上下|以上|以下|以内|之多|\+)$/;

/** `30-35`, `30~35`, `30万—35万人`, `30至35`: two figures joined by a dash, tilde or 至/到. */
const RANGE =
  /^[+-]?(?=[.,]*\d)[\d.,]+ ?[^\d.,~\-–—―〜至到 ]* ?(?:-|~|–|—|―|〜|至|到) ?[+-]?(?=[.,]*\d)[\d.,]+(?:[^\d.,][^\d]*)?$/;

/** Sign, numeral (digits, dots and commas), then whatever follows. */
const NUMBER_HEAD = /^([+-]?) ?([\d.,]+)(.*)$/s;

/** `1 820` – a space between digit groups: a thousands separator in some styles, two figures in others. */
const SPACE_GROUPED = /^[+-]? ?\d{1,3}( \d{3})+(?:\.\d+)?(?!\d)/;

const GROUPED = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?$/;
const PLAIN = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

type Outcome<T> = Result<T, ParseError>;

/**
 * Reads one quantity cell.
 *
 * `parseQuantity('0.4万人', { unit: '人' })` → 4000; `parseQuantity('35km', { unit: '公里' })` → 35;
 * `parseQuantity(0.15, { unit: '%', numberFormat: '0%' })` → 15 (percent);
 * `parseQuantity('35公里', { unit: '人' })` → `number.unitMismatch`; `parseQuantity('', …)` → empty.
 *
 * Rules a spec left open, decided here:
 * - a bare figure is always in the indicator's unit (`15` for a % indicator is 15, percent: false);
 * - for a 万元 indicator, `468万` means 468万元 and `1.2亿`/`1.2亿元` mean 12000 (exact conversions),
 *   but `4680元` is a unit mismatch because a stray 元 in a 万元 column is usually a habit, not a conversion;
 * - a unit outside {@link UNITS} (say `台`) is accepted as a literal suffix;
 * - `。` typed between digits by a Chinese input method is a decimal point (`1。5` → 1.5);
 * - a space between digit groups (`1 820`) is refused as an ambiguous separator;
 * - `-0` reads as 0.
 */
export function parseQuantity(cell: CellValue, opts: QuantityOptions): Parsed<Quantity> {
  if (cell === null || cell === undefined) return EMPTY;
  const expected = expectedUnit(opts.unit);
  if (typeof cell === 'number') return fromNumberCell(cell, expected, opts.numberFormat);
  if (typeof cell !== 'string') return fail('number.invalid', cellInput(cell));
  const text = normalizeCellText(cell).replace(/(?<=\d)。(?=\d)/g, '.');
  if (text === '') return EMPTY;
  const result = parseText(text, expected, cell);
  return result.ok ? parsedValue(result.value) : result;
}

function expectedUnit(unit: string): string {
  return canonicalUnit(unit) ?? normalizeCellText(unit).replace(/ /g, '');
}

function fromNumberCell(n: number, expected: string, numberFormat: string | undefined): Parsed<Quantity> {
  if (!Number.isFinite(n)) return fail('number.notFinite', String(n));
  if (Math.abs(n) > MAX_QUANTITY) return fail('number.tooLarge', String(n));
  if (!isPercentFormat(numberFormat)) return parsedValue({ value: n === 0 ? 0 : n, percent: false });
  const value = decimalToNumber(shiftDecimal(decimalFromNumber(n), 2));
  if (expected !== '%') {
    return fail('number.unitMismatch', `${decimalToString(decimalFromNumber(value))}%`, {
      expected,
      found: '%',
    });
  }
  return parsedValue({ value, percent: true });
}

function parseText(text: string, expected: string, raw: string): Outcome<Quantity> {
  const approx = stripApproximation(text);
  if (approx !== undefined) {
    const inner = parseExact(approx.rest, expected, raw);
    if (inner.ok || inner.error.code === 'number.unitMismatch') {
      return err(parseError('number.approximate', raw, { found: approx.marker }));
    }
    return inner;
  }
  return parseExact(text, expected, raw);
}

function stripApproximation(text: string): { readonly rest: string; readonly marker: string } | undefined {
  let rest = text;
  let marker: string | undefined;
  const prefix = APPROX_PREFIX.exec(rest);
  if (prefix !== null) {
    marker = prefix[1];
    rest = rest.slice(prefix[0].length);
  }
  const infix = rest.match(APPROX_INFIX);
  if (infix !== null) {
    marker ??= infix[0];
    rest = rest.replace(APPROX_INFIX, '');
  }
  const suffix = APPROX_SUFFIX.exec(rest);
  if (suffix !== null) {
    marker ??= suffix[1];
    rest = rest.slice(0, suffix.index);
  }
  return marker === undefined ? undefined : { rest, marker };
}

function parseExact(text: string, expected: string, raw: string): Outcome<Quantity> {
  const head = NUMBER_HEAD.exec(text);
  if (head === null || !/\d/.test(head[2] ?? '')) return invalid(text, raw);
  const [, sign = '', numeral = '', tail = ''] = head;
  const rest = tail.replace(/ /g, '');
  if (/^\d/.test(rest) || (tail.startsWith(' ') && /^[.,]/.test(rest))) {
    return SPACE_GROUPED.test(text)
      ? err(parseError('number.ambiguousSeparator', raw, { found: ' ' }))
      : invalid(text, raw);
  }
  // Unreadable trailing text first: it says more about the cell than a misplaced comma does.
  const suffix = readSuffix(rest, expected);
  if (suffix.kind === 'unknown') return invalid(text, raw);
  const number = readNumeral(sign === '-', numeral, raw);
  if (!number.ok) return number;
  if (suffix.kind === 'mismatch') {
    return err(parseError('number.unitMismatch', raw, { expected, found: suffix.found }));
  }
  const value = decimalToNumber(shiftDecimal(number.value, suffix.powerOfTen));
  if (!Number.isFinite(value)) return err(parseError('number.notFinite', raw));
  if (Math.abs(value) > MAX_QUANTITY) return err(parseError('number.tooLarge', raw));
  return ok({ value, percent: suffix.percent });
}

function invalid(text: string, raw: string): Outcome<never> {
  return err(parseError(RANGE.test(text) ? 'number.range' : 'number.invalid', raw));
}

/**
 * `1,820` and `1,234,567.5` are grouped thousands; any other comma could be a decimal comma
 * (`18,20`), so it is refused rather than read either way. A dot is always a decimal point.
 */
function readNumeral(negative: boolean, numeral: string, raw: string): Outcome<Decimal> {
  let plain = numeral;
  if (numeral.includes(',')) {
    if (GROUPED.test(numeral)) plain = numeral.replace(/,/g, '');
    else if (/^[\d.]+(?:,[\d.]+)+$/.test(numeral) && (numeral.match(/\./g) ?? []).length <= 1) {
      return err(parseError('number.ambiguousSeparator', raw, { found: ',' }));
    } else return err(parseError('number.invalid', raw));
  }
  if (!PLAIN.test(plain)) return err(parseError('number.invalid', raw));
  const [intPart = '', fracPart = ''] = plain.split('.');
  return { ok: true, value: decimalFromParts(negative, intPart, fracPart) };
}

type Suffix =
  | { readonly kind: 'unit'; readonly powerOfTen: number; readonly percent: boolean }
  | { readonly kind: 'mismatch'; readonly found: string }
  | { readonly kind: 'unknown' };

/**
 * Splits what follows the figure into an optional 万/亿 and an optional unit. The whole
 * suffix is tried as a unit first, so `万元` is a unit for a 万元 indicator and `平方米`
 * is never read as 平方 + 米.
 */
function readSuffix(rest: string, expected: string): Suffix {
  const unitOf = (s: string): string | undefined =>
    s === '' ? '' : (canonicalUnit(s) ?? (s.toLowerCase() === expected.toLowerCase() ? expected : undefined));
  const accept = (powerOfTen: number, unit: string): Suffix => ({
    kind: 'unit',
    powerOfTen,
    percent: unit === '%',
  });

  const whole = unitOf(rest);
  if (whole === expected || whole === '') return accept(0, whole);
  const power = MULTIPLIERS.get(rest.charAt(0));
  if (power !== undefined) {
    const unit = unitOf(rest.slice(1));
    // For a 万元 indicator the 万 of `468万` is the unit's own 万, and 亿 is 10 000 of them.
    if (expected === '万元' && (unit === '' || unit === '元')) return accept(power - 4, '万元');
    if (unit === expected || unit === '') return accept(power, unit);
    if (unit !== undefined) return { kind: 'mismatch', found: unit };
  }
  if (whole !== undefined) return { kind: 'mismatch', found: whole };
  return { kind: 'unknown' };
}

export interface FormatQuantityOptions {
  /** Thousands separators: `4,000`. */
  readonly grouping?: boolean;
  /** Written in 万 (ten thousands): `0.4万`. */
  readonly wan?: boolean;
  /** A unit suffix, written as given: `公里`, `km`, `%`. */
  readonly unit?: string;
  /** Full-width digits and punctuation, as a Chinese input method types them: `４，０００`. */
  readonly fullWidth?: boolean;
}

/**
 * Writes a figure the way a clerk might have typed it; {@link parseQuantity} reads every
 * output back to the same value. Never uses exponent notation and never adds float noise.
 * `formatQuantity(4000, { wan: true })` → `'0.4万'`; `formatQuantity(4000, { grouping: true })` → `'4,000'`.
 * Non-finite values come back as `String(value)`.
 */
export function formatQuantity(value: number, opts: FormatQuantityOptions = {}): string {
  if (!Number.isFinite(value)) return String(value);
  const decimal = shiftDecimal(decimalFromNumber(value), opts.wan === true ? -4 : 0);
  let text = decimalToString(decimal);
  if (opts.grouping === true) text = groupThousands(text);
  text = `${text}${opts.wan === true ? '万' : ''}${opts.unit ?? ''}`;
  return opts.fullWidth === true ? toFullWidth(text) : text;
}

/** `groupThousands('-1234567.5')` → `'-1,234,567.5'`. */
function groupThousands(text: string): string {
  const [intPart = '', fracPart] = text.split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+$)/g, ',');
  return fracPart === undefined ? grouped : `${grouped}.${fracPart}`;
}
