/**
 * The pane fits (issue 16): for each role — bureau staff with findings and the column map on
 * screen, the office on its board and in a review, a leader on the overview, the city on its
 * districts — at Excel's 350 px and at 800 px, in Chinese and in English, no element is wider
 * than the pane, none cuts its text (a badge on two lines, a box whose content is wider or taller
 * than it), and English has no full-width punctuation. The language chosen survives a reload.
 * Screenshots go to test-output/layout-<role>-<width>-<lang>.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import {
  addinForFile,
  overflowing,
  paneShot,
  ROOT,
  signInAs,
  stayLocal,
  withPreview,
} from '../support/preview';

const build = addinForFile();

const FIXTURE = join(ROOT, 'test', 'fixtures', 'reference', 'progress-2006-05-transport.xlsx');

/** Elements that cut their text: a box whose content is wider or taller than it, a badge that wraps. */
const clipped = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('#root') as HTMLElement;
    const out: string[] = [];
    for (const el of root.querySelectorAll<HTMLElement>('*')) {
      if (['INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'svg', 'path'].includes(el.tagName)) continue;
      if (el.closest('svg')) continue;
      const cs = getComputedStyle(el);
      const cuts = cs.overflowX !== 'visible' || cs.overflowY !== 'visible' || cs.textOverflow === 'ellipsis';
      const scrolls = ['auto', 'scroll'].includes(cs.overflowY);
      const what = `${el.tagName.toLowerCase()}.${(el.className || '').toString().split(' ')[0]}: ${(el.textContent ?? '').slice(0, 30)}`;
      if (cuts && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) out.push(`wide ${what}`);
      if (cuts && !scrolls && el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1)
        out.push(`tall ${what}`);
      if (el.classList.contains('fui-Badge')) {
        const line = Number.parseFloat(cs.lineHeight) || 16;
        if (el.getBoundingClientRect().height > line * 1.6 || el.scrollHeight > el.clientHeight + 1)
          out.push(`badge on two lines ${what}`);
      }
    }
    return out;
  });

/** Full-width punctuation in the pane's English text (Chinese names and user text aside). */
const fullWidthInEnglish = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('#root') as HTMLElement;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const out: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent ?? '';
      // A run of Latin text touching full-width punctuation: English with Chinese punctuation.
      if (/[A-Za-z][：（）；，。]|[：（）；，。]\s*[A-Za-z]/.test(t)) out.push(t.slice(0, 60));
    }
    return out;
  });

type Lang = 'zh' | 'en';

interface Check {
  readonly name: string;
  readonly wide: string[];
  readonly cut: string[];
  readonly punctuation: string[];
}

async function check(page: Page, name: string, lang: Lang): Promise<Check> {
  await page.waitForTimeout(200);
  await paneShot(page, `layout-${name}.png`);
  return {
    name,
    wide: await overflowing(page),
    cut: await clipped(page),
    punctuation: lang === 'en' ? await fullWidthInEnglish(page) : [],
  };
}

const WIDTHS = [350, 800] as const;

