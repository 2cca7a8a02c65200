/**
 * The words for statuses, review states and report states, in both languages, and the
 * `Locale` they are picked in: one table that the CLI, the task pane, the custom functions and
 * the summary workbook all read, so that a status reads the same everywhere.
 *
 * Each word has a `text` (in running text, a cell or the terminal: lower case in English, a
 * failed status says it is the veto) and a `label` (standing alone, on a badge or as a column
 * heading: title case in English).
 */
import type { Status } from './pacing';
import type { LocalizedText } from './result';
import type { ReportState } from './status';
import type { ReviewState } from './submission';

/** The two languages of every screen, message and sheet. */
export type Locale = 'zh-CN' | 'en';

/**
 * The text of `text` in `locale`.
 *
 * @example pick({ zh: '滞后', en: 'behind' }, 'en') // → 'behind'
 */
export const pick = (text: LocalizedText, locale: Locale): string => (locale === 'en' ? text.en : text.zh);

/** A word in running text and the same word standing alone. */
export interface Words {
  readonly text: LocalizedText;
  readonly label: LocalizedText;
}

/** The traffic light of a status (信号灯), always shown next to its symbol and word. */
export type Light = 'green' | 'yellow' | 'red';

export interface StatusWords extends Words {
  /** Shown before the word where colour alone would not be enough: ✔ ● ▲ ✖. */
  readonly symbol: string;
  readonly light: Light;
}

export const STATUS_WORDS: Readonly<Record<Status, StatusWords>> = {
  met: { text: { zh: '已完成', en: 'met' }, label: { zh: '已完成', en: 'Met' }, symbol: '✔', light: 'green' },
  on_track: {
    text: { zh: '正常', en: 'on track' },
    label: { zh: '正常', en: 'On track' },
    symbol: '●',
    light: 'green',
  },
  behind: {
    text: { zh: '滞后', en: 'behind' },
    label: { zh: '滞后', en: 'Behind' },
    symbol: '▲',
    light: 'yellow',
  },
  at_risk: {
    text: { zh: '严重滞后', en: 'at risk' },
    label: { zh: '严重滞后', en: 'At risk' },
    symbol: '✖',
    light: 'red',
  },
  failed: {
    text: { zh: '未完成(否决)', en: 'failed (veto)' },
    label: { zh: '未完成', en: 'Failed' },
    symbol: '✖',
    light: 'red',
  },
};

export const LIGHT_TEXT: Readonly<Record<Light, LocalizedText>> = {
  green: { zh: '绿灯', en: 'green' },
  yellow: { zh: '黄灯', en: 'yellow' },
  red: { zh: '红灯', en: 'red' },
};

/**
 * A status in running text, a cell or the terminal.
 *
 * @example statusText('failed', 'zh-CN') // → '未完成(否决)'
 */
export const statusText = (s: Status, locale: Locale): string => pick(STATUS_WORDS[s].text, locale);

/**
 * A status standing alone, on a badge or as a heading.
 *
 * @example statusLabel('on_track', 'en') // → 'On track'
 */
export const statusLabel = (s: Status, locale: Locale): string => pick(STATUS_WORDS[s].label, locale);

/**
 * The words of a version's review state. The pane labels an accepted report 已通过, after its
 * 通过 (accept) button; the CLI and the summary workbook say 已采用.
 */
export const REVIEW_STATE_WORDS: Readonly<Record<ReviewState, Words>> = {
  pending: { text: { zh: '待审核', en: 'pending' }, label: { zh: '待审核', en: 'Pending' } },
  accepted: { text: { zh: '已采用', en: 'accepted' }, label: { zh: '已通过', en: 'Accepted' } },
  returned: { text: { zh: '已退回', en: 'returned' }, label: { zh: '已退回', en: 'Returned' } },
};

/**
 * A review state in running text.
 *
 * @example reviewStateText('accepted', 'zh-CN') // → '已采用'
 */
export const reviewStateText = (s: ReviewState, locale: Locale): string =>
  pick(REVIEW_STATE_WORDS[s].text, locale);

/**
 * A review state on a badge.
 *
 * @example reviewStateLabel('accepted', 'zh-CN') // → '已通过'
 */
export const reviewStateLabel = (s: ReviewState, locale: Locale): string =>
  pick(REVIEW_STATE_WORDS[s].label, locale);

/** The words of a unit's report for a period (报送情况). A report sent after its due day is 逾期. */
export const REPORT_STATE_WORDS: Readonly<Record<ReportState, Words>> = {
  submitted: { text: { zh: '已报送', en: 'submitted' }, label: { zh: '已报送', en: 'Submitted' } },
  submitted_late: { text: { zh: '已报送', en: 'submitted' }, label: { zh: '已报送', en: 'Submitted' } },
  returned: { text: { zh: '已退回', en: 'returned' }, label: { zh: '已退回', en: 'Returned' } },
  not_due: { text: { zh: '未到期', en: 'not due' }, label: { zh: '未到期', en: 'Not due' } },
  late: { text: { zh: '迟报', en: 'late' }, label: { zh: '迟报', en: 'Late' } },
  missing: { text: { zh: '缺报', en: 'missing' }, label: { zh: '缺报', en: 'Missing' } },
};

/** Added to a report's word when it came after the due day. */
export const OVERDUE_MARK: LocalizedText = { zh: '（逾期）', en: ' (overdue)' };

/**
 * The word for a unit's report of a period: a report that came reads as its latest review
 * (已采用, else 已报送 while it awaits review), marked 逾期 when it came late.
 *
 * @example reportText('submitted_late', 'accepted', 'zh-CN') // → '已采用（逾期）'
 */
export function reportText(state: ReportState, review: ReviewState | undefined, locale: Locale): string {
  if (state === 'submitted' || state === 'submitted_late') {
    const word =
      review === 'accepted'
        ? reviewStateText('accepted', locale)
        : pick(REPORT_STATE_WORDS[state].text, locale);
    return state === 'submitted_late' ? `${word}${pick(OVERDUE_MARK, locale)}` : word;
  }
  return pick(REPORT_STATE_WORDS[state].text, locale);
}
