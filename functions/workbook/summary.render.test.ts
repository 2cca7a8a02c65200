/**
 * The summary workbook rendered by a real spreadsheet program: LibreOffice converts it to PDF,
 * poppler reads the text back and draws page 1 into test-output/ for a look. CI installs
 * them (.ci/run); elsewhere: apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_CITY_PLAN_2006 } from '../../domain/sample/city';
import { FACTS_2005, SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { SAMPLE_PLAN_2006_SECOND } from '../../domain/sample/second-district';
import { computeStatus } from '../../domain/status';
import { buildCitySummary, buildSummary } from './summary';
import { sampleRecords } from './summary.fixtures';

const PACKAGES = 'libreoffice-calc-nogui poppler-utils fonts-noto-cjk';
const OUTPUT = resolve(import.meta.dirname, '../../test-output');
const work = mkdtempSync(join(tmpdir(), 'shishi-render-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function need(tool: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    throw new Error(
      `${tool} is missing: the rendering check needs LibreOffice and poppler. Install them with ` +
        `\`apt-get install -y --no-install-recommends ${PACKAGES}\` (.ci/run does).`,
    );
  }
}

/** Converts an .xlsx to PDF with a profile of its own, so that parallel runs do not clash. */
function toPdf(xlsx: string): string {
  const profile = mkdtempSync(join(work, 'profile-'));
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, xlsx],
    { timeout: 180_000, stdio: 'pipe' },
  );
  const pdf = xlsx.replace(/\.xlsx$/, '.pdf');
  if (!existsSync(pdf)) throw new Error(`soffice wrote no ${pdf}`);
  return pdf;
}

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
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    mkdirSync(OUTPUT, { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      join(OUTPUT, 'summary-page1'),
    ]);

    // Assess
    expect(status.verdict).toBe('failed');
    expect(page1.replace(/\s+/g, '')).toContain('总体结论（一票否决）：未完成(否决)');
    expect(text).toContain('指标进度');
    expect(text).toContain('滞后清单');
    expect(text).toContain('1,940.55');
    expect(statSync(join(OUTPUT, 'summary-page1.png')).size).toBeGreaterThan(1000);
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
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    mkdirSync(OUTPUT, { recursive: true });
    for (const [page, name] of [
      ['1', 'summary-city-page1'],
      ['2', 'summary-city-page2'],
    ] as const) {
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        page,
        '-l',
        page,
        '-singlefile',
        pdf,
        join(OUTPUT, name),
      ]);
    }

    // Assess
    expect(page1.replace(/\s+/g, '')).toContain('总体结论（一票否决）：严重滞后');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('区县排名');
    expect(flat).toContain('牵头区县');
    expect(flat).toContain('△△县');
    expect(flat).toContain('郑立新（县长）');
    expect(statSync(join(OUTPUT, 'summary-city-page2.png')).size).toBeGreaterThan(1000);
  }, 240_000);
});
