import { describe, expect, test } from 'vitest';
import { addinForFile, openPane, overflowing, paneShot, signInAs, withPreview } from '../support/preview';

const build = addinForFile();

describe('the office manages its people in the browser preview (Chromium)', () => {
  test('adds a person for a unit, who then signs in; disabled, they are refused', async () => {
    // Prepare
    expect(build.status, build.output).toBe(0);
    await withPreview(build.outDir, async ({ stack, url, browser, preview }) => {
      const { page, errors, outside } = await openPane(browser, url);

      // Act: the office adds 赵敏 for the labour bureau
      await signInAs(page, 'office', 20_000);
      await page.getByRole('tab', { name: '人员' }).click();
      const list = page.getByRole('region', { name: '本机构人员' });
      await list.getByText('王静').first().waitFor({ timeout: 20_000 });
      const form = page.getByRole('region', { name: '添加人员' });
      await form.getByRole('textbox', { name: '姓名' }).fill('赵敏');
      await form.getByRole('textbox', { name: '手机' }).fill('13800001234');
      await form.getByRole('combobox', { name: '角色' }).selectOption({ label: '单位填报人' });
      await form.getByRole('combobox', { name: '所属单位' }).selectOption({ label: '区劳动和社会保障局' });
      await form.getByRole('button', { name: '添加人员' }).click();
      await page.getByText('已添加').first().waitFor({ timeout: 20_000 });
      await list.getByText('赵敏').waitFor();
      const wideZh = await overflowing(page);
      await paneShot(page, 'addin-people-zh.png');
      await page.getByRole('button', { name: '语言' }).click();
      await page.getByRole('region', { name: 'People of the organisation' }).waitFor();
      const wideEn = await overflowing(page);
      await paneShot(page, 'addin-people-en.png');
      await page.getByRole('button', { name: 'Language' }).click();
      await page.getByRole('region', { name: '本机构人员' }).waitFor();

      // Assess: stored for the office's own organisation
      const people = await stack.fetchJson('/v1/users', { as: 'office' });
      const added = people.body.items.find((p: { name: string }) => p.name === '赵敏');
      expect(added).toMatchObject({ role: 'unit', unit: 'labor', phone: '13800001234', state: 'active' });
      expect(wideZh).toEqual([]);
      expect(wideEn).toEqual([]);

      // Act: she signs in from the local sign-in list and reaches the staff view
      await page.getByRole('button', { name: '退出' }).click();
      await signInAs(page, added.sub, 20_000);
      await page.getByText('赵敏').first().waitFor({ timeout: 20_000 });
      const token = await page.evaluate(
        async ({ sub, code }) => {
          const r = await fetch(`./local/token?as=${encodeURIComponent(sub)}`, {
            headers: { 'x-shishi-sign-in-code': code },
          });
          return ((await r.json()) as { token: string }).token;
        },
        { sub: added.sub, code: preview.code },
      );
      await page.getByRole('button', { name: '退出' }).click();

      // Act: the office disables her, confirming
      await signInAs(page, 'office', 20_000);
      await page.getByRole('tab', { name: '人员' }).click();
      const row = page.getByRole('listitem', { name: '赵敏' });
      await row.getByRole('button', { name: '停用' }).click();
      await row.getByRole('group', { name: '停用' }).getByRole('button', { name: '停用' }).click();
      await row
        .getByText('已停用')
        .or(row.getByRole('button', { name: '启用' }))
        .first()
        .waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: '退出' }).click();
      const options = await page.locator('form[aria-label="登录"] select option').allTextContents();
      const refused = await fetch(`${stack.url}/v1/plans`, { headers: { authorization: `Bearer ${token}` } });

      // Assess
      expect(options.some((o) => o.includes('赵敏'))).toBe(false);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('auth.disabled');
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    });
  }, 180_000);
});
