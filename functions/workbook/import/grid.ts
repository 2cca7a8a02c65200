/**
 * A guarded workbook's cells as a plain grid (domain/worksheet), through the conversion the add-in
 * shares (xlsx/): dates read as their ISO day; a formula's cached result that exceljs drops is read
 * from the sheet's XML, and a sheet's visibility from the guard's reading of the workbook.
 */
import type { CellValue } from '../../../domain/parse';
import type { WorkbookGrid } from '../../../domain/worksheet/grid';
import { loadXlsx, workbookGrid } from '../../../xlsx/grid';
import type { GuardedWorkbook } from '../guard';

/** A cached `<v>` of a formula cell, read from the sheet's XML (exceljs drops a cached 0). */
function rawCached(xml: string | undefined, address: string): CellValue {
  if (!xml) return null;
  const m = new RegExp(`<c\\b[^>]*\\br="${address}"[^>]*>([\\s\\S]*?)</c>`).exec(xml);
  const v = m ? /<v>([^<]*)<\/v>/.exec(m[1] ?? '') : null;
  if (!v) return null;
  const n = Number(v[1]);
  return v[1] !== '' && Number.isFinite(n) ? n : (v[1] ?? null);
}

export async function readGrid(bytes: Buffer, guarded: GuardedWorkbook): Promise<WorkbookGrid> {
  const wb = await loadXlsx(bytes);
  const parts = new Map(guarded.sheets.map((s) => [s.name, s]));
  const grid = workbookGrid(wb, {
    dates: 'isoDay',
    cachedResult: (cell) => {
      const part = parts.get(cell.worksheet.name);
      return rawCached(part ? guarded.parts.get(part.path) : undefined, cell.address);
    },
    hidden: (ws) => (parts.get(ws.name)?.state ?? ws.state) !== 'visible',
  });
  return { sheets: grid.sheets, date1904: grid.date1904 === true };
}
