import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { SheetGrid } from '../domain/worksheet';
import { isDate1904, loadXlsx, sheetGrid, workbookGrid } from './grid';

/** Writes `wb` to .xlsx bytes and reads them back, as a file from a user would be. */
async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  return loadXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
}

const at = (sheet: SheetGrid | undefined, row: number, col: number) =>
  sheet?.cells.find((c) => c.row === row && c.col === col);

/** One sheet `进度报表` with a cell of each kind the grid reads. */
function workbookOfEachKind(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('进度报表');
  ws.getCell('A1').value = '指标';
  ws.getCell('B1').value = 16.1;
  ws.getCell('C1').value = true;
  ws.getCell('D1').value = { richText: [{ text: '完成' }, { text: '率', font: { bold: true } }] };
  ws.getCell('E1').value = { error: '#N/A' };
  ws.getCell('F1').value = { text: '链接', hyperlink: 'https://example.org' };
  ws.getCell('G1').value = 0.75;
  ws.getCell('G1').numFmt = '0.0%';
  ws.getCell('H1').value = '';
  ws.getCell('A2').value = { formula: 'B1*2', result: 32.2 };
  ws.getCell('B2').value = { formula: 'B1*0', result: 0 };
  ws.getCell('C2').value = { formula: 'B1>99', result: false };
  ws.getCell('D2').value = { formula: 'NOW()' };
  ws.getCell('A3').value = new Date(Date.UTC(2006, 4, 31));
  ws.getCell('A3').numFmt = 'yyyy-mm-dd';
  ws.getCell('B3').value = new Date(Date.UTC(2006, 4, 31, 18));
  ws.getCell('B3').numFmt = 'yyyy-mm-dd hh:mm';
  ws.getCell('A5').value = '合并';
  ws.mergeCells('A5:C6');
  return wb;
}

describe('workbookGrid: values as Excel gives them', () => {
  it('gives text, numbers, booleans, rich text, errors and links as plain values, formats beside them', async () => {
    // Prepare
    const wb = await roundTrip(workbookOfEachKind());
    // Act
    const sheet = workbookGrid(wb, { dates: 'serial' }).sheets[0];
    // Assess
    expect(sheet?.name).toBe('进度报表');
    expect(at(sheet, 1, 1)).toEqual({ row: 1, col: 1, value: '指标' });
    expect(at(sheet, 1, 2)).toEqual({ row: 1, col: 2, value: 16.1 });
    expect(at(sheet, 1, 3)?.value).toBe(true);
    expect(at(sheet, 1, 4)?.value).toBe('完成率');
    expect(at(sheet, 1, 5)?.value).toBe('#N/A');
    expect(at(sheet, 1, 6)?.value).toBe('链接');
    expect(at(sheet, 1, 7)).toEqual({ row: 1, col: 7, value: 0.75, format: '0.0%' });
  });

  it('leaves out empty cells and the covered cells of a merged area, and lists the area', async () => {
    const sheet = workbookGrid(await roundTrip(workbookOfEachKind()), { dates: 'serial' }).sheets[0];
    expect(at(sheet, 1, 8)).toBeUndefined();
    expect(at(sheet, 5, 1)?.value).toBe('合并');
    expect(sheet?.cells.filter((c) => c.row >= 5)).toHaveLength(1);
    expect(sheet?.merges).toEqual([{ top: 5, left: 1, bottom: 6, right: 3 }]);
  });

  it('gives a formula its cached result, a cached 0 and FALSE included', async () => {
    const sheet = workbookGrid(await roundTrip(workbookOfEachKind()), { dates: 'serial' }).sheets[0];
    expect(at(sheet, 2, 1)?.value).toBe(32.2);
    expect(at(sheet, 2, 2)?.value).toBe(0);
    expect(at(sheet, 2, 3)?.value).toBe(false);
    // Never calculated: no cached result, so no cell.
    expect(at(sheet, 2, 4)).toBeUndefined();
  });

  it('asks the caller for a cached result exceljs does not give, and only then', async () => {
    // Prepare
    const asked: string[] = [];
    const cachedResult = (cell: ExcelJS.Cell) => {
      asked.push(cell.address);
      return `cached ${cell.address}`;
    };
    // Act
    const sheet = workbookGrid(await roundTrip(workbookOfEachKind()), { dates: 'serial', cachedResult })
      .sheets[0];
    // Assess
    expect(asked.sort()).toEqual(['B2', 'C2', 'D2']);
    expect(at(sheet, 2, 1)?.value).toBe(32.2);
    expect(at(sheet, 2, 2)?.value).toBe('cached B2');
  });

  it('drops a number Excel cannot hold', () => {
    // Prepare: exceljs reads `<v>1e999</v>` as Infinity; a sheet built in memory stands for it.
    const ws = new ExcelJS.Workbook().addWorksheet('S');
    ws.getCell('A1').value = Number.POSITIVE_INFINITY;
    ws.getCell('A2').value = Number.NaN;
    ws.getCell('A3').value = { formula: 'A1', result: Number.NaN };
    ws.getCell('A4').value = 1;
    // Act
    const sheet = sheetGrid(ws, { dates: 'serial' });
    // Assess
    expect(sheet.cells).toEqual([{ row: 4, col: 1, value: 1 }]);
  });
});

