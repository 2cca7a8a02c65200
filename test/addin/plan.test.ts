/**
 * A district sets up its 2007 plan in the task pane, in real Chromium against the real local
 * stack: the office opens the city's 2007 目标任务分解表 in the browser preview, imports it,
 * fills the first responsible persons and the base of 2.4, and publishes; a unit then signs in
 * and works in 2007, and the office board and the leader view show 2007. Screenshots of the plan
 * view at Excel's 350 px pane width, in Chinese and in English, go to test-output/.
 *
 * Needs the server side of plan set-up (GET /v1/plans, POST /v1/plans/{year}/import, …/publish).
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { addinForFile, openPane, paneShot, ROOT, signInAs, withPreview } from '../support/preview';

const build = addinForFile();

/** The city's 2006 workbook made into its 2007 one: every 2006 in its texts becomes 2007. */
async function cityTargets2007(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(ROOT, 'test', 'fixtures', 'reference', 'city-targets-2006.xlsx'));
  const to2007 = (s: string) => s.replaceAll('2006', '2007');
  wb.eachSheet((ws) => {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const v = cell.value;
        if (typeof v === 'string') cell.value = to2007(v);
        else if (v && typeof v === 'object' && 'richText' in v)
          cell.value = { richText: v.richText.map((r) => ({ ...r, text: to2007(r.text) })) };
        else if (v instanceof Date && v.getUTCFullYear() === 2006) {
          const d = new Date(v);
          d.setUTCFullYear(2007);
          cell.value = d;
        }
      });
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('plan set-up in the browser preview (Chromium)', () => {
  test('the office imports, completes and publishes 2007; a unit, the board and the leader then work in 2007', async () => {
    // Prepare
    expect(build.status, build.output).toBe(0);
    await withPreview(build.outDir, async ({ stack, url, browser }) => {
      const { page, errors, outside } = await openPane(browser, url);
      const yearSwitcher = page.getByRole('combobox', { name: '年度' });
      const signIn = (as: string) => signInAs(page, as, 20_000);
      const signOut = () => page.getByRole('button', { name: '退出' }).click();

      // Act: the office opens the city's 2007 workbook and imports it in the plan view.
      await signIn('office');
      await page.locator('[data-testid="open-xlsx"]').setInputFiles({
        name: 'city-targets-2007.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await cityTargets2007(),
      });
      await page.getByTestId('workbook-label').getByText('city-targets-2007.xlsx').waitFor();
      await page.getByRole('tab', { name: '计划' }).click();
      const year = page.getByRole('spinbutton', { name: '年度' });
      await year.fill('2007');
      await page.getByText('该年度还没有计划').waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: '导入分解表' }).click();
      await page.getByText('已导入为草稿').waitFor({ timeout: 30_000 });

      // Complete the draft: one first responsible person per indicator, the base of 2.4.
      const names = page.getByRole('textbox', { name: / 姓名 1$/ });
      const count = await names.count();
      expect(count).toBeGreaterThan(10);
      for (let k = 0; k < count; k++) {
        const label = (await names.nth(k).getAttribute('aria-label')) ?? '';
        const id = label.split(' ')[0] ?? '';
        await names.nth(k).fill(`责任人${id}`);
        await page.getByRole('textbox', { name: `${id} 职务 1`, exact: true }).fill('局长');
      }
      await page.getByRole('textbox', { name: '2.4 上年基数', exact: true }).fill('500');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('草稿已保存').waitFor({ timeout: 20_000 });
      await paneShot(page, 'addin-plan-zh.png');
      await page.getByRole('button', { name: '语言' }).click();
      await page.getByRole('button', { name: "Import the city's workbook" }).waitFor();
      await paneShot(page, 'addin-plan-en.png');
      await page.getByRole('button', { name: 'Language' }).click();
      await page.getByRole('button', { name: '导入分解表' }).waitFor();

      await page.getByRole('button', { name: '发布' }).click();
      await page.getByText('计划已发布').waitFor({ timeout: 20_000 });

      // Assess: the published plan is the one completed, and the office is now in 2007.
      const stored = await stack.fetchJson('/v1/plans/2007', { as: 'office' });
      expect(stored.status).toBe(200);
      const indicators: Array<{ id: string; base?: number; responsible: Array<{ name: string }> }> =
        stored.body.plan.indicators;
      expect(indicators.find((i) => i.id === '2.4')?.base).toBe(500);
      expect(indicators.every((i) => i.responsible[0]?.name === `责任人${i.id}`)).toBe(true);
      await expect.poll(() => yearSwitcher.inputValue(), { timeout: 20_000 }).toBe('2007');
      await page.getByRole('tab', { name: '报送情况' }).click();
      await page.getByText('区交通局').first().waitFor({ timeout: 20_000 });

      // A unit signs in: its year is 2007.
      await signOut();
      await signIn('unit:transport');
      await expect.poll(() => yearSwitcher.inputValue(), { timeout: 20_000 }).toBe('2007');
      await page.getByRole('button', { name: '识别', exact: true }).waitFor();

      // The leader reads 2007, as of its end (2007 is over).
      await signOut();
      await signIn('leader');
      await expect.poll(() => yearSwitcher.inputValue(), { timeout: 20_000 }).toBe('2007');
      await page.getByText('截至 2007-12-31').waitFor({ timeout: 20_000 });

      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    });
  }, 180_000);
});
