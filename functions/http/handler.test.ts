/**
 * The handler shell reports each request: one log line with the request id, the route, the
 * principal's `sub`, the status and outcome and the duration — never the Authorization header —
 * as JSON with EMF counts on Lambda, as a readable line and no counts locally.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { Deps } from '../runtime';
import { json, makeHandler } from './handler';
import { createTelemetry, readableLine, type Telemetry } from './telemetry';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1bml0OmxhYm9yIn0.c2VjcmV0LXNpZ25hdHVyZQ';
const AUTHORIZATION = `Bearer ${TOKEN}`;
const PRINCIPAL = { sub: 'unit:labor', role: 'unit', unit: 'labor', org: 'district-a' } as Principal;

const deps = {
  config: { maxBodyBytes: 64 * 1024 },
  now: () => new Date('2006-06-10T01:00:00Z'),
  verify: async (header: string | undefined) =>
    header === AUTHORIZATION
      ? { ok: true, value: PRINCIPAL }
      : { ok: false, error: { code: header ? 'auth.invalid' : 'auth.missing' } },
  store: { forOrg: () => ({ getPerson: async () => undefined, getOrganisation: async () => undefined }) },
} as unknown as Deps;

function handlerWith(telemetry: Telemetry) {
  // The routes this test calls; the group's others (the cast lets them be left out) answer nothing here.
  const routes = {
    'POST /v1/submissions': async () => json(201, { id: 'sub-1' }),
    'GET /v1/submissions': async () =>
      apiError('request.invalid', '年度无效', 'Year is not valid', { field: 'year' }),
    'GET /v1/submissions/{id}': async () => {
      throw new Error('the disk is on fire');
    },
    'POST /v1/submissions/{id}/review': async () => json(200, {}),
  } as unknown as Parameters<typeof makeHandler<'submissions'>>[1];
  return makeHandler(
    'submissions',
    routes,
    () => deps,
    () => telemetry,
  );
}

function event(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.shishi.test', 'x-forwarded-for': '192.0.2.7', ...headers },
    isBase64Encoded: false,
    ...(body ? { body } : {}),
    requestContext: {
      requestId: 'req-0001',
      routeKey: '$default',
      stage: '$default',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.7', userAgent: 'vitest' },
    },
  } as unknown as APIGatewayProxyEventV2;
}

/** What the Lambda process writes to stdout and stderr while `act` runs. */
async function captured(act: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const take = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(take);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(take);
  try {
    await act();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('on Lambda', () => {
  const telemetry = () => createTelemetry({ mode: 'lambda', logLevel: 'INFO' });

  it('logs one JSON line with the request id, route, sub, status, outcome and duration, never the token', async () => {
    // Prepare
    const handler = handlerWith(telemetry());

    // Act
    const lines = await captured(() =>
      handler(event('POST', '/v1/submissions', { authorization: AUTHORIZATION }, '{"a":1}'), {
        awsRequestId: 'lambda-0001',
      }),
    );

    // Assess
    const logs = lines.map((l) => JSON.parse(l)).filter((l) => l.message === 'request');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'INFO',
      service: 'shishi',
      requestId: 'req-0001',
      lambdaRequestId: 'lambda-0001',
      route: 'POST /v1/submissions',
      group: 'submissions',
      sub: 'unit:labor',
      role: 'unit',
      org: 'district-a',
      status: 201,
      outcome: 'ok',
    });
    expect(typeof logs[0].durationMs).toBe('number');
    expect(logs[0].durationMs).toBeGreaterThanOrEqual(0);
    const all = lines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all.toLowerCase()).not.toContain('authorization');
    expect(all).not.toContain('bearer');
  });

  it('counts the request as EMF in the Shishi namespace, by route and outcome, and in all', async () => {
    const lines = await captured(() =>
      handlerWith(telemetry())(event('POST', '/v1/submissions', { authorization: AUTHORIZATION }, '{}')),
    );
    // The request's line and its counts, and nothing else (no warning of Powertools').
    expect(lines).toHaveLength(2);
    const emf = lines.map((l) => JSON.parse(l)).filter((l) => l._aws);
    expect(emf).toHaveLength(1);
    const [directive] = emf[0]._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('Shishi');
    expect(directive.Dimensions).toEqual([['service', 'route', 'outcome'], ['service']]);
    expect(directive.Metrics.map((m: { Name: string }) => m.Name).sort()).toEqual([
      'Requests',
      'Submissions',
    ]);
    expect(emf[0]).toMatchObject({
      service: 'shishi',
      route: 'POST /v1/submissions',
      outcome: 'ok',
      Requests: 1,
      Submissions: 1,
    });
  });

  it('logs a refusal with its error code, and counts it as a rejection by that code', async () => {
    const lines = await captured(() =>
      handlerWith(telemetry())(event('GET', '/v1/submissions', { authorization: AUTHORIZATION })),
    );
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.find((l) => l.message === 'request')).toMatchObject({
      status: 400,
      outcome: 'request.invalid',
      sub: 'unit:labor',
    });
    expect(parsed.find((l) => l._aws)).toMatchObject({
      outcome: 'request.invalid',
      Requests: 1,
      Rejections: 1,
    });
  });

  it('logs a bad token as auth.invalid, with no sub and not the token', async () => {
    const lines = await captured(() =>
      handlerWith(telemetry())(
        event('POST', '/v1/submissions/{id}/review', { authorization: 'Bearer not-a-valid-token-value' }),
      ),
    );
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'request');
    expect(line).toMatchObject({ status: 401, outcome: 'auth.invalid' });
    expect(line.sub).toBeUndefined();
    expect(lines.join('\n')).not.toContain('not-a-valid-token-value');
  });

  it('logs an unexpected failure once, as an error with its stack, and counts a failure', async () => {
    const lines = await captured(() =>
      handlerWith(telemetry())(event('GET', '/v1/submissions/abc', { authorization: AUTHORIZATION })),
    );
    const parsed = lines.map((l) => JSON.parse(l));
    const logs = parsed.filter((l) => l.message === 'request');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'ERROR',
      route: 'GET /v1/submissions/{id}',
      status: 500,
      outcome: 'http.internal',
      error: { name: 'Error', message: 'the disk is on fire' },
    });
    expect(logs[0].error.stack).toContain('handler.test.ts');
    expect(parsed.find((l) => l._aws)).toMatchObject({ Failures: 1 });
  });
});

