/**
 * The monthly loop as the people in it go through it, in the browser preview (Chromium, 350 px),
 * against the real API: a unit submits a report with a row behind schedule and its explanation;
 * the office opens the review and sees names, targets, completion, status and the explanation,
 * and returns it with a comment; the unit is told at sign-in, corrects the sheet and submits
 * again; the office sees what changed since version 1 and accepts; the unit's history keeps both
 * versions and the comment.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  addinForFile,
  openPane,
  overflowing,
  paneShot,
  ROOT,
  signInAs,
  withPreview,
} from '../support/preview';

const build = addinForFile();

const FIXTURE = join(ROOT, 'test', 'fixtures', 'reference', 'progress-2006-05-transport.xlsx');

/** Types `text` into a cell of the preview's grid (its sheet chosen first). */
async function typeInto(page: Page, address: string, text: string): Promise<void> {
  const sheet = address.split('!')[0]!;
  await page.getByRole('tab', { name: sheet, exact: true }).click();
  const cell = page.locator(`[data-testid="preview-grid"] td[data-address="${address}"]`);
  await cell.dblclick();
  const input = page.getByLabel(address, { exact: true });
  await input.fill(text);
  await input.press('Enter');
}

describe('a report through review and resubmission in the browser preview (Chromium)', () => {
  test('unit submits, office returns with a comment, unit is told and resubmits, office sees the change and accepts', async () => {
    expect(build.status, build.output).toBe(0);
    await withPreview(build.outDir, async ({ url, browser }) => {
      const { page, errors, outside } = await openPane(browser, url, 3200);
      const signOut = () => page.getByRole('button', { name: '退出' }).click();

      // The unit: its May sheet with 4.5 km of 35 (two roads not yet done), behind schedule.
      await signInAs(page, 'unit:transport', 20_000);
      await page.locator('[data-testid="open-xlsx"]').setInputFiles(FIXTURE);
      await page.locator('[data-testid="preview-grid"] td[data-address="进度报表!G5"]').waitFor();
      await typeInto(page, '项目明细!F3', '0');
      await typeInto(page, '项目明细!F4', '0');
      await typeInto(page, '进度报表!G5', '4.5');
      await typeInto(page, '进度报表!F5', '0.9');
      await page.getByRole('button', { name: '校验', exact: true }).click();
      await page.getByLabel('滞后原因（3.1）').fill('雨季停工两周');
      await page.getByLabel('整改措施（3.1）').fill('增加两个施工班组');
      await page.getByLabel('预计完成时间（3.1）').fill('2006-10-31');
      await page.getByRole('button', { name: '保存说明并校验' }).click();
      const submit = page.getByRole('button', { name: '提交', exact: true });
      await expect.poll(() => submit.isEnabled(), { timeout: 20_000 }).toBe(true);
      await submit.click();
      await page.getByText('2006.transport.2006-05').first().waitFor({ timeout: 20_000 });
      await signOut();

      // The office: the review shows the report as it judges it.
      await signInAs(page, 'office', 20_000);
      await page
        .getByRole('button', { name: /区交通局 .*2006.*5/ })
        .first()
        .click();
      const row = page.getByRole('listitem', { name: /^3\.1 / });
      await row.waitFor({ timeout: 20_000 });
      const first = (await row.textContent()) ?? '';
      expect(first).toContain('建成乡镇到村水泥(沥青)路');
      expect(first).toContain('年度目标：35 公里');
      expect(first).toContain('累计完成：4.5');
      expect(first).toMatch(/完成率：12\.9%/);
      expect(first).toMatch(/应完成：\d+\.\d%/);
      expect(first).toMatch(/滞后|预警/);
      expect(first).toContain('滞后原因：雨季停工两周');
      expect(first).toContain('整改措施：增加两个施工班组');
      expect(first).toContain('预计完成时间：2006-10-31');
      await page.getByLabel('审核意见').fill('请核实河口乡和石桥镇两条路的完成里程');
      await page.getByRole('button', { name: '退回', exact: true }).click();
      await page.getByText('审核已保存').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByRole('button', { name: '退回', exact: true }).count()).toBe(0);
      await page
        .getByText(/已退回 · .*请核实河口乡和石桥镇两条路的完成里程/)
        .first()
        .waitFor();
      await paneShot(page, 'review-returned-zh.png');
      await signOut();

      // The unit: told at sign-in, corrects the sheet and submits again.
      await signInAs(page, 'unit:transport', 20_000);
      const notice = page.getByRole('status', { name: /考核办退回了以下报表/ });
      await notice.waitFor({ timeout: 20_000 });
      expect(await notice.textContent()).toContain('请核实河口乡和石桥镇两条路的完成里程');
      await typeInto(page, '项目明细!F3', '6.2');
      await typeInto(page, '项目明细!F4', '4.9');
      await typeInto(page, '进度报表!G5', '15.6');
      await typeInto(page, '进度报表!F5', '5.7');
      await page.getByRole('button', { name: '校验', exact: true }).click();
      await page.getByText('校验通过，没有发现问题').waitFor({ timeout: 20_000 });
      await submit.click();
      await page.getByText('2006.transport.2006-05').first().waitFor({ timeout: 20_000 });
      await signOut();

      // The office: what changed since version 1, then accept.
      await signInAs(page, 'office', 20_000);
      await page
        .getByRole('button', { name: /区交通局 .*2006.*5/ })
        .first()
        .click();
      await row.waitFor({ timeout: 20_000 });
      const second = (await row.textContent()) ?? '';
      expect(second).toContain('累计完成：4.5 → 15.6');
      expect(second).toContain('本月完成：0.9 → 5.7');
      expect(await page.getByText('标出较第 1 版的改动').count()).toBe(1);
      await paneShot(page, 'review-changes-zh.png');
      expect(await overflowing(page)).toEqual([]);
      await page.getByRole('button', { name: '通过', exact: true }).click();
      await page.getByText('审核已保存').waitFor({ timeout: 20_000 });
      await page
        .getByText(/^已通过 · /)
        .first()
        .waitFor();
      await signOut();

      // The unit's history: both versions, the returned one with the comment.
      await signInAs(page, 'unit:transport', 20_000);
      expect(await page.getByRole('status', { name: /考核办退回了以下报表/ }).count()).toBe(0);
      await page.getByRole('button', { name: '历史', exact: true }).click();
      const versions = page.getByRole('list', { name: '2006年5月 各版本' });
      await versions.waitFor({ timeout: 20_000 });
      const items = await versions.getByRole('listitem').allTextContents();
      expect(items).toHaveLength(2);
      expect(items[0]).toMatch(/^版本 2 已通过/);
      expect(items[1]).toMatch(/^版本 1 已退回.*请核实河口乡和石桥镇两条路的完成里程/);
      await paneShot(page, 'history-zh.png');

      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    });
  }, 240_000);
});
