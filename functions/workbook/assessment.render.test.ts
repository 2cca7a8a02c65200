/**
 * The 年终考核 workbook rendered by a real spreadsheet program (test/support/libreoffice.ts): it
 * opens in LibreOffice, and its pages state each unit's result and the 问责 list.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appraise, assess, RESULT_WORDS } from '../../domain/assessment';
import { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND } from '../../domain/sample';
import { computeStatus } from '../../domain/status';
import { need, pagePng, pdfText, renderFolder, toPdf } from '../../test/support/libreoffice';
import { buildAppraisalWorkbook, buildAssessmentWorkbook } from './assessment';
import { sampleRecords } from './summary.fixtures';

const { dir: work, remove } = renderFolder();
afterAll(remove);
const flat = (s: string) => s.replace(/\s+/g, '');

describe('the 年终考核 workbook in LibreOffice', () => {
  it("states each unit's result and the first responsible persons of every failed indicator", async () => {
    // Arrange
    need('soffice');
    need('pdftotext');
    need('pdftoppm');
    const a = assess(computeStatus(SAMPLE_PLAN_2006, sampleRecords(), SAMPLE_PLAN_2006.end));
    const xlsx = join(work, 'assessment.xlsx');
    const meta = { version: 1, closedAt: '2007-01-05T02:00:00Z', closedBy: { sub: 's', name: '王静' } };
    writeFileSync(xlsx, await buildAssessmentWorkbook(a, meta));

    // Act
    const pdf = toPdf(xlsx, work);
    const text = flat(pdfText(pdf, undefined, false));
    const png = pagePng(pdf, 1, 'assessment-page1');

    // Assess
    expect(a.accountability.length).toBeGreaterThan(0);
    expect(text).toContain('考核结果');
    for (const u of a.units) expect(text).toContain(flat(`${u.name}${RESULT_WORDS[u.result].zh}`));
    for (const f of a.accountability) {
      for (const p of f.responsible) expect(text).toContain(flat(`${p.name}（${p.title}）`));
    }
    expect(text).toContain('第1版，2007-01-05由王静关账');
    expect(statSync(png).size).toBeGreaterThan(1000);
  }, 240_000);

  it("states the city's ranking of its districts", async () => {
    // Arrange
    need('soffice');
    need('pdftotext');
    const district = assess(computeStatus(SAMPLE_PLAN_2006, sampleRecords(), SAMPLE_PLAN_2006.end));
    const county = assess(computeStatus(SAMPLE_PLAN_2006_SECOND, [], SAMPLE_PLAN_2006_SECOND.end));
    const p = appraise(SAMPLE_CITY_PLAN_2006, [
      { org: district.organisation.id, assessment: district },
      { org: county.organisation.id, assessment: county },
    ]);
    const xlsx = join(work, 'appraisal.xlsx');
    writeFileSync(xlsx, await buildAppraisalWorkbook(p));

    // Act
    const pdf = toPdf(xlsx, work);
    const text = flat(pdfText(pdf, undefined, false));
    pagePng(pdf, 1, 'appraisal-page1');

    // Assess
    expect(text).toContain('全部区县已关账，排名为最终结果');
    for (const d of p.districts) expect(text).toContain(flat(`${d.rank}${d.name}已关账`));
  }, 240_000);
});
