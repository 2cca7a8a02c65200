/**
 * Rendering checks in a real spreadsheet program: LibreOffice converts a workbook to PDF, poppler
 * reads its text back and draws pages into test-output/ for a look. CI installs them (.ci/run);
 * elsewhere: apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PACKAGES = 'libreoffice-calc-nogui poppler-utils fonts-noto-cjk';
export const OUTPUT = resolve(import.meta.dirname, '../../test-output');

/** Fails with what to install when `tool` is not on the PATH. */
export function need(tool: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    throw new Error(
      `${tool} is missing: the rendering check needs LibreOffice and poppler. Install them with ` +
        `\`apt-get install -y --no-install-recommends ${PACKAGES}\` (.ci/run does).`,
    );
  }
}

/** A folder for one test file's conversions; `remove()` in its afterAll. */
export function renderFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'shishi-render-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Converts an .xlsx (in `dir`) to PDF with a profile of its own, so that parallel runs do not clash. */
export function toPdf(xlsx: string, dir: string): string {
  const profile = mkdtempSync(join(dir, 'profile-'));
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx],
    { timeout: 180_000, stdio: 'pipe' },
  );
  const pdf = xlsx.replace(/\.xlsx$/, '.pdf');
  if (!existsSync(pdf)) throw new Error(`soffice wrote no ${pdf}`);
  return pdf;
}

/** The PDF's text (`pages`: first and last page, by default all). */
export function pdfText(pdf: string, pages?: readonly [number, number], layout = true): string {
  const range = pages ? ['-f', String(pages[0]), '-l', String(pages[1])] : [];
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), ...range, pdf, '-'], {
    encoding: 'utf8',
  });
}

/** Draws page `page` of the PDF as test-output/<name>.png; answers its path. */
export function pagePng(pdf: string, page: number, name: string): string {
  mkdirSync(OUTPUT, { recursive: true });
  const p = String(page);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', p, '-l', p, '-singlefile', pdf, join(OUTPUT, name)]);
  return join(OUTPUT, `${name}.png`);
}
