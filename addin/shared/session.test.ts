import { describe, expect, test, vi } from 'vitest';
import { createSession, LOCALE_KEY, rememberLocale, storedLocale } from './session';

describe('session', () => {
  test('starts signed out, in Chinese, against the local stack', () => {
    const s = createSession();
    expect(s.get()).toMatchObject({ token: undefined, locale: 'zh-CN', apiBaseUrl: 'http://127.0.0.1:3000' });
  });

  test('sign in and out; listeners hear each change with the previous state', () => {
    const s = createSession();
    const heard = vi.fn();
    const stop = s.subscribe(heard);
    s.signIn({ token: 't1', user: { role: 'unit', unit: 'transport' } });
    expect(s.token()).toBe('t1');
    s.signOut();
    expect(s.token()).toBeUndefined();
    expect(s.get().user).toBeUndefined();
    expect(heard).toHaveBeenCalledTimes(2);
    expect(heard.mock.calls[1]?.[1]).toMatchObject({ token: 't1' });
    stop();
    s.setLocale('en');
    expect(heard).toHaveBeenCalledTimes(2);
  });

  test('no year until one is chosen', () => {
    const s = createSession({ token: 't1' });
    expect(s.get().year).toBeUndefined();
    s.setYear(2007);
    expect(s.get().year).toBe(2007);
  });

  test('the API address loses its trailing slashes; state snapshots are frozen', () => {
    const s = createSession();
    s.setApiBaseUrl(' https://api.example/prod// ');
    expect(s.get().apiBaseUrl).toBe('https://api.example/prod');
    expect(Object.isFrozen(s.get())).toBe(true);
  });
});

describe('the language chosen', () => {
  test('is kept for the next time the pane opens, and Chinese before any choice', () => {
    const kept = new Map<string, string>();
    const store = {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
    };
    expect(storedLocale(store)).toBe('zh-CN');
    const s = createSession({ locale: storedLocale(store) });
    rememberLocale(s, store);
    s.setLocale('en');
    expect(kept.get(LOCALE_KEY)).toBe('en');
    expect(createSession({ locale: storedLocale(store) }).get().locale).toBe('en');
    expect(storedLocale({ getItem: () => 'fr', setItem: () => undefined })).toBe('zh-CN');
    expect(
      storedLocale({
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => undefined,
      }),
    ).toBe('zh-CN');
  });
});