describe('workbookGrid: dates', () => {
  it('gives a date as Excel serial (the add-in) with its time of day', async () => {
    const sheet = workbookGrid(await roundTrip(workbookOfEachKind()), { dates: 'serial' }).sheets[0];
    expect(at(sheet, 3, 1)).toEqual({ row: 3, col: 1, value: 38_868, format: 'yyyy-mm-dd' });
    expect(at(sheet, 3, 2)?.value).toBe(38_868.75);
  });

  it('gives a date as its ISO day (the server)', async () => {
    const sheet = workbookGrid(await roundTrip(workbookOfEachKind()), { dates: 'isoDay' }).sheets[0];
    expect(at(sheet, 3, 1)).toEqual({ row: 3, col: 1, value: '2006-05-31', format: 'yyyy-mm-dd' });
    expect(at(sheet, 3, 2)?.value).toBe('2006-05-31');
  });

  it('counts serials from 1904 in a 1904 workbook, and says so', async () => {
    // Prepare
    const wb = workbookOfEachKind();
    wb.properties.date1904 = true;
    // Act
    const reread = await roundTrip(wb);
    const grid = workbookGrid(reread, { dates: 'serial' });
    // Assess
    expect(isDate1904(reread)).toBe(true);
    expect(grid.date1904).toBe(true);
    expect(at(grid.sheets[0], 3, 1)?.value).toBe(38_868 - 1_462);
    expect(at(workbookGrid(reread, { dates: 'isoDay' }).sheets[0], 3, 1)?.value).toBe('2006-05-31');
  });

  it('leaves date1904 out of a 1900 workbook', async () => {
    const grid = workbookGrid(await roundTrip(workbookOfEachKind()), { dates: 'serial' });
    expect('date1904' in grid).toBe(false);
  });
});

describe('workbookGrid: sheets', () => {
  it('keeps the workbook order and marks hidden and very hidden sheets', async () => {
    // Prepare
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('进度报表').getCell('A1').value = 1;
    wb.addWorksheet('项目明细', { state: 'hidden' }).getCell('A1').value = 2;
    wb.addWorksheet('_shishi', { state: 'veryHidden' }).getCell('A1').value = 3;
    // Act
    const grid = workbookGrid(await roundTrip(wb), { dates: 'serial' });
    // Assess
    expect(grid.sheets.map((s) => [s.name, s.hidden ?? false])).toEqual([
      ['进度报表', false],
      ['项目明细', true],
      ['_shishi', true],
    ]);
  });

  it('lets the caller say which sheets are hidden', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A', { state: 'hidden' });
    wb.addWorksheet('B');
    const grid = workbookGrid(await roundTrip(wb), { dates: 'serial', hidden: (ws) => ws.name === 'B' });
    expect(grid.sheets.map((s) => s.hidden ?? false)).toEqual([false, true]);
  });

  it('reads an ArrayBuffer as well as a Uint8Array', async () => {
    // Prepare
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('B2').value = '值';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const copy = bytes.slice().buffer;
    // Act
    const grid = workbookGrid(await loadXlsx(copy), { dates: 'serial' });
    // Assess
    expect(grid.sheets[0]?.cells).toEqual([{ row: 2, col: 2, value: '值' }]);
  });
});
