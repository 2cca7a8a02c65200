/**
 * People, end to end through the real handlers and DynamoDB Local: the office adds a person for a
 * unit, that person signs in on the local sign-in and submits, the audit names them, and once the
 * office disables them their token is refused on its next request.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import { localSignIn } from '../../functions/local/sign-in';
import { localDate } from '../../functions/runtime';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const thisYear = () => localDate(new Date()).slice(0, 4);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('people', () => {
  test('an office adds a person for a unit; they sign in and submit; the audit names them; disabled, their token is refused', async () => {
    // Act: the office adds 赵敏 for the labour bureau
    const added = await stack.fetchJson('/v1/users', {
      method: 'POST',
      as: 'office',
      json: { name: '赵敏', phone: '13800001234', role: 'unit', unit: 'labor' },
    });

    // Assess
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({
      org: 'sample-district',
      name: '赵敏',
      phone: '13800001234',
      role: 'unit',
      unit: 'labor',
      state: 'active',
      createdBy: 'local:sample-district:office',
    });
    expect(added.body.username).toBeUndefined();
    const sub: string = added.body.sub;

    // Act: she appears on the local sign-in and signs in there
    const signIn = localSignIn(stack.deps, stack.keys.privateJwk, 3600);
    const listed = (await signIn.users()).find((u) => u.as === sub);
    const token = await signIn.tokenFor(sub);
    expect(token).toBeDefined();
    const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString('utf8'));
    const sent = await stack.fetchJson('/v1/submissions', {
      method: 'POST',
      headers: { ...bearer(token!), 'idempotency-key': 'people-zhaomin-0001' },
      json: LABOR_2006_05,
    });
    const audit = await stack.fetchJson('/v1/audit?year=2006&limit=1000', { as: 'office' });
    // Changes of people are audited in the calendar year they were made (people outlive a plan).
    const people = await stack.fetchJson(`/v1/audit?year=${thisYear()}&limit=1000`, { as: 'office' });

    // Assess
    expect(listed?.label).toContain('赵敏');
    expect(listed?.label).toContain('劳动');
    expect(claims).toMatchObject({ sub, org: 'sample-district', role: 'unit', unit: 'labor', name: '赵敏' });
    expect(sent.status, sent.text).toBe(201);
    const entries = audit.body.items as Array<Record<string, string>>;
    expect(people.body.items).toContainEqual(
      expect.objectContaining({
        action: 'user.create',
        target: `user/${sub}`,
        who: 'local:sample-district:office',
        name: '王静',
        role: 'office',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'submission.create',
        who: sub,
        name: '赵敏',
        role: 'unit',
        unit: 'labor',
      }),
    );

    // Act: the office disables her
    const disabled = await stack.fetchJson(`/v1/users/${encodeURIComponent(sub)}`, {
      method: 'PATCH',
      as: 'office',
      json: { state: 'disabled' },
    });
    const refused = await stack.fetchJson('/v1/plans', { headers: bearer(token!) });
    const list = await stack.fetchJson('/v1/users', { as: 'office' });
    const afterDisable = await stack.fetchJson(`/v1/audit?year=${thisYear()}&limit=1000`, { as: 'office' });

    // Assess: refused on the next request, kept (not deleted) and audited
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.body).toMatchObject({
      sub,
      state: 'disabled',
      updatedBy: 'local:sample-district:office',
    });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.disabled');
    expect(refused.body.message.zh).toContain('停用');
    expect(list.body.items).toContainEqual(expect.objectContaining({ sub, state: 'disabled', name: '赵敏' }));
    expect(await signIn.tokenFor(sub)).toBeUndefined();
    expect((await signIn.users()).some((u) => u.as === sub)).toBe(false);
    expect(afterDisable.body.items).toContainEqual(
      expect.objectContaining({
        action: 'user.update',
        target: `user/${sub}`,
        detail: 'state=disabled',
        name: '王静',
      }),
    );

    // Act: enabled again, the same token works again
    const enabled = await stack.fetchJson(`/v1/users/${encodeURIComponent(sub)}`, {
      method: 'PATCH',
      as: 'office',
      json: { state: 'active' },
    });
    const again = await stack.fetchJson('/v1/plans', { headers: bearer(token!) });

    // Assess
    expect(enabled.body.state).toBe('active');
    expect(again.status).toBe(200);
  });

  test('lists the sample people of the office’s own organisation: the office first, unit staff in the plan’s order', async () => {
    // Act
    const list = await stack.fetchJson('/v1/users', { as: 'office' });

    // Assess
    expect(list.status).toBe(200);
    const items = list.body.items as Array<Record<string, string>>;
    expect(items[0]).toMatchObject({ role: 'office', name: '王静', org: 'sample-district' });
    expect(items.every((p) => p.org === 'sample-district')).toBe(true);
    // Unit staff in the order of the plan's units, as the office reads its plan.
    expect([...new Set(items.filter((p) => p.role === 'unit').map((p) => p.unit))]).toEqual(
      SAMPLE_PLAN_2006.units.map((u) => u.id),
    );
  });

  test.each([
    [{ name: '', phone: '13800000000', role: 'office' }, 'name'],
    [{ name: '钱进', role: 'office' }, 'phone'],
    [{ name: '钱进', phone: 'abc', role: 'office' }, 'phone'],
    [{ name: '钱进', email: 'not-an-address', role: 'leader' }, 'email'],
    [{ name: '钱进', phone: '13800000000', role: 'unit' }, 'unit'],
    [{ name: '钱进', phone: '13800000000', role: 'leader', unit: 'labor' }, 'unit'],
    [{ name: '钱进', phone: '13800000000', role: 'admin' }, 'role'],
    [{ name: '钱进', phone: '13800000000', role: 'unit', unit: 'police' }, 'unit'],
  ])('refuses %j naming the field %s, and stores nobody', async (body, field) => {
    // Act
    const before = await stack.fetchJson('/v1/users', { as: 'office' });
    const res = await stack.fetchJson('/v1/users', { method: 'POST', as: 'office', json: body });
    const after = await stack.fetchJson('/v1/users', { as: 'office' });

    // Assess
    expect(res.status, res.text).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', field });
    expect(res.body.message.zh).toBeTruthy();
    expect(res.body.message.en).toBeTruthy();
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  test('a second person with the same phone is refused (409 user.exists); the office cannot disable itself', async () => {
    // Act
    const first = await stack.fetchJson('/v1/users', {
      method: 'POST',
      as: 'office',
      json: { name: '孔亮', phone: '139 0000 5555', role: 'leader' },
    });
    const twin = await stack.fetchJson('/v1/users', {
      method: 'POST',
      as: 'office',
      json: { name: '孔亮二', phone: '13900005555', role: 'leader' },
    });
    const self = await stack.fetchJson(`/v1/users/${encodeURIComponent('local:sample-district:office')}`, {
      method: 'PATCH',
      as: 'office',
      json: { state: 'disabled' },
    });
    const nobody = await stack.fetchJson('/v1/users/local:nobody', {
      method: 'PATCH',
      as: 'office',
      json: { state: 'disabled' },
    });

    // Assess
    expect(first.status).toBe(201);
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ code: 'user.exists', field: 'phone' });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ code: 'request.invalid', field: 'state' });
    expect(nobody.status).toBe(404);
    expect(nobody.body.code).toBe('user.notFound');
  });

  test.each(['leader', 'unit:labor'])('%s may not list, add or change people (403)', async (as) => {
    // Act
    const list = await stack.fetchJson('/v1/users', { as });
    const add = await stack.fetchJson('/v1/users', {
      method: 'POST',
      as,
      json: { name: '冒名', phone: '13800009999', role: 'office' },
    });
    const patch = await stack.fetchJson('/v1/users/local:sample-district:office', {
      method: 'PATCH',
      as,
      json: { state: 'disabled' },
    });

    // Assess
    expect([list.status, add.status, patch.status]).toEqual([403, 403, 403]);
  });
});
