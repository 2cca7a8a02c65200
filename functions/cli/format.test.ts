import { describe, expect, it } from 'vitest';
import { statusView } from '../../api/views';
import { finding } from '../../domain/findings';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { SAMPLE_REPORTS_2006_05 } from '../../domain/sample/reports2006-05';
import { computeStatus } from '../../domain/status';
import type { SubmissionRecord } from '../../domain/submission';
import { displayWidth, formatFindings, formatPlan, formatRejection, formatStatus, table } from './format';

/** The May 2006 sample reports as accepted versions, the civil-affairs one still pending. */
const records = (pendingCivilAffairs = false): SubmissionRecord[] =>
  SAMPLE_REPORTS_2006_05.map((submission) => ({
    id: `2006.${submission.unit}.2006-05`,
    version: 1,
    state: pendingCivilAffairs && submission.unit === 'civil-affairs' ? 'pending' : 'accepted',
    submittedAt: `${submission.filledOn}T09:00:00+08:00`,
    submission,
  }));

const view = (asOf: string, pending = false) =>
  statusView(computeStatus(SAMPLE_PLAN_2006, records(pending), asOf));

describe('formatStatus', () => {
  it('prints the verdict and every indicator in Chinese by default', () => {
    // Act
    const out = formatStatus(view('2006-06-10'), 'zh-CN');

    // Assess
    expect(out).toContain('总体结论（一票否决）：严重滞后');
    expect(out).toMatch(/3\.1\s+建成乡镇到村水泥\(沥青\)路\s+35公里\s+15\.6\s+44\.6%\s+24\.7%\s+正常/);
    for (const i of SAMPLE_PLAN_2006.indicators)
      expect(out).toMatch(new RegExp(`^${i.id.replace('.', '\\.')} `, 'm'));
    expect(out).toContain('示例数据');
  });

  it('speaks English on request', () => {
    // Act
    const out = formatStatus(view('2006-06-10'), 'en');

    // Assess
    expect(out).toContain('District verdict (one-vote veto): at risk');
    expect(out).not.toMatch(/总体结论/);
  });

  it('names the first responsible persons of each failed indicator at year end', () => {
    // Act
    const out = formatStatus(view('2006-12-31'), 'zh-CN');

    // Assess
    expect(out).toContain('总体结论（一票否决）：未完成(否决)');
    expect(out).toContain(
      '否决指标 3.1 建成乡镇到村水泥(沥青)路，第一责任人：张国强（局长）、何永军（施工单位负责人（区公路工程公司））',
    );
  });

  it('shows figures awaiting review apart from accepted ones', () => {
    // Act
    const out = formatStatus(view('2006-06-10', true), 'zh-CN');

    // Assess: 7.2's accepted progress is nothing yet, 12 is provisional
    expect(out).toMatch(/7\.2\s+集中入住五保对象\s+30人\s+—\s+12\s+0\.0%/);
    expect(out).toContain('含待审：');
  });

  it('lists missing and late reports by period with the units’ names', () => {
    // Act
    const s = view('2006-06-10');
    const out = formatStatus(s, 'zh-CN');

    // Assess
    expect(s.missing.length).toBeGreaterThan(0);
    expect(out).toMatch(/缺报 2006-04（2006-05-05 截止）：.*区财政局/);
    expect(out).toMatch(/迟报 2006-05（2006-06-05 截止）：.*区财政局/);
    expect(out).not.toMatch(/迟报 2006-05.*区劳动和社会保障局/);
  });
});

describe('formatPlan', () => {
  it('lists the pledges and each indicator with target, unit of measure and main unit', () => {
    // Act
    const out = formatPlan(
      {
        year: 2006,
        version: 3,
        plan: SAMPLE_PLAN_2006,
        createdAt: '2006-04-04T00:00:00Z',
        by: 'system:seed',
      },
      'zh-CN',
    );

    // Assess
    expect(out).toContain('××区2006年为民办8件实事（2006年度计划第 3 版');
    expect(out).toMatch(/^ {2}4 {2}加快农村沼气池建设$/m);
    expect(out).toMatch(/3\.1\s+建成乡镇到村水泥\(沥青\)路\s+35\s+公里\s+区交通局\s+2006-12-31/);
    expect(out).toMatch(
      /4\.1\s+新建农村沼气池\s+550\s+口\s+区农业局\(能源办\)\s+2006-12-31\s+城关镇 100、河口乡 150/,
    );
  });
});

describe('findings', () => {
  it('point at the row (from 1) and the field, in the chosen language', () => {
    // Prepare
    const f = finding(
      'row.cumulativeMismatch',
      { section: 'row', index: 0, field: 'cumulative' },
      { indicator: '1.1', expected: 1820, found: 1900 },
    );

    // Act
    const zh = formatFindings([f], 'zh-CN');
    const en = formatFindings([f], 'en');

    // Assess
    expect(zh).toEqual([
      '  [错误] 第 1 行（指标 1.1）累计完成：指标 1.1 累计完成应为上期累计加本月完成 = 1820，实际填写 1900',
    ]);
    expect(en).toEqual([
      '  [error] row 1 (1.1) cumulative: Indicator 1.1: cumulative should be the previous cumulative plus this month = 1820, found 1900',
    ]);
  });

  it('of a rejection come errors first', () => {
    // Prepare
    const warning = finding('submission.reporterMissing', { section: 'submission', field: 'reporter' });
    const error = finding(
      'row.negative',
      { section: 'row', index: 2, field: 'thisPeriod' },
      { indicator: '2.1', found: -3 },
    );

    // Act
    const out = formatRejection(
      {
        type: 't',
        title: 'The report has 1 error(s); nothing was stored',
        status: 422,
        code: 'submission.invalid',
        message: { zh: '报表有 1 处错误，未保存', en: 'The report has 1 error(s); nothing was stored' },
        findings: [warning, error],
      },
      'zh-CN',
    ).split('\n');

    // Assess
    expect(out[0]).toBe('报表未通过校验：报表有 1 处错误，未保存');
    expect(out[1]).toContain('[错误] 第 3 行（指标 2.1）本月完成');
    expect(out[2]).toContain('[提示] 报表 填报人');
  });
});

describe('terminal tables', () => {
  it('count CJK characters as two columns so columns line up', () => {
    // Act
    const lines = table(
      ['单位', 'n'],
      [
        ['区交通局', '1'],
        ['labor', '22'],
      ],
      ' r',
    ).split('\n');

    // Assess
    expect(displayWidth('区交通局')).toBe(8);
    expect(displayWidth('abc')).toBe(3);
    expect(lines.map(displayWidth)).toEqual([12, 12, 12, 12]);
  });
});
