/**
 * `tsx test/bench/workbook.bench.ts`: reading filled progress worksheets — 200 unit workbooks in
 * the reference layout (varied units) — guarded, read with exceljs, recognised and validated, in
 * files/s; the same through the isolated worker (per-file overhead); and in the same run the same
 * files read by pandas `read_excel` and by openpyxl in read-only mode (Debian's python3-pandas /
 * python3-openpyxl through /usr/bin/python3), printed as ratios. Without them a note is printed
 * and those lines are skipped.
 *
 * Options: --files N (default 200), --isolated N (default 20).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reportingUnitIds } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { validateSubmission } from '../../domain/validate';
import { guardWorkbook } from '../../functions/workbook/guard';
import { readWorkbook, readWorkbookIsolated, recognise } from '../../functions/workbook/import';
import { progressWorkbookBytes } from '../fixtures/hostile/progress';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '200' }, isolated: { type: 'string', default: '20' } },
});
const FILES = Number(values.files);
const ISOLATED = Number(values.isolated);
const plan = SAMPLE_PLAN_2006;
const units = reportingUnitIds(plan);
const PYTHON = '/usr/bin/python3';

const PY = `
import sys, time, json, warnings
warnings.filterwarnings("ignore")
which, files = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
cells = 0
if which == "pandas":
    import pandas as pd
    for f in files:
        for df in pd.read_excel(f, sheet_name=None, header=None, engine="openpyxl").values():
            cells += int(df.notna().sum().sum())
else:
    import openpyxl
    for f in files:
        wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += sum(1 for v in row if v is not None)
        wb.close()
print(json.dumps({"seconds": time.perf_counter() - t, "cells": cells}))
`;

function python(which: 'pandas' | 'openpyxl', files: string[]): { seconds: number } | string {
  const probe = spawnSync(
    PYTHON,
    ['-c', which === 'pandas' ? 'import pandas, openpyxl' : 'import openpyxl'],
    {
      encoding: 'utf8',
    },
  );
  if (probe.error || probe.status !== 0) {
    return `${PYTHON} has no ${which === 'pandas' ? 'pandas/openpyxl' : 'openpyxl'} (apt-get install python3-pandas python3-openpyxl); skipped`;
  }
  const run = spawnSync(PYTHON, ['-c', PY, which, ...files], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return `${which} failed: ${run.stderr.slice(0, 300)}`;
  return JSON.parse(run.stdout) as { seconds: number };
}

const fmt = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shishi-bench-'));
  try {
    const workbooks: Buffer[] = [];
    const files: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const unit = units[i % units.length]!;
      const bytes = await progressWorkbookBytes(plan, unit, {
        period: `2006-${String((i % 12) + 1).padStart(2, '0')}`,
        share: 0.3 + (i % 7) / 10,
      });
      workbooks.push(bytes);
      const file = join(dir, `progress-${i}-${unit}.xlsx`);
      writeFileSync(file, bytes);
      files.push(file);
    }
    const totalKb = workbooks.reduce((s, b) => s + b.length, 0) / 1024;
    console.log(
      `workbook bench: ${FILES} filled unit workbooks (${units.length} units, ${fmt(totalKb / FILES)} KB each)`,
    );

    // Warm up (JIT, exceljs' modules).
    for (const b of workbooks.slice(0, 5)) await readWorkbook(b);

    let t = performance.now();
    for (const b of workbooks) guardWorkbook(b);
    const guardMs = performance.now() - t;

    t = performance.now();
    let rows = 0;
    let findings = 0;
    for (const b of workbooks) {
      const read = await readWorkbook(b);
      if (!read.ok) throw new Error(`bench workbook refused: ${read.error.code}`);
      const out = recognise(read.grid, plan);
      if (!out.submission) throw new Error('no table');
      rows += out.submission.rows.length;
      findings += out.findings.length + validateSubmission(out.submission, { plan }).length;
    }
    const shishiMs = performance.now() - t;
    const shishiRate = FILES / (shishiMs / 1000);
    console.log(`  guard only                        ${fmt(guardMs / FILES, 2)} ms/file`);
    console.log(
      `  guard + exceljs + recognise + validate  ${fmt(shishiRate)} files/s (${fmt(shishiMs / FILES, 2)} ms/file; ${rows} rows, ${findings} findings)`,
    );

    if (ISOLATED > 0) {
      t = performance.now();
      for (const b of workbooks.slice(0, ISOLATED)) {
        const r = await readWorkbookIsolated(b);
        if (!r.ok) throw new Error(r.error.code);
      }
      const isoMs = (performance.now() - t) / Math.min(ISOLATED, FILES);
      console.log(
        `  through the worker pool, as the API reads (first worker's start included)  ${fmt(isoMs, 0)} ms/file`,
      );
    }

    for (const which of ['pandas', 'openpyxl'] as const) {
      const out = python(which, files);
      const label = which === 'pandas' ? 'pandas read_excel (all sheets)' : 'openpyxl read-only, values';
      if (typeof out === 'string') {
        console.log(`  ${label}: ${out}`);
        continue;
      }
      const rate = FILES / out.seconds;
      console.log(
        `  ${label.padEnd(32)} ${fmt(rate)} files/s — shishi is ${fmt(shishiRate / rate, 2)}× its speed (reading and validating, vs reading only)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
