/**
 * The plan as workbooks through the local stack: the city's 目标任务分解表 read into a draft
 * (dry run, then stored), a township split that does not add up refused with its cell and nothing
 * stored, and the exported plan workbook read back as the same plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client';
import { ApiProblem } from '../../api/errors';
import type { PlanDraft } from '../../api/views';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { CITY_ROWS, cityWorkbook } from '../fixtures/plansheet';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let office: ApiClient;
beforeAll(async () => {
  stack = await startTestStack();
  office = new ApiClient({ baseUrl: stack.url, token: await stack.token('office') });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const REFERENCE = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'reference', 'city-targets-2006.xlsx'),
);

/** A decomposition workbook for 2007: the reference's table, with 2007 in its title and deadlines. */
const city2007 = () =>
  cityWorkbook('flat', { title: '××市2007年为民办8件实事目标任务分解表(××区)', rows: CITY_ROWS });

describe('POST /v1/plans/{year}/import', () => {
  it('reads the city’s 2006 workbook into the sample plan’s indicators; a dry run stores nothing', async () => {
    // Act
    const dry = await office.importPlan(2006, REFERENCE, { dryRun: true });
    const latest = await office.getPlan(2006, 'latest');

    // Assess: the sample's indicators, targets in base units, main units and deadlines
    expect(dry.version).toBeUndefined();
    expect(dry.plan.indicators.map((i) => [i.id, i.target, i.unitOfMeasure, i.mainUnit, i.deadline])).toEqual(
      SAMPLE_PLAN_2006.indicators.map((i) => [i.id, i.target, i.unitOfMeasure, i.mainUnit, i.deadline]),
    );
    expect(dry.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'plansheet.baseMissing',
        cell: '目标任务分解!E8',
      }),
    );
    expect(latest.version).toBe(1);
  });

  it('stores a 2007 draft that the office completes and publishes; a unit then reads the 2007 plan', async () => {
    // Act
    const draft = await office.importPlan(2007, await city2007());
    const years = await office.listPlans();

    // Assess
    expect(draft.version).toBe(1);
    expect(draft.plan.year).toBe(2007);
    expect(draft.findings.some((f) => f.code === 'plan.noResponsible')).toBe(true);
    expect(years.find((y) => y.year === 2007)).toMatchObject({ latestVersion: 1 });
    expect(years.find((y) => y.year === 2007)?.publishedVersion).toBeUndefined();

    // Act: complete (first responsible persons, last year's base) and publish
    const person = { name: '王明', title: '局长' };
    const completed = {
      ...draft.plan,
      indicators: draft.plan.indicators.map((i) => ({
        ...i,
        responsible: [person],
        ...(i.kind === 'growth' ? { base: 600, baseUnit: '万元' } : {}),
        ...(i.kind === 'level' ? { base: i.target - 10 } : {}),
      })),
    };
    const saved = await office.saveDraft(completed);
    const published = await office.publishPlan(2007, saved.version!);
    const unit = new ApiClient({
      baseUrl: stack.url,
      token: await stack.token(`unit:${completed.units[0]!.id}`),
    });
    const seen = await unit.getPlan(2007);

    // Assess
    expect(saved.findings).toEqual([]);
    expect(published).toEqual({ year: 2007, version: 2 });
    expect(seen).toMatchObject({ year: 2007, version: 2, state: 'published' });
  });

  it('refuses a township split that does not add up, naming the cell, and stores nothing', async () => {
    // Prepare
    const bytes = await cityWorkbook('flat', {
      title: '××市2008年为民办实事目标任务分解表',
      rows: CITY_ROWS,
      split: {
        form: 'long',
        rows: [
          ['1.1', '城关镇', 1000],
          ['1.1', '河口乡', 1000],
        ],
        totals: { '1.1': 2000 },
      },
    });

    // Act
    const error = (await office.importPlan(2008, bytes).catch((e: unknown) => e)) as ApiProblem;
    const years = await office.listPlans();

    // Assess
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error.status).toBe(422);
    expect(error.code).toBe('plan.sheetInvalid');
    const mismatch = error.planFindings.find((f) => f.code === 'plansheet.splitMismatch');
    expect(mismatch?.severity).toBe('error');
    expect(mismatch?.cell).toMatch(/^[^!]+![A-Z]+\d+$/);
    expect(years.some((y) => y.year === 2008)).toBe(false);
  });

  it('is for the office only', async () => {
    const unit = new ApiClient({ baseUrl: stack.url, token: await stack.token('unit:labor') });
    const error = (await unit
      .importPlan(2007, REFERENCE, { dryRun: true })
      .catch((e: unknown) => e)) as ApiProblem;
    expect(error.status).toBe(403);
  });
});

describe('GET /v1/plans/{year}/workbook', () => {
  it('writes the plan as a workbook that imports back as the same plan', async () => {
    // Act
    const file = await office.planWorkbook(2006);
    const back: PlanDraft = await office.importPlan(2006, file.bytes, { dryRun: true });

    // Assess
    expect(file.filename).toContain('2006');
    expect(back.plan.indicators).toEqual(SAMPLE_PLAN_2006.indicators);
    expect(back.plan.pledges).toEqual(SAMPLE_PLAN_2006.pledges);
    expect(back.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('completes a draft by the round trip: export, fill in the office’s columns in Excel, import back, publish', async () => {
    // Prepare: a 2010 draft from the city's workbook, still without persons and base
    const draft = await office.importPlan(
      2010,
      await cityWorkbook('flat', {
        title: '××市2010年为民办实事目标任务分解表',
        rows: CITY_ROWS.map((r) => ({
          ...r,
          ...(typeof r.deadline === 'string' ? { deadline: r.deadline.replace('2007', '2010') } : {}),
        })),
      }),
    );
    expect(draft.findings.some((f) => f.code === 'plan.noResponsible')).toBe(true);

    // Act: the office exports it and types into the shaded columns, as in Excel
    const file = await office.planWorkbook(2010, draft.version);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('目标任务分解')!;
    const header = [...Array(ws.rowCount).keys()]
      .map((i) => ws.getRow(i + 1))
      .find((r) => r.getCell(1).value === '序号')!;
    const col = (name: string) => {
      let n = 0;
      header.eachCell((cell, c) => {
        if (cell.value === name) n = c;
      });
      return n;
    };
    for (let r = header.number + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const id = String(row.getCell(1).value ?? '');
      const ind = draft.plan.indicators.find((i) => i.id === id);
      if (!ind) continue;
      row.getCell(col('第一责任人')).value = '王明/局长';
      if (ind.kind === 'growth') row.getCell(col('上年基数')).value = 600;
      if (ind.kind === 'level') row.getCell(col('上年基数')).value = ind.target - 10;
    }
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const back = await office.importPlan(2010, edited);
    const published = await office.publishPlan(2010, back.version!);

    // Assess
    expect(back.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(back.plan.indicators.every((i) => i.responsible[0]?.name === '王明')).toBe(true);
    expect(published).toEqual({ year: 2010, version: back.version });
  });

  it('answers 404 for a version that does not exist', async () => {
    const error = (await office.planWorkbook(2006, 99).catch((e: unknown) => e)) as ApiProblem;
    expect(error.status).toBe(404);
    expect(error.code).toBe('plan.notFound');
  });
});
