import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { ApiProblem, NetworkError } from './errors';

interface SeenRequest {
  readonly method: string;
  /** Path and query, e.g. `/v1/status/2006?asOf=2006-06-10`. */
  readonly url: string;
  /** Lower-cased names. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface FakeAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  readonly body?: unknown;
}

/** A fetch that plays the API: records each request and answers with `answer(request)`; problem+json for errors. */
function fakeApi(answer: (req: SeenRequest) => FakeAnswer) {
  const requests: SeenRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const body = init?.body;
    const seen: SeenRequest = {
      method: init?.method ?? 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body:
        typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : '',
    };
    requests.push(seen);
    const a = answer(seen);
    const status = a.status ?? 200;
    const isText = typeof a.body === 'string';
    const contentType = isText
      ? 'text/plain; charset=utf-8'
      : status >= 400
        ? 'application/problem+json; charset=utf-8'
        : 'application/json; charset=utf-8';
    return new Response(a.body === undefined ? '' : isText ? String(a.body) : JSON.stringify(a.body), {
      status,
      headers: { 'content-type': contentType, ...a.headers },
    });
  };
  return { url: 'http://api.test', requests, fetch };
}

/** A problem document as the API writes it. */
const problemBody = (status: number, code: string, zh: string, en: string, more: object = {}) => ({
  type: `https://shishi.invalid/problems/${code}`,
  title: en,
  status,
  code,
  detail: zh,
  message: { zh, en },
  ...more,
});

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

let api: ReturnType<typeof fakeApi>;

