/**
 * An .xlsx workbook, read by exceljs, as the recogniser's grid (domain/worksheet): the one
 * conversion behind the add-in's in-page host (the browser preview) and the server's import. No
 * Node APIs, so it runs in both (Vite picks exceljs' browser build through the package's `browser`
 * field; Node uses the CommonJS build).
 *
 * The grid holds the cells that exist, a merged area's value once (in its top-left cell), formula
 * cells as their cached results, rich text as its text and errors as their code (`#N/A`). Only
 * dates differ by reader: Excel's serial, as Office.js gives it to the add-in, or the ISO day the
 * server reads.
 */
import ExcelJS from 'exceljs';
import type { CellValue } from '../domain/parse';
import {
  a1Reader,
  type GridCell,
  type MergedArea,
  type SheetGrid,
  type WorkbookGrid,
} from '../domain/worksheet';

export interface GridOptions {
  /** `serial`: a date as Excel's serial number (the add-in); `isoDay`: as `YYYY-MM-DD` (the server). */
  readonly dates: 'serial' | 'isoDay';
  /**
   * A formula cell's cached result when exceljs gives none in `cell.value` (it drops a cached 0,
   * empty text or FALSE). Default: the result the cell's model keeps.
   */
  readonly cachedResult?: (cell: ExcelJS.Cell) => CellValue;
  /** Whether a sheet is hidden. Default: exceljs' `state` is not `visible`. */
  readonly hidden?: (ws: ExcelJS.Worksheet) => boolean;
}

const DAY_MS = 86_400_000;
/** Serial of 1970-01-01 in the 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
const OFFSET_1904 = 1_462;
/** Merged areas as exceljs' model lists them: `A1:B2`. */
const A1 = a1Reader();

/** Loads .xlsx bytes into an exceljs workbook. */
export async function loadXlsx(bytes: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // biome-ignore lint/suspicious/noExplicitAny: exceljs types its input as a Node Buffer; JSZip takes any bytes
  await wb.xlsx.load(data as any);
  return wb;
}

/** Whether the workbook counts dates from 1904 (old Mac workbooks). */
export const isDate1904 = (wb: ExcelJS.Workbook): boolean =>
  (wb.properties as { date1904?: boolean }).date1904 === true;

/**
 * Every sheet of `wb` as a grid, in the workbook's order; `date1904` is set only when true.
 *
 * @example workbookGrid(await loadXlsx(bytes), { dates: 'serial' }).sheets[0]?.cells
 */
export function workbookGrid(wb: ExcelJS.Workbook, options: GridOptions): WorkbookGrid {
  const date1904 = isDate1904(wb);
  return {
    sheets: wb.worksheets.map((ws) => sheetGrid(ws, options, date1904)),
    ...(date1904 ? { date1904: true } : {}),
  };
}

/** One sheet as a grid; `date1904` places serials (the workbook's date system). */
export function sheetGrid(ws: ExcelJS.Worksheet, options: GridOptions, date1904 = false): SheetGrid {
  const day = (d: Date): CellValue => {
    const t = d.getTime();
    if (Number.isNaN(t)) return null;
    return options.dates === 'isoDay'
      ? isoDay(d)
      : t / DAY_MS + UNIX_EPOCH_SERIAL - (date1904 ? OFFSET_1904 : 0);
  };
  const cachedResult =
    options.cachedResult ??
    ((cell: ExcelJS.Cell) => {
      const { result } = cell.model as { result?: ExcelJS.CellFormulaValue['result'] };
      return result === undefined ? null : plain(result, day, () => null);
    });

  const cells: GridCell[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master !== cell) return;
      const value = plain(cell.value, day, () => cachedResult(cell));
      if (value === null || value === '') return;
      const format = cell.numFmt;
      cells.push({
        row: Number(cell.row),
        col: Number(cell.col),
        value,
        ...(typeof format === 'string' && format !== '' && format !== 'General' ? { format } : {}),
      });
    });
  });
  const merges: MergedArea[] = [];
  for (const ref of (ws.model as { merges?: string[] }).merges ?? []) {
    const area = A1.range(ref);
    if (area) merges.push(area);
  }
  const hidden = options.hidden ? options.hidden(ws) : ws.state !== 'visible';
  return { name: ws.name, ...(hidden ? { hidden: true } : {}), cells, merges };
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A cell value as Excel's `Range.values` gives it; `cached` stands for a formula without a result. */
function plain(
  // biome-ignore lint/suspicious/noExplicitAny: exceljs cell values are a loose union
  value: any,
  day: (d: Date) => CellValue,
  cached: () => CellValue,
): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  // Excel holds no NaN or infinity; a file that claims one (`<v>1e999</v>`) gives an empty cell.
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return day(value);
  if (typeof value === 'object') {
    if (Array.isArray(value.richText)) {
      return value.richText
        .map((r: { text?: unknown }) => (typeof r.text === 'string' ? r.text : ''))
        .join('');
    }
    if ('formula' in value || 'sharedFormula' in value) {
      return value.result === undefined ? cached() : plain(value.result, day, () => null);
    }
    if ('error' in value) return String(value.error);
    if ('text' in value) return plain(value.text, day, () => null);
  }
  return null;
}
