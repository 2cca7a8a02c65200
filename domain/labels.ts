/**
 * The words for statuses, review states and report states, in both languages, and the
 * `Locale` they are picked in: one table that the CLI, the task pane, the custom functions and
 * the summary workbook all read, so that a status reads the same everywhere. Progress figures,
 * with those still awaiting review (含待审), are shown here too, the same way everywhere.
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

/** A word's `text` and `label`; the label's Chinese is the text's unless given. */
const words = (zh: string, en: string, labelEn: string, labelZh = zh): Words => ({
  text: { zh, en },
  label: { zh: labelZh, en: labelEn },
});

export const STATUS_WORDS: Readonly<Record<Status, StatusWords>> = {
  met: { ...words('已完成', 'met', 'Met'), symbol: '✔', light: 'green' },
  on_track: { ...words('正常', 'on track', 'On track'), symbol: '●', light: 'green' },
  behind: { ...words('滞后', 'behind', 'Behind'), symbol: '▲', light: 'yellow' },
  at_risk: { ...words('严重滞后', 'at risk', 'At risk'), symbol: '✖', light: 'red' },
  failed: { ...words('未完成(否决)', 'failed (veto)', 'Failed', '未完成'), symbol: '✖', light: 'red' },
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
  pending: words('待审核', 'pending', 'Pending'),
  accepted: words('已采用', 'accepted', 'Accepted', '已通过'),
  returned: words('已退回', 'returned', 'Returned'),
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
  submitted: words('已报送', 'submitted', 'Submitted'),
  submitted_late: words('已报送', 'submitted', 'Submitted'),
  returned: words('已退回', 'returned', 'Returned'),
  not_due: words('未到期', 'not due', 'Not due'),
  late: words('迟报', 'late', 'Late'),
  missing: words('缺报', 'missing', 'Missing'),
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

/** The word for a figure that counts reports awaiting review too (含待审). */
export const PROVISIONAL_WORDS: Words = words('含待审', 'provisional', 'Provisional');

/** What 含待审 means, under a table or list that shows such a figure. */
export const PROVISIONAL_NOTE: LocalizedText = {
  zh: '含待审：计入待审核报表后的暂计数（只有考核办采用的报表才计入进度）',
  en: 'provisional: including reports awaiting review (only reports the office accepted count)',
};

/**
 * A figure: up to two decimals, thousands separated; float noise such as -1e-15 shows as 0.
 *
 * @example figureText(1234.567) // → '1,234.57'
 */
export const figureText = (x: number): string => {
  const r = Math.round(x * 100) / 100 + 0;
  return r.toLocaleString('en-US', { maximumFractionDigits: 2 });
};

/** An indicator's accepted and provisional progress, as the status gives them. */
export interface ProgressFigures {
  /** Accepted progress (0 before any accepted report; see `reported`). */
  readonly progress: number;
  /** Including reports awaiting review. */
  readonly provisionalProgress: number;
  /** Whether any report was accepted yet. */
  readonly reported: boolean;
}

/** Accepted progress before any report was accepted: not a 0. */
export const NOT_REPORTED = '—';

/**
 * The figure including reports awaiting review, when they change the accepted one; else
 * `undefined` (nothing awaits review, or it changes nothing).
 *
 * @example pendingFigure({ progress: 0, provisionalProgress: 12, reported: false }) // → 12
 */
export const pendingFigure = (i: ProgressFigures): number | undefined =>
  i.provisionalProgress !== i.progress ? i.provisionalProgress : undefined;

/**
 * Progress in running text: the accepted figure (— before any), then the figure including
 * reports awaiting review when it differs, marked 含待审 / provisional. In a table the two are
 * columns: the accepted figure, and a 含待审 column with `pendingFigure` (empty when undefined).
 *
 * @example progressText({ progress: 0, provisionalProgress: 12, reported: false }, 'zh-CN') // → '—（含待审 12）'
 * @example progressText({ progress: 15.6, provisionalProgress: 18, reported: true }, 'en') // → '15.6 (provisional 18)'
 */
export function progressText(i: ProgressFigures, locale: Locale): string {
  const accepted = i.reported ? figureText(i.progress) : NOT_REPORTED;
  const pending = pendingFigure(i);
  if (pending === undefined) return accepted;
  const word = pick(PROVISIONAL_WORDS.text, locale);
  return locale === 'en'
    ? `${accepted} (${word} ${figureText(pending)})`
    : `${accepted}（${word} ${figureText(pending)}）`;
}
