/**
 * Add-in offline: a bureau submits while the API cannot be reached. The pane keeps the report
 * (on this computer, with its idempotency key), keeps it across a reload of the pane, tries it
 * again by itself, and when the API answers again sends it — once: the API stores one version,
 * and every request that reached it carried the same Idempotency-Key. In headless Chromium,
 * against the real handlers over DynamoDB Local; the outage is the preview's proxy closing
 * every `/v1/` connection without an answer.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AddinBuild,
  buildAddin,
  CHROMIUM,
  LAUNCH_ARGS,
  needChromium,
  ROOT,
  servePreview,
  signInAs,
  stayLocal,
} from '../support/preview';
import { startTestStack } from '../support/stack';

const REPORT = '2006.transport.2006-05';
const KEPT = 'shishi.pendingSubmissions.transport';
const WORKBOOK = join(ROOT, 'test', 'fixtures', 'reference', 'progress-2006-05-transport.xlsx');

let build: AddinBuild;

beforeAll(() => {
  build = buildAddin();
}, 120_000);

afterAll(() => {
  build?.remove();
});

describe('Add-in offline', () => {
  test('a submission made while the API is unreachable is kept, survives a reload of the pane, and is sent once when the API is back', async () => {
    // Prepare
    expect(build.status, build.output).toBe(0);
    needChromium();
    const stack = await startTestStack();
    const preview = await servePreview(stack, build.outDir);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    const postsTurnedAway = () => preview.turnedAway.filter((r) => r === 'POST /v1/submissions').length;
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const outside = await stayLocal(page, preview.url);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));

      // The bureau opens its workbook and validates it while the API answers.
      await page.goto(`${preview.url}/preview.html`);
      await signInAs(page, 'unit:transport');
      await page.locator('[data-testid="open-xlsx"]').setInputFiles(WORKBOOK);
      const g5 = page.locator('[data-testid="preview-grid"] td[data-address="进度报表!G5"]');
      await g5.waitFor({ timeout: 30_000 });
      await g5.dblclick();
      const input = page.getByLabel('进度报表!G5', { exact: true });
      await input.fill('15.6');
      await input.press('Enter');
      await page.getByRole('button', { name: '校验', exact: true }).click();
      await page.getByText('校验通过，没有发现问题').waitFor({ timeout: 30_000 });

      // Act: the API goes down; the bureau submits.
      preview.outage = 'reset';
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await page.getByText(/网络连接失败，报表已保存在本机/).waitFor({ timeout: 30_000 });
      await page.getByText('待发送的报表').waitFor();
      await page.getByText(/服务器恢复后会自动发送/).waitFor();
      const kept = (await page.evaluate((k) => localStorage.getItem(k), KEPT)) ?? '';
      const key: string = JSON.parse(kept)[0].key;
      expect(key).toMatch(/^[0-9a-f-]{36}$/);
      // The token (a JWT: `eyJ…`) is never kept.
      expect(kept).not.toContain('eyJ');
      expect(postsTurnedAway()).toBeGreaterThanOrEqual(1);

      // The pane is reloaded (as when Excel's task pane is closed and opened again).
      await page.reload();
      await signInAs(page, 'unit:transport');
      await page.getByText('待发送的报表').waitFor({ timeout: 30_000 });
      await page.getByTestId('pending-reports').getByText('2006年5月').waitFor();
      // It tries again by itself while the API is still down, and nothing has reached the API.
      const before = postsTurnedAway();
      await expect.poll(postsTurnedAway, { timeout: 30_000, interval: 200 }).toBeGreaterThan(before);
      expect(preview.submissions).toEqual([]);
      expect(await stack.fetchJson(`/v1/submissions/${REPORT}`, { as: 'office' })).toMatchObject({
        status: 404,
      });

      // The API is back: without any click, the pane sends the report.
      preview.outage = 'none';
      await page.getByText(REPORT).first().waitFor({ timeout: 90_000 });
      await page.getByTestId('pending-reports').waitFor({ state: 'detached', timeout: 30_000 });

      // Assess: stored once, every request that reached the API carried the kept key.
      const detail = await stack.fetchJson(`/v1/submissions/${REPORT}`, { as: 'office' });
      expect(detail.status).toBe(200);
      expect(detail.body.versions).toHaveLength(1);
      expect(detail.body.latestVersion).toBe(1);
      expect(preview.submissions.length).toBeGreaterThanOrEqual(1);
      expect(preview.submissions.map((s) => s.idempotencyKey)).toEqual(preview.submissions.map(() => key));
      expect(preview.submissions.map((s) => s.status)).toContain(201);
      expect(await page.evaluate((k) => localStorage.getItem(k), KEPT)).toBeNull();
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
      await preview.close();
      await stack.close();
    }
  }, 150_000);
});
