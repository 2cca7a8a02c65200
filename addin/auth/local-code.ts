/**
 * The local stack's sign-in code: `npm start` makes one on each start and prints it (and the
 * preview's address with `?code=…`); its local sign-in (`/local/users`, `/local/token`) answers
 * only requests that carry it in the `x-shishi-sign-in-code` header. The pane takes it from its
 * page's address (and removes it from there, so that it is not left in the history or a
 * bookmark), or from the sign-in form, and keeps it for the session in `sessionStorage` — never
 * in `localStorage`: it is gone when the pane or the tab is closed.
 *
 * @example
 * const code = localSignInCode();             // picks up ?code=… from the address
 * fetch('./local/users', { headers: code.headers() });
 */

/** The header the local sign-in reads it from (functions/local/https.ts `SIGN_IN_CODE_HEADER`). */
export const SIGN_IN_CODE_HEADER = 'x-shishi-sign-in-code';
/** Where it is kept for the session. */
export const SIGN_IN_CODE_KEY = 'shishi.localSignInCode';

export interface LocalSignInCode {
  /** The code the pane holds, if any. */
  get(): string | undefined;
  has(): boolean;
  set(code: string): void;
  /** Forgets it (the stack refused it: restarted since, or mistyped). */
  clear(): void;
  /** The request headers that carry it (none without a code). */
  headers(): Record<string, string>;
}

/** `sessionStorage`, unless the page may not use it (then the code lives in memory only). */
function sessionStore(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * The code of this session: `?code=…` in the page's address when there is one (kept, then
 * removed from the address), else the one kept earlier in this session.
 */
export function localSignInCode(
  /** null: none (the code lives in memory). */
  storage: Storage | null = sessionStore() ?? null,
  /** null: no page address to read. */
  page: { readonly location: Location; readonly history: History } | null = typeof window === 'undefined'
    ? null
    : window,
): LocalSignInCode {
  let memory: string | undefined;
  const read = () => {
    try {
      return storage?.getItem(SIGN_IN_CODE_KEY) ?? memory;
    } catch {
      return memory;
    }
  };
  const write = (code: string | undefined) => {
    memory = code;
    try {
      if (code === undefined) storage?.removeItem(SIGN_IN_CODE_KEY);
      else storage?.setItem(SIGN_IN_CODE_KEY, code);
    } catch {
      // Kept in memory only.
    }
  };
  if (page) {
    const url = new URL(page.location.href);
    const fromUrl = url.searchParams.get('code')?.trim();
    if (fromUrl) {
      write(fromUrl);
      url.searchParams.delete('code');
      page.history.replaceState(page.history.state, '', url.href);
    }
  }
  const get = () => read() || undefined;
  return {
    get,
    has: () => get() !== undefined,
    set: (code) => write(code.trim() || undefined),
    clear: () => write(undefined),
    headers: (): Record<string, string> => {
      const code = get();
      return code ? { [SIGN_IN_CODE_HEADER]: code } : {};
    },
  };
}
