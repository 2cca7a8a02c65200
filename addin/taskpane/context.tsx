/** The UI language and the text lookup, shared by every component of the pane. */
import { createContext, useContext } from 'react';
import type { LocalizedText } from '../../domain/result';
import { type Locale, localize } from '../i18n';
import { type StringKey, text } from './strings';

export interface Ui {
  readonly locale: Locale;
  readonly t: (key: StringKey) => string;
  /** A domain message in the UI's language. */
  readonly l: (message: LocalizedText) => string;
}

export const uiFor = (locale: Locale): Ui => ({
  locale,
  t: (key) => text(locale, key),
  l: (message) => localize(message, locale),
});

export const UiContext = createContext<Ui>(uiFor('zh-CN'));

export const useUi = (): Ui => useContext(UiContext);
