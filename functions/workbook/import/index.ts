/**
 * An uploaded progress worksheet to a `Submission`: guard → exceljs (in a worker on the server)
 * → `domain/worksheet` recogniser. Findings carry the sheet and cell they concern.
 */
import type { Finding } from '../../../domain/findings';
import type { Plan } from '../../../domain/plan';
import type { WorkbookGrid } from '../../../domain/worksheet/grid';
import {
  cellOf,
  type Recognised,
  type RecogniseOptions,
  recogniseWorkbook,
  type WorksheetFinding,
} from '../../../domain/worksheet/recognise';

export { looksLikeXlsx } from '../guard';
export { type ReadResult, readWorkbook, readWorkbookIsolated } from './read';

/** A validation finding, or a reading finding, with the cell it concerns (`进度报表!G6`). */
export type CellFinding = (Finding | WorksheetFinding) & { readonly cell?: string };

/**
 * Adds to each finding the cell its location was read from, and names the cell at the start of
 * its message (readers that only print messages then show it too).
 */
export function withCells(
  findings: readonly (Finding | WorksheetFinding)[],
  cells: Readonly<Record<string, string>>,
): CellFinding[] {
  return findings.map((f) => {
    if ('cell' in f && f.cell !== undefined) return f;
    const cell = cellOf(cells, f.location);
    if (cell === undefined) return f;
    return { ...f, cell, message: { zh: `${cell}：${f.message.zh}`, en: `${cell}: ${f.message.en}` } };
  });
}

export function recognise(
  grid: WorkbookGrid,
  plan: Plan,
  opts: Omit<RecogniseOptions, 'plan'> = {},
): Recognised {
  return recogniseWorkbook(grid, { plan, ...opts });
}
