/**
 * A1 addresses as Excel and the findings write them: `进度报表!G6`, `'My sheet'!$A$1:$N$7`.
 * Pure helpers shared by the Office and in-page ports.
 */
import type { MergedArea } from '../../domain/worksheet';

export interface CellRef {
  readonly sheet: string;
  /** 1-based. */
  readonly row: number;
  /** 1-based (A = 1). */
  readonly col: number;
  /** `G6`, without the sheet. */
  readonly cell: string;
}

/** `columnIndex('AB')` → 28. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
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

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

/** `parseCell('进度报表!G6')` → `{ sheet: '进度报表', row: 6, col: 7, cell: 'G6' }`; undefined when malformed. */
export function parseCell(address: string): CellRef | undefined {
  const { sheet, ref } = splitSheet(address.trim());
  const m = CELL.exec(ref);
  if (!sheet || !m) return undefined;
  const col = columnIndex(m[1] ?? '');
  const row = Number(m[2]);
  if (row < 1 || col < 1) return undefined;
  return { sheet, row, col, cell: `${(m[1] ?? '').toUpperCase()}${row}` };
}

/** `parseArea('$A$3:$A$4')` → `{ top: 3, left: 1, bottom: 4, right: 1 }`; a single cell is a 1×1 area. */
export function parseArea(ref: string): MergedArea | undefined {
  const [a, b = a] = splitSheet(ref.trim()).ref.split(':');
  const ma = CELL.exec(a ?? '');
  const mb = CELL.exec(b ?? '');
  if (!ma || !mb) return undefined;
  const r1 = Number(ma[2]);
  const r2 = Number(mb[2]);
  const c1 = columnIndex(ma[1] ?? '');
  const c2 = columnIndex(mb[1] ?? '');
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
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
