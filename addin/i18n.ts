/**
 * The add-in speaks Simplified Chinese by default, with English available. The language comes
 * from the user's choice, else Office's display language, else the browser's, else Chinese.
 */
import type { Locale } from '../domain/labels';

export type { Locale };

export const DEFAULT_LOCALE: Locale = 'zh-CN';

/**
 * Picks the UI language. Any `zh*` tag means Chinese; any `en*` tag means English; the first
 * recognised tag wins; nothing recognised means Chinese.
 *
 * @example pickLocale({ office: 'en-US' }) // → 'en'
 */
export function pickLocale(sources: {
  readonly chosen?: string | null;
  readonly office?: string | null;
  readonly browser?: readonly string[];
}): Locale {
  for (const tag of [sources.chosen, sources.office, ...(sources.browser ?? [])]) {
    const t = tag?.trim().toLowerCase();
    if (!t) continue;
    if (t.startsWith('zh')) return 'zh-CN';
    if (t.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}

/** The text of a domain message in the UI's language (domain/labels `pick`). */
export { pick as localize } from '../domain/labels';

/** The language of the page this runs in (Office's webview or a browser preview). */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}
