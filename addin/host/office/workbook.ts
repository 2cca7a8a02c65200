/**
 * The WorkbookPort over Excel through Office.js. Microsoft's performance guidance, followed
 * throughout: queue everything, `context.sync()` outside loops, read the used range's values,
 * number formats and address in one load, write one 2-D array or one batch of formats.
 *
 * - `readGrid`: two syncs whatever the number of rows (the sheets, then every used range and its
 *   merged areas).
 * - `mark` / `clearMarks`: one sync. The marked cells, their fill before marking and whether a
 *   note was added are remembered in the document settings (`shishi.marks`), so a later session
 *   restores exactly those cells and deletes only the notes it added.
 * - Older Excel degrades: merged areas need ExcelApi 1.13 (else none are reported), notes 1.18
 *   (else threaded comments, 1.10; else fill only). The 1904 date system is read with the worksheet
 *   function DATE (ExcelApi 1.2), as Office.js has no property for it.
 */
import type { CellValue } from '../../../domain/parse';
import type { GridCell, MergedArea, SheetGrid, WorkbookGrid } from '../../../domain/worksheet';
import { type CellRef, checkSheetName, parseArea, parseAreas, parseCell, splitSheet } from '../address';
import { cellMarks } from '../marks';
import type { CellMark, WorkbookPort } from '../port';
import { assertNotSecret, type SettingsStore } from '../settings';
import { documentBytes, type FileSource } from './file';
import { officeSettings } from './settings';

/** The part of the `Excel` namespace the port uses; tests pass an `office-addin-mock` object. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export interface OfficePortOptions {
  /** Defaults to `Office.context.document.settings`. */
  readonly settings?: SettingsStore;
  /** `supports('1.13')` → is ExcelApi 1.13 available; defaults to Office's requirement check. */
  readonly supports?: (version: string) => boolean;
  /** Defaults to the document's file name. */
  readonly label?: string;
  /** Where the workbook's bytes come from; defaults to `Office.context.document`, compressed (.xlsx). */
  readonly file?: { readonly source: FileSource; readonly type: Office.FileType };
}

/** Excel's own "bad" and "neutral" cell-style fills. */
export const MARK_FILL = { error: '#FFC7CE', warning: '#FFEB9C' } as const;

/** The settings key the marked cells are remembered under. */
export const MARKS_SETTING = 'shishi.marks';

/** One remembered mark: the cell, its fill before marking (null = none), how the message was attached. */
export interface MarkRecord {
  readonly address: string;
  readonly fill: string | null;
  readonly note: NoteKind;
}

type NoteKind = 'note' | 'comment' | 'none';

interface Features {
  readonly merges: boolean;
  readonly date1904: boolean;
  readonly notes: NoteKind;
}

function officeSupports(version: string): boolean {
  return (
    typeof Office !== 'undefined' &&
    Office.context?.requirements?.isSetSupported('ExcelApi', version) === true
  );
}

function documentLabel(): string {
  const url = typeof Office !== 'undefined' ? Office.context?.document?.url : undefined;
  const name = url ? decodeURIComponent(url.split(/[\\/]/).pop() ?? '') : '';
  return name || 'Excel';
}

