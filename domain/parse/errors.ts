/**
 * What can go wrong when reading a cell a person typed, and how we tell them.
 *
 * Every failure carries a stable `code` (for tests, statistics and the add-in's
 * highlighting) and a bilingual message that names the offending text, so a bureau
 * clerk can fix the cell without calling anyone.
 */
import { err, type LocalizedText, ok, type Result } from '../result';

export type ParseErrorCode =
  | 'number.invalid'
  | 'number.ambiguousSeparator'
  | 'number.unitMismatch'
  | 'number.approximate'
  | 'number.range'
  | 'number.notFinite'
  | 'number.tooLarge'
  | 'date.invalid'
  | 'date.ambiguous'
  | 'date.missingYear'
  | 'date.outOfRange'
  | 'date.nonexistent'
  | 'period.invalid'
  | 'period.ambiguous'
  | 'milestone.invalid'
  | 'milestone.ambiguous';

export interface ParseError {
  readonly code: ParseErrorCode;
  /** The cell as the person sees it (text as typed, or the number Excel shows). */
  readonly input: string;
  /** What the sheet asked for: the indicator's unit, a date range `lo/hi`… */
  readonly expected?: string;
  /** The part of the input that did not fit: a unit, a separator, an approximation word… */
  readonly found?: string;
  readonly message: LocalizedText;
}

/** What a worksheet cell can hold once read from Excel. */
export type CellValue = string | number | boolean | null | undefined;

/**
 * A blank cell means "not reported yet", which is not the same as reporting zero,
 * so emptiness is a value of its own rather than `0` or an error.
 */
export type Parsed<T> = Result<
  { readonly kind: 'empty' } | { readonly kind: 'value'; readonly value: T },
  ParseError
>;

export interface MessageContext {
  readonly input: string;
  readonly expected?: string;
  readonly found?: string;
}

/** Long pasted paragraphs would drown the message; the start is enough to find the cell. */
const MAX_SHOWN = 40;

