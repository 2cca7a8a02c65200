/**
 * The add-in's browser preview for tests in headless Chromium: the build into a temporary folder
 * (`tsx addin/build.ts <dir>`, as `npm run build:addin` makes it), a server of the built files
 * with `/v1/` proxied to a test stack and the local sign-in `npm start` offers (with its own
 * sign-in code, `preview.code`), a switch that makes the API unreachable, and the record of the
 * submissions that reached the API.
 *
 * @example
 * const build = buildAddin();
 * const preview = await servePreview(stack, build.outDir);
 * preview.outage = 'reset';   // every /v1/ request: the connection is closed, no answer
 * preview.outage = 'none';    // the API answers again
 * preview.submissions;        // [{ idempotencyKey, status }] of the POST /v1/submissions it saw
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { newSignInCode, serveLocalSignIn } from '../../functions/local/https';
import { SEED_PLANS } from '../../functions/local/seed';
import { localSignIn } from '../../functions/local/sign-in';
import { type As, sampleSub } from '../../functions/local/users';
import type { TestStack } from './stack';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Chromium is a system package (.ci/run installs it): its absence fails, it does not skip. */
export function needChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk / 缺少 Chromium，请安装 chromium 与 fonts-noto-cjk`,
    );
  }
}

export interface AddinBuild {
  readonly outDir: string;
  /** The build's exit status (0 when it worked) and what it printed. */
  readonly status: number | null;
  readonly output: string;
  /** Removes the folder. */
  readonly remove: () => void;
}

/**
 * The add-in built once for a test file (in its `beforeAll`) and removed after it (`afterAll`):
 * what each browser test file of test/addin/ starts with.
 */
export function addinForFile(env: Readonly<Record<string, string>> = {}): AddinBuild {
  let built: AddinBuild | undefined;
  beforeAll(() => {
    built = buildAddin(env);
  }, 90_000);
  afterAll(() => built?.remove());
  const get = (): AddinBuild => {
    if (!built) throw new Error('the add-in is built in beforeAll: use it inside a test');
    return built;
  };
  return {
    get outDir() {
      return get().outDir;
    },
    get status() {
      return get().status;
    },
    get output() {
      return get().output;
    },
    remove: () => get().remove(),
  };
}

/** Builds the add-in into a new temporary folder (about a minute on a small machine). */
export function buildAddin(env: Readonly<Record<string, string>> = {}): AddinBuild {
  const outDir = mkdtempSync(join(tmpdir(), 'shishi-addin-'));
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['addin/build.ts', outDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return {
    outDir,
    status: r.status,
    output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}`,
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * How the API looks from the page: `none` (it answers), `reset` (the connection is closed with
 * no answer, as when the server or the network is down), `503` (a gateway answers 503 with
 * `Retry-After: 1`). Nothing reaches the API in either outage.
 */
/** Answers a GET for `pathname` with the file under `outDir` (never outside it), or a 404. */
export function serveBuiltFile(outDir: string, pathname: string, res: ServerResponse): void {
  const file = resolve(join(outDir, decodeURIComponent(pathname)));
  if (!file.startsWith(outDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
  createReadStream(file).pipe(res);
}

export type Outage = 'none' | 'reset' | '503';

export interface SubmissionSeen {
  readonly idempotencyKey: string | undefined;
  /** The API's answer (undefined until it comes). */
  status?: number;
}

export interface Preview {
  readonly url: string;
  /** The code its local sign-in asks for, as `npm start` prints its own. */
  readonly code: string;
  outage: Outage;
  /** The `POST /v1/submissions` requests that reached the API, in order. */
  readonly submissions: SubmissionSeen[];
  /** The `/v1/` requests turned away by an outage. */
  readonly turnedAway: string[];
  close(): Promise<void>;
}

/**
 * The sign-in code of each running preview, by its origin: what `openPane` puts in the address
 * and `signInAs` types in the form when asked (the code reaches no page through HTTP).
 */
const CODES = new Map<string, string>();

/** The built files, `/v1/` proxied to the test stack, and the local sign-in `npm start` offers. */
export async function servePreview(stack: TestStack, outDir: string): Promise<Preview> {
  const signIn = localSignIn(stack.deps, stack.keys.privateJwk, 12 * 3600);
  const code = newSignInCode();
  const api = new URL(stack.url);
  const submissions: SubmissionSeen[] = [];
  const turnedAway: string[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/v1/')) {
      if (preview.outage !== 'none') {
        turnedAway.push(`${req.method} ${url.pathname}`);
        if (preview.outage === 'reset') {
          req.socket.destroy();
          return;
        }
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1', connection: 'close' });
        return res.end('Service Unavailable');
      }
      const seen: SubmissionSeen | undefined =
        req.method === 'POST' && url.pathname === '/v1/submissions'
          ? { idempotencyKey: header(req.headers['idempotency-key']) }
          : undefined;
      if (seen) submissions.push(seen);
      const up = request(
        {
          host: api.hostname,
          port: api.port,
          method: req.method,
          path: req.url,
          // The stack answers requests for its own host and port only.
          headers: { ...req.headers, host: api.host },
        },
        (a) => {
          if (seen) seen.status = a.statusCode;
          res.writeHead(a.statusCode ?? 502, a.headers);
          a.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
      return;
    }
    if (url.pathname.startsWith('/local/')) return serveLocalSignIn(req, res, signIn, code);
    serveBuiltFile(outDir, url.pathname, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const preview: Preview = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    code,
    outage: 'none',
    submissions,
    turnedAway,
    close: async () => {
      CODES.delete(preview.url);
      const closed = new Promise((r) => server.close(r));
      server.closeAllConnections();
      await closed;
    },
  };
  CODES.set(preview.url, code);
  return preview;
}

const header = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

/** Where the browser tests put their screenshots. */
export const SHOTS = join(ROOT, 'test-output');

/** The pane alone, as tall as it is, into test-output/. */
export async function paneShot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#root').screenshot({ path: join(SHOTS, name) });
}

/**
 * The browser preview in a new page at Excel's 350 px pane width (the page itself wider, so the
 * pane's own width is what is seen), held to the preview's origin, with the page's errors kept.
 */
export async function openPane(
  browser: Browser,
  url: string,
  height = 2400,
): Promise<{ page: Page; errors: string[]; outside: string[] }> {
  const errors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1280, height }, locale: 'zh-CN' });
  const outside = await stayLocal(page, url);
  page.on('pageerror', (e) => errors.push(e.message));
  const code = CODES.get(url);
  await page.goto(`${url}/preview.html${code ? `?code=${code}` : ''}`);
  await page.addStyleTag({ content: '#root { width: 350px !important; overflow: visible !important; }' });
  return { page, errors, outside };
}

