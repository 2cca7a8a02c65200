import { describe, expect, it } from 'vitest';
import { CliError, EXIT, UsageError } from './errors';
import { dateOf, intOf, langOf, periodOf, str, yearOf } from './options';

/** The usage error `read` throws, in both languages. */
function refusal(read: () => unknown): { zh: string; en: string; exitCode: number } {
  try {
    read();
  } catch (e) {
    if (e instanceof CliError) return { ...e.text, exitCode: e.exitCode };
    throw e;
  }
  throw new Error('expected a usage error');
}

describe('langOf', () => {
  it.each([
    [['status', '--lang', 'en'], 'en'],
    [['--lang=en-GB', 'status'], 'en'],
    [['status', '--lang', 'zh'], 'zh-CN'],
    [['--lang=zh-Hans'], 'zh-CN'],
    [['status', '--json'], undefined],
  ] as const)('reads %j as %s', (argv, locale) => {
    expect(langOf(argv)).toBe(locale);
  });

  it('refuses another language in both languages at once, even with no value', () => {
    const fr = refusal(() => langOf(['--lang', 'fr']));
    expect(fr.zh).toBe(fr.en);
    expect(fr.en).toContain('--lang must be zh-CN or en (got "fr")');
    expect(fr.exitCode).toBe(EXIT.usage);
    expect(refusal(() => langOf(['status', '--lang'])).en).toContain('(got "")');
  });
});

describe('the readers of option values', () => {
  it('reads --year, undefined when absent (the default comes from the stored plans)', () => {
    expect(yearOf({})).toBeUndefined();
    expect(yearOf({ year: '2007' })).toBe(2007);
    expect(refusal(() => yearOf({ year: '07' }))).toEqual({
      zh: '--year 应为四位年份，如 2006（收到 "07"）',
      en: '--year must be a year such as 2006 (got "07")',
      exitCode: EXIT.usage,
    });
  });

  it('reads a date option by its name, refusing a day that does not exist', () => {
    expect(dateOf({}, 'as-of')).toBeUndefined();
    expect(dateOf({ 'as-of': '2006-06-10' }, 'as-of')).toBe('2006-06-10');
    expect(refusal(() => dateOf({ 'as-of': '2006-02-30' }, 'as-of')).en).toBe(
      '--as-of must be a date such as 2006-06-10 (got "2006-02-30")',
    );
  });

  it('reads a whole number within its bounds', () => {
    expect(intOf({}, 'limit', 1, 1000)).toBeUndefined();
    expect(intOf({ limit: '1000' }, 'limit', 1, 1000)).toBe(1000);
    for (const bad of ['0', '1001', '1.5', '-3', '']) {
      expect(refusal(() => intOf({ limit: bad }, 'limit', 1, 1000)).en).toBe(
        `--limit must be a whole number 1–1000 (got "${bad}")`,
      );
    }
  });

  it('reads --period as YYYY-MM', () => {
    expect(periodOf({})).toBeUndefined();
    expect(periodOf({ period: '2006-05' })).toBe('2006-05');
    const bad = refusal(() => periodOf({ period: '2006-13' }));
    expect(bad).toEqual({
      zh: '--period 应为 YYYY-MM（收到 "2006-13"）',
      en: '--period must be YYYY-MM (got "2006-13")',
      exitCode: EXIT.usage,
    });
  });

  it('takes only strings for a string option', () => {
    expect(str({ out: 'a.xlsx', accept: true }, 'out')).toBe('a.xlsx');
    expect(str({ accept: true }, 'accept')).toBeUndefined();
    expect(() => yearOf({ year: 'MMVI' })).toThrow(UsageError);
  });
});
