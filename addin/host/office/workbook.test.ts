import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../../domain/sample/plan2006';
import { recogniseWorkbook } from '../../../domain/worksheet';
import { fakeSettings, mockExcel } from '../../../test/fixtures/addin/excel-mock';
import { progressSheets } from '../../../test/fixtures/addin/progress';
import { SettingRefusedError } from '../settings';
import type { FileSource } from './file';
import { createOfficePort, MARK_FILL, MARKS_SETTING } from './workbook';

const ALL = () => true;

function setup(opts: { supports?: (v: string) => boolean; detailRows?: number; date1904?: boolean } = {}) {
  const mock = mockExcel({
    sheets: progressSheets({ detailRows: opts.detailRows ?? 5000 }),
    date1904: opts.date1904,
  });
  const settings = fakeSettings();
  const port = createOfficePort(mock.excel, {
    settings,
    supports: opts.supports ?? ALL,
    label: 'transport.xlsx',
  });
  return { mock, settings, port };
}

describe('createOfficePort: readGrid', () => {
  it('reads the 14-row table and 5,000 detail rows in at most two syncs', async () => {
    // Prepare
    const { mock, port } = setup();
    // Act
    const grid = await port.readGrid();
    // Assess
    expect(mock.syncs).toBeLessThanOrEqual(2);
    expect(grid.sheets.map((s) => s.name)).toEqual(['进度报表', '项目明细']);
    const details = grid.sheets[1];
    expect(new Set(details?.cells.map((c) => c.row)).size).toBe(5001);
    expect(details?.cells.find((c) => c.row === 2 && c.col === 8)).toEqual({
      row: 2,
      col: 8,
      value: 38_787,
      format: 'yyyy-mm-dd',
    });
    expect(grid.sheets[0]?.merges).toContainEqual({ top: 3, left: 9, bottom: 3, right: 12 });
    expect(grid.date1904).toBeUndefined();
  });

  it('keeps only non-empty cells, at their sheet coordinates, with non-General formats', async () => {
    const { port } = setup({ detailRows: 1 });
    const grid = await port.readGrid();
    const sheet = grid.sheets[0];
    expect(sheet?.cells.some((c) => c.value === '' || c.value === null)).toBe(false);
    expect(sheet?.cells.find((c) => c.row === 11 && c.col === 8)).toMatchObject({ format: '0.0%' });
    expect(sheet?.cells.find((c) => c.row === 1 && c.col === 1)).toEqual({
      row: 1,
      col: 1,
      value: '××区2006年为民办8件实事进度报表',
    });
  });

  it('feeds the recogniser, which finds the table, the 3.1 row and every detail row', async () => {
    const { port } = setup();
    const grid = await port.readGrid();
    const { submission, cells } = recogniseWorkbook(grid, { plan: SAMPLE_PLAN_2006 });
    expect(submission?.unit).toBe('transport');
    expect(submission?.period).toBe('2006-05');
    expect(submission?.rows.find((r) => r.indicator === '3.1')).toMatchObject({
      thisPeriod: 15.6,
      cumulative: 15.6,
      funding: { total: 468, higher: 300, district: 168 },
    });
    expect(submission?.details).toHaveLength(5000);
    expect(submission?.details?.[0]?.start).toBe('2006-03-11');
    expect(Object.values(cells)).toContain('进度报表!G11');
  });

  it('reads the 1904 date system from the DATE probe', async () => {
    const { port } = setup({ detailRows: 1, date1904: true });
    expect((await port.readGrid()).date1904).toBe(true);
  });

  it('degrades on older Excel: no merged areas before ExcelApi 1.13, still two syncs', async () => {
    const { mock, port } = setup({ detailRows: 10, supports: (v) => v === '1.2' });
    const grid = await port.readGrid();
    expect(grid.sheets[0]?.merges).toEqual([]);
    expect(grid.sheets[0]?.cells.length).toBeGreaterThan(100);
    expect(mock.syncs).toBe(2);
  });
});

