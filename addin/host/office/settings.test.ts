import { describe, expect, test } from 'vitest';
import { type OfficeSettings, officeSettings } from './settings';

/** Office's settings as a plain object that counts its saves and fails them when told to. */
function fakeOfficeSettings(saveError?: string) {
  const values = new Map<string, unknown>();
  let saves = 0;
  const settings: OfficeSettings = {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.set(key, value);
    },
    remove: (key) => {
      values.delete(key);
    },
    saveAsync: (callback) => {
      saves++;
      callback(saveError ? { error: { message: saveError } } : {});
    },
  };
  return { values, saves: () => saves, settings };
}

describe('officeSettings', () => {
  test('reads, writes and removes through Office.Settings and saves on saveAsync', async () => {
    const fake = fakeOfficeSettings();
    const store = officeSettings(fake.settings);
    store.set('shishi.columnMapping', '{"E":"cumulative"}');
    expect(store.get('shishi.columnMapping')).toBe('{"E":"cumulative"}');
    await store.saveAsync();
    expect(fake.saves()).toBe(1);
    store.remove('shishi.columnMapping');
    expect(fake.values.has('shishi.columnMapping')).toBe(false);
  });

  test('rejects when Office could not save, with its message', async () => {
    const store = officeSettings(fakeOfficeSettings('document is read-only').settings);
    await expect(store.saveAsync()).rejects.toThrow(/document is read-only/);
  });
});
