/**
 * `npm run bench` (add-in): the task pane's download size (gzip) and its time to first render
 * in headless Chromium (the browser preview, which mounts the same pane), against a blank page
 * loaded from the same server in the same run as the baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, LAUNCH_ARGS, ROOT, serveBuiltFile } from '../support/preview';

const RUNS = 7;

const out = mkdtempSync(join(tmpdir(), 'shishi-pane-bench-'));
try {
  const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['addin/build.ts', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`add-in build failed:\n${build.stdout}${build.stderr}`);

  // What the task pane page downloads (its own scripts and styles; Office.js comes from the CDN).
  const html = readFileSync(join(out, 'taskpane.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let raw = 0;
  let gz = 0;
  for (const ref of new Set(refs)) {
    const bytes = readFileSync(join(out, ref));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(
    `\nTask pane: ${new Set(refs).size} files, ${(raw / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(0)} KB gzip`,
  );

  if (!existsSync(CHROMIUM)) {
    console.log(`  (no ${CHROMIUM}: time to first render not measured — apt-get install chromium)`);
  } else {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/blank.html')
        return res.end('<!doctype html><title>blank</title><div id="root">blank</div>');
      if (path.startsWith('/v1/') || path.startsWith('/local/')) {
        res.setHeader('content-type', 'application/json');
        return res.end(path === '/local/users' ? '[{"as":"office","name":"考核办"}]' : '{}');
      }
      serveBuiltFile(out, path, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: LAUNCH_ARGS,
    });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const time = async (path: string, ready: string) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ locale: 'zh-CN' });
        const page = await context.newPage();
        const t0 = performance.now();
        await page.goto(`${base}${path}`);
        await page.locator(ready).first().waitFor({ timeout: 30_000 });
        times.push(performance.now() - t0);
        await context.close();
      }
      return median(times);
    };
    try {
      const blank = await time('/blank.html', '#root');
      const pane = await time('/preview.html', 'form[aria-label="登录"]');
      console.log(
        `  first render of the pane (preview page, cold context, median of ${RUNS}): ${pane.toFixed(0)} ms`,
      );
      console.log(`  blank page from the same server: ${blank.toFixed(0)} ms`);
      console.log(`Ratio: the pane's first render takes ${(pane / blank).toFixed(1)}× a blank page's load`);
    } finally {
      await browser.close();
      server.close();
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
