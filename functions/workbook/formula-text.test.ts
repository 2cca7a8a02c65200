/**
 * Issue 15, item 4: text that spreadsheets turn into formulas. Every free-text field of the
 * plan, the reports and the close is given one of OWASP's CSV-injection payloads; every workbook
 * this backend makes from them (plan workbook, each unit's template, the summary in memory and
 * streamed, the city summary, the 年终考核 and the city's appraisal) then holds no text cell that
 * starts like a formula, neither as exceljs reads it nor in a CSV export of each sheet (SheetJS),
 * and the workbooks read back to the text the people wrote.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { appraise, assess } from '../../domain/assessment';
import { looksLikeFormula, quoteFormula, unquoteFormula } from '../../domain/parse';
import { recognisePlanSheet } from '../../domain/plansheet';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND } from '../../domain/sample';
import { SAMPLE_REPORTS_2006_05 } from '../../domain/sample/reports2006-05';
import { computeStatus } from '../../domain/status';
import type { Submission } from '../../domain/submission';
import { gridOf } from '../../test/fixtures/plansheet';
import { loadXlsx } from '../../xlsx/grid';
import { buildAppraisalWorkbook, buildAssessmentWorkbook } from './assessment';
import { readWorkbook, recognise } from './import';
import { buildPlanWorkbook, PLAN_SHEET } from './plan-workbook';
import { buildCitySummary, buildSummary, writeSummary } from './summary';
import { sampleRecords } from './summary.fixtures';
import { buildTemplate } from './template';

const PAYLOADS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", '@SUM(1)', '+1+1', '-1+1'] as const;

/** The free-text fields of plans, reports and closes (never ids, dates, enums or numbers). */
const FREE_TEXT = new Set([
  'title',
  'name',
  'unitOfMeasure',
  'baseUnit',
  'person',
  'phone',
  'cause',
  'remedy',
  'progress',
  'note',
  'township',
  'village',
  'unitHead',
  'zh',
  'en',
]);

/** `value` with a payload before every free-text field, the payloads taken in turn. */
function hostile<T>(value: T, turn = { n: 0 }): T {
  if (Array.isArray(value)) return value.map((v) => hostile(v, turn)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      typeof v === 'string' && FREE_TEXT.has(k)
        ? `${PAYLOADS[turn.n++ % PAYLOADS.length]}${v}`
        : hostile(v, turn);
  }
  return out as T;
}

const plan = hostile(SAMPLE_PLAN_2006);
const second = hostile(SAMPLE_PLAN_2006_SECOND);
const city = hostile(SAMPLE_CITY_PLAN_2006);
const reports = (SAMPLE_REPORTS_2006_05 as readonly Submission[]).map((s) => hostile(s));
const records = sampleRecords().map((r, i) => ({ ...r, submission: reports[i] ?? r.submission }));

const dir = mkdtempSync(join(tmpdir(), 'shishi-formula-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function workbooks(): Promise<Map<string, Buffer>> {
  const status = computeStatus(plan, records, '2006-06-10');
  const out = new Map<string, Buffer>();
  out.set('plan', await buildPlanWorkbook(plan));
  for (const u of plan.units) out.set(`template ${u.id}`, await buildTemplate(plan, u.id, '2006-05'));
  out.set('summary', await buildSummary(status, records, plan, plan.previousYear));
  const streamed = join(dir, 'streamed.xlsx');
  await writeSummary({ status, records, plan, facts2005: plan.previousYear }, streamed);
  out.set('summary streamed', readFileSync(streamed));
  const county = computeStatus(second, [], '2006-06-10');
  out.set('city summary', await buildCitySummary(rollUp(city, [status, county], '2006-06-10'), city));
  const district = assess(computeStatus(plan, records, plan.end));
  const closedBy = { sub: 's', name: `${PAYLOADS[0]}王静` };
  out.set(
    'assessment',
    await buildAssessmentWorkbook(district, { version: 1, closedAt: '2007-01-05T02:00:00Z', closedBy }),
  );
  const other = assess(computeStatus(second, [], second.end));
  out.set(
    'appraisal',
    await buildAppraisalWorkbook(
      appraise(city, [
        { org: district.organisation.id, assessment: district },
        { org: other.organisation.id, assessment: other },
      ]),
    ),
  );
  return out;
}

/** Every text cell of every sheet, as exceljs reads it: [where, text]. */
async function texts(bytes: Buffer): Promise<[string, string][]> {
  const wb = await loadXlsx(bytes);
  const out: [string, string][] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const v = cell.value as unknown;
        const text =
          typeof v === 'string'
            ? v
            : v && typeof v === 'object' && 'richText' in v
              ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('')
              : undefined;
        if (text !== undefined) out.push([`${ws.name}!${cell.address}`, text]);
      });
    });
  }
  return out;
}

