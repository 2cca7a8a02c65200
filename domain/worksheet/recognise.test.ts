import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../sample/plan2006';
import { validateSubmission } from '../validate';
import type { GridCell, SheetGrid } from './grid';
import {
  beyondReading,
  type ColumnMapping,
  cellOf,
  hasProgressTable,
  PROGRESS_FIELD_LABELS,
  parseColumnMapping,
  recogniseWorkbook,
  workbookYear,
} from './recognise';

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

  it('warns on a count whose 年度目标 on the sheet is not the plan’s, naming the cell; the plan’s target counts', () => {
    const cells = progress.cells.map((c) => (c.row === 6 && c.col === 3 ? { ...c, value: 3 } : c));
    const out = recogniseWorkbook({ sheets: [{ ...progress, cells }] }, { plan: SAMPLE_PLAN_2006 });
    expect(out.findings.map((f) => [f.code, f.severity, f.cell])).toEqual([
      ['worksheet.targetChanged', 'warning', '进度!C6'],
    ]);
    expect(out.findings[0]?.message.zh).toBe('进度!C6：年度目标 3 与计划的 1 不符；按计划的目标考核');
    expect(out.submission?.rows).toHaveLength(1);
  });

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

describe('a confirmed column mapping', () => {
  const civil = (cumulativeHeader: string) =>
    sheet('进度', [
      ['区民政局2006年为民办实事进度报表'],
      ['报送期：2006年5月'],
      ['考核指标', '年度目标', '本月完成', '备注', cumulativeHeader],
      ['集中入住五保对象', 30, 5, null, 12],
    ]);
  const opts = { plan: SAMPLE_PLAN_2006 };

  it('reads a cumulative column whose header is unknown once the user maps it', () => {
    const good = recogniseWorkbook({ sheets: [civil('累计完成')] }, opts);
    expect(good.findings).toEqual([]);
    expect(good.mapping).toEqual({
      sheet: '进度',
      headerRow: 3,
      dataStart: 4,
      columns: { indicatorName: 1, target: 2, thisPeriod: 3, note: 4, cumulative: 5 },
    });

    const odd = { sheets: [civil('截至本月底合计数')] };
    const unmapped = recogniseWorkbook(odd, opts);
    expect(unmapped.submission?.rows).toEqual([{ indicator: '7.2', thisPeriod: 5 }]);
    expect(unmapped.mapping?.columns.cumulative).toBeUndefined();

    const { cumulative: _, ...rest } = good.mapping?.columns ?? {};
    const mapping: ColumnMapping = {
      ...(good.mapping as ColumnMapping),
      columns: { ...rest, cumulative: 5 },
    };
    const stored = JSON.stringify(mapping);
    expect(parseColumnMapping(stored)).toEqual(mapping);
    const mapped = recogniseWorkbook(odd, { ...opts, mapping: parseColumnMapping(stored) as ColumnMapping });
    expect(mapped.findings).toEqual([]);
    expect(mapped.submission?.rows).toEqual([{ indicator: '7.2', thisPeriod: 5, cumulative: 12 }]);
    expect(cellOf(mapped.cells, { section: 'row', index: 0, field: 'cumulative' })).toBe('进度!E4');
    expect(JSON.parse(JSON.stringify(mapped.mapping))).toEqual(mapping);
  });

  it('a mapping moves a column: 累计完成 read from another column', () => {
    const mapping: ColumnMapping = {
      sheet: '进度',
      headerRow: 3,
      dataStart: 4,
      columns: { indicatorName: 1, thisPeriod: 3, cumulative: 2 },
    };
    const out = recogniseWorkbook({ sheets: [civil('累计完成')] }, { ...opts, mapping });
    expect(out.submission?.rows).toEqual([{ indicator: '7.2', thisPeriod: 5, cumulative: 30 }]);
    expect(out.mapping).toEqual(mapping);
  });

  it('is ignored when its sheet is not there, and rejected when it is not a mapping', () => {
    const mapping: ColumnMapping = {
      sheet: '别的表',
      headerRow: 1,
      dataStart: 2,
      columns: { cumulative: 9 },
    };
    const out = recogniseWorkbook({ sheets: [civil('累计完成')] }, { ...opts, mapping });
    expect(out.submission?.rows).toEqual([{ indicator: '7.2', thisPeriod: 5, cumulative: 12 }]);
    expect(out.mapping?.sheet).toBe('进度');
    expect(parseColumnMapping('not json')).toBeUndefined();
    expect(parseColumnMapping('{"sheet":"进度","headerRow":0,"dataStart":2,"columns":{}}')).toBeUndefined();
    expect(
      parseColumnMapping('{"sheet":"进度","headerRow":1,"dataStart":2,"columns":{"cumulative":"G"}}'),
    ).toBeUndefined();
    expect(PROGRESS_FIELD_LABELS.cumulative).toEqual({ zh: '累计完成', en: 'Cumulative' });
  });
});

