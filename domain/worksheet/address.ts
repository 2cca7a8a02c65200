/**
 * A1 references: column letters ↔ numbers, cells (`G6`, `$G$6`) and ranges (`A1:C3`, `B:C`,
 * `3:5`). Only the reading lives here; what a caller accepts (sheet names, Excel's bounds, its
 * error codes) stays with the caller, which picks the syntax it reads with `a1Reader`.
 */

/** Excel's last row. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel's last column, `XFD`. */
export const EXCEL_MAX_COLS = 16_384;

export interface CellPosition {
  /** 1-based. */
  readonly row: number;
  /** 1-based (A = 1). */
  readonly col: number;
}

/** A rectangle of cells, corners included, 1-based. */
export interface Area {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** `columnName(28)` → `'AB'`. */
export function columnName(col: number): string {
  let s = '';
  for (let x = col; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** `columnNumber('AB')` → 28, `columnNumber('xfd')` → 16384. Callers match the letters first. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** `cellAddress('进度报表', 6, 7)` → `'进度报表!G6'`. */
export const cellAddress = (sheet: string, row: number, col: number): string =>
  `${sheet}!${columnName(col)}${row}`;

/** Which A1 spellings a reader accepts; each caller keeps its own. */
export interface A1Syntax {
  /** Lower-case letters (`g6`), read as upper case: people type them, files never hold them. Default true. */
  readonly lowerCase?: boolean;
  /** `$` before the letters and before the digits (`$G$6`). Default true. */
  readonly anchors?: boolean;
  /** Most column letters. Default 3 (as far as `XFD`). */
  readonly maxLetters?: number;
  /** Most row digits. Default: any. */
  readonly maxDigits?: number;
  /** Ranges of whole columns (`B:C`) and whole rows (`3:5`), spanning the sheet. Default false. */
  readonly wholeLines?: boolean;
}

export interface A1Reader {
  /** `cell('$AB$12')` → `{ row: 12, col: 28 }`; undefined when it is not a cell reference. Row 0 reads. */
  cell(ref: string): CellPosition | undefined;
  /** `range('C3:A1')` → `{ top: 1, left: 1, bottom: 3, right: 3 }`; a single cell is a 1×1 area. */
  range(ref: string): Area | undefined;
}

/**
 * A reader of references in one syntax, its patterns compiled once (the guard reads every cell
 * of a sheet with one). Bounds are not checked: `cell('ZZZ9999999')` reads.
 *
 * @example a1Reader({ lowerCase: false }).cell('g6') → undefined
 */
export function a1Reader(syntax: A1Syntax = {}): A1Reader {
  const anchor = syntax.anchors === false ? '' : '\\$?';
  const letters = `([${syntax.lowerCase === false ? 'A-Z' : 'A-Za-z'}]{1,${syntax.maxLetters ?? 3}})`;
  const digits = syntax.maxDigits === undefined ? '(\\d+)' : `(\\d{1,${syntax.maxDigits}})`;
  const cellRe = new RegExp(`^${anchor}${letters}${anchor}${digits}$`);
  const colRe = new RegExp(`^${anchor}${letters}$`);
  const rowRe = new RegExp(`^${anchor}${digits}$`);

  const cell = (ref: string): CellPosition | undefined => {
    const m = cellRe.exec(ref);
    return m ? { row: Number(m[2]), col: columnNumber(m[1] ?? '') } : undefined;
  };

  const range = (ref: string): Area | undefined => {
    const [a = '', b, more] = ref.split(':');
    if (more !== undefined) return undefined;
    if (b !== undefined && syntax.wholeLines === true) {
      const [ca, cb] = [colRe.exec(a), colRe.exec(b)];
      if (ca && cb) {
        return spanning(
          { row: 1, col: columnNumber(ca[1] ?? '') },
          { row: EXCEL_MAX_ROWS, col: columnNumber(cb[1] ?? '') },
        );
      }
      const [ra, rb] = [rowRe.exec(a), rowRe.exec(b)];
      if (ra && rb)
        return spanning({ row: Number(ra[1]), col: 1 }, { row: Number(rb[1]), col: EXCEL_MAX_COLS });
    }
    const from = cell(a);
    const to = b === undefined ? from : cell(b);
    return from && to ? spanning(from, to) : undefined;
  };

  return { cell, range };
}

/** The area with `a` and `b` at opposite corners, whichever corners they are. */
export function spanning(a: CellPosition, b: CellPosition): Area {
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}
