/**
 * Values kept with the document (a confirmed column mapping, the cells marked last time). The
 * document travels by e-mail and USB stick, so a credential must never land here: the guard
 * refuses keys that name one and values that look like a JWT.
 */

/**
 * A document's settings, narrowed to what the ports use: Office's `Office.context.document.settings`
 * (office/settings.ts), the preview's memory (`memorySettings`), a test's fake.
 */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: string): void;
  remove(key: string): void;
  /** Persists the settings into the document. */
  saveAsync(): Promise<void>;
}

/** Thrown when a caller tries to keep a credential in the document. */
export class SettingRefusedError extends Error {
  override readonly name = 'SettingRefusedError';
  constructor(readonly key: string) {
    super(`refusing to keep "${key}" in the document settings: it looks like a credential`);
  }
}

/** Three base64url segments starting with a JSON header (`eyJ…`): a JWT or a JWS. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/;
/** A bearer scheme in a value. */
const BEARER = /^\s*bearer\s+\S/i;
const SECRET_KEY = /token|jwt|secret|password|passwd|bearer|authori[sz]ation|credential|api[-_]?key/i;

/** True when a key or value looks like it carries a credential. */
export function looksLikeSecret(key: string, value = ''): boolean {
  return SECRET_KEY.test(key) || JWT.test(key) || JWT.test(value) || BEARER.test(value);
}

/** Throws `SettingRefusedError` for a credential-looking key or value. */
export function assertNotSecret(key: string, value = ''): void {
  if (looksLikeSecret(key, value)) throw new SettingRefusedError(key);
}

/**
 * Settings in memory, mirrored to `storage` (e.g. `localStorage`) under `prefix` when given: the
 * in-page workbook of the browser preview has no document to keep them in.
 */
export function memorySettings(storage?: Storage, prefix = 'shishi.preview.'): SettingsStore {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? storage?.getItem(prefix + key) ?? undefined,
    set: (key, value) => {
      map.set(key, value);
    },
    remove: (key) => {
      map.delete(key);
      storage?.removeItem(prefix + key);
    },
    saveAsync: async () => {
      if (!storage) return;
      for (const [k, v] of map) storage.setItem(prefix + k, v);
    },
  };
}
