import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiProblem } from './api';
import { NetworkError } from './errors';
import { closedPort, type FakeApi, problemBody, startFakeApi } from './testing';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('ApiClient', () => {
  it('sends the bearer token and JSON, and answers the parsed body', async () => {
    // Prepare
    api = await startFakeApi(() => ({ status: 200, body: { items: [{ id: '2006.labor.2006-05' }] } }));
    const client = new ApiClient({ baseUrl: `${api.url}/`, token: 'tok-123' });

    // Act
    const items = await client.listSubmissions({ year: 2006, unit: 'labor', period: undefined });

    // Assess
    expect(items).toEqual([{ id: '2006.labor.2006-05' }]);
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: '/v1/submissions?year=2006&unit=labor' });
    expect(api.requests[0]!.headers.authorization).toBe('Bearer tok-123');
  });

  it('keeps a path prefix of the base URL (an API Gateway stage)', async () => {
    // Prepare
    api = await startFakeApi(() => ({ body: { status: 'ok', service: 'shishi', time: 'now' } }));
    const client = new ApiClient({ baseUrl: `${api.url}/prod` });

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
    api = await startFakeApi(() => ({
      status: 201,
      headers: { 'idempotent-replayed': 'true' },
      body: receipt,
    }));
    const client = new ApiClient({ baseUrl: api.url, token: 't' });

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
    api = await startFakeApi(() => ({
      status: 422,
      body: problemBody(422, 'submission.invalid', '报表有 1 处错误', 'The report has 1 error', { findings }),
    }));
    const client = new ApiClient({ baseUrl: api.url, token: 't' });

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
    api = await startFakeApi(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    const client = new ApiClient({ baseUrl: api.url });

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
    api = await startFakeApi(() => {
      calls++;
      return calls < 3
        ? {
            status: 503,
            headers: { 'retry-after': '0' },
            body: problemBody(503, 'store.unavailable', '稍后重试', 'retry shortly'),
          }
        : { body: { status: 'ok', service: 'shishi', time: 't' } };
    });
    const client = new ApiClient({ baseUrl: api.url, attempts: 3 });
    const impatient = new ApiClient({ baseUrl: api.url, attempts: 1 });

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
    expect(error.exitCode).toBe(3);
    expect(error.text.zh).toContain('无法连接到 API');
    expect(error.text.en).toContain(`Cannot reach the API at http://127.0.0.1:${port}`);
  });
});
