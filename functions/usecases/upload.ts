/**
 * An uploaded .xlsx, guarded and read into a grid in a worker thread: what every workbook
 * upload (progress worksheets, the city's decomposition workbook) does first. Problems come back
 * as the API's coded errors, naming what was refused.
 */
import { type ApiError, apiError } from '../../api/errors';
import type { WorkbookGrid } from '../../domain/worksheet/grid';
import { precheckWorkbook, type WorkbookProblem } from '../workbook/guard';
import { readWorkbookIsolated } from '../workbook/import';

export const fromWorkbookProblem = (p: WorkbookProblem): ApiError =>
  apiError(p.code, p.message.zh, p.message.en, p.where ? { field: p.where } : {});

/** The workbook's grid, or why it cannot be read (nothing is stored either way). */
export async function readUpload(bytes: Buffer): Promise<WorkbookGrid | ApiError> {
  // The central directory alone rejects bombs, macros and links before a worker is started.
  const pre = precheckWorkbook(bytes);
  if (pre) return fromWorkbookProblem(pre.error);
  const read = await readWorkbookIsolated(bytes);
  return read.ok ? read.grid : fromWorkbookProblem(read.error);
}
