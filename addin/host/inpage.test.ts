import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { CIVIL_AFFAIRS_2006_05, LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import { recogniseWorkbook } from '../../domain/worksheet';
import { createInPagePort } from './inpage';
import { memorySettings, SettingRefusedError } from './settings';

const reference = (name: string) =>
  new Uint8Array(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/reference', name)),
  );
const bytes = () => reference('progress-2006-05-transport.xlsx');
const open = (onSelect?: (a: string) => void) =>
  createInPagePort(bytes(), 'progress-2006-05-transport.xlsx', {
    settings: memorySettings(),
    ...(onSelect ? { onSelect } : {}),
  });

describe('createInPagePort', () => {
  it('gives the workbook as it is now as .xlsx bytes (typed cells included)', async () => {
    // Prepare
    const port = await open();
    port.setCell('进度报表!A1', '2007年进度');
    // Act
    const again = await createInPagePort(await port.fileBytes(), 'again.xlsx', {
      settings: memorySettings(),
    });
    // Assess
    const cell = (await again.readGrid()).sheets[0]?.cells.find((c) => c.row === 1 && c.col === 1);
    expect(cell?.value).toBe('2007年进度');
  });

  it('reads the reference transport workbook into the transport report of May 2006', async () => {
    // Prepare
    const port = await open();
    // Act
    const { submission, findings } = recogniseWorkbook(await port.readGrid(), { plan: SAMPLE_PLAN_2006 });
    // Assess
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(submission?.unit).toBe('transport');
    expect(submission?.period).toBe('2006-05');
    expect(submission?.rows).toEqual(TRANSPORT_2006_05.rows);
    expect(submission?.details).toEqual(TRANSPORT_2006_05.details);
  });

  it.each([
    ['progress-2006-05-labor.xlsx', LABOR_2006_05],
    ['progress-2006-05-civil-affairs.xlsx', CIVIL_AFFAIRS_2006_05],
  ])('reads %s into the sample report', async (file, expected) => {
    const port = await createInPagePort(reference(file), file, { settings: memorySettings() });
    const { submission } = recogniseWorkbook(await port.readGrid(), { plan: SAMPLE_PLAN_2006 });
    expect(submission?.unit).toBe(expected.unit);
    expect(submission?.rows).toEqual(expected.rows);
  });

  it('gives dates as serial numbers with their format, and the merged areas', async () => {
    const grid = await (await open()).readGrid();
    const details = grid.sheets.find((s) => s.name === '项目明细');
    expect(details?.cells.find((c) => c.row === 2 && c.col === 7)).toEqual({
      row: 2,
      col: 7,
      value: 38_786,
      format: 'yyyy-mm-dd',
    });
    expect(grid.sheets[0]?.merges).toContainEqual({ top: 3, left: 9, bottom: 3, right: 12 });
  });

  it('sees a typed value on the next read, as Excel would store it', async () => {
    const port = await open();
    const changes: number[] = [];
    port.subscribe(() => changes.push(1));
    port.setCell('进度报表!G5', '16.1');
    port.setCell('进度报表!N5', "'007");
    const grid = await port.readGrid();
    const cell = (r: number, c: number) =>
      grid.sheets[0]?.cells.find((x) => x.row === r && x.col === c)?.value;
    expect(cell(5, 7)).toBe(16.1);
    expect(cell(5, 14)).toBe('007');
    const { submission } = recogniseWorkbook(grid, { plan: SAMPLE_PLAN_2006 });
    expect(submission?.rows[0]?.cumulative).toBe(16.1);
    expect(changes).toHaveLength(2);
  });

  it('keeps marks in memory, replaced on each mark and emptied by clearMarks', async () => {
    const port = await open();
    await port.mark([{ address: '进度报表!G5', severity: 'error', message: 'x' }]);
    await port.mark([{ address: '进度报表!F5', severity: 'warning', message: 'y' }]);
    expect(port.marks()).toEqual([{ address: '进度报表!F5', severity: 'warning', message: 'y' }]);
    await port.clearMarks();
    expect(port.marks()).toEqual([]);
  });

  it('records the selection and tells the preview', async () => {
    const seen: string[] = [];
    const port = await open((a) => seen.push(a));
    await port.select('项目明细!G2');
    expect(port.selection()).toBe('项目明细!G2');
    expect(seen).toEqual(['项目明细!G2']);
    await expect(port.select('没有!A1')).rejects.toThrow(/no sheet/);
  });

  it('keeps settings in memory and refuses a token', async () => {
    const port = await open();
    await port.setSetting('mapping', '{"G":"cumulative"}');
    expect(await port.getSetting('mapping')).toBe('{"G":"cumulative"}');
    await expect(port.setSetting('x', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).rejects.toBeInstanceOf(
      SettingRefusedError,
    );
  });

  it('writes a sheet and downloads the edited workbook as .xlsx', async () => {
    const port = await open();
    port.setCell('进度报表!G5', 16.1);
    await port.writeSheet('状态', [
      ['指标', '公式样的文字'],
      ['3.1', '=1+1'],
    ]);
    await port.writeSheet('状态', [['重写']]);
    const out = await port.toXlsx();
    const wb = new ExcelJS.Workbook();
    // biome-ignore lint/suspicious/noExplicitAny: exceljs types its input as a Node Buffer
    await wb.xlsx.load(out as any);
    expect(wb.getWorksheet('进度报表')?.getCell('G5').value).toBe(16.1);
    expect(wb.getWorksheet('状态')?.getCell('A1').value).toBe('重写');
    expect(wb.getWorksheet('状态')?.getCell('B2').value).toBeNull();

    const again = await createInPagePort(out, 'edited.xlsx', { settings: memorySettings() });
    await again.writeSheet('状态2', [['=1+1']]);
    const grid = await again.readGrid();
    expect(grid.sheets.find((s) => s.name === '状态2')?.cells[0]).toEqual({
      row: 1,
      col: 1,
      value: '=1+1',
      format: '@',
    });
  });
});
