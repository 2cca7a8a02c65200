/**
 * The document's settings in Excel (`Office.context.document.settings`) as a `SettingsStore`:
 * the callback-style `saveAsync` becomes a promise that rejects when Office could not save.
 */
import type { SettingsStore } from '../settings';

/** The part of `Office.Settings` the store calls (so a test can pass a plain object). */
export interface OfficeSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback: (result: { readonly error?: { readonly message: string } | null }) => void): void;
}

export function officeSettings(settings: OfficeSettings = Office.context.document.settings): SettingsStore {
  return {
    get: (key) => settings.get(key),
    set: (key, value) => settings.set(key, value),
    remove: (key) => settings.remove(key),
    saveAsync: () =>
      new Promise<void>((resolve, reject) => {
        settings.saveAsync((result) => {
          if (result.error) reject(new Error(`saving the document settings failed: ${result.error.message}`));
          else resolve();
        });
      }),
  };
}
