/**
 * What the pages need besides the pane: where the API is and how to sign in.
 *
 * - The API: served by `npm start`, it is on the page's own origin (`/v1/`); a deployed build
 *   names it with SHISHI_ADDIN_API_URL at build time (vite.config.ts).
 * - Signing in on the local stack: `npm start`'s origins, https and http, answer `GET
 *   /local/users` and `GET /local/token?as=…` (loopback only, and only with the sign-in code
 *   `npm start` printed: addin/auth/local-code.ts; the deployed API has no such route). Where
 *   those are missing (a server without the local sign-in, a deployed build without Cognito
 *   yet), the pane asks for a token printed by `npm start` or `npx shishi token`.
 * - Signing in with Cognito: when VITE_SHISHI_COGNITO_DOMAIN and VITE_SHISHI_COGNITO_CLIENT_ID
 *   are set at build time, the pane opens the user pool's hosted UI in an Office dialog
 *   (addin/auth/cognito.ts), which comes back to `auth-callback.html` next to the pane's page.
 */
import { ApiClient } from '../../api/client';
import { ApiProblem, isProblem } from '../../api/errors';
import { createCognitoSignIn } from '../auth/cognito';
import { localSignInCode } from '../auth/local-code';
import { session } from '../shared/session';
import type { SignInOptions } from '../taskpane/index';

declare const __SHISHI_API_URL__: string;

export function apiBaseUrl(): string {
  const built = typeof __SHISHI_API_URL__ === 'string' ? __SHISHI_API_URL__ : '';
  return built || window.location.origin;
}

/** Points the shared session at the API and returns the client the task pane uses. */
export function connectApi(): ApiClient {
  session.setApiBaseUrl(apiBaseUrl());
  return new ApiClient({ baseUrl: () => session.get().apiBaseUrl, token: () => session.token() });
}

const FALLBACK_USERS = [
  { as: 'office', name: '考核办 / assessment office' },
  { as: 'leader', name: '区长 / leader' },
];

function askForToken(as: string): Promise<string> {
  const token = window.prompt(
    `粘贴 ${as} 的令牌（npm start 或 npx shishi token --as ${as} 打印的）/ Paste a token for ${as} (as printed by npm start or npx shishi token --as ${as}):`,
  );
  return token ? Promise.resolve(token.trim()) : Promise.reject(new Error('no token'));
}

/** A refusal of the local sign-in: its problem document (in both languages) when it sent one. */
async function refusal(r: Response, what: string): Promise<Error> {
  const body: unknown = await r.json().catch(() => undefined);
  return isProblem(body) ? new ApiProblem(body) : new Error(`${what}: ${r.status}`);
}

/**
 * The local stack's people, or a paste-a-token sign-in where the stack does not offer them.
 * Without its sign-in code (or with a wrong one) the list is empty and the form asks for it.
 */
export async function localSignIn(): Promise<SignInOptions> {
  const code = localSignInCode();
  const list = async () => {
    const r = await fetch('./local/users', { headers: { accept: 'application/json', ...code.headers() } });
    if (!r.ok) throw await refusal(r, 'users');
    return (await r.json()) as Array<{ as: string; name: string; label?: string }>;
  };
  const tokenFor = async (as: string) => {
    const t = await fetch(`./local/token?as=${encodeURIComponent(as)}`, {
      headers: { accept: 'application/json', ...code.headers() },
    });
    if (!t.ok) throw await refusal(t, 'token');
    return ((await t.json()) as { token: string }).token;
  };
  try {
    return { mode: 'local', users: await list(), refresh: list, tokenFor, code };
  } catch (e) {
    // The stack's sign-in, asking for its code: the form asks for it.
    if (e instanceof ApiProblem && e.code.startsWith('local.code'))
      return { mode: 'local', users: [], refresh: list, tokenFor, code };
    return { mode: 'local', users: FALLBACK_USERS, tokenFor: askForToken };
  }
}

/** The Cognito sign-in when the build names a user pool's hosted UI and app client; else undefined. */
export function cognitoSignIn(): SignInOptions | undefined {
  const domain = import.meta.env.VITE_SHISHI_COGNITO_DOMAIN?.trim();
  const clientId = import.meta.env.VITE_SHISHI_COGNITO_CLIENT_ID?.trim();
  if (!domain || !clientId) return undefined;
  // Next to the pane's page (the site's root or its sub-path), without the page's query.
  const redirectUri = new URL('auth-callback.html', window.location.href).href;
  const { start } = createCognitoSignIn({ domain, clientId, redirectUri });
  return { mode: 'cognito', start };
}
