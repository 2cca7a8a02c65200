import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../../domain/sample/plan2006';
import {
  CIVIL_AFFAIRS_2006_05,
  LABOR_2006_05,
  TRANSPORT_2006_05,
} from '../../../domain/sample/reports2006-05';
import { validateSubmission } from '../../../domain/validate';
import { beyondReading } from '../../../domain/worksheet/recognise';
import { progressWorkbookBytes } from '../../../test/fixtures/hostile/progress';
import { readWorkbook, readWorkbookIsolated, recognise, withCells } from '.';

const ref = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/reference/progress-2006-05-${name}.xlsx`, import.meta.url));

async function importBytes(bytes: Buffer) {
  const read = await readWorkbook(bytes);
  if (!read.ok) throw new Error(read.error.code);
  return recognise(read.grid, SAMPLE_PLAN_2006);
}

describe('reference workbooks', () => {
  it.each([
    ['transport', TRANSPORT_2006_05],
    ['labor', LABOR_2006_05],
    ['civil-affairs', CIVIL_AFFAIRS_2006_05],
  ])('%s imports to its sample submission', async (name, expected) => {
    const out = await importBytes(ref(name));
    expect(out.findings).toEqual([]);
    expect(out.submission).toEqual(expected);
  });

  it('remembers where each value was read', async () => {
    const out = await importBytes(ref('labor'));
    expect(out.cells['row[1].cumulative']).toBe('进度报表!G6');
    expect(out.cells['row[4].thisPeriod']).toBe('进度报表!F9');
    expect(out.cells['submission.period']).toBe('进度报表!E2');
  });

  it('reads in a worker thread too', async () => {
    const read = await readWorkbookIsolated(ref('transport'));
    expect(read.ok).toBe(true);
    if (read.ok) expect(recognise(read.grid, SAMPLE_PLAN_2006).submission).toEqual(TRANSPORT_2006_05);
  }, 20_000);
});

describe('other layouts', () => {
  it('reads another column order with extra title rows, spacer rows and a % column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报表');
    ws.getCell('C1').value = '××区2006年为民办实事进度报表';
    ws.getCell('A2').value = '（内部资料）';
    ws.getCell('A3').value = '填报单位：区劳动和社会保障局';
    ws.getCell('D3').value = '报送期：2006年5月';
    ws.getCell('G3').value = '填报日期：2006-06-02';
    ws.getRow(5).values = [
      '累计完成',
      '备注',
      '指标名称',
      '当月完成',
      '完成率',
      '单位',
      '投入资金(万元)',
      '序号',
    ];
    ws.getRow(7).values = [1820, '', '新增城镇就业', 420, 0.455, '人', 42.5, 1];
    ws.getCell('E7').numFmt = '0.0%';
    ws.getRow(9).values = [
      '0.126万',
      '累计完成数按万人填写',
      '下岗失业人员再就业',
      '310人',
      null,
      '人',
      8,
      2,
    ];
    ws.getCell('A12').value = '单位负责人：赵文华  填报人：孙丽  联系电话：0000-5552345';
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const out = await importBytes(bytes);
    expect(out.findings).toEqual([]);
    expect(out.submission).toEqual({
      year: 2006,
      unit: 'labor',
      period: '2006-05',
      filledOn: '2006-06-02',
      rows: [
        {
          indicator: '1.1',
          thisPeriod: 420,
          cumulative: 1820,
          completionPercent: 45.5,
          funding: { total: 42.5 },
        },
        {
          indicator: '1.2',
          thisPeriod: 310,
          cumulative: 1260,
          funding: { total: 8 },
          note: '累计完成数按万人填写',
        },
      ],
      reporter: { name: '孙丽', phone: '0000-5552345' },
      unitHead: '赵文华',
    });
    expect(out.cells['row[1].cumulative']).toBe('报表!A9');
  });

  it('takes unit and period from the template metadata sheet, and reports parse errors with their cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('进度报表');
    ws.getRow(1).values = ['序号', '考核指标', '计量单位', '本月完成', '累计完成'];
    ws.getRow(2).values = ['7.2', '集中入住五保对象', '人', '约5人', 12];
    const meta = wb.addWorksheet('_shishi', { state: 'veryHidden' });
    meta.addRows([
      ['shishi-template', 1],
      ['year', 2006],
      ['unit', 'civil-affairs'],
      ['period', '2006-05'],
    ]);
    const out = await importBytes(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(out.submission).toMatchObject({ unit: 'civil-affairs', period: '2006-05', year: 2006 });
    expect(out.findings).toEqual([
      expect.objectContaining({ code: 'number.approximate', cell: '进度报表!D2', indicator: '7.2' }),
    ]);
  });
});

describe('the office template (functions/workbook/template.ts), filled in', () => {
  it('reads back unit and period from _shishi, values, details and footer', async () => {
    // Loosely typed: the template module is another part's, and this is a contract test of its output.
    const mod = (await import('../template')) as unknown as {
      buildTemplate?: (plan: unknown, unit: string, period: string) => Promise<Buffer>;
    };
    if (!mod.buildTemplate) return;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await mod.buildTemplate(SAMPLE_PLAN_2006, 'transport', '2006-05')) as never);
    const ws = wb.getWorksheet('进度报表')!;
    const header = (text: string) => {
      for (let c = 1; c <= 30; c++)
        if (ws.getCell(4, c).value === text || ws.getCell(3, c).value === text) return c;
      throw new Error(text);
    };
    ws.getCell(5, header('本月完成')).value = 15.6;
    ws.getCell(5, header('累计完成')).value = 15.6;
    ws.getCell(5, header('上级资金')).value = 300;
    const out = await importBytes(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(out.findings).toEqual([]);
    expect(out.submission).toMatchObject({
      year: 2006,
      unit: 'transport',
      period: '2006-05',
      rows: [{ indicator: '3.1', thisPeriod: 15.6, cumulative: 15.6, funding: { higher: 300 } }],
    });
    expect(out.submission?.unitHead).toBeUndefined();
  });
});

describe('one finding per problem, as the server reads an upload', () => {
  /** Reading and validation of the labor worksheet with 累计完成 of 1.1 (G5) as given. */
  async function findingsWith(g5: string | null) {
    const bytes = await progressWorkbookBytes(SAMPLE_PLAN_2006, 'labor', {
      edit: (_wb, ws) => {
        ws.getCell('G5').value = g5;
      },
    });
    const out = await importBytes(bytes);
    if (!out.submission) throw new Error('no report');
    const validation = validateSubmission(out.submission, { plan: SAMPLE_PLAN_2006 });
    return withCells([...out.findings, ...beyondReading(validation, out.findings)], out.cells).filter(
      (f) => f.cell === '进度报表!G5',
    );
  }

  it('"abc" is only "not a number", with its sheet and cell', async () => {
    expect(await findingsWith('abc')).toEqual([
      expect.objectContaining({
        code: 'number.invalid',
        message: {
          zh: expect.stringMatching(/^进度报表!G5：“abc”不是有效的数值/),
          en: expect.stringMatching(/^进度报表!G5: "abc" is not a number/),
        },
      }),
    ]);
  });

  it('an empty cell is 未填写, with its sheet and cell', async () => {
    expect(await findingsWith(null)).toEqual([
      expect.objectContaining({
        code: 'row.missingValue',
        message: {
          zh: '进度报表!G5：指标 1.1 未填写“累计完成”',
          en: '进度报表!G5: Indicator 1.1: cumulative is missing',
        },
      }),
    ]);
  });
});