function shown(input: string): string {
  const chars = Array.from(input);
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}…` : input;
}

const zhQ = (s: string): string => `“${shown(s)}”`;
const enQ = (s: string): string => `"${shown(s)}"`;

function zhUnit(unit: string | undefined): string {
  return unit === undefined || unit === '' ? '没有计量单位' : `的计量单位是${zhQ(unit)}`;
}

function enUnit(unit: string | undefined): string {
  return unit === undefined || unit === '' ? 'has no unit of measure' : `is measured in ${unit}`;
}

/** `'1900-01-01/9999-12-31'` → `['1900-01-01', '9999-12-31']`. */
function bounds(expected: string | undefined): readonly [string, string] {
  const [lo = '1900-01-01', hi = '9999-12-31'] = (expected ?? '').split('/').filter((s) => s !== '');
  return [lo, hi];
}

/**
 * One message per code. Being a `Record` over the code union, adding a code without
 * writing its message is a compile error.
 */
const MESSAGES: Record<ParseErrorCode, (ctx: MessageContext) => LocalizedText> = {
  'number.invalid': ({ input }) => ({
    zh: `${zhQ(input)}不是有效的数值，请只填写一个阿拉伯数字，如“35”“1,820”或“0.4万”`,
    en: `${enQ(input)} is not a number; enter a single figure in digits, e.g. "35", "1,820" or "0.4万"`,
  }),
  'number.ambiguousSeparator': ({ input, found }) =>
    found === ' '
      ? {
          zh: `${zhQ(input)}的数字中间有空格，无法判断是千分位还是两个数字；请去掉空格，如“1820”或“1,820”`,
          en: `${enQ(input)} has a space between digits, which could be a thousands separator or two figures; remove it, e.g. "1820" or "1,820"`,
        }
      : {
          zh: `${zhQ(input)}中的逗号不是每三位一组的千分位，无法判断它是千分位还是小数点；小数请用“.”，如“18.2”`,
          en: `The comma in ${enQ(input)} does not separate groups of three digits, so it could be a thousands separator or a decimal point; write decimals with ".", e.g. "18.2"`,
        },
  'number.unitMismatch': ({ input, expected, found }) => ({
    zh: `${zhQ(input)}的单位是${zhQ(found ?? '')}，但该指标${zhUnit(expected)}`,
    en: `${enQ(input)} is in ${found ?? ''} but this indicator ${enUnit(expected)}`,
  }),
  'number.approximate': ({ input, found }) => ({
    zh: `${zhQ(input)}是约数${found === undefined ? '' : `（含${zhQ(found)}）`}，无法核算，请填写确切数字`,
    en: `${enQ(input)} is an approximation${found === undefined ? '' : ` ("${found}")`} and cannot be tallied; enter the exact figure`,
  }),
  'number.range': ({ input }) => ({
    zh: `${zhQ(input)}是一个范围，请只填写一个确切数字`,
    en: `${enQ(input)} is a range; enter one exact figure`,
  }),
  'number.tooLarge': ({ input }) => ({
    zh: `${zhQ(input)}超出可保存的范围（绝对值不超过 10 的 15 次方），请填写确切数字`,
    en: `${enQ(input)} is out of range (at most 10^15 either way); enter the exact figure`,
  }),
  'number.notFinite': ({ input }) => ({
    zh: `${zhQ(input)}不是有限的数值（可能是公式出错或数字过大），请填写确切数字`,
    en: `${enQ(input)} is not a finite number (a formula error or a number too large); enter the exact figure`,
  }),
  'date.invalid': ({ input, found }) => ({
    zh:
      found === undefined
        ? `${zhQ(input)}不是有效日期，请按“2006-06-05”或“2006年6月5日”的格式填写`
        : `${zhQ(input)}不是有效日期：日历上没有 ${found} 这一天`,
    en:
      found === undefined
        ? `${enQ(input)} is not a date; write it as "2006-06-05" or "2006年6月5日"`
        : `${enQ(input)} is not a valid date: ${found} does not exist`,
  }),
  'date.ambiguous': ({ input }) => ({
    zh: `${zhQ(input)}的年、月、日顺序无法确定（日/月与月/日皆有可能，或年份只有两位），请按“2006-06-05”的格式填写四位年份`,
    en: `${enQ(input)} is ambiguous (day/month or month/day, or a two-digit year); write it as "2006-06-05" with a four-digit year`,
  }),
  'date.missingYear': ({ input }) => ({
    zh: `${zhQ(input)}没有年份，请写明年份，如“2006年6月3日”或“2006年5月”`,
    en: `${enQ(input)} has no year; include it, e.g. "2006年6月3日" or "2006年5月"`,
  }),
  'date.outOfRange': ({ input, expected }) => {
    const [lo, hi] = bounds(expected);
    return {
      zh: `${zhQ(input)}超出可处理的日期范围（${lo} 至 ${hi}）`,
      en: `${enQ(input)} is outside the supported date range (${lo} to ${hi})`,
    };
  },
  'date.nonexistent': ({ input }) => ({
    zh: `Excel 日期序列号 ${shown(input)} 对应 1900年2月29日，但这一天并不存在（Excel 沿袭了 Lotus 1-2-3 的闰年错误），请重新输入日期`,
    en: `Excel date serial ${shown(input)} stands for 29 February 1900, a day that never existed (a leap-year bug inherited from Lotus 1-2-3); re-enter the date`,
  }),
  'period.invalid': ({ input, found }) => ({
    zh: `${zhQ(input)}不是有效的月份${found === undefined ? '' : `（${found}不存在）`}，请按“2006年5月”或“2006-05”的格式填写`,
    en: `${enQ(input)} is not a valid month${found === undefined ? '' : ` (${found} does not exist)`}; write it as "2006年5月" or "2006-05"`,
  }),
  'period.ambiguous': ({ input }) => ({
    zh: `Excel 把${zhQ(input)}存成了数字，末尾的 0 已丢失，无法区分是 1 月还是 10 月；请按“2006-10”或“2006年10月”填写，或先把单元格设为文本格式`,
    en: `Excel stored ${enQ(input)} as a number and dropped its trailing 0, so it could be January or October; write "2006-10" or "2006年10月", or format the cell as text first`,
  }),
  'milestone.invalid': ({ input }) => ({
    zh: `无法从${zhQ(input)}判断节点是否完成，请填写“是”（已完成）或“否”（未完成）`,
    en: `Cannot tell from ${enQ(input)} whether the milestone is done; enter "是" (done) or "否" (not done)`,
  }),
  'milestone.ambiguous': ({ input }) => ({
    zh: `${zhQ(input)}只说明完成了一部分，而节点只有“完成”与“未完成”两种状态；请填写“是”或“否”，进度说明请写在备注中`,
    en: `${enQ(input)} describes partial completion, but a milestone is either done or not; enter "是" or "否" and put progress notes in the remarks`,
  }),
};

/** Every code, in declaration order; handy for exhaustive tests and documentation. */
export const PARSE_ERROR_CODES = Object.keys(MESSAGES) as readonly ParseErrorCode[];

/**
 * Builds a coded error with its message, so no caller can forget the message.
 * `parseError('number.unitMismatch', '35公里', { expected: '人', found: '公里' })`.
 */
export function parseError(
  code: ParseErrorCode,
  input: string,
  detail: { readonly expected?: string; readonly found?: string } = {},
): ParseError {
  const ctx: MessageContext = { input, ...detail };
  return {
    code,
    input,
    ...(detail.expected === undefined ? {} : { expected: detail.expected }),
    ...(detail.found === undefined ? {} : { found: detail.found }),
    message: MESSAGES[code](ctx),
  };
}

/** `fail('date.invalid', 'foo')` → a failed `Parsed<T>` of any `T`. */
export function fail<T>(
  code: ParseErrorCode,
  input: string,
  detail?: { readonly expected?: string; readonly found?: string },
): Parsed<T> {
  return err(parseError(code, input, detail));
}

/** The blank cell: "not reported", distinct from zero. */
export const EMPTY: Parsed<never> = ok({ kind: 'empty' });

/** `parsedValue(4000)` → `{ ok: true, value: { kind: 'value', value: 4000 } }`. */
export function parsedValue<T>(value: T): Parsed<T> {
  return ok({ kind: 'value', value });
}

/** How a non-string cell reads in a message: `38869`, `true`, `NaN`. */
export function cellInput(cell: CellValue): string {
  return cell === null || cell === undefined ? '' : String(cell);
}
