import { afterEach, describe, expect, test, vi } from 'vitest';
import { SIGN_IN_CODE_HEADER } from '../auth/local-code';
import { localSignIn } from './config';

const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ status, code, message: { zh: '登录码', en: 'sign-in code' } }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('the local sign-in of the pages', () => {
  test('sends the code from the address with each request, and the form needs none', async () => {
    // Prepare
    window.history.replaceState(null, '', '/preview.html?code=the-code');
    const fetchMock = vi.fn(async (url: string) =>
      url.startsWith('./local/users')
        ? Response.json([{ as: 'office', name: '王静' }])
        : Response.json({ as: 'office', token: 'a-token' }),
    );
    vi.stubGlobal('fetch', fetchMock);

    // Act
    const options = await localSignIn();
    const token = options.mode === 'local' ? await options.tokenFor('office') : undefined;

    // Assess
    expect(options).toMatchObject({ mode: 'local', users: [{ as: 'office', name: '王静' }] });
    expect(options.mode === 'local' && options.code?.has()).toBe(true);
    expect(token).toBe('a-token');
    for (const [, init] of fetchMock.mock.calls as unknown as Array<[string, RequestInit]>)
      expect((init.headers as Record<string, string>)[SIGN_IN_CODE_HEADER]).toBe('the-code');
    expect(window.location.search).toBe('');
  });

  test('without a code the stack refuses the list: no people, and the form asks for the code', async () => {
    // Prepare
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => problem(401, 'local.codeMissing')),
    );

    // Act
    const options = await localSignIn();

    // Assess
    expect(options).toMatchObject({ mode: 'local', users: [] });
    expect(options.mode === 'local' && options.code?.has()).toBe(false);
  });

  test('where there is no local sign-in (the http origin), a token is pasted instead', async () => {
    // Prepare
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('not found', { status: 404 })),
    );

    // Act
    const options = await localSignIn();

    // Assess
    expect(options.mode === 'local' && options.code).toBeUndefined();
    expect(options.mode === 'local' && options.users.map((u) => u.as)).toEqual(['office', 'leader']);
  });
});