describe('ApiClient', () => {
  it('sends the bearer token and JSON, and answers the parsed body', async () => {
    // Prepare
    api = fakeApi(() => ({ status: 200, body: { items: [{ id: '2006.labor.2006-05' }] } }));
    const client = new ApiClient({ fetch: api.fetch, baseUrl: `${api.url}/`, token: 'tok-123' });

    // Act
    const items = await client.listSubmissions({ year: 2006, unit: 'labor', period: undefined });

    // Assess
    expect(items).toEqual([{ id: '2006.labor.2006-05' }]);
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: '/v1/submissions?year=2006&unit=labor' });
    expect(api.requests[0]!.headers.authorization).toBe('Bearer tok-123');
  });

  it('keeps a path prefix of the base URL (an API Gateway stage)', async () => {
    // Prepare
    api = fakeApi(() => ({ body: { status: 'ok', service: 'shishi', time: 'now' } }));
    const client = new ApiClient({ fetch: api.fetch, baseUrl: `${api.url}/prod` });

    // Act
    await client.health();

    // Assess
    expect(api.requests[0]!.url).toBe('/prod/v1/health');
    expect(api.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('posts a report with its idempotency key and reports a replay', async () => {
    // Prepare
    const receipt = {
      id: '2006.labor.2006-05',
      version: 1,
      state: 'pending',
      submittedAt: 'x',
      findings: [],
    };
    api = fakeApi(() => ({
      status: 201,
      headers: { 'idempotent-replayed': 'true' },
      body: receipt,
    }));
    const client = new ApiClient({ fetch: api.fetch, baseUrl: api.url, token: 't' });

    // Act
    const out = await client.submit('{"unit":"labor"}', 'key-00000001');

    // Assess
    expect(out).toEqual({ receipt, replayed: true });
    expect(api.requests[0]).toMatchObject({ method: 'POST', body: '{"unit":"labor"}' });
    expect(api.requests[0]!.headers['idempotency-key']).toBe('key-00000001');
    expect(api.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('turns a problem document into a typed ApiProblem with its findings', async () => {
    // Prepare
    const findings = [
      {
        code: 'row.cumulativeMismatch',
        severity: 'error',
        indicator: '1.1',
        location: { section: 'row', index: 0, field: 'cumulative' },
        message: { zh: '累计不符', en: 'cumulative mismatch' },
      },
    ];
    api = fakeApi(() => ({
      status: 422,
      body: problemBody(422, 'submission.invalid', '报表有 1 处错误', 'The report has 1 error', { findings }),
    }));
    const client = new ApiClient({ fetch: api.fetch, baseUrl: api.url, token: 't' });

    // Act
    const error = await client.submit('{}', 'key-00000001').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ApiProblem);
    const p = error as ApiProblem;
    expect(p.code).toBe('submission.invalid');
    expect(p.status).toBe(422);
    expect(p.problem.findings).toEqual(findings);
    expect(p.problem.message.zh).toBe('报表有 1 处错误');
  });

  it('turns an answer that is not a problem document into http.unexpected', async () => {
    // Prepare
    api = fakeApi(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    const client = new ApiClient({ fetch: api.fetch, baseUrl: api.url });

    // Act
    const error = (await client.health().catch((e: unknown) => e)) as ApiProblem;

    // Assess
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error.code).toBe('http.unexpected');
    expect(error.status).toBe(502);
    expect(error.problem.message.en).toContain('Bad Gateway');
  });

  it('retries a 503 with Retry-After, then gives up with the problem', async () => {
    // Prepare
    let calls = 0;
    api = fakeApi(() => {
      calls++;
      return calls < 3
        ? {
            status: 503,
            headers: { 'retry-after': '0' },
            body: problemBody(503, 'store.unavailable', '稍后重试', 'retry shortly'),
          }
        : { body: { status: 'ok', service: 'shishi', time: 't' } };
    });
    const client = new ApiClient({ fetch: api.fetch, baseUrl: api.url, attempts: 3 });
    const impatient = new ApiClient({ fetch: api.fetch, baseUrl: api.url, attempts: 1 });

    // Act
    const health = await client.health();
    calls = 0;
    const error = (await impatient.health().catch((e: unknown) => e)) as ApiProblem;

    // Assess
    expect(health.status).toBe('ok');
    expect(error.code).toBe('store.unavailable');
    expect(error.retryAfter).toBe(0);
  });

  it('says so when nothing listens at the address', async () => {
    // Prepare
    const port = await closedPort();
    const client = new ApiClient({ baseUrl: `http://127.0.0.1:${port}` });

    // Act
    const error = (await client.health().catch((e: unknown) => e)) as NetworkError;

    // Assess
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.reason).toBe('ECONNREFUSED');
    expect(error.url).toBe(`http://127.0.0.1:${port}`);
    expect(error.text.en).toContain(`http://127.0.0.1:${port}`);
  });

  it('retries a workbook upload on 503 with Retry-After, with the same key and bytes', async () => {
    // Prepare
    let calls = 0;
    api = fakeApi(() => {
      calls++;
      return calls < 2
        ? {
            status: 503,
            headers: { 'retry-after': '0' },
            body: problemBody(503, 'submission.busy', '请稍后重试', 'Retry shortly'),
          }
        : { status: 201, body: { id: '2006.labor.2006-05', version: 1, findings: [] } };
    });
    const client = new ApiClient({ fetch: api.fetch, baseUrl: api.url, token: 't' });

    // Act
    const out = await client.submitWorkbook(new TextEncoder().encode('PK-bytes'), 'wb-00000001');

    // Assess
    expect(out.receipt.id).toBe('2006.labor.2006-05');
    expect(api.requests.map((r) => [r.url, r.headers['idempotency-key'], r.body])).toEqual([
      ['/v1/workbooks', 'wb-00000001', 'PK-bytes'],
      ['/v1/workbooks', 'wb-00000001', 'PK-bytes'],
    ]);
  });

  it('answers a download as bytes and a Blob with the suggested name', async () => {
    // Prepare
    api = fakeApi(() => ({
      headers: { 'content-disposition': "attachment; filename*=UTF-8''%E6%B1%87%E6%80%BB.xlsx" },
      body: 'xlsx',
    }));
    const client = new ApiClient({ fetch: api.fetch, baseUrl: api.url });

    // Act
    const file = await client.summary(2006);

    // Assess
    expect(new TextDecoder().decode(file.bytes)).toBe('xlsx');
    expect(file.blob.size).toBe(4);
    expect(file.filename).toBe('汇总.xlsx');
  });
});
