import { SignJWT } from 'jose';
import { describe, expect, it, test } from 'vitest';
import type { Principal } from '../../api/roles';
import { createVerifier, generateKeys, issueToken } from './tokens';

const settings = { issuer: 'shishi-local', audience: 'shishi' };
const office: Principal = { sub: 'local:office', role: 'office', org: 'd1' };

describe('tokens', async () => {
  const keys = await generateKeys();
  const other = await generateKeys();
  const verify = createVerifier({ ...settings, publicJwk: JSON.stringify(keys.publicJwk) });
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('accepts a token it issued and returns the principal', async () => {
    const token = await issueToken(keys.privateJwk, { ...office, name: '考核办' }, settings);
    expect(await verify(`Bearer ${token}`)).toEqual({ ok: true, value: { ...office, name: '考核办' } });
  });

  test.each<[string, () => Promise<string | undefined>, string]>([
    ['no header', async () => undefined, 'auth.missing'],
    ['not a bearer', async () => 'Basic abc', 'auth.missing'],
    [
      'signed by another key',
      async () => `Bearer ${await issueToken(other.privateJwk, office, settings)}`,
      'auth.invalid',
    ],
    [
      'expired',
      async () => `Bearer ${await issueToken(keys.privateJwk, office, settings, -60)}`,
      'auth.expired',
    ],
    [
      'for another audience',
      async () => `Bearer ${await issueToken(keys.privateJwk, office, { ...settings, audience: 'other' })}`,
      'auth.invalid',
    ],
    [
      'from another issuer',
      async () => `Bearer ${await issueToken(keys.privateJwk, office, { ...settings, issuer: 'x' })}`,
      'auth.invalid',
    ],
    [
      'alg none',
      async () =>
        `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'office', org: 'd1', iss: settings.issuer, aud: settings.audience, exp: 9_999_999_999 })}.`,
      'auth.invalid',
    ],
    [
      'HS256 signed with the public key as secret',
      async () =>
        `Bearer ${await new SignJWT({ role: 'office', org: 'd1' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuer(settings.issuer)
          .setAudience(settings.audience)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(JSON.stringify(keys.publicJwk)))}`,
      'auth.invalid',
    ],
    [
      'a unit token without a unit',
      async () =>
        `Bearer ${await issueToken(keys.privateJwk, { sub: 'u', role: 'unit', org: 'd1' }, settings)}`,
      'auth.claims',
    ],
  ])('rejects %s with %s', async (_what, make, code) => {
    const out = await verify(await make());
    expect(out.ok ? 'accepted' : out.error.code).toBe(code);
  });
});
