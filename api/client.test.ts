import { describe, expect, test, vi } from 'vitest';
import type { Submission } from '../domain/submission';
import { ApiClient } from './client';
import { ApiProblem, NetworkError } from './errors';

interface Call {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** A fetch that records each request and answers from a queue. */
function fakeFetch(...answers: Array<Response | Error | DOMException>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: init?.body,
    });
    const next = answers.shift();
    if (next === undefined) throw new Error('no answer queued');
    if (next instanceof Response) return next;
    throw next;
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });

const problemBody = {
  type: 'https://shishi.invalid/problems/submission.invalid',
  title: 'The report has errors',
  status: 422,
  code: 'submission.invalid',
  detail: '报表有错误',
  message: { zh: '报表有错误', en: 'The report has errors' },
  field: 'rows[0].cumulative',
  findings: [
    {
      code: 'row.negative',
      severity: 'error',
      message: { zh: '累计数不能为负', en: 'negative' },
      location: { row: 0 },
    },
  ],
};

const problem = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });

const client = (f: typeof fetch, token: string | null = 'tok-1') =>
  new ApiClient({
    baseUrl: 'http://api.test/prod/',
    token: () => token ?? undefined,
    fetch: f,
    maxRetryDelayMs: 0,
  });

const submission: Submission = { year: 2006, unit: 'transport', period: '2006-05', rows: [] };

describe('requests', () => {
  test('a GET carries the bearer token and asks for JSON; the base path is kept', async () => {
    // Prepare
    const f = fakeFetch(json({ status: 'ok', service: 'shishi', time: 't' }));
    // Act
    const health = await client(f.fetch).health();
    // Assess
    expect(health.status).toBe('ok');
    expect(f.calls[0]).toMatchObject({
      url: 'http://api.test/prod/v1/health',
      method: 'GET',
      headers: { authorization: 'Bearer tok-1', accept: 'application/json, application/problem+json' },
    });
    expect(f.calls[0]?.headers['content-type']).toBeUndefined();
  });

  test('no token → no Authorization header', async () => {
    const f = fakeFetch(json({ status: 'ok', service: 'shishi', time: 't' }));
    await client(f.fetch, null).health();
    expect(f.calls[0]?.headers.authorization).toBeUndefined();
  });

  test('the token is asked for on every request (sign-in after the client was made)', async () => {
    let token: string | undefined;
    const f = fakeFetch(json({ items: [] }), json({ items: [] }));
    const api = new ApiClient({ baseUrl: 'http://api.test', token: () => token, fetch: f.fetch });
    await api.listSubmissions({ year: 2006 });
    token = 'later';
    await api.listSubmissions({ year: 2006 });
    expect(f.calls.map((c) => c.headers.authorization)).toEqual([undefined, 'Bearer later']);
  });

  test('submit posts the JSON body with Idempotency-Key and reads Idempotent-Replayed', async () => {
    const receipt = { id: '2006:transport:2006-05', version: 1 };
    const f = fakeFetch(json(receipt, 200, { 'idempotent-replayed': 'true' }));
    const res = await client(f.fetch).submit(submission, 'key-42');
    expect(res).toEqual({ receipt, replayed: true });
    expect(f.calls[0]).toMatchObject({
      url: 'http://api.test/prod/v1/submissions',
      method: 'POST',
      headers: { 'idempotency-key': 'key-42', 'content-type': 'application/json' },
    });
    expect(JSON.parse(String(f.calls[0]?.body))).toEqual(submission);
  });

  test('submitWorkbook posts the bytes as .xlsx with the key', async () => {
    const f = fakeFetch(json({ id: 'x', version: 2 }, 201));
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4]);
    const res = await client(f.fetch).submitWorkbook(bytes, 'wb-1');
    expect(res.replayed).toBe(false);
    expect(f.calls[0]?.headers).toMatchObject({
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'idempotency-key': 'wb-1',
      authorization: 'Bearer tok-1',
    });
    expect(Array.from(f.calls[0]?.body as Uint8Array)).toEqual([0x50, 0x4b, 3, 4]);
  });

  test('review posts decision, comment and expected version', async () => {
    const f = fakeFetch(json({ id: 'r', version: 3, state: 'returned', reviewedAt: 't' }));
    await client(f.fetch).review('2006:transport:2006-05', {
      decision: 'return',
      comment: '请核实',
      expectedVersion: 3,
    });
    expect(f.calls[0]?.url).toBe('http://api.test/prod/v1/submissions/2006%3Atransport%3A2006-05/review');
    expect(JSON.parse(String(f.calls[0]?.body))).toEqual({
      decision: 'return',
      comment: '请核实',
      expectedVersion: 3,
    });
  });

  test.each([
    [
      'status with asOf',
      (c: ApiClient) => c.status(2006, '2006-06-30'),
      'GET',
      '/v1/status/2006?asOf=2006-06-30',
    ],
    ['status without asOf', (c: ApiClient) => c.status(2006), 'GET', '/v1/status/2006'],
    ['plan', (c: ApiClient) => c.getPlan(2006), 'GET', '/v1/plans/2006'],
    [
      'list with unit, no period',
      (c: ApiClient) => c.listSubmissions({ year: 2006, unit: 'transport' }),
      'GET',
      '/v1/submissions?year=2006&unit=transport',
    ],
    ['one submission', (c: ApiClient) => c.getSubmission('a b'), 'GET', '/v1/submissions/a%20b'],
    [
      'create summary',
      (c: ApiClient) => c.createSummary(2006, '2006-12-31'),
      'POST',
      '/v1/summaries/2006?asOf=2006-12-31',
    ],
  ])('%s → %s %s', async (_what, call, method, path) => {
    const f = fakeFetch(json({ items: [] }));
    await call(client(f.fetch));
    expect(f.calls[0]).toMatchObject({ method, url: `http://api.test/prod${path}` });
  });

  test('listSubmissions answers the items', async () => {
    const f = fakeFetch(json({ items: [{ id: 'a' }, { id: 'b' }] }));
    expect((await client(f.fetch).listSubmissions({ year: 2006 })).map((h) => h.id)).toEqual(['a', 'b']);
  });
});

