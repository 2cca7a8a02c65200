/**
 * A1 addresses as Excel and the findings write them: `进度报表!G6`, `'My sheet'!$A$1:$N$7`.
 * Pure helpers shared by the Office and in-page ports.
 */
import { a1Reader, columnName, type MergedArea } from '../../domain/worksheet';

export interface CellRef {
  readonly sheet: string;
  /** 1-based. */
  readonly row: number;
  /** 1-based (A = 1). */
  readonly col: number;
  /** `G6`, without the sheet. */
  readonly cell: string;
}

/** Splits `'It''s'!G6` into the sheet name (`It's`) and the reference (`G6`). */
export function splitSheet(address: string): { sheet: string | undefined; ref: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { sheet: undefined, ref: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'") && sheet.length >= 2) {
    sheet = sheet.slice(1, -1).replace(/''/g, "'");
  }
  return { sheet, ref: address.slice(bang + 1) };
}

/** As Office.js and people write them: any case, `$` anchors, no whole columns or rows. */
const A1 = a1Reader();

/** `parseCell('进度报表!G6')` → `{ sheet: '进度报表', row: 6, col: 7, cell: 'G6' }`; undefined when malformed. */
export function parseCell(address: string): CellRef | undefined {
  const { sheet, ref } = splitSheet(address.trim());
  const at = A1.cell(ref);
  if (!sheet || !at || at.row < 1) return undefined;
  return { sheet, ...at, cell: `${columnName(at.col)}${at.row}` };
}

/** `parseArea('$A$3:$A$4')` → `{ top: 3, left: 1, bottom: 4, right: 1 }`; a single cell is a 1×1 area. */
export function parseArea(ref: string): MergedArea | undefined {
  return A1.range(splitSheet(ref.trim()).ref);
}

/**
 * The areas of a multi-area address as Office.js gives it for `RangeAreas.address`:
 * `Sheet1!A1:N1, Sheet1!A3:A4` (sheet names with commas are quoted, so splitting outside quotes is safe).
 */
export function parseAreas(address: string): MergedArea[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const areas: MergedArea[] = [];
  for (const p of parts) {
    if (p.trim() === '') continue;
    const a = parseArea(p);
    if (a) areas.push(a);
  }
  return areas;
}

/** Excel's rules for a sheet name: 1–31 characters, none of `: \ / ? * [ ]`, not quoted at the ends. */
export function checkSheetName(name: string): void {
  if (name.length < 1 || name.length > 31 || /[:\\/?*[\]]/.test(name) || /^'|'$/.test(name)) {
    throw new Error(`not a valid sheet name: ${JSON.stringify(name)}`);
  }
}
