/**
 * The city's summary: the sample city rolls up its two sample districts (the first with the May
 * reports, the county with two May reports of its own) and its workbook is read back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../domain/parse/text';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND } from '../../domain/sample';
import { computeStatus } from '../../domain/status';
import type { SubmissionRecord } from '../../domain/submission';
import {
  buildCitySummary,
  buildSummary,
  CITY_SUMMARY_SHEETS,
  statusLabel,
  summarySheets,
  verdictLine,
  writeCitySummary,
} from './summary';
import { sampleRecords } from './summary.fixtures';
import { xlsxParts } from './xlsx-util';

const dir = mkdtempSync(join(tmpdir(), 'shishi-city-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AS_OF = '2006-06-10';

/** The county's labour and transport bureaus report May; its water and education bureaus do not. */
const COUNTY_RECORDS: SubmissionRecord[] = [
  {
    id: '2006.county.labor.2006-05',
    version: 1,
    state: 'accepted',
    submittedAt: '2006-06-03T09:00:00+08:00',
    submission: {
      year: 2006,
      unit: 'labor',
      period: '2006-05',
      rows: [{ indicator: '1.1', cumulative: 400, funding: { higher: 10, district: 5 } }],
    },
  },
  {
    id: '2006.county.transport.2006-05',
    version: 1,
    state: 'accepted',
    submittedAt: '2006-06-09T09:00:00+08:00', // after the 5th: late, but it came
    submission: {
      year: 2006,
      unit: 'transport',
      period: '2006-05',
      rows: [{ indicator: '2.1', cumulative: 2 }],
    },
  },
];

const district = computeStatus(SAMPLE_PLAN_2006, sampleRecords(), AS_OF);
const county = computeStatus(SAMPLE_PLAN_2006_SECOND, COUNTY_RECORDS, AS_OF);
const status = rollUp(SAMPLE_CITY_PLAN_2006, [district, county], AS_OF);
const bytes = await buildCitySummary(status, SAMPLE_CITY_PLAN_2006);

async function open(b: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(b as unknown as ArrayBuffer);
  return wb;
}

/** Every row's cell values as text, empty cells included (a merged title repeats across its cells). */
function rowsOf(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let n = 1; n <= ws.columnCount; n++) {
      const v = row.getCell(n).value;
      cells.push(v === null || v === undefined ? '' : String(v));
    }
    out.push(cells);
  });
  return out;
}

