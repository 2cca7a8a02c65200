import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ApiProblem, NetworkError } from '../../api/errors';
import type { StatusView } from '../../api/views';
import { session } from '../shared/session';
import { StatusBatcher, type StatusSource } from './batch';
import { installCustomFunctionsDouble, makeStatusView, removeCustomFunctionsDouble } from './testing';

beforeAll(installCustomFunctionsDouble);
afterAll(removeCustomFunctionsDouble);

/** A status source that counts requests; `fail` makes every request reject with it. */
function countedSource(fail?: unknown) {
  const status = vi.fn(async (year: number, asOf?: string): Promise<StatusView> => {
    if (fail !== undefined) throw fail;
    return { ...makeStatusView(asOf ?? '2006-06-30'), year };
  });
  return { source: { status } satisfies StatusSource, status };
}

const signedIn = () => 'tok';

describe('one request per tick', () => {
  test('1,000 calls in one tick → exactly 1 request, every call answered from it', async () => {
    // Prepare
    const { source, status } = countedSource();
    const batcher = new StatusBatcher({ api: source, token: signedIn });
    // Act
    const calls = Array.from({ length: 1000 }, (_, i) =>
      batcher.request(2006, undefined, (v) => v.indicators[i % v.indicators.length]!.target),
    );
    const values = await Promise.all(calls);
    // Assess
    expect(status).toHaveBeenCalledTimes(1);
    expect(batcher.requests).toBe(1);
    const view = makeStatusView();
    expect(values[0]).toBe(view.indicators[0]!.target);
    expect(values[999]).toBe(view.indicators[999 % view.indicators.length]!.target);
  });

  test('calls for two years → 2 requests, one per year', async () => {
    const { source, status } = countedSource();
    const batcher = new StatusBatcher({ api: source, token: signedIn });
    const years = await Promise.all(
      Array.from({ length: 10 }, (_, i) => batcher.request(i % 2 ? 2006 : 2007, undefined, (v) => v.year)),
    );
    expect(status).toHaveBeenCalledTimes(2);
    expect(status.mock.calls.map((c) => c[0]).sort()).toEqual([2006, 2007]);
    expect(years.slice(0, 2)).toEqual([2007, 2006]);
  });

  test('calls for two asOf dates of one year → 2 requests', async () => {
    const { source, status } = countedSource();
    const batcher = new StatusBatcher({ api: source, token: signedIn });
    await Promise.all([
      batcher.request(2006, '2006-05-31', (v) => v.asOf),
      batcher.request(2006, '2006-05-31', (v) => v.asOf),
      batcher.request(2006, undefined, (v) => v.asOf),
    ]);
    expect(status.mock.calls).toEqual([
      [2006, '2006-05-31'],
      [2006, undefined],
    ]);
  });

  test('a later tick makes its own request', async () => {
    const { source, status } = countedSource();
    const batcher = new StatusBatcher({ api: source, token: signedIn });
    await batcher.request(2006, undefined, (v) => v.verdict);
    await batcher.request(2006, undefined, (v) => v.verdict);
    expect(status).toHaveBeenCalledTimes(2);
  });
});

describe('failures reach every cell', () => {
  test.each([
    ['no answer', new NetworkError('http://api.test', 'Failed to fetch'), '无法连接到服务器'],
    [
      'a server problem',
      new ApiProblem({
        type: 't',
        title: 'x',
        status: 404,
        code: 'plan.notFound',
        message: { zh: '没有 2006 年的计划', en: 'No plan for 2006' },
      }),
      '没有 2006 年的计划',
    ],
    [
      'an expired token',
      new ApiProblem({
        type: 't',
        title: 'x',
        status: 401,
        code: 'auth.expired',
        message: { zh: '令牌已过期', en: 'expired' },
      }),
      '重新登录',
    ],
    ['anything else', new Error('boom'), 'boom'],
  ])('%s → all 1,000 calls reject with #N/A', async (_what, failure, zh) => {
    const { source, status } = countedSource(failure);
    const batcher = new StatusBatcher({ api: source, token: signedIn });
    const calls = Array.from({ length: 1000 }, () => batcher.request(2006, undefined, (v) => v.verdict));
    const results = await Promise.allSettled(calls);
    expect(status).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (const r of results) {
      const reason = (r as PromiseRejectedResult).reason as CustomFunctions.Error;
      expect(reason).toBeInstanceOf(CustomFunctions.Error);
      expect(reason.code).toBe(CustomFunctions.ErrorCode.notAvailable);
      expect(reason.message).toContain(zh);
    }
  });

  test('the failure message follows the session language', async () => {
    session.setLocale('en');
    try {
      const { source } = countedSource(new NetworkError('http://api.test', 'timeout'));
      const batcher = new StatusBatcher({ api: source, token: signedIn });
      await expect(batcher.request(2006, undefined, (v) => v.verdict)).rejects.toMatchObject({
        code: '#N/A',
        message: expect.stringContaining('Cannot reach the server'),
      });
    } finally {
      session.setLocale('zh-CN');
    }
  });

  test('a picker that throws fails only its own call', async () => {
    const { source } = countedSource();
    const batcher = new StatusBatcher({ api: source, token: signedIn });
    const bad = batcher.request(2006, undefined, () => {
      throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, 'nope');
    });
    const good = batcher.request(2006, undefined, (v) => v.year);
    await expect(bad).rejects.toMatchObject({ code: '#VALUE!', message: 'nope' });
    await expect(good).resolves.toBe(2006);
  });
});

describe('signed out', () => {
  test('no token → #N/A "sign in first", and no request', async () => {
    const { source, status } = countedSource();
    const batcher = new StatusBatcher({ api: source, token: () => undefined });
    await expect(batcher.request(2006, undefined, (v) => v.verdict)).rejects.toMatchObject({
      code: '#N/A',
      message: '请先在任务窗格中登录',
    });
    expect(status).not.toHaveBeenCalled();
  });

  test('signed out between the call and the flush → #N/A, no request', async () => {
    let token: string | undefined = 'tok';
    const { source, status } = countedSource();
    const batcher = new StatusBatcher({ api: source, token: () => token });
    const call = batcher.request(2006, undefined, (v) => v.verdict);
    token = undefined;
    await expect(call).rejects.toMatchObject({ code: '#N/A' });
    expect(status).not.toHaveBeenCalled();
  });
});