describe('one finding per problem: reading, then validation', () => {
  /** 区卫生局's May report: 5.1 in row 4, 本月完成 in D, 累计完成 in E. */
  const health = (o: { period?: string; thisPeriod?: unknown; cumulative?: unknown } = {}) => ({
    sheets: [
      sheet('进度', [
        ['区卫生局2006年为民办实事进度报表'],
        [`报送期：${o.period ?? '2006年5月'}`],
        ['编号', '指标名称', '全年目标', '本月完成', '累计完成'],
        ['5.1', '新建、改造乡镇卫生院', 1, o.thisPeriod ?? 0, o.cumulative ?? 0],
        [],
        ['填报人：吴某', null, '联系电话：0000-1'],
      ]),
    ],
  });
  const check = (grid: ReturnType<typeof health>) => {
    const out = recogniseWorkbook(grid, { plan: SAMPLE_PLAN_2006 });
    if (!out.submission) throw new Error('no report');
    const validation = validateSubmission(out.submission, { plan: SAMPLE_PLAN_2006 });
    return {
      validation,
      findings: [...out.findings, ...beyondReading(validation, out.findings)].map((f) => ({
        code: f.code,
        cell: cellOf(out.cells, f.location),
        message: f.message,
      })),
    };
  };

  it.each([
    ['累计完成', { cumulative: 'abc' }, '进度!E4'],
    ['本月完成', { thisPeriod: 'abc' }, '进度!D4'],
  ])('"abc" in %s is only "not a number", naming its sheet and cell in both languages', (_, o, cell) => {
    const { validation, findings } = check(health(o));
    // Validation alone sees the field as empty…
    expect(validation.map((f) => f.code)).toContain('row.missingValue');
    // …but the cell is not empty: one finding, the reading's.
    expect(findings.filter((f) => f.cell === cell)).toEqual([
      {
        code: 'number.invalid',
        cell,
        message: {
          zh: expect.stringMatching(new RegExp(`^${cell}：“abc”不是有效的数值`)),
          en: expect.stringMatching(new RegExp(`^${cell}: "abc" is not a number`)),
        },
      },
    ]);
    expect(findings.some((f) => f.code === 'row.missingValue')).toBe(false);
  });

  it('a truly empty required cell keeps its 未填写', () => {
    const { findings } = check(health({ cumulative: '' }));
    expect(findings).toEqual([
      {
        code: 'row.missingValue',
        cell: '进度!E4',
        message: { zh: '指标 5.1 未填写“累计完成”', en: 'Indicator 5.1: cumulative is missing' },
      },
    ]);
  });

  it('an unreadable period is only the reading finding, not also an invalid period of ""', () => {
    const { validation, findings } = check(health({ period: '2006年13月' }));
    expect(validation.map((f) => f.code)).toContain('submission.periodInvalid');
    expect(findings.map((f) => f.code)).toEqual(['period.invalid']);
  });

  it('keeps every finding that says more than "no value"', () => {
    const at = { section: 'row', index: 0, field: 'cumulative' } as const;
    const reading = [{ severity: 'error', location: at }] as const;
    const validation = [
      { code: 'row.missingValue', location: at },
      { code: 'row.negative', location: at },
      { code: 'row.missingValue', location: { ...at, field: 'thisPeriod' } },
    ];
    expect(beyondReading(validation, reading)).toEqual(validation.slice(1));
    expect(beyondReading(validation, [{ severity: 'warning', location: at }])).toEqual(validation);
  });
});
