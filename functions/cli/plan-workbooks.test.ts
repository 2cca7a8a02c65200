/**
 * `shishi plan import FILE.xlsx --year Y [--dry-run] [--json]` and `shishi plan export`, against
 * the local stack: the JSON the issue names, exit 1 with the cell when the sheet has an error,
 * and the exported workbook reading back.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanFinding } from '../../domain/plansheet/types';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { CITY_ROWS, cityWorkbook } from '../../test/fixtures/plansheet';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { runCli } from './testing';

const dir = mkdtempSync(join(tmpdir(), 'shishi-cli-plan-xlsx-'));
let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.token('office');
}, 60_000);
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (argv: string[]) =>
  runCli([...argv, '--api', stack.url], { env: { SHISHI_TOKEN: token }, cwd: dir });

const REFERENCE = new URL('../../test/fixtures/reference/city-targets-2006.xlsx', import.meta.url);

describe('shishi plan import', () => {
  it('prints { plan, findings } for a dry run and exits 0; nothing is stored', async () => {
    // Prepare
    copyFileSync(REFERENCE, join(dir, 'city.xlsx'));

    // Act
    const out = await cli(['plan', 'import', 'city.xlsx', '--year', '2006', '--dry-run', '--json']);
    const list = await cli(['plan', 'list', '--json']);

    // Assess
    expect(out.code, out.err).toBe(0);
    const json = JSON.parse(out.out) as { plan: typeof SAMPLE_PLAN_2006; findings: PlanFinding[] };
    expect(json.plan.indicators.map((i) => [i.id, i.target, i.mainUnit])).toEqual(
      SAMPLE_PLAN_2006.indicators.map((i) => [i.id, i.target, i.mainUnit]),
    );
    expect(json.findings[0]).toMatchObject({
      severity: 'warning',
      code: 'plansheet.baseMissing',
      cell: '目标任务分解!E8',
    });
    expect(Object.keys(json.findings[0]!.message)).toEqual(['zh', 'en']);
    expect(JSON.parse(list.out).items).toHaveLength(1);
  });

  it('stores a draft of the new year and says how to go on', async () => {
    // Prepare
    writeFileSync(
      join(dir, 'city-2007.xlsx'),
      await cityWorkbook('grouped', { title: '××市2007年为民办实事目标任务分解表', rows: CITY_ROWS }),
    );

    // Act
    const out = await cli(['plan', 'import', 'city-2007.xlsx', '--year', '2007']);
    const list = await cli(['plan', 'list', '--json']);

    // Assess
    expect(out.code, out.err).toBe(0);
    expect(out.out).toContain('已导入为 2007 年度计划第 1 版（草稿）');
    const years = JSON.parse(list.out).items as { year: number; publishedVersion?: number }[];
    expect(years.find((y) => y.year === 2007)).toMatchObject({ year: 2007 });
    expect(years.find((y) => y.year === 2007)?.publishedVersion).toBeUndefined();
  });

  it('exits 1 and names the cell when a township split does not add up, storing nothing', async () => {
    // Prepare
    writeFileSync(
      join(dir, 'bad.xlsx'),
      await cityWorkbook('flat', {
        title: '××市2009年为民办实事目标任务分解表',
        rows: CITY_ROWS,
        split: {
          form: 'long',
          rows: [
            ['1.1', '城关镇', 1],
            ['1.1', '河口乡', 1],
          ],
        },
      }),
    );

    // Act
    const text = await cli(['plan', 'import', 'bad.xlsx', '--year', '2009', '--lang', 'en']);
    const json = await cli(['plan', 'import', 'bad.xlsx', '--year', '2009', '--json']);
    const list = await cli(['plan', 'list', '--json']);

    // Assess
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/nothing was stored/);
    expect(text.out).toMatch(/\[error\] [^!\s]+![A-Z]+\d+: /);
    const body = JSON.parse(json.out) as { plan: unknown; findings: PlanFinding[] };
    expect(json.code).toBe(1);
    expect(body.findings.some((f) => f.severity === 'error' && f.code === 'plansheet.splitMismatch')).toBe(
      true,
    );
    expect((JSON.parse(list.out).items as { year: number }[]).some((y) => y.year === 2009)).toBe(false);
  });

  it('asks for --year, and names a missing file', async () => {
    const noYear = await cli(['plan', 'import', 'city.xlsx']);
    const missing = await cli(['plan', 'import', 'nope.xlsx', '--year', '2007']);
    expect(noYear.code).toBe(2);
    expect(noYear.err).toContain('--year');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.xlsx');
  });
});

describe('shishi plan export', () => {
  it('writes the plan workbook, which imports back without errors', async () => {
    // Act
    const out = await cli(['plan', 'export', '--year', '2006', '--out', 'plan-2006.xlsx']);
    const back = await cli(['plan', 'import', 'plan-2006.xlsx', '--year', '2006', '--dry-run', '--json']);

    // Assess
    expect(out.code, out.err).toBe(0);
    expect(existsSync(join(dir, 'plan-2006.xlsx'))).toBe(true);
    expect(back.code, back.out).toBe(0);
    expect((JSON.parse(back.out) as { plan: typeof SAMPLE_PLAN_2006 }).plan.indicators).toEqual(
      SAMPLE_PLAN_2006.indicators,
    );
  });
});
