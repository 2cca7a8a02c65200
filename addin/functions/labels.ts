/**
 * The words of a status in a cell: the same as the CLI's (functions/cli/format.ts statusText),
 * copied here because the add-in runs none of functions/' code.
 */
import type { Status } from '../../domain/pacing';
import type { LocalizedText } from '../../domain/result';
import type { Locale } from '../i18n';

export const STATUS_TEXT: Readonly<Record<Status, LocalizedText>> = {
  met: { zh: '已完成', en: 'met' },
  on_track: { zh: '正常', en: 'on track' },
  behind: { zh: '滞后', en: 'behind' },
  at_risk: { zh: '严重滞后', en: 'at risk' },
  failed: { zh: '未完成(否决)', en: 'failed (veto)' },
};

/** `statusLabel('behind', 'zh-CN')` → `'滞后'`. */
export const statusLabel = (s: Status, locale: Locale): string =>
  locale === 'en' ? STATUS_TEXT[s].en : STATUS_TEXT[s].zh;
