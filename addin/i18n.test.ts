import { afterEach, describe, expect, test, vi } from 'vitest';
import { browserLanguages, localize, pickLocale } from './i18n';

describe('pickLocale', () => {
  test.each([
    [{}, 'zh-CN'],
    [{ office: 'en-US' }, 'en'],
    [{ office: 'zh-CN' }, 'zh-CN'],
    [{ office: 'zh-TW' }, 'zh-CN'],
    [{ chosen: 'en', office: 'zh-CN' }, 'en'],
    [{ chosen: 'zh-CN', office: 'en-GB' }, 'zh-CN'],
    [{ office: 'fr-FR', browser: ['de-DE', 'en-US'] }, 'en'],
    [{ office: 'fr-FR' }, 'zh-CN'],
  ])('%j → %s', (sources, locale) => {
    expect(pickLocale(sources)).toBe(locale);
  });
});

describe('in the browser', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('reads the page’s languages from navigator', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-GB', 'zh-CN']);
    expect(browserLanguages()).toEqual(['en-GB', 'zh-CN']);
    expect(pickLocale({ browser: browserLanguages() })).toBe('en');
  });

  test('localize picks the message of the language', () => {
    const text = { zh: '累计完成', en: 'cumulative' };
    expect(localize(text, 'zh-CN')).toBe('累计完成');
    expect(localize(text, 'en')).toBe('cumulative');
  });
});
