/** `shishi template` and `shishi summary` against the stack (test/support/stack.ts). */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispositionFilename } from '../../api/client';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { localDataDir, runCli } from './testing';

let stack: TestStack;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startTestStack();
  dataDir = localDataDir(tmpdir(), stack.keys, { apiUrl: stack.url });
  env = { SHISHI_DATA_DIR: dataDir };
}, 60_000);

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('shishi template', () => {
  it('saves the unit’s worksheet for the period', async () => {
    // Act
    const out = await runCli(
      ['template', '--unit', 'transport', '--period', '2006-05', '--out', 'a/t.xlsx'],
      {
        env,
        cwd: dataDir,
      },
    );
    const wb = await open(join(dataDir, 'a', 't.xlsx'));

    // Assess
    expect(out.err).toBe('');
    expect(out.code).toBe(0);
    expect(out.out).toContain('已保存 a/t.xlsx');
    expect(wb.getWorksheet('进度报表')!.getCell('A2').value).toBe('填报单位：区交通局');
    expect(wb.getWorksheet('_shishi')!.getCell('B3').value).toBe('transport');
  });

  it('says what is missing, and passes on the server’s refusal', async () => {
    // Act
    const missing = await runCli(['template', '--unit', 'transport', '--out', 'x.xlsx'], {
      env,
      cwd: dataDir,
    });
    const badPeriod = await runCli(['template', '--unit', 'labor', '--period', '2006-5', '--out', 'x.xlsx'], {
      env,
      cwd: dataDir,
    });
    const unknown = await runCli(['template', '--unit', 'nobody', '--period', '2006-05', '--out', 'x.xlsx'], {
      env,
      cwd: dataDir,
    });

    // Assess
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--period');
    expect(badPeriod.code).toBe(2);
    expect(unknown.code).not.toBe(0);
  });
});

describe('shishi summary', () => {
  it('makes the summary as the office and downloads it', async () => {
    // Act
    const out = await runCli(['summary', '--as-of', '2006-06-10', '--out', 'summary.xlsx'], {
      env,
      cwd: dataDir,
    });
    const json = await runCli(['summary', '--as-of', '2006-06-11', '--out', 's2.xlsx', '--json'], {
      env,
      cwd: dataDir,
    });
    const wb = await open(join(dataDir, 'summary.xlsx'));

    // Assess
    expect(out.err).toBe('');
    expect(out.code).toBe(0);
    expect(out.out).toContain('已生成截至 2006-06-10 的汇总表，保存为 summary.xlsx');
    expect(wb.getWorksheet('总览')!.getCell('A3').value).toBe('总体结论（一票否决）：严重滞后');
    expect(JSON.parse(json.out)).toMatchObject({
      year: 2006,
      asOf: '2006-06-11',
      file: join(dataDir, 's2.xlsx'),
    });
    expect(readFileSync(join(dataDir, 's2.xlsx')).subarray(0, 2).toString()).toBe('PK');
  }, 30_000);

  it('needs --out', async () => {
    // Act
    const out = await runCli(['summary'], { env, cwd: dataDir });

    // Assess
    expect(out.code).toBe(2);
    expect(out.err).toContain('--out');
  });
});

describe('dispositionFilename', () => {
  it('reads the UTF-8 name first, else the plain one', () => {
    expect(dispositionFilename(`attachment; filename="a.xlsx"; filename*=UTF-8''%E6%B1%87.xlsx`)).toBe(
      '汇.xlsx',
    );
    expect(dispositionFilename('attachment; filename="a.xlsx"')).toBe('a.xlsx');
    expect(dispositionFilename(null)).toBeUndefined();
  });
});
