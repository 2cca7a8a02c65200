/**
 * The state the task pane and the custom functions share in Office's shared runtime: the API's
 * address, the signed-in user's token (in memory only — never localStorage, never a cookie) and
 * the UI language. One module instance lives in the shared runtime, so both sides import it and
 * see the same values; listeners hear every change (the task pane re-renders, the functions
 * recalculate nothing by themselves). This typed module is the only state the two share: nothing
 * goes through `OfficeRuntime`'s or the window's globals (no `getGlobal()`).
 *
 * @example
 * import { session } from '../shared/session';
 * session.signIn({ token, user: { role: 'unit', unit: 'jiaoyu' } });
 * session.token(); // → token
 */
import type { Role } from '../../api/roles';
import type { Locale } from '../i18n';
import { DEFAULT_LOCALE, pickLocale } from '../i18n';

export interface SessionUser {
  readonly role: Role;
  /** The unit id, for a unit's user. */
  readonly unit?: string;
  /** A display name, if the sign-in knows one. */
  readonly name?: string;
  /** The person's subject, from the token. */
  readonly sub?: string;
}

export interface SessionState {
  /** e.g. `https://api.example.gov.cn/prod` or `http://127.0.0.1:3000`; no trailing slash. */
  readonly apiBaseUrl: string;
  readonly token: string | undefined;
  readonly user: SessionUser | undefined;
  readonly locale: Locale;
  /**
   * The plan year chosen in the task pane (the live custom functions ask for this year);
   * undefined until one is chosen — after sign-in, from the organisation's plans.
   */
  readonly year: number | undefined;
}

export type SessionListener = (state: SessionState, previous: SessionState) => void;

export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:3000';

export interface Session {
  /** The current state (a frozen snapshot). */
  get(): SessionState;
  /** The bearer token, or undefined when nobody is signed in: what `ApiClient` asks each request. */
  token(): string | undefined;
  signIn(input: { readonly token: string; readonly user?: SessionUser }): void;
  signOut(): void;
  setApiBaseUrl(url: string): void;
  setLocale(locale: Locale): void;
  setYear(year: number | undefined): void;
  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: SessionListener): () => void;
}

const trimSlash = (url: string) => url.trim().replace(/\/+$/, '');

/** Where the language the user chose is kept: it is not a secret, and it should outlive the pane. */
export const LOCALE_KEY = 'shishi.locale';

type LocaleStore = Pick<Storage, 'getItem' | 'setItem'>;

/** `localStorage`, unless the page has none or may not use it (an opaque origin throws on access). */
function localStore(): LocaleStore | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The language chosen on this computer before, else Chinese. */
export function storedLocale(store: LocaleStore | undefined = localStore()): Locale {
  try {
    return pickLocale({ chosen: store?.getItem(LOCALE_KEY) });
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Keeps each language the user chooses in `store`, for the next time the pane opens. */
export function rememberLocale(s: Session, store: LocaleStore | undefined = localStore()): () => void {
  return s.subscribe((state, previous) => {
    if (state.locale === previous.locale) return;
    try {
      store?.setItem(LOCALE_KEY, state.locale);
    } catch {
      // A full or refused storage: the choice lasts for this session only.
    }
  });
}

/** A new, independent session (tests make their own; the add-in uses `session`). */
export function createSession(initial: Partial<SessionState> = {}): Session {
  let state: SessionState = Object.freeze({
    apiBaseUrl: trimSlash(initial.apiBaseUrl ?? DEFAULT_API_BASE_URL),
    token: initial.token,
    user: initial.user,
    locale: initial.locale ?? DEFAULT_LOCALE,
    year: initial.year,
  });
  const listeners = new Set<SessionListener>();
  const update = (patch: Partial<SessionState>) => {
    const previous = state;
    state = Object.freeze({ ...state, ...patch });
    for (const l of [...listeners]) l(state, previous);
  };
  return {
    get: () => state,
    token: () => state.token,
    signIn: ({ token, user }) => update({ token, user }),
    signOut: () => update({ token: undefined, user: undefined }),
    setApiBaseUrl: (url) => update({ apiBaseUrl: trimSlash(url) }),
    setLocale: (locale) => update({ locale }),
    setYear: (year) => update({ year }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * The one session of the add-in. Both the task pane bundle and the functions bundle import this
 * module; in Office's shared runtime they are one page (one JavaScript realm, one module graph),
 * so this is one object.
 */
export const session: Session = createSession({ locale: storedLocale() });
rememberLocale(session);
