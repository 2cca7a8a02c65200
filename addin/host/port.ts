/**
 * What the add-in needs from a workbook, whatever holds it: Excel through Office.js
 * (`office.ts`), or an in-page workbook loaded from an .xlsx file for the browser preview
 * (`inpage.ts`). A WPS adapter could be a third. The task pane only sees this interface.
 */
import type { WorkbookGrid } from '../../domain/worksheet';

export interface CellMark {
  /** `进度报表!G6` */
  readonly address: string;
  readonly severity: 'error' | 'warning';
  /** Shown as the cell's note, in the UI's language. */
  readonly message: string;
}

export interface WorkbookPort {
  /** A name for the workbook shown to the user (file name, or Excel's). */
  readonly label: string;
  /**
   * Every sheet's used range (values, number formats, merged areas) as a plain grid, read in
   * one batch: at most two `context.sync()` calls whatever the number of rows.
   */
  readGrid(): Promise<WorkbookGrid>;
  /** Replaces the marks of the last validation with these (fill + note on each cell): one sync. */
  mark(marks: readonly CellMark[]): Promise<void>;
  /** Removes the marks of the last validation. */
  clearMarks(): Promise<void>;
  /** Selects a cell (`进度报表!G6`) so the user sees it. */
  select(address: string): Promise<void>;
  /** A value kept in the document's settings (e.g. a confirmed column mapping); never a token. */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Writes (or rewrites) a sheet of values, e.g. the status sheet; values only, no formulas. */
  writeSheet(name: string, rows: ReadonlyArray<ReadonlyArray<string | number | null>>): Promise<void>;
}