describe('the city summary', () => {
  it('has the district sheets with 区县 for 责任单位, and 排名 second', async () => {
    // Act
    const wb = await open(bytes);

    // Assess
    expect(wb.worksheets.map((w) => w.name)).toEqual([...CITY_SUMMARY_SHEETS]);
    expect(summarySheets(SAMPLE_CITY_PLAN_2006)).toEqual([...CITY_SUMMARY_SHEETS]);
    expect(summarySheets(SAMPLE_PLAN_2006)).not.toContain('排名');
    const overview = wb.getWorksheet('总览')!;
    expect(overview.getCell('A2').value).toBe(`截至 ${AS_OF}　××市　（汇总各区县考核办已采用的报表）`);
    expect(overview.getCell('A3').value).toBe(verdictLine(status.verdict));
    expect(status.verdict).toBe('at_risk');
    const words = rowsOf(overview).flat();
    expect(words).toContain('牵头区县');
    expect(words).not.toContain('责任单位');
    expect(words.some((w) => /^迟报 \d+ 份、缺报 \d+ 份，涉及 2 个区县/.test(w))).toBe(true);
    expect(rowsOf(wb.getWorksheet('区县')!)[1]).toEqual([
      '排名',
      '区县',
      '考核指标',
      '结论',
      '完成率',
      '迟报',
      '缺报',
      '区县长',
    ]);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen' });
      // The title is merged across the sheet: it must fit there, or the printout clips it.
      let width = 0;
      for (let n = 1; n <= ws.columnCount; n++) width += ws.getColumn(n).width ?? 10;
      expect(displayWidth(String(ws.getCell('A1').value)), ws.name).toBeLessThanOrEqual(width);
    }
  });

  it('ranks the districts in the order of their rank, each with its verdict and counts', async () => {
    // Act
    const rows = rowsOf((await open(bytes)).getWorksheet('排名')!);
    const body = rows.slice(2);

    // Assess
    expect(rows[1]).toEqual([
      '排名',
      '区县',
      '结论（一票否决）',
      '完成率',
      '考核指标',
      '已完成',
      '正常',
      '滞后',
      '严重滞后',
      '未完成',
      '迟报',
      '缺报',
    ]);
    const ranked = [...status.units].sort((a, b) => a.rank - b.rank);
    expect(ranked.map((u) => u.name)).toEqual(['××区', '△△县']);
    expect(body.map((r) => r[1])).toEqual(ranked.map((u) => u.name));
    body.forEach((r, k) => {
      const u = ranked[k]!;
      expect(r[0]).toBe(String(u.rank));
      expect(r[2]).toBe(statusLabel(u.verdict));
      expect(Number(r[3])).toBeCloseTo(u.completionRate, 9);
      expect(Number(r[4])).toBe(u.indicators.length);
      expect(r.slice(5, 10).reduce((a, x) => a + Number(x), 0)).toBe(u.indicators.length);
      expect(r.slice(10)).toEqual([String(u.late), String(u.missing)]);
    });
  });

  it('lists each district’s late and missing reports as its own status counted them', async () => {
    // Act
    const rows = rowsOf((await open(bytes)).getWorksheet('报送情况')!);

    // Assess
    expect(rows[1]).toEqual(['区县', '迟报（份）', '缺报（份）', '合计', '情况']);
    const body = rows.slice(2);
    expect(body).toHaveLength(2);
    for (const [member, name] of [
      [district, '××区'],
      [county, '△△县'],
    ] as const) {
      const r = body.find((x) => x[0] === name)!;
      const late = member.units.reduce((a, u) => a + u.late, 0);
      const missing = member.units.reduce((a, u) => a + u.missing, 0);
      expect(r.slice(1, 4)).toEqual([String(late), String(missing), String(late + missing)]);
    }
    expect(county.units.find((u) => u.unit === 'transport')!.late).toBe(0); // it came, late
    expect(body.find((x) => x[0] === '△△县')![4]).toMatch(/^有(迟报|缺报)$/);
  });

  it('lists the districts whose shares lag, with their heads, and the funding the districts reported', async () => {
    // Act
    const wb = await open(bytes);
    const behind = rowsOf(wb.getWorksheet('滞后清单')!);
    const indicators = rowsOf(wb.getWorksheet('指标进度')!);
    const funding = rowsOf(wb.getWorksheet('资金')!);

    // Assess
    const lagging = status.indicators.flatMap((i) =>
      i.contributions
        .filter((c) => ['behind', 'at_risk', 'failed'].includes(c.status))
        .map((c) => `${i.id}|${c.unit}`),
    );
    expect(lagging.length).toBeGreaterThan(0);
    const names = new Map(SAMPLE_CITY_PLAN_2006.units.map((u) => [u.id, u.name]));
    expect(behind.slice(2).map((r) => `${r[0]}|${r[5]}`)).toEqual(
      lagging.map((k) => `${k.split('|')[0]}|${names.get(k.split('|')[1]!)}`),
    );
    const water = behind.find((r) => r[0] === '4.1')!;
    expect(water.slice(5, 10)).toEqual(['△△县', '郑立新（县长）', '70', '未报送', '%']);
    expect(indicators[1]).toContain('各区县完成情况');
    expect(indicators[1]).not.toContain('进展情况');
    expect(indicators.find((r) => r[0] === '1.1')![13]).toBe('××区 1820/4000；△△县 400/1200');
    expect(funding.find((r) => r[0] === '区县配套')![2]).toBe(String(status.funding.district));
    expect(status.funding.district).toBeGreaterThan(0);
    expect(funding.some((r) => r[0] === '其中区县配套')).toBe(false); // no 2005 facts for the city
  });

  it('streams the same cell values as it builds in memory', async () => {
    // Act
    const file = join(dir, 'city.xlsx');
    await writeCitySummary({ status, plan: SAMPLE_CITY_PLAN_2006 }, file);
    const streamed = readFileSync(file);
    const a = await open(bytes);
    const b = await open(streamed);
    const same = await open(await buildSummary(status, [], SAMPLE_CITY_PLAN_2006));

    // Assess
    expect(b.worksheets.map((w) => w.name)).toEqual([...CITY_SUMMARY_SHEETS]);
    for (const ws of a.worksheets) {
      expect(rowsOf(b.getWorksheet(ws.name)!), ws.name).toEqual(rowsOf(ws));
      expect(rowsOf(same.getWorksheet(ws.name)!), ws.name).toEqual(rowsOf(ws));
    }
    for (const [name, xml] of xlsxParts(streamed)) {
      if (name.startsWith('xl/worksheets/sheet')) expect(xml, name).not.toMatch(/<f[ >]|<hyperlink/);
    }
  });
});
