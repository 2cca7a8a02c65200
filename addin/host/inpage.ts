/**
 * The WorkbookPort over a workbook held in the page, loaded from an .xlsx file: the browser
 * preview (no Excel needed) and the end-to-end test use it. exceljs parses the file (Vite picks its
 * browser build through the package's `browser` field; Node and vitest use the CommonJS build).
 *
 * It gives the grid Excel would give: values as typed, dates as serial numbers with their format,
 * formula cells as their cached results. Marks, the selection and settings live in memory (settings
 * are mirrored to `localStorage` when the page has one), and listeners hear every change so the
 * preview can render them.
 */
import type ExcelJS from 'exceljs';
import { loadXlsx, workbookGrid } from '../../xlsx/grid';
import { checkSheetName, parseCell, splitSheet } from './address';
import type { CellMark, WorkbookPort } from './port';
import { assertNotSecret, memorySettings, type SettingsStore } from './settings';

export interface InPagePortOptions {
  /** Called with the address each time `select` is. */
  readonly onSelect?: (address: string) => void;
  /** Where settings are mirrored; defaults to `localStorage` when the page has one. */
  readonly storage?: Storage;
  /** Replaces the in-memory settings (tests). */
  readonly settings?: SettingsStore;
}

export interface InPagePort extends WorkbookPort {
  /** The marks of the last validation, as given to `mark` (a new array after each change). */
  marks(): readonly CellMark[];
  /** The last address passed to `select`. */
  selection(): string | undefined;
  /**
   * Types a value into a cell, as a user would in Excel: text that reads as a plain number becomes
   * a number, a leading apostrophe keeps text as text, an empty text empties the cell.
   */
  setCell(address: string, value: string | number | boolean | null): void;
  /** The edited workbook as .xlsx bytes, for download. */
  toXlsx(): Promise<Uint8Array>;
  /** Calls `listener` after every change (cell, marks, selection, sheet); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Loads `bytes` (an .xlsx file) into a port; `label` is the file name shown to the user. */
export async function createInPagePort(
  bytes: ArrayBuffer | Uint8Array,
  label: string,
  options: InPagePortOptions = {},
): Promise<InPagePort> {
  const wb = await loadXlsx(bytes);
  const storage = options.storage ?? pageStorage();
  const settings = options.settings ?? memorySettings(storage);
  const listeners = new Set<() => void>();
  let marks: readonly CellMark[] = [];
  let selection: string | undefined;
  const changed = () => {
    for (const l of listeners) l();
  };

  const xlsxBytes = async (): Promise<Uint8Array> => new Uint8Array(await wb.xlsx.writeBuffer());

  const sheetOf = (name: string | undefined): ExcelJS.Worksheet => {
    const ws = name === undefined ? undefined : wb.getWorksheet(name);
    if (!ws) throw new Error(`no sheet named ${JSON.stringify(name)} in ${label}`);
    return ws;
  };

  return {
    label,

    async readGrid() {
      return workbookGrid(wb, { dates: 'serial' });
    },

    async mark(next) {
      marks = [...next];
      changed();
    },

    async clearMarks() {
      if (marks.length === 0) return;
      marks = [];
      changed();
    },

    async select(address) {
      sheetOf(splitSheet(address).sheet);
      selection = address;
      options.onSelect?.(address);
      changed();
    },

    async getSetting(key) {
      const v = settings.get(key);
      return typeof v === 'string' ? v : undefined;
    },

    async setSetting(key, value) {
      assertNotSecret(key, value);
      settings.set(key, value);
      await settings.saveAsync();
    },

    async writeSheet(name, rows) {
      checkSheetName(name);
      const old = wb.getWorksheet(name);
      if (old) wb.removeWorksheet(old.id);
      const ws = wb.addWorksheet(name);
      rows.forEach((row, r) => {
        row.forEach((v, c) => {
          if (v === null || v === '') return;
          const cell = ws.getCell(r + 1, c + 1);
          cell.value = v;
          if (typeof v === 'string') cell.numFmt = '@';
        });
      });
      changed();
    },

    fileBytes: xlsxBytes,

    marks: () => marks,
    selection: () => selection,

    setCell(address, value) {
      const ref = parseCell(address);
      if (!ref) throw new Error(`not a cell address: ${address}`);
      let cell = sheetOf(ref.sheet).getCell(ref.row, ref.col);
      if (cell.isMerged) cell = cell.master;
      cell.value = typed(value);
      changed();
    },

    toXlsx: xlsxBytes,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** `localStorage`, unless the page has none or may not use it (an opaque origin throws on access). */
function pageStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function typed(value: string | number | boolean | null): ExcelJS.CellValue {
  if (typeof value !== 'string') return value;
  if (value.startsWith("'")) return value.slice(1);
  if (value.trim() === '') return null;
  return NUMBER.test(value.trim()) ? Number(value.trim()) : value;
}
