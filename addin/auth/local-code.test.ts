import { afterEach, describe, expect, test } from 'vitest';
import { localSignInCode, SIGN_IN_CODE_HEADER, SIGN_IN_CODE_KEY } from './local-code';

afterEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('the local sign-in code', () => {
  test('is taken from the page’s address, removed from it, and kept in sessionStorage only', () => {
    // Prepare
    window.history.replaceState(null, '', '/preview.html?lang=en&code=Abc_123-xyz&x=1#top');

    // Act
    const code = localSignInCode();

    // Assess
    expect(code.get()).toBe('Abc_123-xyz');
    expect(code.headers()).toEqual({ [SIGN_IN_CODE_HEADER]: 'Abc_123-xyz' });
    expect(window.location.search).toBe('?lang=en&x=1');
    expect(window.location.hash).toBe('#top');
    expect(sessionStorage.getItem(SIGN_IN_CODE_KEY)).toBe('Abc_123-xyz');
    expect(localStorage.length).toBe(0);
  });

  test('is found again in the same session, and forgotten when refused', () => {
    // Prepare
    window.history.replaceState(null, '', '/preview.html?code=first');
    localSignInCode();
    window.history.replaceState(null, '', '/preview.html');

    // Act
    const again = localSignInCode();
    const before = again.get();
    again.clear();

    // Assess
    expect(before).toBe('first');
    expect(again.has()).toBe(false);
    expect(again.headers()).toEqual({});
    expect(sessionStorage.getItem(SIGN_IN_CODE_KEY)).toBeNull();
  });

  test('typed in the form: trimmed, and kept in sessionStorage only', () => {
    // Act
    const code = localSignInCode();
    const none = code.has();
    code.set('  typed-code \n');

    // Assess
    expect(none).toBe(false);
    expect(code.get()).toBe('typed-code');
    expect(sessionStorage.getItem(SIGN_IN_CODE_KEY)).toBe('typed-code');
    expect(localStorage.length).toBe(0);
  });

  test('without a usable sessionStorage, it lives in memory', () => {
    // Act
    const code = localSignInCode(null, null);
    code.set('in-memory');

    // Assess
    expect(code.get()).toBe('in-memory');
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
  });
});
