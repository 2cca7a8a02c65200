/**
 * Signing in to a Cognito user pool's hosted UI from Excel: the OAuth 2.0 authorization-code
 * flow with PKCE (RFC 7636, S256), through Office.js's own dialog API
 * (`Office.context.ui.displayDialogAsync`) — not `@microsoft/office-js-helpers`, which is
 * deprecated. The dialog opens the hosted UI; Cognito redirects it to `auth-callback.html`
 * (addin/entries/auth-callback.ts), which sends `{ code, state }` (or `{ error, … }`) back with
 * `messageParent`; the pane checks `state`, closes the dialog and exchanges the code (with the
 * verifier) at the token endpoint. The id token — it carries `cognito:groups` and
 * `custom:district`, what the backend's `principalFromClaims` reads — is returned, never stored:
 * the session keeps it in memory.
 *
 * @example
 * const { start } = createCognitoSignIn({
 *   domain: 'https://shishi.auth.cn-north-1.amazoncognito.com',
 *   clientId: '1example23456789',
 *   redirectUri: `${location.origin}/auth-callback.html`,
 * });
 * const idToken = await start();
 */
import type { LocalizedText } from '../../domain/result';

export interface CognitoConfig {
  /** The hosted UI's origin, e.g. `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domain: string;
  /** The user pool app client's id (a public client: no secret). */
  readonly clientId: string;
  /** `https://<add-in origin>/auth-callback.html`, registered as a callback URL of the app client. */
  readonly redirectUri: string;
  /** Default `openid email profile`. */
  readonly scopes?: readonly string[];
}

/** The dialog's event arguments, as Office.js passes them. */
export type DialogEventArgs = { message: string; origin: string | undefined } | { error: number };

export interface DialogLike<E> {
  addEventHandler(eventType: E, handler: (args: DialogEventArgs) => void): void;
  close(): void;
}

export interface DialogResultLike<E> {
  /** `'succeeded'` / `'failed'` at run time (Office.AsyncResultStatus). */
  readonly status: unknown;
  readonly value: DialogLike<E>;
  readonly error?: { readonly code: number; readonly message: string } | undefined;
}

/** The part of `Office` the sign-in uses. */
export interface OfficeDialogApi<E> {
  readonly context: {
    readonly ui: {
      displayDialogAsync(
        startAddress: string,
        options: { height?: number; width?: number; promptBeforeOpen?: boolean },
        callback: (result: DialogResultLike<E>) => void,
      ): void;
    };
  };
  readonly EventType: { readonly DialogMessageReceived: E; readonly DialogEventReceived: E };
}

export interface CognitoDeps<E = Office.EventType> {
  readonly office: OfficeDialogApi<E>;
  readonly fetch: typeof fetch;
  readonly crypto: Crypto;
  /** The clock (unused by the flow itself; kept so tests and callers pass one deps shape). */
  readonly now: () => Date;
}

/** Why a sign-in failed: a short code and a message in both languages (`message` is `zh / en`). */
export class CognitoSignInError extends Error {
  override name = 'CognitoSignInError';
  readonly text: LocalizedText;

  constructor(
    /** `dialog.12006` (closed), `dialog.<code>` (could not open), `state`, `authorize.<error>`, `token.<error>`, `token.network`, `token.missing`. */
    readonly code: string,
    text: LocalizedText,
    options?: { cause?: unknown },
  ) {
    super(`${text.zh} / ${text.en}`, options);
    this.text = text;
  }
}

const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** `length` random characters from RFC 7636's unreserved set (64 of 66 used: no modulo bias). */
export function randomUnreserved(crypto: Crypto, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += UNRESERVED[b & 63];
  return out;
}

