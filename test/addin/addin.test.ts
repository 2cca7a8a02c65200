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

describe.skipIf(!existsSync(CHROMIUM))('the browser preview in Chromium', () => {
  test('renders the pane, signs in against the real API, opens a workbook, and stays offline', async () => {
    // Prepare
    expect(buildStatus, buildOutput).toBe(0);
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
});
