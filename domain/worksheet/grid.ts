/**
 * A worksheet as plain data: the cells that exist (never a declared range), their values as
 * shown to the person who typed them, their number formats, and the merged areas. The server
 * builds it from an uploaded .xlsx, the add-in from Excel's used range; the recogniser reads it.
 */
import { type CellValue, unquoteFormula } from '../parse';
import type { Area } from './address';

export interface GridCell {
  /** 1-based. */
  readonly row: number;
  /** 1-based (A = 1). */
  readonly col: number;
  /** Text, number (a date as an Excel serial or an ISO `YYYY-MM-DD` text), boolean or null. */
  readonly value: CellValue;
  /** Excel number format, e.g. `0.0%`, `yyyy-mm-dd`. */
  readonly format?: string;
}

/** A merged block of cells; its value stands in its top-left cell. */
export type MergedArea = Area;

export interface SheetGrid {
  readonly name: string;
  readonly hidden?: boolean;
  readonly cells: readonly GridCell[];
  readonly merges?: readonly MergedArea[];
}

export interface WorkbookGrid {
  readonly sheets: readonly SheetGrid[];
  /** The 1904 date system (old Mac workbooks): serials count from 1904-01-01. */
  readonly date1904?: boolean;
}

/** Random access to a sheet's cells, with each merged area's value repeated in all its cells. */
export class SheetIndex {
  readonly name: string;
  readonly rows: readonly number[];
  readonly merges: readonly MergedArea[];
  private readonly byRow = new Map<number, Map<number, GridCell>>();
  /** Merged areas by the rows they span (areas over 1,000 rows are kept in `tall`). */
  private readonly mergesByRow = new Map<number, MergedArea[]>();
  private readonly tall: MergedArea[] = [];

  constructor(sheet: SheetGrid) {
    this.name = sheet.name;
    for (const c of sheet.cells) {
      let r = this.byRow.get(c.row);
      if (!r) {
        r = new Map();
        this.byRow.set(c.row, r);
      }
      // A workbook this project wrote quote-prefixes formula-like text (`'=1+1`): read it back as written.
      r.set(
        c.col,
        typeof c.value === 'string' && c.value.startsWith("'") ? { ...c, value: unquoteFormula(c.value) } : c,
      );
    }
    this.merges = sheet.merges ?? [];
    for (const m of this.merges) {
      if (m.bottom - m.top >= 1000) {
        this.tall.push(m);
        continue;
      }
      for (let r = m.top; r <= m.bottom; r++) {
        const list = this.mergesByRow.get(r);
        if (list) list.push(m);
        else this.mergesByRow.set(r, [m]);
      }
    }
    this.rows = [...this.byRow.keys()].sort((a, b) => a - b);
  }

  /** The merged area covering (row, col), if any. */
  mergeAt(row: number, col: number): MergedArea | undefined {
    const inside = (m: MergedArea) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right;
    return (this.mergesByRow.get(row) ?? []).find(inside) ?? this.tall.find(inside);
  }

  /** The cell at (row, col), or the master cell of the merged area covering it. */
  cell(row: number, col: number): GridCell | undefined {
    const own = this.byRow.get(row)?.get(col);
    if (own && own.value !== null && own.value !== undefined) return own;
    const m = this.mergeAt(row, col);
    return m ? (this.byRow.get(m.top)?.get(m.left) ?? own) : own;
  }

  value(row: number, col: number): CellValue {
    return this.cell(row, col)?.value;
  }

  /** The cells that exist in a row, by column. */
  rowCells(row: number): readonly GridCell[] {
    const r = this.byRow.get(row);
    return r ? [...r.values()].sort((a, b) => a.col - b.col) : [];
  }
}

/** A cell's value as text (numbers as JavaScript writes them), trimmed. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  return String(v).trim();
}