describe('createOfficePort: marks', () => {
  const marks = [
    { address: '进度报表!G11', severity: 'error', message: '累计完成小于上月' },
    { address: '进度报表!F11', severity: 'warning', message: '本月为0' },
    { address: '进度报表!G11', severity: 'warning', message: '第二条' },
  ] as const;

  it('marks in one sync: a fill and a note on each cell, two findings on a cell merged', async () => {
    const { mock, port, settings } = setup({ detailRows: 1 });
    await port.mark(marks);
    expect(mock.syncs).toBe(1);
    expect(mock.doc.fills.get('进度报表!G11')).toBe(MARK_FILL.error);
    expect(mock.doc.fills.get('进度报表!F11')).toBe(MARK_FILL.warning);
    expect(mock.doc.notes.get('进度报表!G11')).toBe('累计完成小于上月\n第二条');
    expect(JSON.parse(settings.map.get(MARKS_SETTING) ?? '[]')).toHaveLength(2);
    expect(settings.saves).toBe(1);
  });

  it('three findings on one cell: all three in its note, within 255 characters, the error colour', async () => {
    const { mock, port } = setup({ detailRows: 1 });
    const long = (n: number, severity: 'error' | 'warning') => ({
      address: n === 2 ? "'进度报表'!$G$11" : '进度报表!G11',
      severity,
      message: `进度报表!G11: finding ${n}: cumulative should be the previous cumulative plus this month, found 10`,
    });
    await port.mark([long(1, 'warning'), long(2, 'error'), long(3, 'warning')]);
    expect(mock.syncs).toBe(1);
    expect(mock.doc.fills.get('进度报表!G11')).toBe(MARK_FILL.error);
    const note = mock.doc.notes.get('进度报表!G11') ?? '';
    expect(note.length).toBeLessThanOrEqual(255);
    expect(note.split('\n')).toEqual(
      [1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^进度报表!G11: finding ${n}: cumulative`))),
    );
    expect([...mock.doc.notes.keys()]).toEqual(['进度报表!G11']);
  });

  it('re-marking clears the old marks first, restoring the fill the cell had', async () => {
    const { mock, port } = setup({ detailRows: 1 });
    mock.doc.fills.set('进度报表!F11', '#FFFF00'); // the template's input colour
    await port.mark(marks);
    mock.resetSyncs();
    await port.mark([{ address: '进度报表!H12', severity: 'error', message: '超过100%' }]);
    expect(mock.syncs).toBe(1);
    expect(mock.doc.fills.has('进度报表!G11')).toBe(false);
    expect(mock.doc.fills.get('进度报表!F11')).toBe('#FFFF00');
    expect(mock.doc.fills.get('进度报表!H12')).toBe(MARK_FILL.error);
    expect([...mock.doc.notes.keys()]).toEqual(['进度报表!H12']);
  });

  it('remembers marks in the document settings, so a new session clears them', async () => {
    const { mock, port, settings } = setup({ detailRows: 1 });
    await port.mark(marks);
    const later = createOfficePort(mock.excel, { settings, supports: ALL, label: 'x' });
    mock.resetSyncs();
    await later.clearMarks();
    expect(mock.syncs).toBe(1);
    expect(mock.doc.fills.size).toBe(0);
    expect(mock.doc.notes.size).toBe(0);
    expect(settings.map.has(MARKS_SETTING)).toBe(false);
  });

  it('uses comments before ExcelApi 1.18 and only the fill before 1.10', async () => {
    const comments = setup({ detailRows: 1, supports: (v) => v !== '1.18' });
    await comments.port.mark(marks);
    expect(comments.mock.doc.comments.get('进度报表!F11')).toBe('本月为0');
    await comments.port.clearMarks();
    expect(comments.mock.doc.comments.size).toBe(0);

    const fillOnly = setup({ detailRows: 1, supports: (v) => v === '1.2' });
    await fillOnly.port.mark(marks);
    expect(fillOnly.mock.doc.notes.size + fillOnly.mock.doc.comments.size).toBe(0);
    expect(fillOnly.mock.doc.fills.get('进度报表!G11')).toBe(MARK_FILL.error);
  });

  it('falls back to fills only when a cell already has a note of the user', async () => {
    const { mock, port } = setup({ detailRows: 1 });
    mock.doc.notes.set('进度报表!G11', '用户自己的批注');
    await port.mark(marks);
    expect(mock.doc.notes.get('进度报表!G11')).toBe('用户自己的批注');
    expect(mock.doc.fills.get('进度报表!G11')).toBe(MARK_FILL.error);
    // The failed batch had already filled G11; clearing must not "restore" that red.
    await port.clearMarks();
    expect(mock.doc.fills.size).toBe(0);
    expect(mock.doc.notes.get('进度报表!G11')).toBe('用户自己的批注');
  });
});

describe('createOfficePort: settings, select, writeSheet', () => {
  it('keeps a setting in the document and saves it', async () => {
    const { port, settings } = setup({ detailRows: 1 });
    await port.setSetting('mapping.transport', '{"G":"cumulative"}');
    expect(await port.getSetting('mapping.transport')).toBe('{"G":"cumulative"}');
    expect(await port.getSetting('missing')).toBeUndefined();
    expect(settings.saves).toBe(1);
  });

  it.each([
    ['a JWT value', 'session', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmFuc3BvcnQifQ.c2lnbmF0dXJl'],
    ['a bearer value', 'auth', 'Bearer abc.def'],
    ['a token key', 'apiToken', 'x'],
  ])('refuses %s', async (_, key, value) => {
    const { port, settings } = setup({ detailRows: 1 });
    await expect(port.setSetting(key, value)).rejects.toBeInstanceOf(SettingRefusedError);
    expect(settings.map.size).toBe(0);
  });

  it('selects a cell on its sheet in one sync', async () => {
    const { mock, port } = setup({ detailRows: 1 });
    await port.select('项目明细!G2');
    expect(mock.syncs).toBe(1);
    expect(mock.doc.selected).toBe('项目明细!G2');
    expect(mock.doc.active).toBe('项目明细');
  });

  it('writes a new sheet as one 2-D array, text formatted as text first', async () => {
    const { mock, port } = setup({ detailRows: 1 });
    const rows = [
      ['指标', '状态', '累计'],
      ['3.1', '=SUM(A1:A2)', 15.6],
      ['-3%', null],
    ];
    await port.writeSheet('状态', rows);
    expect(mock.doc.added).toEqual(['状态']);
    expect(mock.doc.writes.map((w) => w.prop)).toEqual(['numberFormat', 'values']);
    expect(mock.doc.writes[1]).toMatchObject({
      address: 'A1:C3',
      data: [
        ['指标', '状态', '累计'],
        ['3.1', '=SUM(A1:A2)', 15.6],
        ['-3%', '', ''],
      ],
    });
    expect(mock.doc.writes[0]?.data[1]).toEqual(['@', '@', 'General']);
    expect(mock.syncs).toBe(2);
  });

  it('clears an existing sheet before rewriting it', async () => {
    const { mock, port } = setup({ detailRows: 1 });
    await port.writeSheet('项目明细', [['x']]);
    expect(mock.doc.added).toEqual([]);
    expect(mock.doc.cleared).toEqual(['项目明细']);
    expect(mock.doc.writes.filter((w) => w.prop === 'values')).toHaveLength(1);
  });

  it('refuses a sheet name Excel would refuse', async () => {
    const { port } = setup({ detailRows: 1 });
    await expect(port.writeSheet('a/b', [])).rejects.toThrow(/sheet name/);
  });
});

describe('fileBytes', () => {
  it('reads the document through getFileAsync in slices and closes it', async () => {
    // Prepare
    const mock = mockExcel({ sheets: progressSheets() });
    const closed: string[] = [];
    const source: FileSource = {
      getFileAsync: (_type, _options, callback) =>
        callback({
          value: {
            size: 3,
            sliceCount: 2,
            getSliceAsync: (i: number, cb: (r: Office.AsyncResult<Office.Slice>) => void) =>
              cb({
                value: { data: i === 0 ? [1, 2] : [3], index: i, size: 0 },
              } as Office.AsyncResult<Office.Slice>),
            closeAsync: () => closed.push('closed'),
          } as Office.File,
        } as Office.AsyncResult<Office.File>),
    };
    const port = createOfficePort(mock.excel, {
      settings: fakeSettings(),
      supports: ALL,
      label: 'x',
      file: { source, type: 1 },
    });
    // Act
    const bytes = await port.fileBytes();
    // Assess
    expect([...bytes]).toEqual([1, 2, 3]);
    expect(closed).toEqual(['closed']);
  });
});
