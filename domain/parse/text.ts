/**
 * Cell text as typed with a Chinese input method is full of look-alikes: full-width
 * digits and punctuation, ideographic spaces, invisible characters pasted from Word or
 * WeChat. Parsers first fold all of that into one canonical spelling so each rule is
 * written once.
 */

/** Invisible characters that survive NFKC and `trim()`: zero-width space/joiners, word joiner, BOM. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Minus look-alikes that NFKC leaves alone: U+2212 MINUS SIGN (Word, PDFs) and U+2796 HEAVY MINUS SIGN. */
const MINUS = /[\u2212\u2796]/g;

const WHITESPACE_RUN = /\s+/g;

/**
 * Folds a cell's text to one canonical spelling:
 * - Unicode NFKC: `１５％` → `15%`, `，` → `,`, `．` → `.`, ideographic space → space, `㎡` → `m2`, `㎞` → `km`;
 * - U+2212 `−` (Word's minus) → `-`;
 * - zero-width characters and the BOM are removed;
 * - every run of whitespace (tabs, line breaks inside a cell, NBSP) becomes one ASCII space,
 *   and the ends are trimmed.
 *
 * Interior spaces are kept (collapsed) rather than removed, because `1 820` must not silently
 * become `1820`: each parser decides where a space is harmless.
 *
 * `normalizeCellText(' １，８２０　人 ')` → `'1,820 人'`.
 */
export function normalizeCellText(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(MINUS, '-').replace(WHITESPACE_RUN, ' ').trim();
}

/** True for `null`, `undefined` and strings that normalise to nothing. `isBlankCell('　')` → `true`. */
export function isBlankCell(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && normalizeCellText(cell) === '');
}

const FULL_WIDTH_OFFSET = 0xfee0;

/**
 * The reverse of the NFKC fold for the characters people type in numbers, used to
 * produce what a clerk with a full-width input method would type.
 * `toFullWidth('1,820.5%')` → `'１，８２０．５％'`.
 */
export function toFullWidth(s: string): string {
  return s.replace(/[0-9.,%+\-:/]/g, (c) => String.fromCharCode(c.charCodeAt(0) + FULL_WIDTH_OFFSET));
}

/**
 * Columns a string takes in a terminal or a fixed-width cell: East Asian wide and full-width
 * characters count twice.
 *
 * @example displayWidth('区交通局') // → 8
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/**
 * What a spreadsheet program takes for the start of a formula when the text is typed, pasted or
 * read from CSV: `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's CSV-injection list), and
 * their full-width forms, which Excel with a CJK input method turns into the same.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** True for text a spreadsheet would take for a formula: `looksLikeFormula('=1+1')` → `true`. */
export const looksLikeFormula = (s: string): boolean => FORMULA_START.test(s);

/**
 * Text as it is written into a workbook this project makes: formula-like text is quote-prefixed
 * (`'=HYPERLINK(…)`), so Excel, LibreOffice and any CSV export of the sheet keep it as text.
 * Idempotent. `quoteFormula('-1+1')` → `"'-1+1"`; `quoteFormula('拆迁')` → `'拆迁'`.
 */
export function quoteFormula(s: string): string {
  return looksLikeFormula(s) ? `'${s}` : s;
}

/**
 * The reverse, when a workbook is read back: `unquoteFormula("'=1+1")` → `'=1+1'`, so a template
 * filled from the server and sent back holds the text the person wrote. Other text is unchanged
 * (an apostrophe before anything else is the person's own).
 */
export function unquoteFormula(s: string): string {
  return s.startsWith("'") && looksLikeFormula(s.slice(1)) ? s.slice(1) : s;
}
