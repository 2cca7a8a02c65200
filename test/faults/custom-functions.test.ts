/**
 * Limits (reliability suite): 1,000 concurrent custom-function calls in one recalculation, the
 * add-in's real SHISHI functions, batcher and API client against the real stack (the Office
 * runtime's `CustomFunctions` global is a double, as in addin/custom-functions/*.test.ts). They are
 * answered with a couple of HTTP requests and the values of `/v1/status/2006`; with the API
 * down, every call settles with `#N/A` in bounded time, none left pending, no unhandled rejection.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { StatusBatcher } from '../../addin/custom-functions/batch';
import { progress, setLiveBatcher, status, target } from '../../addin/custom-functions/functions';
import {
  installCustomFunctionsDouble,
  removeCustomFunctionsDouble,
} from '../../addin/custom-functions/testing';
import { apiForSession } from '../../addin/shared/api';
import { session } from '../../addin/shared/session';
import { statusText } from '../../domain/labels';
import { TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import { startTestStack, type TestStack } from '../support/stack';

const CALLS = 1000;
const AS_OF = '2006-06-30';

let stack: TestStack;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  installCustomFunctionsDouble();
  process.on('unhandledRejection', onUnhandled);
  stack = await startTestStack();
  // Something to show: transport's May report, accepted.
  const sent = await stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as: 'unit:transport',
    headers: { 'idempotency-key': 'cf-limits-transport-2006-05' },
    json: TRANSPORT_2006_05,
  });
  const review = await stack.fetchJson(`/v1/submissions/${sent.body.id}/review`, {
    method: 'POST',
    as: 'office',
    json: { decision: 'accept', expectedVersion: 1 },
  });
  expect(review.status).toBe(200);
}, 120_000);
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  removeCustomFunctionsDouble();
  await stack?.close();
});
afterEach(() => {
  session.signOut();
  expect(unhandled).toEqual([]);
});

/** Signs the session in against `baseUrl`; the live functions use a client that counts requests. */
async function signIn(baseUrl: string) {
  session.setApiBaseUrl(baseUrl);
  session.setYear(2006);
  session.signIn({ token: await stack.token('leader'), user: { role: 'leader' } });
  const sent: string[] = [];
  const counting: typeof fetch = (input, init) => {
    sent.push(String(input));
    return fetch(input, init);
  };
  setLiveBatcher(
    new StatusBatcher({ api: apiForSession(session, { fetch: counting }), token: session.token }),
  );
  return sent;
}

interface Call {
  readonly fn: 'TARGET' | 'PROGRESS' | 'PROGRESS@asOf' | 'STATUS';
  readonly id: string;
  readonly result: Promise<number | string>;
}

/** 1,000 calls in one tick, as one recalculation makes them: the 14 indicators, mixed functions. */
function recalculate(ids: readonly string[]): Call[] {
  return Array.from({ length: CALLS }, (_, i): Call => {
    const id = ids[i % ids.length]!;
    switch (i % 4) {
      case 0:
        return { fn: 'TARGET', id, result: target(id) };
      case 1:
        return { fn: 'PROGRESS', id, result: progress(id) };
      case 2:
        return { fn: 'PROGRESS@asOf', id, result: progress(id, AS_OF) };
      default:
        return { fn: 'STATUS', id, result: status(id) };
    }
  });
}

/** Settles within `ms`, or says which calls are still pending. */
async function settledWithin(calls: readonly Call[], ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((r) => {
    timer = setTimeout(() => r('pending'), ms);
  });
  const all = Promise.allSettled(calls.map((c) => c.result));
  const out = await Promise.race([all, late]);
  clearTimeout(timer);
  return out;
}

describe('limits: 1,000 concurrent custom-function calls', () => {
  test('1,000 mixed TARGET/PROGRESS/STATUS calls in one recalculation all resolve to the values of /v1/status/2006, with 2 requests', async () => {
    const today = await stack.fetchJson('/v1/status/2006', { as: 'leader' });
    const dated = await stack.fetchJson(`/v1/status/2006?asOf=${AS_OF}`, { as: 'leader' });
    const ids: string[] = today.body.indicators.map((i: { id: string }) => i.id);
    expect(ids).toHaveLength(14);
    const sent = await signIn(stack.url);

    const calls = recalculate(ids);
    const settled = await settledWithin(calls, 120_000);

    expect(settled).not.toBe('pending');
    if (settled === 'pending') return;
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const of = (view: { indicators: Array<Record<string, unknown>> }, id: string) =>
      view.indicators.find((i) => i.id === id)!;
    const want = (c: Call) => {
      switch (c.fn) {
        case 'TARGET':
          return of(today.body, c.id).target;
        case 'PROGRESS':
          return of(today.body, c.id).progress;
        case 'PROGRESS@asOf':
          return of(dated.body, c.id).progress;
        case 'STATUS':
          return statusText(of(today.body, c.id).status as never, 'zh-CN');
      }
    };
    const got = settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
    expect(got).toEqual(calls.map(want));
    // One request per (year, asOf): today's status and the 30 June one.
    expect(sent).toHaveLength(2);
    expect(sent.sort()).toEqual([`${stack.url}/v1/status/2006`, `${stack.url}/v1/status/2006?asOf=${AS_OF}`]);
    expect(of(dated.body, '3.1').progress).toBe(TRANSPORT_2006_05.rows[0]!.cumulative);
  }, 180_000);

  test('with nothing listening at the API address, all 1,000 calls settle with #N/A "cannot reach the server"', async () => {
    const ids = Array.from({ length: 14 }, (_, i) => `x${i}`);
    const port = await freePort();
    const sent = await signIn(`http://127.0.0.1:${port}`);

    const calls = recalculate(ids);
    const settled = await settledWithin(calls, 60_000);

    expect(settled).not.toBe('pending');
    if (settled === 'pending') return;
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    const reasons = settled.map((s) => (s as PromiseRejectedResult).reason);
    expect(reasons.every((r) => r instanceof CustomFunctions.Error && r.code === '#N/A')).toBe(true);
    expect(reasons[0].message).toContain(`无法连接到服务器 http://127.0.0.1:${port}`);
    expect(sent).toHaveLength(2);
  }, 120_000);

  test('with an API that accepts connections and never answers, all 1,000 calls settle with #N/A at the client’s timeout', async () => {
    const silent = await listenSilently();
    try {
      // The client's default time limit, as the add-in uses it (30 s per request).
      const sent = await signIn(`http://127.0.0.1:${silent.port}`);

      const calls = recalculate(['3.1']);
      const settled = await settledWithin(calls, 120_000);

      expect(sent).toHaveLength(2);
      expect(settled).not.toBe('pending');
      if (settled === 'pending') return;
      const reasons = settled.map((s) => (s.status === 'rejected' ? s.reason : s));
      expect(reasons.every((r) => r instanceof CustomFunctions.Error && r.code === '#N/A')).toBe(true);
      expect(reasons[0].message).toContain('timeout');
    } finally {
      await silent.close();
    }
  }, 180_000);
});

/** A port nothing listens on (taken, then freed). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP server that accepts connections and never writes a byte. */
async function listenSilently(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const s: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const socket of sockets) socket.destroy();
        s.close(() => r());
      }),
  };
}
