/**
 * What the add-in needs from the application it runs in, whatever that is: Excel through
 * Office.js (`office/`), or an in-page workbook loaded from an .xlsx file for the browser preview
 * (`inpage.ts`). A WPS host would be a third, `wps/`. The task pane only sees `Host`.
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
  /** The whole workbook as .xlsx bytes, as it is now (e.g. the city's workbook, to import as a plan). */
  fileBytes(): Promise<Uint8Array>;
}

/** Opens .xlsx bytes as a new workbook in the host (Excel's `Excel.createWorkbook`). */
export type OpenWorkbook = (bytes: Uint8Array) => Promise<void>;

/** Everything the task pane receives from its host: it calls nothing of Office (or WPS) itself. */
export interface Host {
  /** The workbook the pane reads, marks and keeps its settings in. */
  readonly workbook: WorkbookPort;
  /** Where the host can open a new workbook; without it the pane offers a download instead. */
  readonly openWorkbook?: OpenWorkbook;
}
