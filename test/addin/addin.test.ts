/**
 * The add-in's build, as `npm run build:addin` makes it (into a temporary folder), and a smoke
 * test of the browser preview in Chromium against the real API: the page renders the pane,
 * signs in as the office, opens a bureau's workbook, and nothing reaches the internet.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkManifest } from '../../addin/manifest/check';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { sampleUsers } from '../../functions/local/users';
import { startTestStack, type TestStack } from '../support/stack';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

let outDir: string;
let buildOutput = '';
let buildStatus: number | null = null;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'shishi-addin-'));
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['addin/build.ts', outDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SHISHI_ADDIN_BASE_URL: 'https://addin.example.gov.cn' },
  });
  buildOutput = `${r.stdout}${r.stderr}`;
  buildStatus = r.status;
}, 90_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** The built files, `/v1/` proxied to the test stack, and the local sign-in `npm start` offers. */
async function servePreview(stack: TestStack): Promise<{ url: string; server: Server }> {
  const users = sampleUsers(SAMPLE_PLAN_2006).map((u) => ({ as: u.as, name: u.principal.name ?? u.as }));
  const api = new URL(stack.url);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/v1/')) {
      const up = request(
        { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
        (a) => {
          res.writeHead(a.statusCode ?? 502, a.headers);
          a.pipe(res);
        },
      );
      req.pipe(up);
      return;
    }
    if (url.pathname === '/local/users') return res.end(JSON.stringify(users));
    if (url.pathname === '/local/token') {
      const token = await stack.token(url.searchParams.get('as') ?? 'office');
      return res.end(JSON.stringify({ token }));
    }
    const file = resolve(join(outDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(outDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Chromium is a system package (.ci/run installs it): its absence fails, it does not skip. */
function needChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk / 缺少 Chromium，请安装 chromium 与 fonts-noto-cjk`,
    );
  }
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

describe('the browser preview in Chromium', () => {
  test('renders the pane, signs in against the real API, opens a workbook, and stays offline', async () => {
    // Prepare
    expect(buildStatus, buildOutput).toBe(0);
    needChromium();
    const stack = await startTestStack();
    const { url, server } = await servePreview(stack);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const outside: string[] = [];
    const errors: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      await page.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(url) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
        outside.push(u);
        if (u.startsWith('https://appsforoffice.microsoft.com/'))
          return route.fulfill({ contentType: 'text/javascript', body: 'window.Office = {};' });
        return route.abort();
      });
      page.on('pageerror', (e) => errors.push(e.message));

      // Act
      await page.goto(`${url}/preview.html`);
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
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await stack.close();
    }
  }, 90_000);

  test('a bureau fixes a wrong cell, submits, and the office accepts it: the status changes', async () => {
    expect(buildStatus, buildOutput).toBe(0);
    needChromium();
    const stack = await startTestStack();
    const { url, server } = await servePreview(stack);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    const outside: string[] = [];
    const road = async () => {
      const r = await stack.fetchJson('/v1/status/2006?asOf=2006-06-10', { as: 'office' });
      return r.body.indicators.find((i: { id: string }) => i.id === '3.1');
    };
    try {
      const before = await road();
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      await page.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(url) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
        outside.push(u);
        return route.abort();
      });
      const signInAs = async (as: string) => {
        const form = page.locator('form[aria-label="登录"]');
        await form.waitFor({ timeout: 20_000 });
        await form.locator('select').selectOption(as);
        await form.getByRole('button', { name: '登录' }).click();
        await page.getByText('当前用户').first().waitFor({ timeout: 20_000 });
      };

      // A bureau: open its workbook and type a cumulative that its project details do not add up to.
      await page.goto(`${url}/preview.html`);
      await signInAs('unit:transport');
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
      await signInAs('office');
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
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await stack.close();
    }
  }, 120_000);
});
