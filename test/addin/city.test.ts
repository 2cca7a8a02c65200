/**
 * The city's assessment office in the browser preview (Chromium) at Excel's 350 px pane: its
 * districts ranked, one opened and back, in Chinese and in English, nothing wider than the pane.
 */
import { describe, expect, test } from 'vitest';
import { addinForFile, openPane, overflowing, paneShot, signInAs, withPreview } from '../support/preview';

const build = addinForFile();

describe("the city's office in the browser preview (Chromium)", () => {
  test('sees both districts ranked, opens △△县 and goes back, at 350 px in Chinese and English', async () => {
    // Prepare
    expect(build.status, build.output).toBe(0);
    await withPreview(build.outDir, async ({ browser, url }) => {
      const { page, errors, outside } = await openPane(browser, url);

      // Act
      await signInAs(page, 'city', 20_000, 'sample-city');
      const list = page.getByRole('region', { name: '各区县' });
      await list.waitFor({ timeout: 20_000 });
      const names = await list
        .getByRole('button')
        .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
      const wideCity = await overflowing(page);
      await paneShot(page, 'addin-city-zh.png');
      await list.getByRole('button', { name: '查看△△县' }).click();
      await page.getByRole('heading', { name: '△△县' }).waitFor({ timeout: 20_000 });
      const pledges = await page.getByRole('region', { name: '总体情况' }).textContent();
      const wideCounty = await overflowing(page);
      await paneShot(page, 'addin-city-county-zh.png');
      await page.getByRole('button', { name: '返回全市' }).click();
      await list.waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: '语言' }).click();
      const listEn = page.getByRole('region', { name: 'Districts' });
      await listEn.waitFor({ timeout: 20_000 });
      const wideEn = await overflowing(page);
      await paneShot(page, 'addin-city-en.png');

      // Assess
      expect(names.sort()).toEqual(['查看××区', '查看△△县'].sort());
      expect(await listEn.getByRole('button').first().textContent()).toContain('No. 1');
      expect(pledges).toContain('农村公路建设');
      expect(wideCity).toEqual([]);
      expect(wideCounty).toEqual([]);
      expect(wideEn).toEqual([]);
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    });
  }, 180_000);
});
