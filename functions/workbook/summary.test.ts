import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSummary, SUMMARY_SHEETS, verdictLine, writeProvinceSummary, writeSummary } from './summary';
import { HOSTILE_NOTE, sampleSummaryInput } from './summary.fixtures';
import { xlsxParts } from './xlsx-util';

const dir = mkdtempSync(join(tmpdir(), 'shishi-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Every cell's text of a sheet, row by row. */
function texts(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell((c) => {
      cells.push(c.value === null || c.value === undefined ? '' : String(c.value));
    });
    rows.push(cells);
  });
  return rows;
}

const input = sampleSummaryInput();
const bytes = await buildSummary(input.status, input.records, input.plan, input.facts2005);

describe('buildSummary', () => {
  it('has the six sheets, printable, with frozen headers', async () => {
    // Act
    const wb = await open(bytes);

    // Assess
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SUMMARY_SHEETS]);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
      });
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen' });
      expect(ws.getColumn(1).width, ws.name).toBeGreaterThan(0);
    }
  });

  it('states the verdict, the failing indicators with their responsible persons, and each pledge', async () => {
    // Act
    const ws = (await open(bytes)).getWorksheet('总览')!;
    const all = texts(ws).flat();

    // Assess
    expect(input.status.verdict).toBe('at_risk');
    expect(ws.getCell('A3').value).toBe('总体结论（一票否决）：严重滞后');
    expect(verdictLine('failed')).toBe('总体结论（一票否决）：未完成(否决)');
    expect(ws.getCell('A2').value).toContain('截至 2006-06-10');
    expect(all).toContain('✖ 严重滞后');
    expect(all).toContain('钱志刚（局长）'); // 2.4, finance
    expect(all).toContain('扩大就业');
    expect(all).toContain('红灯');
    expect(all).toContain('绿灯');
    const pledge1 = texts(ws).find((r) => r[1] === '扩大就业')!;
    expect(pledge1).toEqual(['1', '扩大就业', '● 正常', '0.4375', '绿灯', '1.1、1.2']);
    expect(ws.getCell('C16').fill).toMatchObject({ fgColor: { argb: 'FFC6EFCE' } });
  });

  it('lists every indicator with progress, data bar, status and each unit’s contribution', async () => {
    // Act
    const wb = await open(bytes);
    const ws = wb.getWorksheet('指标进度')!;
    const rows = texts(ws);
    const xml = xlsxParts(bytes).get('xl/worksheets/sheet2.xml')!;

    // Assess
    expect(rows[1]).toContain('各单位完成情况');
    expect(rows).toHaveLength(2 + 14);
    const r41 = rows.find((r) => r[0] === '4.1')!;
    expect(r41).toContain('城关镇 —/100；河口乡 —/150；石桥镇 —/150；新集乡 —/150');
    const r31 = rows.find((r) => r[0] === '3.1')!;
    expect(r31.slice(0, 8)).toEqual([
      '3.1',
      '农村公路建设',
      '建成乡镇到村水泥(沥青)路',
      '35',
      '公里',
      '15.6',
      '15.6',
      '0.44571428571428573',
    ]);
    expect(xml).toContain('<dataBar');
  });

  it('ranks units, compares funding with 2005, shows the reporting grid and the explanations of late rows', async () => {
    // Act
    const wb = await open(bytes);
    const units = texts(wb.getWorksheet('责任单位')!);
    const funding = texts(wb.getWorksheet('资金')!);
    const grid = texts(wb.getWorksheet('报送情况')!);
    const behind = texts(wb.getWorksheet('滞后清单')!);

    // Assess
    expect(units[2]![0]).toBe('1');
    expect(funding.find((r) => r[0] === '投入资金合计')!.slice(0, 3)).toEqual([
      '投入资金合计',
      '',
      '1940.55',
    ]);
    expect(funding.find((r) => r[0] === '其中区级配套')!.slice(0, 3)).toEqual(['其中区级配套', '', '623.58']);
    expect(grid[1]!.slice(0, 4)).toEqual(['责任单位', '4月', '5月', '6月']);
    const civil = grid.find((r) => r[0] === '区民政局')!;
    expect(civil.slice(1, 4)).toEqual(['缺报', '已报送', '未到期']); // its May report awaits review
    const transport = grid.find((r) => r[0] === '区交通局')!;
    expect(transport[2]).toBe('已采用');
    expect(grid.find((r) => r[0] === '区财政局')![2]).toBe('迟报');
    const row61 = behind.find((r) => r[0] === '6.1')!;
    expect(row61).toContain("'=1+1 拆迁未完成");
    expect(row61).toContain("'@SUM(A1) 加快拆迁");
    expect(row61).toContain('2006-11-30');
    expect(row61).toContain('区建设局');
  });

  it('writes text from users as inert strings: no formula, no hyperlink anywhere', async () => {
    // Act
    const parts = xlsxParts(bytes);
    const sheets = [...parts].filter(([k]) => k.startsWith('xl/worksheets/sheet'));
    const wb = await open(bytes);
    const notes = texts(wb.getWorksheet('指标进度')!).flat();

    // Assess
    expect(sheets).toHaveLength(6);
    for (const [name, xml] of sheets) {
      expect(xml, name).not.toMatch(/<f[ >]/);
      expect(xml, name).not.toContain('<hyperlink');
    }
    expect([...parts.keys()].some((k) => k.includes('_rels/sheet'))).toBe(false);
    expect(notes).toContain(`'${HOSTILE_NOTE}`);
    expect(notes).toContain("'-未开工");
    expect(parts.get('xl/sharedStrings.xml')).toContain(
      '&apos;=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)',
    );
  });

  it('streams the same sheets through the WorkbookWriter, and a province of districts', async () => {
    // Act
    const file = join(dir, 'streamed.xlsx');
    await writeSummary(input, file);
    const streamed = readFileSync(file);
    const wb = await open(streamed);
    const province = join(dir, 'province.xlsx');
    const out = await writeProvinceSummary(
      '××省 2006 年为民办实事',
      '2006-06-10',
      [1, 2, 3].map((n) => ({
        status: { ...input.status, organisation: { ...input.status.organisation, name: `区${n}` } },
        city: '××市',
      })),
      province,
    );
    const p = await open(readFileSync(province));

    // Assess
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SUMMARY_SHEETS]);
    expect(wb.getWorksheet('总览')!.getCell('A3').value).toBe('总体结论（一票否决）：严重滞后');
    for (const [name, xml] of xlsxParts(streamed)) {
      if (name.startsWith('xl/worksheets/sheet')) expect(xml, name).not.toMatch(/<f[ >]|<hyperlink/);
    }
    expect(out).toEqual({ districts: 3, rows: 42 });
    expect(p.getWorksheet('区县总览')!.getCell('C4').value).toBe('区2');
    expect(p.getWorksheet('指标进度')!.rowCount).toBe(43);
  });
});
