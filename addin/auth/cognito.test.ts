import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  type CognitoConfig,
  CognitoSignInError,
  callbackMessage,
  createCognitoSignIn,
  type DialogEventArgs,
  type DialogResultLike,
  type OfficeDialogApi,
} from './cognito';

const CONFIG: CognitoConfig = {
  domain: 'https://shishi.auth.cn-north-1.amazoncognito.com/',
  clientId: 'client123',
  redirectUri: 'https://addin.example.gov.cn/auth-callback.html',
};
const DOMAIN = 'https://shishi.auth.cn-north-1.amazoncognito.com';

type Ev = 'message' | 'event';

/** A fake `Office` whose dialog records the URL and lets the test fire its events. */
function fakeOffice(opts: { failWith?: { code: number; message: string } } = {}) {
  const handlers = new Map<Ev, (args: DialogEventArgs) => void>();
  const calls: Array<{ url: string; options: unknown }> = [];
  const dialog = {
    close: vi.fn(),
    addEventHandler: (t: Ev, h: (a: DialogEventArgs) => void) => handlers.set(t, h),
  };
  let opened: () => void = () => {};
  const whenOpened = new Promise<void>((r) => {
    opened = r;
  });
  const office: OfficeDialogApi<Ev> = {
    EventType: { DialogMessageReceived: 'message', DialogEventReceived: 'event' },
    context: {
      ui: {
        displayDialogAsync(url, options, callback) {
          calls.push({ url, options });
          const result: DialogResultLike<Ev> = opts.failWith
            ? { status: 'failed', value: undefined as never, error: opts.failWith }
            : { status: 'succeeded', value: dialog };
          setTimeout(() => {
            callback(result);
            opened();
          }, 0);
        },
      },
    },
  };
  const url = () => new URL(calls[0]?.url ?? 'about:blank');
  return {
    office,
    dialog,
    calls,
    whenOpened,
    url,
    state: () => url().searchParams.get('state') ?? '',
    send: (message: unknown) =>
      handlers.get('message')?.({ message: JSON.stringify(message), origin: undefined }),
    fire: (error: number) => handlers.get('event')?.({ error }),
  };
}

function fakeFetch(status: number, body: unknown) {
  return vi.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

function setup(opts: { status?: number; body?: unknown; failWith?: { code: number; message: string } } = {}) {
  const fake = fakeOffice(opts.failWith ? { failWith: opts.failWith } : {});
  const fetch = fakeFetch(opts.status ?? 200, opts.body ?? { id_token: 'ID.TOKEN.x', access_token: 'A' });
  const signIn = createCognitoSignIn(CONFIG, {
    office: fake.office,
    fetch,
    crypto: webcrypto as unknown as Crypto,
    now: () => new Date('2026-05-01T00:00:00Z'),
  });
  return { ...fake, fetch, signIn };
}

const formOf = (fetch: ReturnType<typeof fakeFetch>) =>
  new URLSearchParams(String(fetch.mock.calls[0]?.[1]?.body));

describe('createCognitoSignIn', () => {
  it('opens the hosted UI with every parameter and an S256 challenge of the verifier later sent', async () => {
    // Prepare
    const t = setup();

    // Act
    const token = t.signIn.start();
    await t.whenOpened;
    t.send({ code: 'CODE1', state: t.state() });
    await token;

    // Assess
    const url = t.url();
    expect(`${url.origin}${url.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(t.calls[0]?.url).toContain('scope=openid+email+profile');
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('client123');
    expect(q.get('redirect_uri')).toBe(CONFIG.redirectUri);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('state')).toMatch(/^[A-Za-z0-9\-._~]{16,}$/);
    expect(t.calls[0]?.options).toEqual({ height: 60, width: 30, promptBeforeOpen: false });
    const verifier = formOf(t.fetch).get('code_verifier') ?? '';
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('exchanges a good callback code at the token endpoint, closes the dialog and resolves the id token', async () => {
    // Prepare
    const t = setup();

    // Act
    const token = t.signIn.start();
    await t.whenOpened;
    t.send({ code: 'CODE1', state: t.state() });

    // Assess
    await expect(token).resolves.toBe('ID.TOKEN.x');
    expect(t.dialog.close).toHaveBeenCalledOnce();
    expect(t.fetch).toHaveBeenCalledOnce();
    const [input, init] = t.fetch.mock.calls[0] ?? [];
    expect(String(input)).toBe(`${DOMAIN}/oauth2/token`);
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/x-www-form-urlencoded');
    const form = formOf(t.fetch);
    expect([...form.keys()].sort()).toEqual([
      'client_id',
      'code',
      'code_verifier',
      'grant_type',
      'redirect_uri',
    ]);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('client_id')).toBe('client123');
    expect(form.get('code')).toBe('CODE1');
    expect(form.get('redirect_uri')).toBe(CONFIG.redirectUri);
  });

  it('refuses a callback with another state and never calls the token endpoint', async () => {
    // Prepare
    const t = setup();

    // Act
    const token = t.signIn.start();
    await t.whenOpened;
    t.send({ code: 'CODE1', state: 'forged' });

    // Assess
    await expect(token).rejects.toMatchObject({ name: 'CognitoSignInError', code: 'state' });
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.dialog.close).toHaveBeenCalledOnce();
  });

  it('rejects with a bilingual message when the user closes the dialog (12006)', async () => {
    // Prepare
    const t = setup();

    // Act
    const token = t.signIn.start();
    await t.whenOpened;
    t.fire(12006);

    // Assess
    const e = await token.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CognitoSignInError);
    expect((e as CognitoSignInError).code).toBe('dialog.12006');
    expect((e as CognitoSignInError).text.zh).toContain('登录窗口已关闭');
    expect((e as CognitoSignInError).text.en).toMatch(/closed/);
    expect(t.fetch).not.toHaveBeenCalled();
  });

  it('rejects when the dialog cannot open (12007: another dialog is open)', async () => {
    // Prepare
    const t = setup({ failWith: { code: 12007, message: 'A dialog is already opened.' } });

    // Act
    const token = t.signIn.start();

    // Assess
    await expect(token).rejects.toMatchObject({ code: 'dialog.12007' });
    expect(t.fetch).not.toHaveBeenCalled();
  });

  it('rejects with the error the hosted UI sends back', async () => {
    // Prepare
    const t = setup();

    // Act
    const token = t.signIn.start();
    await t.whenOpened;
    t.send({ error: 'access_denied', error_description: 'User is disabled', state: t.state() });

    // Assess
    await expect(token).rejects.toMatchObject({ code: 'authorize.access_denied' });
    await expect(token).rejects.toThrow(/User is disabled/);
  });

  it('rejects with the token endpoint’s error_description on a 400', async () => {
    // Prepare
    const t = setup({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid code verifier' },
    });

    // Act
    const token = t.signIn.start();
    await t.whenOpened;
    t.send({ code: 'CODE1', state: t.state() });

    // Assess
    await expect(token).rejects.toMatchObject({ code: 'token.invalid_grant' });
    await expect(token).rejects.toThrow(/Invalid code verifier/);
    expect(t.dialog.close).toHaveBeenCalledOnce();
  });
});

describe('callbackMessage (the redirect page)', () => {
  it('reads the code and state, or the error, from the query', () => {
    expect(callbackMessage('?code=abc&state=s1')).toEqual({ code: 'abc', state: 's1' });
    expect(callbackMessage('?error=access_denied&error_description=No+way&state=s1')).toEqual({
      error: 'access_denied',
      error_description: 'No way',
      state: 's1',
    });
    expect(callbackMessage('')).toEqual({});
  });
});
