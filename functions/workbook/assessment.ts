/**
 * The 年终考核 workbook of a frozen year-end assessment: 考核结果 (the district's verdict under the
 * one-vote veto, and each unit's 达标 / 不达标 with the indicators it failed), 问责名单 (each failed
 * indicator with its unit and first responsible persons) and 表彰建议 (the units that met every
 * indicator); and a city's appraisal of its districts: 区县排名 and 先进单位候选. Values only, on
 * the summary's sheets (A4 landscape, fit to width, header rows repeated).
 */
import ExcelJS from 'exceljs';
import { type Appraisal, type Assessment, RESULT_WORDS, type UnitResult } from '../../domain/assessment';
import type { Person } from '../../domain/plan';
import { fillOf, sheet, statusLabel, verdictLine } from './summary';
import { BOLD_FONT, xlsxBytes } from './xlsx-util';

export const ASSESSMENT_SHEETS = ['考核结果', '问责名单', '表彰建议'] as const;
export const APPRAISAL_SHEETS = ['区县排名', '先进单位候选'] as const;

const RESULT_FILL: Record<UnitResult, string> = { pass: 'FFC6EFCE', fail: 'FFFFC7CE' };
const PCT = '0.0%';
const people = (ps: readonly Person[]) => ps.map((p) => `${p.name}（${p.title}）`).join('、');
const day = (iso: string) => iso.slice(0, 10);

export interface FrozenMeta {
  readonly version: number;
  readonly closedAt: string;
  readonly closedBy: { readonly sub: string; readonly name?: string | undefined };
}

/** The 年终考核 workbook of assessment `a`, frozen as `meta` says. */
export async function buildAssessmentWorkbook(a: Assessment, meta: FrozenMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shishi';
  wb.created = new Date(meta.closedAt);
  wb.title = `${a.organisation.name}${a.year}年为民办实事年终考核（第 ${meta.version} 版）`;
  const closed = `第 ${meta.version} 版，${day(meta.closedAt)} 由${meta.closedBy.name ?? meta.closedBy.sub}关账，按计划截止日 ${a.asOf} 的进度考核`;

  const results = sheet(wb, '考核结果', [6, 22, 12, 14, 10, 8, 48], 4);
  results.title(wb.title);
  results.add([closed]);
  results.ws.mergeCells(results.row, 1, results.row, 7);
  results.add(
    [
      `${verdictLine(a.verdict)}；完成率 ${(a.completionRate * 100).toFixed(1)}%；达标单位 ${a.commended.length} 个，不达标 ${a.units.length - a.commended.length} 个`,
    ],
    (row) => {
      row.getCell(1).font = BOLD_FONT;
    },
  );
  results.ws.mergeCells(results.row, 1, results.row, 7);
  results.header(['序号', '责任单位', '考核结果', '结论', '完成率', '排名', '未完成指标']);
  a.units.forEach((u, i) => {
    results.cells(
      [
        i + 1,
        u.name,
        RESULT_WORDS[u.result].zh,
        statusLabel(u.verdict),
        u.completionRate,
        u.rank,
        u.failed.length ? u.failed.map((f) => `${f.indicator} ${f.name}`).join('、') : '—',
      ],
      { fills: { 3: RESULT_FILL[u.result], 4: fillOf(u.verdict) }, formats: { 5: PCT } },
    );
  });
  results.done();

  const blame = sheet(wb, '问责名单', [6, 20, 8, 40, 44], 2);
  blame.title(`${a.organisation.name}${a.year}年为民办实事问责名单（一票否决）`);
  blame.header(['序号', '责任单位', '指标', '考核指标', '第一责任人']);
  if (a.accountability.length === 0) blame.add(['无未完成指标，无需问责']);
  a.accountability.forEach((f, i) => {
    blame.cells([i + 1, f.unitName, f.indicator, f.name, people(f.responsible)]);
  });
  blame.done();

  const praise = sheet(wb, '表彰建议', [6, 30, 8], 2);
  praise.title(`${a.organisation.name}${a.year}年为民办实事表彰建议（全部指标达标的单位）`);
  praise.header(['序号', '单位', '排名']);
  if (a.commended.length === 0) praise.add(['无全部达标的单位']);
  const rank = new Map(a.units.map((u) => [u.unit, u.rank]));
  a.commended.forEach((c, i) => {
    praise.cells([i + 1, c.name, rank.get(c.unit) ?? '']);
  });
  praise.done();
  return xlsxBytes(wb);
}

/** The city's appraisal of its districts. */
export async function buildAppraisalWorkbook(p: Appraisal): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shishi';
  wb.title = `${p.organisation.name}${p.year}年为民办实事区县考评`;
  const ranking = sheet(wb, '区县排名', [6, 18, 10, 14, 10, 8, 8, 14, 12], 3);
  ranking.title(wb.title);
  ranking.add([
    p.complete
      ? `全部区县已关账，排名为最终结果；${verdictLine(p.verdict)}`
      : `尚有区县未关账，排名为暂定（只排已关账的区县）；${verdictLine(p.verdict)}`,
  ]);
  ranking.ws.mergeCells(ranking.row, 1, ranking.row, 9);
  ranking.header([
    '排名',
    '区县',
    '是否关账',
    '结论',
    '完成率',
    '迟报',
    '缺报',
    '区县自评结论',
    '先进单位候选',
  ]);
  for (const d of p.districts) {
    ranking.cells(
      [
        d.rank ?? '—',
        d.name,
        d.closed ? '已关账' : '未关账',
        statusLabel(d.verdict),
        d.completionRate,
        d.late,
        d.missing,
        d.districtVerdict ? statusLabel(d.districtVerdict) : '—',
        d.advanced ? '是' : '否',
      ],
      {
        fills: d.districtVerdict
          ? { 4: fillOf(d.verdict), 8: fillOf(d.districtVerdict) }
          : { 4: fillOf(d.verdict) },
        formats: { 5: PCT },
      },
    );
  }
  ranking.done();
  const advanced = sheet(wb, '先进单位候选', [6, 24], 2);
  advanced.title(`${p.organisation.name}${p.year}年为民办实事先进单位候选`);
  advanced.header(['序号', '区县']);
  if (p.advanced.length === 0) advanced.add([p.complete ? '无全部指标达标的区县' : '暂无（尚有区县未关账）']);
  p.advanced.forEach((d, i) => {
    advanced.cells([i + 1, d.name]);
  });
  advanced.done();
  return xlsxBytes(wb);
}

export const assessmentFileName = (year: number, orgName: string, version: number) =>
  `${year}年为民办实事年终考核-${orgName}-第${version}版.xlsx`;
export const appraisalFileName = (year: number, orgName: string) =>
  `${year}年为民办实事区县考评-${orgName}.xlsx`;