describe('the pane fits in Chromium, for every role, at 350 and 800 px, in Chinese and English', () => {
  test('no element overflows or cuts its text, English has no full-width punctuation, and the language survives a reload', async () => {
    expect(build.status, build.output).toBe(0);
    await withPreview(build.outDir, async ({ stack, url, browser, preview }) => {
      // A pending report for the office's review.
      const sent = await stack.fetchJson('/v1/submissions', {
        method: 'POST',
        as: 'unit:labor',
        json: LABOR_2006_05,
        headers: { 'idempotency-key': 'layout-labor-0001' },
      });
      expect(sent.status).toBe(201);
      const results: Check[] = [];
      const errors: string[] = [];
      const outside: string[] = [];

      for (const width of WIDTHS) {
        const page = await browser.newPage({
          viewport: { width: width + 700, height: 1600 },
          locale: 'zh-CN',
        });
        outside.push(...(await stayLocal(page, url)));
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${url}/preview.html?code=${preview.code}`);
        await page.addStyleTag({ content: `#root { width: ${width}px !important; flex: none !important; }` });

        for (const lang of ['zh', 'en'] as const) {
          const tag = (role: string) => `${role}-${width}-${lang}`;
          const langButton = page.getByRole('button', { name: /^(语言|Language)$/ });
          const current = async (): Promise<Lang> =>
            ((await langButton.textContent()) ?? '').includes('English') ? 'zh' : 'en';
          const setLang = async (want: Lang) => {
            if ((await current()) !== want) await langButton.click();
          };
          // The sign-in is in Chinese (signInAs knows its words); the pane is switched after it.
          const signIn = async (as: string, org?: string) => {
            const out = page.getByRole('button', { name: /^(退出|Sign out)$/ });
            if (await out.count()) await out.click();
            await setLang('zh');
            await signInAs(page, as, 20_000, org);
            await setLang(lang);
          };

          // Bureau staff: the sheet with an error and a hint, the column map, the findings.
          await signIn('unit:transport');
          await page.locator('[data-testid="open-xlsx"]').setInputFiles(FIXTURE);
          const g5 = page.locator('[data-testid="preview-grid"] td[data-address="进度报表!G5"]');
          await g5.waitFor();
          await g5.dblclick();
          await page.getByLabel('进度报表!G5', { exact: true }).fill('16.5');
          await page.getByLabel('进度报表!G5', { exact: true }).press('Enter');
          await page.getByRole('button', { name: /^(校验|Validate)$/ }).click();
          await page
            .getByRole('button', { name: /进度报表!G5/ })
            .first()
            .waitFor({ timeout: 20_000 });
          results.push(await check(page, tag('staff'), lang));

          // The office: the board, then the labour bureau's pending report.
          await signIn('office');
          const report = page.getByRole('button', { name: /区劳动和社会保障局/ }).first();
          await report.waitFor({ timeout: 20_000 });
          results.push(await check(page, tag('office-board'), lang));
          await report.click();
          await page.getByRole('listitem', { name: /^1\.1 / }).waitFor({ timeout: 20_000 });
          results.push(await check(page, tag('office-review'), lang));

          // A leader: the overview.
          await signIn('leader');
          await page.getByRole('button', { name: /^(退出|Sign out)$/ }).waitFor();
          await page.waitForTimeout(1500);
          results.push(await check(page, tag('leader'), lang));

          // The city: its districts.
          await signIn('city', 'sample-city');
          await page.getByRole('region', { name: /^(各区县|Districts)$/ }).waitFor({ timeout: 20_000 });
          results.push(await check(page, tag('city'), lang));
        }

        // The language chosen (English, last) is there after a reload.
        await page.reload();
        await page.getByRole('button', { name: 'Language' }).waitFor({ timeout: 20_000 });
        expect(await page.locator('main').getAttribute('lang'), `reload at ${width}`).toBe('en');
        await page.close();
      }

      // The preview itself in a window as narrow as Excel's pane: the pane takes the window's width.
      const narrow = await browser.newPage({ viewport: { width: 350, height: 1200 }, locale: 'zh-CN' });
      outside.push(...(await stayLocal(narrow, url)));
      await narrow.goto(`${url}/preview.html?code=${preview.code}`);
      await signInAs(narrow, 'office', 20_000);
      await narrow
        .getByRole('button', { name: /区劳动和社会保障局/ })
        .first()
        .waitFor({ timeout: 20_000 });
      const paneWidth = await narrow.evaluate(
        () => document.querySelector('#root')!.getBoundingClientRect().width,
      );
      const narrowResult = {
        name: 'preview-350-window',
        wide: await overflowing(narrow),
        cut: await clipped(narrow),
        punctuation: [],
      };
      await paneShot(narrow, 'layout-preview-350-window.png');
      await narrow.close();

      // Assess
      expect(paneWidth).toBeLessThanOrEqual(350);
      expect(paneWidth).toBeGreaterThan(300);
      results.push(narrowResult);
      expect(results).toHaveLength(WIDTHS.length * 2 * 5 + 1);
      expect(results.filter((r) => r.wide.length + r.cut.length + r.punctuation.length > 0)).toEqual([]);
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    });
  }, 420_000);
});
