/** `shishi submit FILE.xlsx`: the xlsx reader (chosen by content) and `ApiClient.submitWorkbook`. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/errors';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { ApiClient } from './client';
import { apiPlans, loadReport } from './input';

const dir = mkdtempSync(join(tmpdir(), 'shishi-xlsx-'));
const ref = (name: string) =>
  new URL(`../../test/fixtures/reference/progress-2006-05-${name}.xlsx`, import.meta.url);

let stack: TestStack;
/** The published plans of the stack, as `shishi submit` reads them. */
const plans = apiPlans(
  async () => new ApiClient({ baseUrl: stack.url, token: await stack.token('unit:labor') }),
  async () => 2006,
);
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('the xlsx reader', () => {
  it('reads a worksheet by its content, whatever its name', async () => {
    const file = join(dir, 'report.dat');
    copyFileSync(ref('labor'), file);
    const loaded = await loadReport(file, plans);
    expect(loaded.format).toBe('xlsx');
    expect(loaded.submission).toEqual(LABOR_2006_05);
    expect(loaded.bytes?.length).toBeGreaterThan(1000);
  });

  it('refuses a CSV renamed to .xlsx', async () => {
    const file = join(dir, 'fake.xlsx');
    writeFileSync(file, '序号,考核指标\n1,新增城镇就业\n');
    await expect(loadReport(file, plans)).rejects.toThrow(/Cannot tell what/);
  });
});

describe('ApiClient.submitWorkbook', () => {
  it('sends the file to POST /v1/workbooks; problems carry their cells', async () => {
    const client = new ApiClient({ baseUrl: stack.url, token: await stack.token('unit:labor') });
    const { submission, bytes } = await loadReport(join(dir, 'report.dat'), plans);
    const out = await client.submitWorkbook(bytes!);
    expect(out.receipt.id).toBe(`2006.labor.${submission.period}`);
    expect((await client.submitWorkbook(bytes!)).replayed).toBe(true);
    const other = new ApiClient({ baseUrl: stack.url, token: await stack.token('unit:transport') });
    const refused = await other.submitWorkbook(bytes!).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiProblem);
    expect((refused as ApiProblem).code).toBe('auth.forbidden');
  }, 30_000);
});