describe('text that spreadsheets would take for formulas', () => {
  it('quotes and unquotes one way: only formula-like text, idempotently', () => {
    for (const p of PAYLOADS) {
      expect(looksLikeFormula(p)).toBe(true);
      expect(quoteFormula(p)).toBe(`'${p}`);
      expect(quoteFormula(quoteFormula(p))).toBe(`'${p}`);
      expect(unquoteFormula(quoteFormula(p))).toBe(p);
    }
    for (const s of ['\t=1', '\r=1', '＝1+1', '拆迁', "'备注", '15%'])
      expect(unquoteFormula(quoteFormula(s))).toBe(s);
    expect(quoteFormula('拆迁 =1')).toBe('拆迁 =1');
    expect(unquoteFormula("'拆迁")).toBe("'拆迁");
  });

  it('leaves no text cell of any generated workbook starting like a formula, for every free-text field', async () => {
    // Act
    const all = await workbooks();

    // Assess
    expect([...all.keys()].length).toBeGreaterThan(8);
    for (const [name, bytes] of all) {
      const cells = await texts(bytes);
      const bad = cells.filter(([, t]) => looksLikeFormula(t)).map(([at, t]) => `${name} ${at}: ${t}`);
      expect(bad, name).toEqual([]);
      // Not vacuous: the payloads are there, quote-prefixed.
      const quoted = cells.filter(([, t]) => PAYLOADS.some((p) => t.startsWith(`'${p}`)));
      expect(quoted.length, name).toBeGreaterThan(0);
    }
    const plan = await texts(all.get('plan')!);
    for (const p of PAYLOADS)
      expect(
        plan.some(([, t]) => t.startsWith(`'${p}`)),
        p,
      ).toBe(true);
  });

  it('keeps them text in a CSV export of every sheet', async () => {
    // Act
    const all = await workbooks();

    // Assess
    for (const [name, bytes] of all) {
      const wb = XLSX.read(bytes, { type: 'buffer' });
      const csvs: string[] = [];
      for (const sheet of wb.SheetNames) {
        const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1, raw: false });
        const csv = XLSX.utils.sheet_to_csv(wb.Sheets[sheet]!);
        for (const row of rows) {
          for (const field of row) {
            if (typeof field === 'string')
              expect(looksLikeFormula(field), `${name} ${sheet}: ${field}`).toBe(false);
          }
        }
        expect(csv, `${name} ${sheet}`).not.toMatch(/(^|,|\n)"?[=+@]/);
        csvs.push(csv);
      }
      expect(csvs.join('\n'), name).toMatch(/(^|,|\n)"?'(=HYPERLINK|=cmd|@SUM|\+1\+1|-1\+1)/);
    }
  });

  it('reads them back as written: the plan workbook, and a template filled from the server', async () => {
    // Act
    const back = recognisePlanSheet(await gridOf(await buildPlanWorkbook(plan)), {
      organisation: plan.organisation,
      units: plan.units,
    });

    // Assess
    expect(back.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(back.plan.title).toBe(plan.title);
    expect(back.plan.indicators.map((i) => i.name)).toEqual(plan.indicators.map((i) => i.name));
    expect(back.plan.pledges).toEqual(plan.pledges);
    expect(
      (await loadXlsx(await buildPlanWorkbook(plan))).getWorksheet(PLAN_SHEET)!.getCell('A1').value,
    ).toBe(`'${plan.title}`);
    const transport = plan.units.find((u) => u.id === 'transport')!;
    const read = await readWorkbook(await buildTemplate(plan, 'transport', '2006-05'));
    if (!read.ok) throw new Error(read.error.message.en);
    const { submission } = recognise(read.grid, plan);
    expect(submission?.reporter).toEqual({
      name: transport.contact?.person,
      phone: transport.contact?.phone,
    });
    expect(looksLikeFormula(transport.contact?.person ?? '')).toBe(true);
  });
});