/**
 * Lets the page reach only `origin` (and data:/blob: URLs): any other request is aborted — an
 * office.js request gets an empty stand-in — and recorded in the returned list.
 */
export async function stayLocal(page: Page, origin: string): Promise<string[]> {
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === origin || u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:'))
      return route.continue();
    outside.push(u);
    if (u.startsWith('https://appsforoffice.microsoft.com/'))
      return route.fulfill({ contentType: 'text/javascript', body: 'window.Office = {};' });
    return route.abort();
  });
  return outside;
}

/**
 * Signs in on the pane's local sign-in as a sample person (`office`, `leader`, `unit:<id>` of the
 * first sample organisation, or of `org`), or as any person by their subject (`local:…`, a sub),
 * and waits until the pane says who is signed in. When the form asks for the sign-in code (the
 * page was opened without `?code=`), the preview's code is typed in, as a newcomer would.
 */
export async function signInAs(page: Page, as: string, timeout = 30_000, org?: string): Promise<void> {
  const form = page.locator('form[aria-label="登录"]');
  await form.waitFor({ timeout });
  const codeField = form.getByLabel('登录码');
  if (await codeField.isVisible()) {
    const code = CODES.get(new URL(page.url()).origin);
    if (!code) throw new Error(`no preview serves ${page.url()}`);
    await codeField.fill(code);
    await form.getByRole('button', { name: '继续' }).click();
  }
  const sub = /^(office|leader|city|unit:.+)$/.test(as)
    ? sampleSub(org ?? SEED_PLANS[0]!.organisation.id, as as As)
    : as;
  await form.locator('select').selectOption(sub);
  await form.getByRole('button', { name: '登录' }).click();
  await page.getByText('当前用户').first().waitFor({ timeout });
}

/** What a browser test of the preview works with. */
export interface PreviewRun {
  readonly stack: TestStack;
  readonly preview: Preview;
  readonly url: string;
  readonly browser: Browser;
}

/**
 * The test stack's module, loaded once: it counts the stacks it started to give each new one
 * fresh handlers (`vi.resetModules()`), and a copy loaded after a reset would count from zero
 * again and hand a third stack the second one's handlers.
 */
let stackModule: Promise<typeof import('./stack')> | undefined;

/**
 * Runs `test` against a fresh test stack, the preview of the build in `outDir` and a headless
 * Chromium, and closes all three afterwards, whatever happens.
 */
export async function withPreview(outDir: string, test: (run: PreviewRun) => Promise<void>): Promise<void> {
  needChromium();
  stackModule ??= import('./stack');
  const { startTestStack } = await stackModule;
  const stack = await startTestStack();
  const preview = await servePreview(stack, outDir);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  try {
    await test({ stack, preview, url: preview.url, browser });
  } finally {
    await browser.close();
    await preview.close();
    await stack.close();
  }
}

/** What in the pane is wider than the pane (text cut off or a horizontal scroll): none, or each element. */
export const overflowing = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('#root') as HTMLElement;
    const right = root.getBoundingClientRect().right + 1;
    return [...root.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > right)
      .map((el) => `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').slice(0, 40)}`);
  });
