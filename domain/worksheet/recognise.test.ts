import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../sample/plan2006';
import type { GridCell, SheetGrid } from './grid';
import { cellOf, hasProgressTable, recogniseWorkbook, workbookYear } from './recognise';

/** A sheet as Excel's used range gives it: rows of values, merged cells empty but their master. */
function sheet(
  name: string,
  rows: readonly (readonly unknown[])[],
  merges: SheetGrid['merges'] = [],
): SheetGrid {
  const cells: GridCell[] = [];
  for (const [i, r] of rows.entries()) {
    for (const [j, v] of r.entries()) {
      if (v !== null && v !== undefined && v !== '')
        cells.push({ row: i + 1, col: j + 1, value: v as GridCell['value'] });
    }
  }
  return { name, cells, merges };
}

describe('recogniseWorkbook on a plain grid', () => {
  const progress = sheet(
    '进度',
    [
      ['区卫生局2006年为民办实事进度报表'],
      ['报送期：2006年5月', null, null, '填报日期：2006年6月1日'],
      [],
      [
        '编号',
        '指标名称',
        '全年目标',
        '累计',
        '本月',
        '投入资金(万元)',
        null,
        '滞后原因',
        '整改措施',
        '预计完成时间',
      ],
      [null, null, null, null, null, '上级资金', '区级配套'],
      ['5.1', '新建、改造乡镇卫生院', 1, 0, 0, 50, '２０', '设计变更', '加快施工', 39000],
      [],
      ['填报人：吴某', null, '联系电话：0000-1'],
    ],
    [
      { top: 4, left: 1, bottom: 5, right: 1 },
      { top: 4, left: 6, bottom: 4, right: 7 },
    ],
  );

  it('reads a two-row header in its own column order, the unit from the title, serial dates', () => {
    const grid = { sheets: [progress] };
    expect(hasProgressTable(grid)).toBe(true);
    expect(workbookYear(grid)).toBe(2006);
    const out = recogniseWorkbook(grid, { plan: SAMPLE_PLAN_2006 });
    expect(out.findings).toEqual([]);
    expect(out.submission).toEqual({
      year: 2006,
      unit: 'health',
      period: '2006-05',
      filledOn: '2006-06-01',
      rows: [
        {
          indicator: '5.1',
          thisPeriod: 0,
          cumulative: 0,
          funding: { higher: 50, district: 20 },
          explanation: { cause: '设计变更', remedy: '加快施工', expectedCompletion: '2006-10-10' },
        },
      ],
      reporter: { name: '吴某', phone: '0000-1' },
    });
    expect(cellOf(out.cells, { section: 'row', index: 0, field: 'funding.district' })).toBe('进度!G6');
    expect(cellOf(out.cells, { section: 'row', index: 0, field: 'cumulativeSomething' })).toBe('进度!B6');
  });

  it('says so when there is no table, or no unit', () => {
    const none = recogniseWorkbook({ sheets: [sheet('S', [['a', 'b']])] }, { plan: SAMPLE_PLAN_2006 });
    expect(none.submission).toBeUndefined();
    expect(none.findings.map((f) => f.code)).toEqual(['worksheet.tableNotFound']);
    const anonymous = sheet('S', [
      ['考核指标', '累计完成', '本月完成'],
      ['集中入住五保对象', 12, 5],
    ]);
    const out = recogniseWorkbook({ sheets: [anonymous] }, { plan: SAMPLE_PLAN_2006 });
    expect(out.findings.map((f) => f.code).sort()).toEqual([
      'worksheet.periodMissing',
      'worksheet.unitUnknown',
    ]);
    const given = recogniseWorkbook(
      { sheets: [anonymous] },
      { plan: SAMPLE_PLAN_2006, unit: 'civil-affairs', period: '2006-05' },
    );
    expect(given.findings).toEqual([]);
    expect(given.submission?.rows).toEqual([{ indicator: '7.2', cumulative: 12, thisPeriod: 5 }]);
  });
});