export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url(SHA-256(verifier)): the S256 code challenge. */
export async function codeChallenge(crypto: Crypto, verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Office's dialog error codes the user may meet, in both languages. */
function dialogError(code: number, message?: string): CognitoSignInError {
  const known: Record<number, LocalizedText> = {
    12006: { zh: '登录窗口已关闭，未完成登录。', en: 'The sign-in window was closed before signing in.' },
    12007: {
      zh: '已有一个对话框打开，请先关闭它再登录。',
      en: 'Another dialog is already open; close it and sign in again.',
    },
    12009: { zh: '浏览器阻止了登录窗口。', en: 'The sign-in window was blocked.' },
    12004: {
      zh: '登录页的地址不被允许（域名无效）。',
      en: 'The sign-in page address is not allowed (invalid domain).',
    },
    12005: { zh: '登录页必须使用 https。', en: 'The sign-in page must use https.' },
  };
  const text = known[code] ?? {
    zh: `无法打开登录窗口（${code}${message ? `：${message}` : ''}）。`,
    en: `Cannot open the sign-in window (${code}${message ? `: ${message}` : ''}).`,
  };
  return new CognitoSignInError(`dialog.${code}`, text);
}

/** What the callback page sends the pane. */
export type CallbackMessage = {
  readonly code?: string;
  readonly state?: string;
  readonly error?: string;
  readonly error_description?: string;
};

/** The callback page's message, from its `location.search` (`?code=…&state=…` or `?error=…`). */
export function callbackMessage(search: string): CallbackMessage {
  const q = new URLSearchParams(search);
  const pick = (k: string) => q.get(k) ?? undefined;
  const error = pick('error');
  if (error) {
    const description = pick('error_description');
    return { error, ...(description ? { error_description: description } : {}), ...stateOf(pick('state')) };
  }
  return { ...(pick('code') ? { code: pick('code') } : {}), ...stateOf(pick('state')) };
}

const stateOf = (state: string | undefined) => (state ? { state } : {});

function parseMessage(message: string): CallbackMessage | undefined {
  try {
    const m = JSON.parse(message) as unknown;
    return m && typeof m === 'object' ? (m as CallbackMessage) : undefined;
  } catch {
    return undefined;
  }
}

const trimSlash = (s: string) => s.trim().replace(/\/+$/, '');

export function createCognitoSignIn<E = Office.EventType>(
  config: CognitoConfig,
  deps?: Partial<CognitoDeps<E>>,
): { start(): Promise<string> } {
  const domain = trimSlash(config.domain);
  const scopes = config.scopes ?? DEFAULT_SCOPES;

  /** Opens the hosted UI in Office's dialog; resolves with the code once `state` checks out. */
  const authorize = (office: OfficeDialogApi<E>, url: string, state: string): Promise<string> =>
    new Promise((resolve, reject) => {
      office.context.ui.displayDialogAsync(
        url,
        { height: 60, width: 30, promptBeforeOpen: false },
        (result) => {
          const failed = String(result.status).toLowerCase() === 'failed' || !result.value;
          if (failed) {
            reject(dialogError(result.error?.code ?? 0, result.error?.message));
            return;
          }
          const dialog = result.value;
          let settled = false;
          const finish = (f: () => void) => {
            if (settled) return;
            settled = true;
            try {
              dialog.close();
            } catch {
              // already closed
            }
            f();
          };
          dialog.addEventHandler(office.EventType.DialogMessageReceived, (args) => {
            if (!('message' in args)) return;
            const m = parseMessage(args.message);
            if (!m) return; // not ours
            finish(() => {
              if (m.error) {
                reject(
                  new CognitoSignInError(`authorize.${m.error}`, {
                    zh: `登录未成功：${m.error_description ?? m.error}`,
                    en: `Sign-in did not succeed: ${m.error_description ?? m.error}`,
                  }),
                );
              } else if (typeof m.state !== 'string' || m.state !== state) {
                reject(
                  new CognitoSignInError('state', {
                    zh: '登录回应与本次请求不符（state 不匹配），已拒绝。',
                    en: 'The sign-in answer does not match this request (state mismatch); refused.',
                  }),
                );
              } else if (typeof m.code !== 'string' || !m.code) {
                reject(
                  new CognitoSignInError('authorize.no_code', {
                    zh: '登录回应中没有授权码。',
                    en: 'The sign-in answer has no authorization code.',
                  }),
                );
              } else {
                resolve(m.code);
              }
            });
          });
          dialog.addEventHandler(office.EventType.DialogEventReceived, (args) => {
            if (!('error' in args)) return;
            finish(() => reject(dialogError(args.error)));
          });
        },
      );
    });

  return {
    async start() {
      const office = deps?.office ?? (Office as unknown as OfficeDialogApi<E>);
      const doFetch = deps?.fetch ?? ((input, init) => fetch(input, init));
      const crypto = deps?.crypto ?? globalThis.crypto;

      const verifier = randomUnreserved(crypto, 64);
      const state = randomUnreserved(crypto, 32);
      const challenge = await codeChallenge(crypto, verifier);
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        scope: scopes.join(' '),
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const url = `${domain}/oauth2/authorize?${query.toString()}`;

      const code = await authorize(office, url, state);

      let r: Response;
      try {
        r = await doFetch(`${domain}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: config.clientId,
            code,
            redirect_uri: config.redirectUri,
            code_verifier: verifier,
          }).toString(),
        });
      } catch (e) {
        throw new CognitoSignInError(
          'token.network',
          {
            zh: `无法连接到登录服务 ${domain}。请检查网络后重试。`,
            en: `Cannot reach the sign-in service at ${domain}. Check the network and try again.`,
          },
          { cause: e },
        );
      }
      const body = (await r.json().catch(() => ({}))) as {
        id_token?: unknown;
        error?: unknown;
        error_description?: unknown;
      };
      if (!r.ok) {
        const error = typeof body.error === 'string' ? body.error : String(r.status);
        const description = typeof body.error_description === 'string' ? body.error_description : error;
        throw new CognitoSignInError(`token.${error}`, {
          zh: `换取令牌失败：${description}`,
          en: `The token request failed: ${description}`,
        });
      }
      if (typeof body.id_token !== 'string' || !body.id_token)
        throw new CognitoSignInError('token.missing', {
          zh: '登录服务没有返回身份令牌（id_token）。',
          en: 'The sign-in service returned no id token.',
        });
      return body.id_token;
    },
  };
}