/** The Excel workbook the add-in runs in, as a WorkbookPort. */
export function createOfficePort(
  excel: ExcelHost = Excel as ExcelHost,
  options: OfficePortOptions = {},
): WorkbookPort {
  const supports = options.supports ?? officeSupports;
  let settingsStore = options.settings;
  const settings = (): SettingsStore => {
    settingsStore ??= officeSettings();
    return settingsStore;
  };
  const features = (): Features => ({
    merges: supports('1.13'),
    date1904: supports('1.2'),
    notes: supports('1.18') ? 'note' : supports('1.10') ? 'comment' : 'none',
  });

  function remembered(): MarkRecord[] {
    const raw = settings().get(MARKS_SETTING);
    if (typeof raw !== 'string') return [];
    try {
      const list: unknown = JSON.parse(raw);
      return Array.isArray(list) ? list.filter(isMarkRecord) : [];
    } catch {
      return [];
    }
  }

  async function remember(records: readonly MarkRecord[]): Promise<void> {
    const s = settings();
    if (records.length === 0) s.remove(MARKS_SETTING);
    else s.set(MARKS_SETTING, JSON.stringify(records));
    await s.saveAsync();
  }

  /** Marks in one sync; when that batch fails (a sheet renamed, a note deleted by hand), a careful retry. */
  async function apply(next: readonly MergedMark[]): Promise<MarkRecord[]> {
    const previous = remembered();
    const kind = features().notes;
    try {
      return await excel.run(async (context) => {
        const pending = queueMarks(context.workbook, previous, next, kind, true);
        await context.sync();
        return pending();
      });
    } catch {
      return excel.run(async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.load('items/name');
        await context.sync();
        const names = new Set(sheets.items.map((s) => s.name));
        const exists = (a: { address: string }) => names.has(parseCell(a.address)?.sheet ?? '');
        const pending = queueMarks(
          context.workbook,
          previous.filter(exists),
          next.filter((m) => names.has(m.ref.sheet)),
          'none',
          false,
        );
        await context.sync();
        return pending();
      });
    }
  }

  return {
    label: options.label ?? documentLabel(),

    fileBytes: () => {
      const file = options.file ?? { source: Office.context.document, type: Office.FileType.Compressed };
      return documentBytes(file.source, file.type);
    },

    async readGrid() {
      const f = features();
      return excel.run(async (context) => {
        const wb = context.workbook;
        const sheets = wb.worksheets;
        sheets.load('items/name,items/visibility');
        // The date system is not a property Office.js exposes; DATE(1904,1,2) is 1 only under 1904.
        const probe = f.date1904 ? wb.functions.date(1904, 1, 2) : undefined;
        probe?.load('value,error');
        await context.sync();
        const reads = sheets.items.map((ws) => {
          const used = ws.getUsedRangeOrNullObject(true);
          used.load('address,values,numberFormat');
          const merged = f.merges ? ws.getRange().getMergedAreasOrNullObject() : undefined;
          merged?.load('address');
          return { ws, used, merged };
        });
        await context.sync();
        const grid: WorkbookGrid = {
          sheets: reads.map(({ ws, used, merged }) =>
            sheetGrid(
              ws.name,
              ws.visibility,
              used.isNullObject ? undefined : used,
              merged && !merged.isNullObject ? merged.address : undefined,
            ),
          ),
          ...(probe && !probe.error && probe.value === 1 ? { date1904: true } : {}),
        };
        return grid;
      });
    },

    async mark(marks) {
      await remember(await apply(mergeMarks(marks)));
    },

    async clearMarks() {
      if (remembered().length === 0) return;
      await apply([]);
      await remember([]);
    },

    async select(address) {
      const { sheet, ref } = splitSheet(address);
      if (!sheet) throw new Error(`not a sheet address: ${address}`);
      await excel.run(async (context) => {
        const ws = context.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(ref).select();
        await context.sync();
      });
    },

    async getSetting(key) {
      const v = settings().get(key);
      return typeof v === 'string' ? v : undefined;
    },

    async setSetting(key, value) {
      assertNotSecret(key, value);
      const s = settings();
      s.set(key, value);
      await s.saveAsync();
    },

    async writeSheet(name, rows) {
      checkSheetName(name);
      const { values, formats, width } = sheetValues(rows);
      await excel.run(async (context) => {
        const sheets = context.workbook.worksheets;
        const existing = sheets.getItemOrNullObject(name);
        existing.load('name');
        await context.sync();
        const ws = existing.isNullObject ? sheets.add(name) : existing;
        if (!existing.isNullObject) ws.getRange().clear();
        if (values.length > 0 && width > 0) {
          const range = ws.getRangeByIndexes(0, 0, values.length, width);
          // Text first, so `=SUM(…)` or `-3%` typed by someone arrives as text, never as a formula.
          range.numberFormat = formats;
          range.values = values;
        }
        await context.sync();
      });
    },
  };
}

interface MergedMark {
  readonly address: string;
  readonly ref: CellRef;
  readonly severity: CellMark['severity'];
  readonly message: string;
}

/** One mark per cell (`cellMarks`): all of a cell's findings in one note, an error outranks a warning. */
function mergeMarks(marks: readonly CellMark[]): MergedMark[] {
  return cellMarks(marks).flatMap((m) => {
    const ref = parseCell(m.address);
    return ref ? [{ ...m, ref }] : [];
  });
}