describe('locally', () => {
  it('writes the same as one readable line, and counts nothing', async () => {
    // Prepare
    const written: string[] = [];
    const telemetry = createTelemetry({
      mode: 'local',
      logLevel: 'INFO',
      write: (line) => written.push(line),
    });

    // Act
    const stdout = await captured(() =>
      handlerWith(telemetry)(event('POST', '/v1/submissions', { authorization: AUTHORIZATION }, '{}')),
    );

    // Assess
    expect(stdout).toEqual([]);
    expect(written).toHaveLength(1);
    const line = written[0]!;
    expect(line).not.toContain('\n');
    expect(line).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}POST \/v1\/submissions 201 ok \d+(\.\d)?ms sub=unit:labor role=unit org=district-a group=submissions req=req-0001$/,
    );
    expect(line).not.toContain(TOKEN);
  });

  it('puts an error’s stack on the lines after its line', () => {
    const e = new Error('boom');
    const text = readableLine('ERROR', {
      message: 'request',
      timestamp: '2006-06-10T01:02:03.456Z',
      route: 'GET /v1/x',
      status: 500,
      outcome: 'http.internal',
      durationMs: 2,
      error: { name: e.name, message: e.message, stack: e.stack },
    });
    const [first, ...rest] = text.split('\n');
    expect(first).toBe('01:02:03.456 ERROR GET /v1/x 500 http.internal 2ms error=Error: boom');
    expect(rest.join('\n')).toContain('handler.test.ts');
  });

  it('is what a process without AWS_LAMBDA_FUNCTION_NAME (or with SHISHI_LOCAL=1) gets', async () => {
    const { readTelemetryConfig } = await import('../config');
    expect(readTelemetryConfig({}).mode).toBe('local');
    expect(readTelemetryConfig({ AWS_LAMBDA_FUNCTION_NAME: 'f' }).mode).toBe('lambda');
    expect(readTelemetryConfig({ AWS_LAMBDA_FUNCTION_NAME: 'f', SHISHI_LOCAL: '1' }).mode).toBe('local');
    expect(readTelemetryConfig({ POWERTOOLS_LOG_LEVEL: 'warn' }).logLevel).toBe('WARN');
  });
});
