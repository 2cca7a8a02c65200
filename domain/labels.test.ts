import { describe, expect, test } from 'vitest';
import {
  figureText,
  LIGHT_TEXT,
  OVERDUE_MARK,
  PROVISIONAL_NOTE,
  PROVISIONAL_WORDS,
  pendingFigure,
  pick,
  progressText,
  REPORT_STATE_WORDS,
  REVIEW_STATE_WORDS,
  reportText,
  reviewStateLabel,
  reviewStateText,
  STATUS_WORDS,
  statusLabel,
  statusText,
} from './labels';
import { STATUS_ORDER } from './pacing';

describe('pick', () => {
  test.each([
    ['zh-CN', '滞后'],
    ['en', 'behind'],
  ] as const)('%s → %s', (locale, word) => {
    expect(pick({ zh: '滞后', en: 'behind' }, locale)).toBe(word);
  });
});

describe('status words', () => {
  test.each([
    ['met', '已完成', 'met', 'Met', '✔', '绿灯'],
    ['on_track', '正常', 'on track', 'On track', '●', '绿灯'],
    ['behind', '滞后', 'behind', 'Behind', '▲', '黄灯'],
    ['at_risk', '严重滞后', 'at risk', 'At risk', '✖', '红灯'],
    ['failed', '未完成(否决)', 'failed (veto)', 'Failed', '✖', '红灯'],
  ] as const)('%s: 「%s」 / "%s", label "%s", %s %s', (status, zh, en, label, symbol, light) => {
    expect(statusText(status, 'zh-CN')).toBe(zh);
    expect(statusText(status, 'en')).toBe(en);
    expect(statusLabel(status, 'en')).toBe(label);
    expect(STATUS_WORDS[status].symbol).toBe(symbol);
    expect(LIGHT_TEXT[STATUS_WORDS[status].light].zh).toBe(light);
  });

  test('a failed status says it is the veto in text, not on a badge', () => {
    expect(statusLabel('failed', 'zh-CN')).toBe('未完成');
    expect(statusText('failed', 'zh-CN')).toContain('否决');
  });

  test('every status has words, best first', () => {
    expect(Object.keys(STATUS_WORDS)).toEqual([...STATUS_ORDER]);
  });
});

describe('review state words', () => {
  test.each([
    ['pending', '待审核', 'pending', '待审核', 'Pending'],
    ['accepted', '已采用', 'accepted', '已通过', 'Accepted'],
    ['returned', '已退回', 'returned', '已退回', 'Returned'],
  ] as const)('%s: text %s / %s, label %s / %s', (state, zh, en, labelZh, labelEn) => {
    expect(reviewStateText(state, 'zh-CN')).toBe(zh);
    expect(reviewStateText(state, 'en')).toBe(en);
    expect(reviewStateLabel(state, 'zh-CN')).toBe(labelZh);
    expect(reviewStateLabel(state, 'en')).toBe(labelEn);
    expect(REVIEW_STATE_WORDS[state].text.zh).toBe(zh);
  });
});

describe('report words', () => {
  test.each([
    ['submitted', undefined, '已报送', 'submitted'],
    ['submitted', 'pending', '已报送', 'submitted'],
    ['submitted', 'accepted', '已采用', 'accepted'],
    ['submitted', 'returned', '已报送', 'submitted'],
    ['submitted_late', 'pending', '已报送（逾期）', 'submitted (overdue)'],
    ['submitted_late', 'accepted', '已采用（逾期）', 'accepted (overdue)'],
    ['returned', undefined, '已退回', 'returned'],
    ['late', undefined, '迟报', 'late'],
    ['missing', undefined, '缺报', 'missing'],
    ['not_due', undefined, '未到期', 'not due'],
  ] as const)('%s reviewed %s → 「%s」 / "%s"', (state, review, zh, en) => {
    expect(reportText(state, review, 'zh-CN')).toBe(zh);
    expect(reportText(state, review, 'en')).toBe(en);
  });

  test('late and missing stand alone as column headings', () => {
    expect(REPORT_STATE_WORDS.late.label).toEqual({ zh: '迟报', en: 'Late' });
    expect(REPORT_STATE_WORDS.missing.label).toEqual({ zh: '缺报', en: 'Missing' });
    expect(OVERDUE_MARK.zh).toBe('（逾期）');
  });
});

describe('progress with figures awaiting review (含待审)', () => {
  const figures = (progress: number, provisionalProgress: number, reported = true) => ({
    progress,
    provisionalProgress,
    reported,
  });

  test.each([
    [figures(15.6, 15.6), 'zh-CN', '15.6'],
    [figures(15.6, 18), 'zh-CN', '15.6（含待审 18）'],
    [figures(15.6, 18), 'en', '15.6 (provisional 18)'],
    [figures(0, 12, false), 'zh-CN', '—（含待审 12）'],
    [figures(0, 12, false), 'en', '— (provisional 12)'],
    [figures(0, 0, false), 'zh-CN', '—'],
    [figures(0, 0), 'zh-CN', '0'],
    [figures(1820, 2345.678), 'zh-CN', '1,820（含待审 2,345.68）'],
  ] as const)('%o in %s → %s', (i, locale, text) => {
    expect(progressText(i, locale)).toBe(text);
  });

  test('a pending figure is one that changes the accepted one', () => {
    expect(pendingFigure(figures(0, 12, false))).toBe(12);
    expect(pendingFigure(figures(7, 7))).toBeUndefined();
  });

  test('figures: two decimals at most, thousands separated, no -0', () => {
    expect(figureText(1234.567)).toBe('1,234.57');
    expect(figureText(-1e-15)).toBe('0');
  });

  test('the word and its note, in both languages', () => {
    expect(PROVISIONAL_WORDS.text).toEqual({ zh: '含待审', en: 'provisional' });
    expect(PROVISIONAL_WORDS.label).toEqual({ zh: '含待审', en: 'Provisional' });
    expect(pick(PROVISIONAL_NOTE, 'zh-CN')).toMatch(/^含待审：/);
    expect(pick(PROVISIONAL_NOTE, 'en')).toMatch(/^provisional: /);
  });
});
