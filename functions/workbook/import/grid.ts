/**
 * A guarded workbook's cells as a plain grid (domain/worksheet): exceljs reads the file; formula
 * cells give their cached values, rich text its text, dates their ISO day.
 */
import ExcelJS from 'exceljs';
import type { CellValue } from '../../../domain/parse';
import type { GridCell, MergedArea, SheetGrid, WorkbookGrid } from '../../../domain/worksheet/grid';
import { type GuardedWorkbook, parseRange } from '../guard';

const pad = (n: number) => String(n).padStart(2, '0');

function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A cached `<v>` of a formula cell, read from the sheet's XML (exceljs drops a cached 0). */
function rawCached(xml: string | undefined, address: string): CellValue {
  if (!xml) return null;
  const m = new RegExp(`<c\\b[^>]*\\br="${address}"[^>]*>([\\s\\S]*?)</c>`).exec(xml);
  const v = m ? /<v>([^<]*)<\/v>/.exec(m[1] ?? '') : null;
  if (!v) return null;
  const n = Number(v[1]);
  return v[1] !== '' && Number.isFinite(n) ? n : (v[1] ?? null);
}

// biome-ignore lint/suspicious/noExplicitAny: exceljs cell values are a loose union
function plain(value: any, formulaXml: () => CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoDay(value);
  if (typeof value === 'object') {
    if (Array.isArray(value.richText)) {
      return value.richText
        .map((r: { text?: unknown }) => (typeof r.text === 'string' ? r.text : ''))
        .join('');
    }
    if ('formula' in value || 'sharedFormula' in value) {
      return value.result === undefined ? formulaXml() : plain(value.result, () => null);
    }
    if ('error' in value) return String(value.error);
    if ('text' in value) return plain(value.text, () => null);
  }
  return null;
}

export async function readGrid(bytes: Buffer, guarded: GuardedWorkbook): Promise<WorkbookGrid> {
  const wb = new ExcelJS.Workbook();
  // biome-ignore lint/suspicious/noExplicitAny: exceljs' load accepts a Buffer
  await wb.xlsx.load(bytes as any);
  const sheets: SheetGrid[] = [];
  const parts = new Map(guarded.sheets.map((s) => [s.name, s]));
  wb.eachSheet((ws) => {
    const part = parts.get(ws.name);
    const xml = part ? guarded.parts.get(part.path) : undefined;
    const cells: GridCell[] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const value = plain(cell.value, () => rawCached(xml, cell.address));
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
      const r = parseRange(ref);
      if (r) merges.push(r);
    }
    const state = part?.state ?? ws.state;
    sheets.push({ name: ws.name, ...(state !== 'visible' ? { hidden: true } : {}), cells, merges });
  });
  return { sheets, date1904: (wb.properties as { date1904?: boolean }).date1904 === true };
}
