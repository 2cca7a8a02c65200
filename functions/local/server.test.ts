import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { RouteGroup } from '../../api/routes';
import { err, ok as okResult } from '../../domain/result';
import type { Verifier } from '../auth/tokens';
import type { HttpEvent, HttpResult, LambdaHandler } from '../http/types';
import {
  gatewayTime,
  type HttpServer,
  isAllowedOrigin,
  isTextContentType,
  normaliseOrigin,
  queryParameters,
  startHttpServer,
} from './server';

const GROUPS: RouteGroup[] = ['health', 'plans', 'submissions', 'status', 'audit', 'workbooks'];

/** Handlers that record the events they get and answer what `reply` says. */
function fakeHandlers(reply: (group: RouteGroup, e: HttpEvent) => Promise<HttpResult> | HttpResult) {
  const events: { group: RouteGroup; event: HttpEvent }[] = [];
  const handlers = Object.fromEntries(
    GROUPS.map((group): [RouteGroup, LambdaHandler] => [
      group,
      async (event) => {
        events.push({ group, event });
        return reply(group, event);
      },
    ]),
  ) as Record<RouteGroup, LambdaHandler>;
  return { handlers, events };
}

const ok = (): HttpResult => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"ok":true}',
});

/** A raw request, for what fetch will not send (repeated headers, exact bytes). */
function rawRequest(
  url: string,
  opts: { method?: string; path: string; headers?: [string, string][]; body?: Buffer; host?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port, host } = new URL(url);
  return new Promise((resolveReq, reject) => {
    const req = request(
      {
        hostname,
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: [['Host', opts.host ?? host], ...(opts.headers ?? [])].flat(),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveReq({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the local HTTP adapter', () => {
  let server: HttpServer;
  const fake = fakeHandlers(async (group, e) => {
    if (e.rawPath === '/v1/plans/boom') throw new Error('handler failed on purpose');
    if (e.rawPath === '/v1/plans/binary') {
      return { statusCode: 201, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true };
    }
    if (e.rawPath === '/v1/plans/cookie')
      return { statusCode: 200, cookies: ['a=1; Path=/', 'b=2'], body: 'x' };
    if (group === 'audit') return { body: 'no status code' };
    return ok();
  });
  const logged: string[] = [];

  beforeAll(async () => {
    server = await startHttpServer({
      handlers: fake.handlers,
      port: 0,
      maxBodyBytes: 1024,
      log: (m) => logged.push(m),
      allowedOrigins: ['https://localhost:3443'],
    });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    fake.events.length = 0;
  });

  test('routes a request to its group with a faithful payload v2 event', async () => {
    // Prepare
    const body = JSON.stringify({ note: '滞后原因' });

    // Act
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/v1/submissions/2006.labor.2006-05%2Fx/review?lang=en&tag=a&tag=b&q=%E5%8C%BA',
      headers: [
        ['Content-Type', 'application/json'],
        ['Authorization', 'Bearer abc'],
        ['X-Custom', 'one'],
        ['X-Custom', 'two'],
        ['Cookie', 'a=1; b=2'],
        ['User-Agent', 'test-agent'],
      ],
      body: Buffer.from(body),
    });

    // Assess
    expect(res.status).toBe(200);
    expect(fake.events).toHaveLength(1);
    const { group, event } = fake.events[0]!;
    expect(group).toBe('submissions');
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /v1/submissions/{id}/review');
    expect(event.rawPath).toBe('/v1/submissions/2006.labor.2006-05%2Fx/review');
    expect(event.rawQueryString).toBe('lang=en&tag=a&tag=b&q=%E5%8C%BA');
    expect(event.queryStringParameters).toEqual({ lang: 'en', tag: 'a,b', q: '区' });
    expect(event.pathParameters).toEqual({ id: '2006.labor.2006-05/x' });
    expect(event.headers.authorization).toBe('Bearer abc');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-custom']).toBe('one,two');
    expect(Object.keys(event.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
    const ctx = event.requestContext;
    expect(ctx.http.method).toBe('POST');
    expect(ctx.http.path).toBe('/v1/submissions/2006.labor.2006-05%2Fx/review');
    expect(ctx.http.protocol).toBe('HTTP/1.1');
    expect(ctx.http.sourceIp).toBe('127.0.0.1');
    expect(ctx.http.userAgent).toBe('test-agent');
    expect(ctx.routeKey).toBe(event.routeKey);
    expect(ctx.stage).toBe('$default');
    expect(ctx.accountId).toBe('local');
    expect(ctx.apiId).toBe('local');
    expect(ctx.domainName).toBe(`127.0.0.1:${server.port}`);
    expect(ctx.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof ctx.timeEpoch).toBe('number');
  });

  test('a GET without a body or query has neither', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/status/2006`);

    // Assess
    expect(res.status).toBe(200);
    const { group, event } = fake.events[0]!;
    expect(group).toBe('status');
    expect(event.routeKey).toBe('GET /v1/status/{year}');
    expect(event.pathParameters).toEqual({ year: '2006' });
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.rawQueryString).toBe('');
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  test('a binary body arrives base64-encoded', async () => {
    // Prepare
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe]);

    // Act
    const res = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: bytes,
    });

    // Assess
    expect(res.status).toBe(200);
    const { event } = fake.events[0]!;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64')).toEqual(bytes);
  });

  test('writes base64 results as bytes, and cookies as set-cookie', async () => {
    // Act
    const binary = await fetch(`${server.url}/v1/plans/binary`);
    const cookie = await fetch(`${server.url}/v1/plans/cookie`);

    // Assess
    expect(binary.status).toBe(201);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(cookie.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
  });

  test('a result without a status code is a 200', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/audit`);

    // Assess
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('no status code');
  });

  test('an unknown path is a 404 problem, and no handler is called', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/nothing-here`);

    // Assess
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 404, code: 'http.notFound' });
    expect(body.message.zh).toBeTruthy();
    expect(body.message.en).toBeTruthy();
    expect(typeof body.type).toBe('string');
    expect(typeof body.title).toBe('string');
    expect(fake.events).toHaveLength(0);
  });

  test('a path outside /v1/ is a 404 when no static folder is served', async () => {
    // Act
    const res = await fetch(`${server.url}/index.html`);

    // Assess
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('http.notFound');
  });

  test('a known path with the wrong method is a 405 problem with Allow', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/plans/2006`, { method: 'DELETE' });

    // Assess
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT');
    expect((await res.json()).code).toBe('http.methodNotAllowed');
    expect(fake.events).toHaveLength(0);
  });

  test('a body over the limit is a 413 problem, declared or streamed', async () => {
    // Prepare
    const big = Buffer.alloc(4096, 'a');
    async function* chunks() {
      for (let i = 0; i < 64; i++) yield Buffer.alloc(512, 'b');
    }

    // Act
    const declared = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    const streamed = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks(),
      duplex: 'half',
    } as unknown as RequestInit);

    // Assess
    expect(declared.status).toBe(413);
    expect((await declared.json()).code).toBe('request.tooLarge');
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).code).toBe('request.tooLarge');
    expect(fake.events).toHaveLength(0);
  });

  test('the 413 names the limit; for a workbook it says to remove pictures or report from the add-in', async () => {
    // Act
    const json = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(2048, 'a'),
    });
    const workbook = await fetch(`${server.url}/v1/workbooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(2048, 'a'),
    });

    // Assess
    expect((await json.json()).message).toEqual({
      zh: '请求内容超过 1 KB 的上限，未保存',
      en: 'The request body is larger than the 1 KB limit; nothing was stored',
    });
    const problem = await workbook.json();
    expect([workbook.status, problem.code]).toEqual([413, 'request.tooLarge']);
    expect(problem.message.en).toMatch(/larger than the 1 KB limit.*Remove pictures.*add-in/);
    expect(problem.message.zh).toMatch(/超过 1 KB 的上限.*删除工作簿中的图片.*加载项/);
    expect(fake.events).toHaveLength(0);
  });

  test('a body exactly at the limit is accepted', async () => {
    // Act
    const res = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(1024),
    });

    // Assess
    expect(res.status).toBe(200);
    expect(fake.events[0]!.event.body).toHaveLength(1024);
  });

  test('a throwing handler is a 500 problem, logged, and the server keeps serving', async () => {
    // Act
    const failed = await fetch(`${server.url}/v1/plans/boom`);
    const next = await fetch(`${server.url}/v1/health`);

    // Assess
    expect(failed.status).toBe(500);
    expect((await failed.json()).code).toBe('http.internal');
    expect(logged.some((m) => m.includes('GET /v1/plans/{year}'))).toBe(true);
    expect(next.status).toBe(200);
  });

  test('a client that goes away mid-body is not logged as a failure, and the server keeps serving', async () => {
    // Prepare
    const { hostname, port } = new URL(server.url);
    const before = logged.length;

    // Act
    await new Promise<void>((done) => {
      const req = request({
        hostname,
        port,
        method: 'POST',
        path: '/v1/submissions',
        headers: { 'content-type': 'application/json', 'content-length': '500' },
      });
      req.on('error', () => done());
      req.write('{"partial":', () => setTimeout(() => req.destroy(), 50));
    });
    const next = await fetch(`${server.url}/v1/health`);

    // Assess
    expect(next.status).toBe(200);
    expect(fake.events.map((e) => e.group)).toEqual(['health']);
    expect(logged.slice(before)).toEqual([]);
  });

  test('answers a CORS preflight from the stack’s own origins only, with the exact list of headers', async () => {
    // Prepare
    const preflight = (origin: string, headers = 'authorization, content-type, idempotency-key') =>
      fetch(`${server.url}/v1/submissions`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': headers,
        },
      });

    // Act
    const allowed = await preflight('https://localhost:3443', 'authorization, content-type, x-evil');
    const otherPort = await preflight('https://localhost:1');
    const devServer = await preflight('https://localhost:3000');
    const foreign = await preflight('https://evil.example');
    const actual = await fetch(`${server.url}/v1/health`, { headers: { origin: 'https://localhost:3443' } });
    const actualOther = await fetch(`${server.url}/v1/health`, {
      headers: { origin: 'http://127.0.0.1:8080' },
    });
    server.allowOrigin('https://localhost:5173');
    const added = await preflight('https://localhost:5173');

    // Assess
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://localhost:3443');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toBe(
      'accept, authorization, content-type, idempotency-key, if-match',
    );
    expect(allowed.headers.get('access-control-allow-headers')).not.toContain('x-evil');
    for (const refused of [otherPort, devServer, foreign]) {
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-headers')).toBeNull();
    }
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://localhost:3443');
    expect(actual.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(actualOther.headers.get('access-control-allow-origin')).toBeNull();
    expect(added.headers.get('access-control-allow-origin')).toBe('https://localhost:5173');
    expect(fake.events.map((e) => e.group)).toEqual(['health', 'health']);
  });

  test('a Host header other than localhost, 127.0.0.1 or [::1] on its own port is 421, and no handler is called', async () => {
    // Act
    const evil = await rawRequest(server.url, { path: '/v1/health', host: 'evil.example' });
    const evilWithPort = await rawRequest(server.url, {
      path: '/v1/health',
      host: `evil.example:${server.port}`,
    });
    const otherPort = await rawRequest(server.url, {
      path: '/v1/health',
      host: `127.0.0.1:${server.port + 1}`,
    });
    const staticFile = await rawRequest(server.url, { path: '/index.html', host: 'rebound.example' });
    const own = await Promise.all(
      [
        `localhost:${server.port}`,
        `127.0.0.1:${server.port}`,
        `[::1]:${server.port}`,
        `LOCALHOST:${server.port}`,
      ].map((host) => rawRequest(server.url, { path: '/v1/health', host })),
    );

    // Assess
    for (const r of [evil, evilWithPort, otherPort, staticFile]) {
      expect(r.status).toBe(421);
      expect(r.headers['content-type']).toContain('application/problem+json');
      const body = JSON.parse(r.body);
      expect(body).toMatchObject({ status: 421, code: 'local.misdirected' });
      expect(body.message.zh).toContain('本地环境只接受');
      expect(body.message.en).toContain('only answers requests for localhost');
    }
    expect(own.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(fake.events.map((e) => e.group)).toEqual(['health', 'health', 'health', 'health']);
  });
});

/** Opens a raw connection: what it receives, and when it is closed (ms after the start). */
function rawSocket(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const started = Date.now();
  let received = '';
  let closedAfter: number | undefined;
  socket.on('data', (c: Buffer) => {
    received += c.toString('utf8');
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((done) =>
    socket.once('close', () => {
      closedAfter = Date.now() - started;
      done(closedAfter);
    }),
  );
  const connected = new Promise<void>((done) => socket.once('connect', () => done()));
  return {
    socket,
    connected,
    closed,
    received: () => received,
    closedAfter: () => closedAfter,
    /** Resolves when `text` has been received (or rejects after `ms`). */
    waitFor: (text: string, ms: number) =>
      new Promise<string>((done, fail) => {
        const deadline = setTimeout(() => fail(new Error(`no "${text}" within ${ms} ms: ${received}`)), ms);
        const check = () => {
          if (!received.includes(text)) return;
          clearTimeout(deadline);
          socket.off('data', check);
          done(received);
        };
        socket.on('data', check);
        check();
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('what the adapter refuses before it reads a body, and how long it waits', () => {
  const GOOD = 'Bearer good-token';
  /** The handlers' check: one token is valid, the others not. */
  const verify: Verifier = async (authorization) =>
    authorization === GOOD
      ? okResult({
          sub: 'local:sample-district:unit:labor',
          org: 'sample-district',
          role: 'unit',
          unit: 'labor',
        })
      : authorization
        ? err({ code: 'auth.invalid', detail: 'bad signature' })
        : err({ code: 'auth.missing', detail: 'no bearer token' });
  let held: Array<() => void> = [];
  let inHandler = 0;
  let mostInHandler = 0;
  const fake = fakeHandlers(async (group) => {
    if (group === 'workbooks') {
      inHandler++;
      mostInHandler = Math.max(mostInHandler, inHandler);
      await new Promise<void>((r) => held.push(r));
      inHandler--;
    }
    return ok();
  });
  let server: HttpServer;

  beforeAll(async () => {
    server = await startHttpServer({
      handlers: fake.handlers,
      port: 0,
      maxBodyBytes: 1024 * 1024,
      verify,
      workbooks: { running: 1, waiting: 1, retryAfterSeconds: 3 },
    });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    fake.events.length = 0;
    for (const r of held) r();
    held = [];
  });

  test('an invalid token with a 10 MB body is answered 401 before the body is sent, and the body is never read', async () => {
    // Prepare
    const raw = rawSocket(server.url);
    await raw.connected;
    const chunk = Buffer.alloc(64 * 1024, 0x20);

    // Act: the headers and one 64 KB chunk of the 10 MB, then wait for the answer
    raw.socket.write(
      `POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer forged\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`,
    );
    raw.socket.write(chunk);
    const answer = await raw.waitFor('"code":"auth.invalid"', 3000);
    raw.socket.destroy();
    const missing = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess: answered while the client had sent 64 KB of 10 MB; no handler saw it
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('"message":{"zh":"访问令牌无效","en":"The bearer token is not valid"}');
    expect(missing.status).toBe(401);
    expect((await missing.json()).code).toBe('auth.missing');
    expect(fake.events).toHaveLength(0);
  });

  test('a valid token with a declared length over the limit is 413 at once; a public route needs no token', async () => {
    // Prepare
    const raw = rawSocket(server.url);
    await raw.connected;

    // Act: nothing of the body is sent
    raw.socket.write(
      `POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: ${GOOD}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`,
    );
    const answer = await raw.waitFor('request.tooLarge', 3000);
    raw.socket.destroy();
    const health = await fetch(`${server.url}/v1/health`);
    const accepted = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: GOOD, 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(health.status).toBe(200);
    expect(accepted.status).toBe(200);
    expect(fake.events.map((e) => e.group)).toEqual(['health', 'submissions']);
  });

  test('workbook uploads beyond the running and waiting places are 503 with Retry-After, and the others go on', async () => {
    // Prepare
    const upload = () =>
      fetch(`${server.url}/v1/workbooks`, {
        method: 'POST',
        headers: { authorization: GOOD, 'content-type': 'application/octet-stream' },
        body: Buffer.from('PK\x03\x04 a workbook'),
      });
    mostInHandler = 0;

    // Act: one is read, one waits, the third finds no place
    const first = upload();
    while (inHandler < 1) await sleep(10);
    const second = upload();
    await sleep(200);
    const third = await Promise.race([upload(), sleep(3000).then(() => undefined)]);
    const thirdBody = third ? await third.json() : undefined;
    for (const r of held.splice(0)) r();
    while (held.length < 1) await sleep(10);
    for (const r of held.splice(0)) r();
    const [a, b] = await Promise.all([first, second]);
    const after = upload();
    while (held.length < 1) await sleep(10);
    for (const r of held.splice(0)) r();

    // Assess
    expect(third?.status).toBe(503);
    expect(third?.headers.get('retry-after')).toBe('3');
    expect(thirdBody).toMatchObject({ status: 503, code: 'local.busy' });
    expect(thirdBody.message.zh).toContain('3 秒后重试');
    expect(thirdBody.message.en).toContain('retry in 3 s');
    expect([a.status, b.status, (await after).status]).toEqual([200, 200, 200]);
    expect(mostInHandler).toBe(1);
    expect(fake.events.filter((e) => e.group === 'workbooks')).toHaveLength(3);
  });

  test('slow-loris: 20 connections sending their headers a byte a second are all closed within the 10 s headers timeout', async () => {
    // Prepare
    const request = `GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`;
    const clients = Array.from({ length: 20 }, () => rawSocket(server.url));
    await Promise.all(clients.map((c) => c.connected));

    // Act: one byte a second each, until the server closes them (or 20 s)
    let sent = 0;
    const ticker = setInterval(() => {
      const byte = request[sent++ % request.length]!;
      for (const c of clients) if (c.closedAfter() === undefined) c.socket.write(byte);
    }, 1000);
    const closedAfter = await Promise.race([
      Promise.all(clients.map((c) => c.closed)),
      sleep(20_000).then(() => clients.map((c) => c.closedAfter() ?? Number.POSITIVE_INFINITY)),
    ]);
    clearInterval(ticker);
    for (const c of clients) c.socket.destroy();
    const health = await fetch(`${server.url}/v1/health`);

    // Assess: 10 s, checked every second (and a second of slack)
    expect(Math.max(...closedAfter)).toBeLessThan(12_500);
    expect(Math.min(...closedAfter)).toBeGreaterThanOrEqual(9_000);
    expect(clients.every((c) => c.received().startsWith('HTTP/1.1 408'))).toBe(true);
    expect(health.status).toBe(200);
  }, 30_000);

  test('a body sent a byte at a time is cut at the request timeout', async () => {
    // Prepare
    const quick = await startHttpServer({
      handlers: fake.handlers,
      port: 0,
      maxBodyBytes: 1024,
      timeouts: { headersMs: 1000, requestMs: 2000 },
    });
    const raw = rawSocket(quick.url);
    await raw.connected;

    try {
      // Act: the headers at once, then a byte every 200 ms of the 100 declared
      raw.socket.write(
        `POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1:${quick.port}\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n`,
      );
      const ticker = setInterval(() => raw.socket.write('x'), 200);
      const closedAfter = await Promise.race([
        raw.closed,
        sleep(10_000).then(() => Number.POSITIVE_INFINITY),
      ]);
      clearInterval(ticker);

      // Assess
      expect(closedAfter).toBeLessThan(4_000);
      expect(raw.received()).toMatch(/^HTTP\/1\.1 408/);
      expect(fake.events).toHaveLength(0);
    } finally {
      raw.socket.destroy();
      await quick.close();
    }
  }, 20_000);
});

describe('static files', () => {
  let dir: string;
  let server: HttpServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shishi-static-'));
    const root = join(dir, 'addin');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<h1>任务窗格</h1>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
    server = await startHttpServer({
      handlers: fakeHandlers(ok).handlers,
      port: 0,
      maxBodyBytes: 1024,
      staticDir: root,
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves files with their content type, and index.html for /', async () => {
    // Act
    const index = await fetch(`${server.url}/`);
    const js = await fetch(`${server.url}/assets/app.js`);

    // Assess
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe('<h1>任务窗格</h1>');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });

  test('does not leave the folder, by dot segments or symbolic links', async () => {
    // Act
    const dotted = await rawRequest(server.url, { path: '/../secret.txt' });
    const encoded = await rawRequest(server.url, { path: '/%2e%2e/secret.txt' });
    const linked = await fetch(`${server.url}/link.txt`);

    // Assess
    expect(dotted.status).toBe(404);
    expect(encoded.status).toBe(404);
    expect(linked.status).toBe(404);
    expect(dotted.body + encoded.body).not.toContain('secret');
  });

  test('a missing file is a 404 problem, and /v1/ still goes to the handlers', async () => {
    // Act
    const missing = await fetch(`${server.url}/nope.js`);
    const api = await fetch(`${server.url}/v1/health`);

    // Assess
    expect(missing.status).toBe(404);
    expect(api.status).toBe(200);
  });
});

describe('the local sign-in on http', () => {
  const code = 'the-sign-in-code';
  const asked: string[] = [];
  const local = {
    users: async () => [{ as: 'local:sample-district:office', name: '王静', label: '王静 · 考核办' }],
    tokenFor: async (as: string) => {
      asked.push(as);
      return as === 'local:sample-district:office' ? 'eyJ.a-token' : undefined;
    },
  };
  let dir: string;
  let server: HttpServer;
  let plain: HttpServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shishi-static-'));
    writeFileSync(join(dir, 'preview.html'), '<h1>预览</h1>');
    const opts = { handlers: fakeHandlers(ok).handlers, port: 0, maxBodyBytes: 1024, staticDir: dir };
    server = await startHttpServer({ ...opts, local, signInCode: code });
    plain = await startHttpServer(opts);
  });
  afterAll(async () => {
    await server.close();
    await plain.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the http preview signs in as the https one: /local/users and /local/token with the code', async () => {
    // Act
    const withCode = { 'x-shishi-sign-in-code': code };
    const users = await fetch(`${server.url}/local/users`, { headers: withCode });
    const token = await fetch(`${server.url}/local/token?as=local:sample-district:office`, {
      headers: withCode,
    });
    const nobody = await fetch(`${server.url}/local/token?as=local:nobody`, { headers: withCode });
    const page = await fetch(`${server.url}/preview.html`);

    // Assess
    expect(server.signInCode).toBe(code);
    expect(users.status).toBe(200);
    expect(users.headers.get('cache-control')).toBe('no-store');
    expect(await users.json()).toEqual([
      { as: 'local:sample-district:office', name: '王静', label: '王静 · 考核办' },
    ]);
    expect(token.status).toBe(200);
    expect(await token.json()).toEqual({ as: 'local:sample-district:office', token: 'eyJ.a-token' });
    expect(nobody.status).toBe(404);
    expect((await nobody.json()).code).toBe('local.unknownUser');
    expect(page.status).toBe(200);
  });

  test('without the code 401, with another 403, another method 403, another Host 421: no token', async () => {
    // Prepare
    asked.length = 0;
    const path = '/local/token?as=local:sample-district:office';

    // Act
    const missing = await rawRequest(server.url, { path });
    const wrong = await rawRequest(server.url, { path, headers: [['x-shishi-sign-in-code', 'guessed']] });
    const posted = await rawRequest(server.url, {
      method: 'POST',
      path,
      headers: [['x-shishi-sign-in-code', code]],
    });
    const rebound = await rawRequest(server.url, {
      path,
      host: `evil.example:${server.port}`,
      headers: [['x-shishi-sign-in-code', code]],
    });
    const otherPort = await rawRequest(server.url, {
      path,
      host: `localhost:${server.port + 1}`,
      headers: [['x-shishi-sign-in-code', code]],
    });

    // Assess
    expect([missing.status, wrong.status, posted.status, rebound.status, otherPort.status]).toEqual([
      401, 403, 403, 421, 421,
    ]);
    expect(JSON.parse(missing.body)).toMatchObject({
      code: 'local.codeMissing',
      message: { zh: expect.stringContaining('登录码'), en: expect.stringContaining('sign-in code') },
    });
    expect(JSON.parse(wrong.body).code).toBe('local.codeWrong');
    expect(JSON.parse(posted.body).code).toBe('local.forbidden');
    expect(JSON.parse(rebound.body).code).toBe('local.misdirected');
    for (const r of [missing, wrong, posted, rebound, otherPort]) expect(r.body).not.toContain('eyJ');
    expect(asked).toEqual([]);
  });

  test('a server without the local sign-in has no /local/: a 404, the pane then asks for a token', async () => {
    // Act
    const users = await fetch(`${plain.url}/local/users`, { headers: { 'x-shishi-sign-in-code': code } });

    // Assess
    expect(plain.signInCode).toBeUndefined();
    expect(users.status).toBe(404);
    expect((await users.json()).code).toBe('http.notFound');
  });
});

describe('helpers', () => {
  test.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['text/csv', true],
    ['application/xml', true],
    ['application/x-www-form-urlencoded', true],
    ['application/octet-stream', false],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', false],
    [undefined, false],
  ])('isTextContentType(%s) is %s', (type, expected) => {
    expect(isTextContentType(type)).toBe(expected);
  });

  test.each([
    ['https://localhost:3443', true],
    ['https://localhost:5173', true],
    ['https://localhost:1', false],
    ['https://localhost', false],
    ['http://localhost:3443', false],
    ['http://127.0.0.1:5173', false],
    ['https://localhost.evil.com', false],
    ['https://127.0.0.1:3443', false],
    [undefined, false],
  ])('isAllowedOrigin(%s) of the https origin and a dev origin is %s', (origin, expected) => {
    expect(isAllowedOrigin(origin, new Set(['https://localhost:3443', 'https://localhost:5173']))).toBe(
      expected,
    );
  });

  test('an allowed origin must be an origin: no path, no pattern', () => {
    expect(normaliseOrigin('https://LOCALHOST:5173/')).toBe('https://localhost:5173');
    expect(() => normaliseOrigin('https://localhost:5173/pane')).toThrow(/not an origin/);
    expect(() => normaliseOrigin('localhost:5173')).toThrow();
    expect(() => normaliseOrigin('*')).toThrow();
  });

  test('query parameters are decoded and repeated keys joined', () => {
    expect(queryParameters('a=1&a=2&b=%E5%8C%BA&c=')).toEqual({ a: '1,2', b: '区', c: '' });
    expect(queryParameters('')).toBeUndefined();
  });

  test('the request time is written as API Gateway writes it', () => {
    expect(gatewayTime(new Date(Date.UTC(2006, 4, 5, 9, 3, 58)))).toBe('05/May/2006:09:03:58 +0000');
  });
});
