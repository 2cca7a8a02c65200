import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { StatusView } from '../../api/views';
import { parseQuantity } from '../../domain/parse';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { session } from '../shared/session';
import { StatusBatcher } from './batch';
import {
  completionRatio,
  expected,
  paceLabel,
  parse,
  progress,
  setLiveBatcher,
  setPlanList,
  status,
  target,
  verdict,
} from './functions';
import { installCustomFunctionsDouble, makeStatusView, removeCustomFunctionsDouble } from './testing';

beforeAll(installCustomFunctionsDouble);
afterAll(removeCustomFunctionsDouble);
afterEach(() => {
  session.signOut();
  session.setLocale('zh-CN');
});

function thrown(f: () => unknown): CustomFunctions.Error {
  try {
    f();
  } catch (e) {
    return e as CustomFunctions.Error;
  }
  throw new Error('did not throw');
}

describe('computed in the cell', () => {
  test('PARSE answers the figure', () => {
    expect(parse('0.4万人', '人')).toBe(4000);
  });

  test('PARSE errors are #VALUE! with the domain message in Chinese, or English when the UI is English', () => {
    const zh = thrown(() => parse('35公里', '人'));
    expect(zh).toBeInstanceOf(CustomFunctions.Error);
    expect(zh.code).toBe(CustomFunctions.ErrorCode.invalidValue);
    const domain = parseQuantity('35公里', { unit: '人' });
    expect(domain.ok).toBe(false);
    if (domain.ok) return;
    expect(zh.message).toBe(domain.error.message.zh);
    session.setLocale('en');
    const en = thrown(() => parse('35公里', '人'));
    expect(en.message).toBe(domain.error.message.en);
  });

  test('EXPECTED, PACE, COMPLETION', () => {
    expect(expected(1200, '2006-07-02')).toBeCloseTo(600, 9);
    expect(paceLabel(400, 1200, '2006-07-02')).toBe('滞后');
    session.setLocale('en');
    expect(paceLabel(400, 1200, '2006-07-02')).toBe('behind');
    expect(completionRatio(300, 1200)).toBe(0.25);
    expect(thrown(() => completionRatio(300, 0)).code).toBe('#VALUE!');
  });
});

describe('live from the API', () => {
  function withSource() {
    const view = makeStatusView('2006-06-30');
    const status = vi.fn(async (_year: number, _asOf?: string): Promise<StatusView> => view);
    const previous = setLiveBatcher(new StatusBatcher({ api: { status }, token: session.token }));
    return { view, status, restore: () => setLiveBatcher(previous) };
  }

  test('not signed in → #N/A "sign in first" (English when the UI is English)', async () => {
    const s = withSource();
    try {
      await expect(target('3.1')).rejects.toMatchObject({ code: '#N/A', message: '请先在任务窗格中登录' });
      session.setLocale('en');
      await expect(verdict()).rejects.toMatchObject({ message: 'Sign in in the task pane first' });
      expect(s.status).not.toHaveBeenCalled();
    } finally {
      s.restore();
    }
  });

  test('TARGET, PROGRESS, STATUS, VERDICT of one recalculation share one request', async () => {
    const s = withSource();
    try {
      session.signIn({ token: 'tok', user: { role: 'leader' } });
      session.setYear(2006);
      const road = s.view.indicators.find((i) => i.id === '3.1')!;
      const transport = s.view.units.find((u) => u.id === 'transport')!;
      const answers = await Promise.all([
        target('3.1'),
        progress('3.1'),
        status('3.1'),
        verdict(),
        verdict('transport'),
        verdict(transport.name),
      ]);
      expect(s.status).toHaveBeenCalledTimes(1);
      expect(s.status).toHaveBeenCalledWith(2006, undefined);
      expect(answers[0]).toBe(SAMPLE_PLAN_2006.indicators.find((i) => i.id === '3.1')!.target);
      expect(answers[1]).toBe(road.progress);
      expect(['已完成', '正常', '滞后', '严重滞后', '未完成(否决)']).toContain(answers[2]);
      expect(typeof answers[3]).toBe('string');
      expect(answers[4]).toBe(answers[5]);
    } finally {
      s.restore();
    }
  });

  test('PROGRESS with a date asks for that date (serial or text)', async () => {
    const s = withSource();
    try {
      session.signIn({ token: 'tok' });
      await Promise.all([progress('3.1', 38868), progress('3.1', '2006-05-31'), progress('3.1', '')]);
      expect(s.status.mock.calls).toEqual([
        [2006, '2006-05-31'],
        [2006, undefined],
      ]);
    } finally {
      s.restore();
    }
  });

  test('an unknown indicator or unit → #N/A naming it', async () => {
    const s = withSource();
    try {
      session.signIn({ token: 'tok' });
      await expect(target('9.9')).rejects.toMatchObject({
        code: '#N/A',
        message: expect.stringContaining('9.9'),
      });
      await expect(verdict('nowhere')).rejects.toMatchObject({ message: expect.stringContaining('nowhere') });
    } finally {
      s.restore();
    }
  });

  test('before the pane chose a year: the published plan of today, else the newest, asked once', async () => {
    const s = withSource();
    const year = (y: number, published: boolean) => ({
      year: y,
      title: '',
      start: `${y}-01-01`,
      end: `${y}-12-31`,
      latestVersion: 1,
      ...(published ? { publishedVersion: 1 } : {}),
    });
    const listPlans = vi.fn(async () => [year(2099, false), year(2007, true), year(2006, true)]);
    const previous = setPlanList({ listPlans });
    const kept = session.get().year;
    try {
      session.signIn({ token: 'tok' });
      session.setYear(undefined);
      await Promise.all([target('3.1'), verdict()]);
      expect(listPlans).toHaveBeenCalledTimes(1);
      expect(s.status).toHaveBeenCalledWith(2007, undefined);
      expect(session.get().year).toBe(2007);
    } finally {
      setPlanList(previous);
      if (kept !== undefined) session.setYear(kept);
      s.restore();
    }
  });

  test('no published plan → #N/A saying so', async () => {
    const s = withSource();
    const previous = setPlanList({ listPlans: async () => [] });
    const kept = session.get().year;
    try {
      session.signIn({ token: 'tok' });
      session.setYear(undefined);
      await expect(target('3.1')).rejects.toMatchObject({ code: '#N/A', message: '本单位尚未发布年度计划' });
      expect(s.status).not.toHaveBeenCalled();
    } finally {
      setPlanList(previous);
      if (kept !== undefined) session.setYear(kept);
      s.restore();
    }
  });
});
