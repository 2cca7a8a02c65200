/**
 * `tsx test/bench/addin-excel.bench.ts`: round trips to Excel (`context.sync()` calls) to read the
 * familiar progress worksheet — the 14-row table and a 项目明细 sheet of 5,000 detail rows — through
 * `createOfficePort().readGrid()`, against a row-by-row reader (the used range's address, then one
 * load + sync per row) in the same run, on the same `office-addin-mock` model. Each sync is a
 * round trip from the task pane to Excel (tens of milliseconds in Excel on the web), so the count
 * is what decides the wait. Also: syncs to mark 50 cells, and the wall time of each reader on the
 * mock (which has no network, so it only shows the add-in's own work).
 *
 * Options: --details N (default 5000).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createOfficePort, type ExcelHost } from '../../addin/host/office/workbook';
import { columnName } from '../../domain/worksheet';
import { fakeSettings, mockExcel } from '../fixtures/addin/excel-mock';
import { progressSheets } from '../fixtures/addin/progress';

const { values } = parseArgs({ options: { details: { type: 'string', default: '5000' } } });
const DETAILS = Number(values.details);

/** The naive reader: what a first add-in often does. */
async function rowByRow(excel: ExcelHost): Promise<number> {
  return excel.run(async (context) => {
    let cells = 0;
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    for (const ws of sheets.items) {
      const used = ws.getUsedRangeOrNullObject(true);
      used.load('address');
      await context.sync();
      const m = /!?[A-Z]+\d+:([A-Z]+)(\d+)$/.exec(used.address);
      const rows = Number(m?.[2] ?? 0);
      const last = m?.[1] ?? 'A';
      for (let r = 1; r <= rows; r++) {
        const row = ws.getRange(`A${r}:${last}${r}`);
        row.load('values');
        await context.sync();
        cells += row.values[0]?.filter((v) => v !== '').length ?? 0;
      }
    }
    return cells;
  });
}

const sheets = progressSheets({ detailRows: DETAILS });
const all = () => true;

const batched = mockExcel({ sheets });
const port = createOfficePort(batched.excel, { settings: fakeSettings(), supports: all, label: 'bench' });
let t = performance.now();
const grid = await port.readGrid();
const batchedMs = performance.now() - t;
const batchedCells = grid.sheets.reduce((n, s) => n + s.cells.length, 0);
const batchedSyncs = batched.syncs;

const naive = mockExcel({ sheets });
t = performance.now();
const naiveCells = await rowByRow(naive.excel);
const naiveMs = performance.now() - t;
const naiveSyncs = naive.syncs;

batched.resetSyncs();
await port.mark(
  Array.from({ length: 50 }, (_, i) => ({
    address: `项目明细!${columnName(6 + (i % 3))}${2 + i}`,
    severity: i % 2 ? ('warning' as const) : ('error' as const),
    message: `finding ${i}`,
  })),
);
const markSyncs = batched.syncs;

const rows = sheets.reduce((n, s) => n + s.values.length, 0);
console.log(`progress worksheet: 14 indicator rows + ${DETAILS} detail rows (${rows} sheet rows)`);
console.log(
  `  createOfficePort.readGrid: ${batchedSyncs} context.sync() calls, ${batchedCells} cells, ${batchedMs.toFixed(0)} ms on the mock`,
);
console.log(
  `  row-by-row baseline:       ${naiveSyncs} context.sync() calls, ${naiveCells} cells, ${naiveMs.toFixed(0)} ms on the mock`,
);
console.log(`  ratio: ${(naiveSyncs / batchedSyncs).toFixed(0)}× fewer round trips`);
console.log(
  `  mark 50 cells (fill + note, clearing the previous marks): ${markSyncs} context.sync() call(s)`,
);
if (batchedCells !== naiveCells) {
  console.error(`cell counts differ: ${batchedCells} vs ${naiveCells}`);
  process.exitCode = 1;
}