/**
 * Queues, in order: restoring the previously marked cells, reading each new cell's fill, then
 * filling it and attaching its note. A batch runs in order, so each fill is read before it is set.
 */
function queueMarks(
  wb: Excel.Workbook,
  previous: readonly MarkRecord[],
  next: readonly MergedMark[],
  kind: NoteKind,
  deleteNotes: boolean,
): () => MarkRecord[] {
  for (const r of previous) {
    const ref = parseCell(r.address);
    if (!ref) continue;
    const ws = wb.worksheets.getItem(ref.sheet);
    const fill = ws.getRange(ref.cell).format.fill;
    if (r.fill) fill.color = r.fill;
    else fill.clear();
    if (deleteNotes && r.note === 'note') ws.notes.getItem(ref.cell).delete();
    if (deleteNotes && r.note === 'comment') wb.comments.getItemByCell(ws.getRange(ref.cell)).delete();
  }
  const reads = next.map((m) => {
    const ws = wb.worksheets.getItem(m.ref.sheet);
    const before = ws.getRange(m.ref.cell).format.fill;
    before.load('color');
    ws.getRange(m.ref.cell).format.fill.color = MARK_FILL[m.severity];
    if (kind === 'note') ws.notes.add(m.ref.cell, m.message);
    if (kind === 'comment') wb.comments.add(ws.getRange(m.ref.cell), m.message);
    return { address: m.address, before };
  });
  return () =>
    reads.map(({ address, before }) => ({ address, fill: originalFill(before.color), note: kind }));
}

/**
 * Excel reports "no fill" as white. A cell already in a mark colour is taken as unfilled: the
 * colour can only be left from a batch that failed half-way (Office.js batches are not
 * transactional) or from a session whose remembered marks were not saved.
 */
function originalFill(color: unknown): string | null {
  if (typeof color !== 'string' || color === '') return null;
  const c = color.toUpperCase();
  return c === '#FFFFFF' || c === MARK_FILL.error || c === MARK_FILL.warning ? null : color;
}

function isMarkRecord(x: unknown): x is MarkRecord {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.address === 'string' &&
    (r.fill === null || typeof r.fill === 'string') &&
    (r.note === 'note' || r.note === 'comment' || r.note === 'none')
  );
}

interface UsedRange {
  readonly address: string;
  readonly values: unknown[][];
  readonly numberFormat: unknown[][];
}

/** A sheet's used range as a grid: only the cells with a value, at their sheet coordinates. */
export function sheetGrid(
  name: string,
  visibility: string,
  used: UsedRange | undefined,
  mergedAddress: string | undefined,
): SheetGrid {
  const cells: GridCell[] = [];
  const origin = used ? parseArea(used.address) : undefined;
  if (used && origin) {
    used.values.forEach((row, r) => {
      const formats = used.numberFormat[r];
      row.forEach((v, c) => {
        const value = excelValue(v);
        if (value === null) return;
        const format = formats?.[c];
        cells.push({
          row: origin.top + r,
          col: origin.left + c,
          value,
          ...(typeof format === 'string' && format !== '' && format !== 'General' ? { format } : {}),
        });
      });
    });
  }
  const merges: MergedArea[] = mergedAddress ? parseAreas(mergedAddress).filter(isArea) : [];
  return { name, ...(visibility !== 'Visible' ? { hidden: true } : {}), cells, merges };
}

const isArea = (m: MergedArea) => m.bottom > m.top || m.right > m.left;

function excelValue(v: unknown): CellValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v === '' ? null : v;
  return null;
}

/** Rows padded to one width, with a text format for every text cell (so nothing is evaluated). */
export function sheetValues(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): {
  values: (string | number)[][];
  formats: string[][];
  width: number;
} {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const values: (string | number)[][] = [];
  const formats: string[][] = [];
  for (const row of rows) {
    const v: (string | number)[] = [];
    const f: string[] = [];
    for (let c = 0; c < width; c++) {
      const x = row[c] ?? null;
      v.push(x ?? '');
      f.push(typeof x === 'string' ? '@' : 'General');
    }
    values.push(v);
    formats.push(f);
  }
  return { values, formats, width };
}
