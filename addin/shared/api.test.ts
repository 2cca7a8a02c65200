import { describe, expect, test, vi } from 'vitest';
import { apiForSession } from './api';
import { createSession } from './session';

/** A fetch that records each request's address and token and answers an empty list. */
function fakeFetch() {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: Object.fromEntries(new Headers(init?.headers).entries()) });
    return new Response(JSON.stringify({ items: [] }), { headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fn, calls };
}

describe('apiForSession', () => {
  test('reads the session address and token on each request', async () => {
    const s = createSession({ apiBaseUrl: 'http://one.test' });
    const f = fakeFetch();
    const api = apiForSession(s, { fetch: f.fetch });
    await api.listSubmissions({ year: 2006 });
    s.setApiBaseUrl('http://two.test/');
    s.signIn({ token: 'abc' });
    await api.listSubmissions({ year: 2006 });
    expect(f.calls.map((c) => [c.url.split('/v1')[0], c.headers.authorization])).toEqual([
      ['http://one.test', undefined],
      ['http://two.test', 'Bearer abc'],
    ]);
  });
});
