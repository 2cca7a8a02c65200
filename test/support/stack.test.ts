import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestStack, type TestStack } from './stack';

describe('startTestStack', () => {
  let a: TestStack;
  let b: TestStack;

  beforeAll(async () => {
    a = await startTestStack();
    b = await startTestStack({ seed: false });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  test('serves the real handlers with the sample plan seeded', async () => {
    // Act
    const health = await a.fetchJson('/v1/health');
    const plan = await a.fetchJson('/v1/plans/2006', { as: 'leader' });

    // Assess
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(plan.status).toBe(200);
    expect(plan.body.plan.organisation.id).toBe('sample-district');
  });

  test('two stacks side by side have their own table and keys', async () => {
    // Act
    const unseeded = await b.fetchJson('/v1/plans/2006', { as: 'leader' });
    const stillSeeded = await a.fetchJson('/v1/plans/2006', { as: 'leader' });
    const aTokenOnB = await b.fetchJson('/v1/plans/2006', {
      headers: { authorization: `Bearer ${await a.token('leader')}` },
    });

    // Assess
    expect(a.tableName).not.toBe(b.tableName);
    expect(unseeded.status).toBe(404);
    expect(stillSeeded.status).toBe(200);
    expect(aTokenOnB.status).toBe(401);
  });

  test.each([
    ['an expired token', { expiresIn: -60 }, 'auth.expired'],
    ['a wrong audience', { audience: 'someone-else' }, 'auth.invalid'],
    ['a wrong issuer', { issuer: 'someone-else' }, 'auth.invalid'],
    ['another key', { otherKey: true }, 'auth.invalid'],
  ])('tokenWith makes %s, which the handlers refuse', async (_what, overrides, code) => {
    // Prepare
    const token = await a.tokenWith({ as: 'office', ...overrides });

    // Act
    const res = await a.fetchJson('/v1/status/2006', { headers: { authorization: `Bearer ${token}` } });

    // Assess
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(code);
  });

  test('token(as) signs for the named sample user', async () => {
    // Act
    const token = await a.token('unit:labor');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

    // Assess
    expect(claims).toMatchObject({
      sub: 'local:sample-district:unit:labor',
      org: 'sample-district',
      role: 'unit',
      unit: 'labor',
      name: '孙丽',
      iss: 'shishi-local',
    });
    await expect(a.token('unit:police')).rejects.toThrow(/police/);
  });
});