describe('downloads', () => {
  test('summary → a Blob and the file name of content-disposition', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const f = fakeFetch(
      new Response(bytes, {
        status: 200,
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': 'attachment; filename="summary.xlsx"; filename*=UTF-8\'\'2006%E5%B9%B4.xlsx',
        },
      }),
    );
    const file = await client(f.fetch).summary(2006);
    expect(file.filename).toBe('2006年.xlsx');
    // (jsdom's Blob and Node's fetch Blob are different classes; in Office's webview they are one)
    expect(file.blob.size).toBe(3);
    expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(bytes);
  });

  test('template asks for the unit and period', async () => {
    const f = fakeFetch(new Response(new Uint8Array([9]), { status: 200 }));
    const file = await client(f.fetch).template(2006, 'transport', '2006-05');
    expect(f.calls[0]?.url).toBe('http://api.test/prod/v1/templates/2006/transport?period=2006-05');
    expect(file.filename).toBeUndefined();
  });

  test('a failed download is a problem, not a file', async () => {
    const f = fakeFetch(
      problem(
        { ...problemBody, status: 404, code: 'summary.notFound', message: { zh: '无', en: 'none' } },
        404,
      ),
    );
    await expect(client(f.fetch).summary(2006)).rejects.toMatchObject({
      code: 'summary.notFound',
      status: 404,
    });
  });
});

describe('failures', () => {
  test('application/problem+json → ApiProblem with code, status, message, field, findings', async () => {
    const f = fakeFetch(problem(problemBody, 422));
    const e = await client(f.fetch)
      .submit(submission, 'k')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiProblem);
    const p = e as ApiProblem;
    expect(p.code).toBe('submission.invalid');
    expect(p.status).toBe(422);
    expect(p.text).toEqual({ zh: '报表有错误', en: 'The report has errors' });
    expect(p.field).toBe('rows[0].cumulative');
    expect(p.findings).toHaveLength(1);
    expect(p.retryAfter).toBeUndefined();
  });

  test('a non-problem error answer → ApiProblem http.unexpected with a snippet', async () => {
    const f = fakeFetch(new Response('<html>Bad Gateway</html>', { status: 502 }));
    const e = (await client(f.fetch)
      .health()
      .catch((x: unknown) => x)) as ApiProblem;
    expect(e).toBeInstanceOf(ApiProblem);
    expect(e.code).toBe('http.unexpected');
    expect(e.status).toBe(502);
    expect(e.text.en).toContain('Bad Gateway');
  });

  test('503 with Retry-After is retried, then answers', async () => {
    const busy = () =>
      problem({ ...problemBody, status: 503, code: 'submission.busy' }, 503, { 'retry-after': '1' });
    const f = fakeFetch(busy(), json({ id: 'x', version: 1 }));
    const res = await client(f.fetch).submit(submission, 'same-key');
    expect(res.receipt).toEqual({ id: 'x', version: 1 });
    expect(f.calls.map((c) => c.headers['idempotency-key'])).toEqual(['same-key', 'same-key']);
  });

  test('503 every time → ApiProblem with retryAfter after the attempts', async () => {
    const busy = () =>
      problem({ ...problemBody, status: 503, code: 'store.unavailable' }, 503, { 'retry-after': '2' });
    const f = fakeFetch(busy(), busy(), busy());
    const e = (await client(f.fetch)
      .status(2006)
      .catch((x: unknown) => x)) as ApiProblem;
    expect(e.code).toBe('store.unavailable');
    expect(e.retryAfter).toBe(2);
    expect(f.calls).toHaveLength(3);
  });

  test('fetch rejects (offline, CORS) → NetworkError naming the API, with the cause', async () => {
    const offline = new TypeError('Failed to fetch');
    const f = fakeFetch(offline);
    const e = (await client(f.fetch)
      .submit(submission, 'k')
      .catch((x: unknown) => x)) as NetworkError;
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.url).toBe('http://api.test/prod');
    expect(e.reason).toBe('Failed to fetch');
    expect(e.cause).toBe(offline);
    expect(e.text.zh).toContain('无法连接');
  });

  test('a timeout → NetworkError "timeout"', async () => {
    const f = fakeFetch(new DOMException('timed out', 'TimeoutError'));
    await expect(client(f.fetch).health()).rejects.toMatchObject({ name: 'NetworkError', reason: 'timeout' });
  });
});
