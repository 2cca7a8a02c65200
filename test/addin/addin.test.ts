/**
 * The add-in's build, as `npm run build:addin` makes it (into a temporary folder), and a smoke
 * test of the browser preview in Chromium against the real API: the page renders the pane,
 * signs in as the office, opens a bureau's workbook, and nothing reaches the internet.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkManifest } from '../../addin/manifest/check';
import { startHttpServer } from '../../functions/local/server';
import { localSignIn } from '../../functions/local/sign-in';
import {
  type AddinBuild,
  buildAddin,
  OFFICE_JS,
  ROOT,
  signInAs,
  stayLocal,
  withPreview,
} from '../support/preview';

let build: AddinBuild;
let outDir: string;
let buildOutput = '';
let buildStatus: number | null = null;

beforeAll(() => {
  build = buildAddin({ SHISHI_ADDIN_BASE_URL: 'https://addin.example.gov.cn' });
  ({ outDir, output: buildOutput, status: buildStatus } = build);
}, 90_000);

afterAll(() => {
  build?.remove();
});

describe('npm run build:addin', () => {
  test('builds the four pages, the functions script and metadata, the icons and the manifest', () => {
    // Assess
    expect(buildStatus, buildOutput).toBe(0);
    for (const f of ['taskpane.html', 'functions.html', 'commands.html', 'preview.html', 'functions.js'])
      expect(existsSync(join(outDir, f)), f).toBe(true);
    expect(existsSync(join(outDir, 'functions.json'))).toBe(true);
    const taskpane = readFileSync(join(outDir, 'taskpane.html'), 'utf8');
    const preview = readFileSync(join(outDir, 'preview.html'), 'utf8');
    expect(taskpane).toContain(`<script src="${OFFICE_JS}"></script>`);
    expect(readFileSync(join(outDir, 'functions.html'), 'utf8')).toContain(OFFICE_JS);
    expect(preview).not.toContain('appsforoffice');
    expect(preview).not.toContain('office.js');
    for (const size of [16, 32, 64, 80]) {
      const png = readFileSync(join(outDir, 'assets', `icon-${size}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    const manifest = readFileSync(join(outDir, 'manifest.xml'), 'utf8');
    expect(checkManifest(manifest)).toEqual([]);
    expect(manifest).toContain('https://addin.example.gov.cn/taskpane.html');
  });
});

describe('the browser preview in Chromium', () => {
  test('renders the pane, signs in against the real API, opens a workbook, and stays offline', async () => {
    // Prepare
    expect(buildStatus, buildOutput).toBe(0);
    await withPreview(outDir, async ({ url, browser, preview }) => {
      const errors: string[] = [];
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const outside = await stayLocal(page, url);
      page.on('pageerror', (e) => errors.push(e.message));

      // Act: the address npm start prints, with its sign-in code
      await page.goto(`${url}/preview.html?code=${preview.code}`);
      const form = page.locator('form[aria-label="登录"]');
      await form.waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="preview-grid"]').waitFor();
      await form.getByRole('button', { name: '登录' }).click();
      await page.getByText('当前用户').first().waitFor({ timeout: 20_000 });
      await page
        .locator('[data-testid="open-xlsx"]')
        .setInputFiles(join(ROOT, 'test', 'fixtures', 'reference', 'progress-2006-05-labor.xlsx'));
      await page.getByTestId('workbook-label').getByText('progress-2006-05-labor.xlsx').waitFor();
      await page.locator('[data-testid="preview-grid"] td[data-address]').first().waitFor();
      const cells = await page.locator('[data-testid="preview-grid"] td[data-address]').count();
      mkdirSync(join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-output', 'addin-preview.png'), fullPage: false });

      // Assess
      expect(cells).toBeGreaterThan(100);
      expect(await page.locator('#root form[aria-label="登录"]').count()).toBe(0);
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    });
  }, 90_000);

  test('a bureau fixes a wrong cell, submits, and the office accepts it: the status changes', async () => {
    expect(buildStatus, buildOutput).toBe(0);
    await withPreview(outDir, async ({ stack, url, browser }) => {
      const road = async () => {
        const r = await stack.fetchJson('/v1/status/2006?asOf=2006-06-10', { as: 'office' });
        return r.body.indicators.find((i: { id: string }) => i.id === '3.1');
      };
      const before = await road();
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const outside = await stayLocal(page, url);
      const signIn = (as: string) => signInAs(page, as, 20_000);

      // A bureau: open its workbook and type a cumulative that its project details do not add up to.
      await page.goto(`${url}/preview.html`);
      await signIn('unit:transport');
      await page
        .locator('[data-testid="open-xlsx"]')
        .setInputFiles(join(ROOT, 'test', 'fixtures', 'reference', 'progress-2006-05-transport.xlsx'));
      const g5 = page.locator('[data-testid="preview-grid"] td[data-address="进度报表!G5"]');
      await g5.waitFor();
      const typeInto = async (text: string) => {
        await g5.dblclick();
        const input = page.getByLabel('进度报表!G5', { exact: true });
        await input.fill(text);
        await input.press('Enter');
      };
      await typeInto('16.5');
      await page.getByRole('button', { name: '校验', exact: true }).click();
      const finding = page.getByRole('button', { name: /进度报表!G5/ }).first();
      await finding.waitFor({ timeout: 20_000 });
      expect(await g5.getAttribute('data-mark')).toBe('error');
      expect(await page.getByRole('button', { name: '提交', exact: true }).isDisabled()).toBe(true);

      // Fix it: the finding and the mark go away, and the report can be sent.
      await typeInto('15.6');
      await page.getByRole('button', { name: '校验', exact: true }).click();
      await page.getByText('校验通过，没有发现问题').waitFor({ timeout: 20_000 });
      expect(await g5.getAttribute('data-mark')).toBeNull();
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await page.getByText('2006.transport.2006-05').first().waitFor({ timeout: 20_000 });

      // The office accepts it.
      await page.getByRole('button', { name: '退出' }).click();
      await signIn('office');
      const report = page.getByRole('button', { name: /区交通局 .*2006.*5/ }).first();
      await report.waitFor({ timeout: 20_000 });
      await report.click();
      await page.getByRole('button', { name: '通过', exact: true }).click();
      await page.getByText('审核已保存').waitFor({ timeout: 20_000 });
      mkdirSync(join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-output', 'addin-accepted.png') });

      const after = await road();
      expect([before.progress, before.status]).toEqual([0, 'at_risk']);
      expect([after.progress, after.status]).toEqual([15.6, 'on_track']);
      expect(outside).toEqual([]);
    });
  }, 120_000);

  test('the local sign-in asks for the code, says in Chinese or English when it is wrong, and keeps it for the session only', async () => {
    expect(buildStatus, buildOutput).toBe(0);
    await withPreview(outDir, async ({ url, browser, preview }) => {
      // Prepare
      const errors: string[] = [];
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const outside = await stayLocal(page, url);
      page.on('pageerror', (e) => errors.push(e.message));
      const form = page.locator('form[aria-label="登录"]');
      const stored = () =>
        page.evaluate(() => ({
          session: sessionStorage.getItem('shishi.localSignInCode'),
          local: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`),
          search: window.location.search,
        }));

      // Act: opened without the code, a wrong one typed
      await page.goto(`${url}/preview.html`);
      await form.waitFor({ timeout: 20_000 });
      const listBefore = await form.locator('select').count();
      await form.getByLabel('登录码').fill('guessed-code');
      await form.getByRole('button', { name: '继续' }).click();
      const zh = await page
        .getByText(/登录码不正确/)
        .first()
        .textContent({ timeout: 20_000 });
      await paneShotOf(page);
      await page.getByRole('button', { name: '语言' }).click();
      await page.locator('form[aria-label="Sign in"]').getByLabel('Sign-in code').fill('another-guess');
      await page.getByRole('button', { name: 'Continue' }).click();
      const en = await page
        .getByText(/sign-in code is wrong/)
        .first()
        .textContent({ timeout: 20_000 });
      const afterWrong = await stored();
      await page.getByRole('button', { name: 'Language' }).click();

      // Act: the right one, then signed in
      await form.getByLabel('登录码').fill(preview.code);
      await form.getByRole('button', { name: '继续' }).click();
      await form.locator('select option').first().waitFor({ state: 'attached', timeout: 20_000 });
      await form.getByRole('button', { name: '登录' }).click();
      await page.getByText('当前用户').first().waitFor({ timeout: 20_000 });
      const afterRight = await stored();

      // Act: the printed address, in a new page
      const other = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      await stayLocal(other, url);
      await other.goto(`${url}/preview.html?code=${preview.code}`);
      const otherForm = other.locator('form[aria-label="登录"]');
      await otherForm.locator('select option').first().waitFor({ state: 'attached', timeout: 20_000 });
      const fromAddress = await other.evaluate(() => ({
        session: sessionStorage.getItem('shishi.localSignInCode'),
        localKeys: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`),
        search: window.location.search,
        codeField: document.querySelectorAll('form input[type="password"]').length,
      }));

      // Assess
      expect(listBefore).toBe(0);
      expect(zh).toContain('登录失败：登录码不正确');
      expect(en).toContain('Sign-in failed：The sign-in code is wrong');
      expect(afterWrong.session).toBeNull();
      expect(afterRight.session).toBe(preview.code);
      expect(afterRight.local.join('\n')).not.toContain(preview.code);
      expect(fromAddress.session).toBe(preview.code);
      expect(fromAddress.search).toBe('');
      expect(fromAddress.codeField).toBe(0);
      expect(fromAddress.localKeys.join('\n')).not.toContain(preview.code);
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    });
  }, 120_000);

  test("npm start's http port: the preview at its printed address lists the people and signs in, no 登录失败", async () => {
    expect(buildStatus, buildOutput).toBe(0);
    await withPreview(outDir, async ({ stack, browser }) => {
      // Prepare: the local server as npm start runs it, with the built files and the local sign-in
      const { HANDLERS } = await import('../../functions/handlers/index');
      const http = await startHttpServer({
        handlers: HANDLERS,
        port: 0,
        maxBodyBytes: stack.deps.config.maxBodyBytes,
        verify: stack.deps.verify,
        staticDir: outDir,
        local: localSignIn(stack.deps, stack.keys.privateJwk, 3600),
      });
      try {
        const errors: string[] = [];
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
        const outside = await stayLocal(page, http.url);
        page.on('pageerror', (e) => errors.push(e.message));
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        const form = page.locator('form[aria-label="登录"]');

        // Act
        await page.goto(`${http.url}/preview.html?code=${http.signInCode}`);
        await form.locator('select option').first().waitFor({ state: 'attached', timeout: 20_000 });
        const people = await form.locator('select option').allTextContents();
        await form.getByRole('button', { name: '登录' }).click();
        await page.getByText('当前用户').first().waitFor({ timeout: 20_000 });

        // Assess
        expect(people[0]).toContain('王静');
        expect(people.length).toBeGreaterThan(2);
        expect(await page.getByText('登录失败').count()).toBe(0);
        expect(dialogs).toEqual([]);
        expect(errors).toEqual([]);
        expect(outside).toEqual([]);
      } finally {
        await http.close();
      }
    });
  }, 120_000);
});

/** The sign-in form asking for the code again, into test-output/. */
async function paneShotOf(page: import('playwright-core').Page): Promise<void> {
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'test-output', 'addin-sign-in-code.png') });
}
