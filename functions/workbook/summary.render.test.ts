/**
 * The summary workbook rendered by a real spreadsheet program (test/support/libreoffice.ts):
 * LibreOffice converts it to PDF, poppler reads the text back and draws pages into test-output/.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006_SECOND } from '../../domain/sample';
import { FACTS_2005, SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { computeStatus } from '../../domain/status';
import { toPdf as convert, need, pagePng, pdfText, renderFolder } from '../../test/support/libreoffice';
import { buildCitySummary, buildSummary } from './summary';
import { sampleRecords } from './summary.fixtures';

const { dir: work, remove } = renderFolder();
afterAll(remove);
const toPdf = (xlsx: string) => convert(xlsx, work);

describe('the summary workbook in LibreOffice', () => {
  it('renders to PDF with the verdict line on page 1', async () => {
    // Arrange
    need('soffice');
    need('pdftotext');
    need('pdftoppm');
    const records = sampleRecords();
    const status = computeStatus(SAMPLE_PLAN_2006, records, '2006-12-31'); // year end: failures
    const xlsx = join(work, 'summary-2006.xlsx');
    writeFileSync(xlsx, await buildSummary(status, records, SAMPLE_PLAN_2006, FACTS_2005));

    // Act
    const pdf = toPdf(xlsx);
    const text = pdfText(pdf);
    const page1 = pdfText(pdf, [1, 1], false);
    const png = pagePng(pdf, 1, 'summary-page1');

    // Assess
    expect(status.verdict).toBe('failed');
    expect(page1.replace(/\s+/g, '')).toContain('总体结论（一票否决）：未完成(否决)');
    expect(text).toContain('指标进度');
    expect(text).toContain('滞后清单');
    expect(text).toContain('1,940.55');
    expect(statSync(png).size).toBeGreaterThan(1000);
  }, 240_000);

  it('renders the city summary with its ranking of districts', async () => {
    // Arrange
    need('soffice');
    need('pdftotext');
    need('pdftoppm');
    const members = [
      computeStatus(SAMPLE_PLAN_2006, sampleRecords(), '2006-06-10'),
      computeStatus(SAMPLE_PLAN_2006_SECOND, [], '2006-06-10'),
    ];
    const status = rollUp(SAMPLE_CITY_PLAN_2006, members, '2006-06-10');
    const xlsx = join(work, 'summary-city-2006.xlsx');
    writeFileSync(xlsx, await buildCitySummary(status, SAMPLE_CITY_PLAN_2006));

    // Act
    const pdf = toPdf(xlsx);
    const text = pdfText(pdf);
    const page1 = pdfText(pdf, [1, 1], false);
    pagePng(pdf, 1, 'summary-city-page1');
    const page2 = pagePng(pdf, 2, 'summary-city-page2');

    // Assess
    expect(page1.replace(/\s+/g, '')).toContain('总体结论（一票否决）：严重滞后');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('区县排名');
    expect(flat).toContain('牵头区县');
    expect(flat).toContain('△△县');
    expect(flat).toContain('郑立新（县长）');
    expect(statSync(page2).size).toBeGreaterThan(1000);
  }, 240_000);
});
