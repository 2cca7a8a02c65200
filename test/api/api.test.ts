/**
 * The API end to end through the local HTTP adapter, the real handlers and a real DynamoDB
 * Local: every route, the authorization matrix, idempotency, concurrency and review conflicts.
 */
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import type { Submission } from '../../domain/submission';
import { makeDetailRows } from '../builders';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

interface Res {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
  body: any;
}

let keyCounter = 0;
const newKey = () => `test-key-${Date.now()}-${++keyCounter}`;

async function call(
  method: string,
  path: string,
  opts: { as?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Res> {
  const token = opts.token ?? (opts.as ? await stack.token(opts.as) : undefined);
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined
      ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
      : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const submit = (s: Submission, as = `unit:${s.unit}`, key = newKey()) =>
  call('POST', '/v1/submissions', { as, body: s, headers: { 'idempotency-key': key } });

describe('routes', () => {
  it('GET /v1/health answers without a token', async () => {
    const r = await call('GET', '/v1/health');
    expect([r.status, r.body.status]).toEqual([200, 'ok']);
  });

  it('GET /v1/plans/2006 returns the seeded sample plan with its version', async () => {
    const r = await call('GET', '/v1/plans/2006', { as: 'leader' });
    expect(r.status).toBe(200);
    expect(r.body.plan.indicators).toHaveLength(14);
    expect(r.headers.get('etag')).toBe(`"${r.body.version}"`);
  });

  it('GET /v1/plans/1999 is a 404 problem in both languages', async () => {
    const r = await call('GET', '/v1/plans/1999', { as: 'office' });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'plan.notFound', status: 404 });
    expect(r.body.message.zh).toContain('1999');
  });

  it('PUT /v1/plans/2006 stores a new version and keeps the old one readable through the audit', async () => {
    const before = await call('GET', '/v1/plans/2006', { as: 'office' });
    const plan = { ...SAMPLE_PLAN_2006, title: `${SAMPLE_PLAN_2006.title}（修订）` };
    const r = await call('PUT', '/v1/plans/2006', {
      as: 'office',
      body: plan,
      headers: { 'if-match': `"${before.body.version}"` },
    });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(before.body.version + 1);
    const stale = await call('PUT', '/v1/plans/2006', {
      as: 'office',
      body: plan,
      headers: { 'if-match': `"${before.body.version}"` },
    });
    expect([stale.status, stale.body.code]).toEqual([409, 'plan.staleVersion']);
  });

  it('PUT /v1/plans/2006 rejects an invalid plan with every coded error, storing nothing', async () => {
    const bad = {
      ...SAMPLE_PLAN_2006,
      indicators: SAMPLE_PLAN_2006.indicators.map((i) => (i.id === '3.1' ? { ...i, target: 0 } : i)),
    };
    const before = await call('GET', '/v1/plans/2006', { as: 'office' });
    const r = await call('PUT', '/v1/plans/2006', { as: 'office', body: bad });
    expect([r.status, r.body.code]).toEqual([422, 'plan.invalid']);
    expect(r.body.errors.map((e: { code: string }) => e.code)).toContain('plan.targetNotPositive');
    expect((await call('GET', '/v1/plans/2006', { as: 'office' })).body.version).toBe(before.body.version);
  });

  it('POST /v1/submissions stores version 1 and answers a receipt', async () => {
    const r = await submit(TRANSPORT_2006_05);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: '2006.transport.2006-05', version: 1, state: 'pending' });
    expect(r.headers.get('location')).toBe('/v1/submissions/2006.transport.2006-05');
  });

  it('POST /v1/submissions without an Idempotency-Key is a 400', async () => {
    const r = await call('POST', '/v1/submissions', { as: 'unit:labor', body: LABOR_2006_05 });
    expect([r.status, r.body.code, r.body.field]).toEqual([
      400,
      'request.idempotencyKeyMissing',
      'Idempotency-Key',
    ]);
  });

  it('POST /v1/submissions with a malformed body names the field', async () => {
    const r = await submit({
      ...LABOR_2006_05,
      rows: [{ indicator: '1.1', cumulative: 'many' }],
    } as unknown as Submission);
    expect([r.status, r.body.code, r.body.field]).toEqual([400, 'request.invalid', 'rows[0].cumulative']);
    const notJson = await call('POST', '/v1/submissions', {
      as: 'unit:labor',
      body: '{"year":',
      headers: { 'idempotency-key': newKey() },
    });
    expect([notJson.status, notJson.body.code]).toEqual([400, 'request.invalid']);
  });

  it('a submission rejected for errors leaves no item behind', async () => {
    const audit = async () =>
      (await call('GET', '/v1/audit?year=2006&limit=1000', { as: 'office' })).body.items.length;
    const before = await audit();
    const bad: Submission = {
      ...LABOR_2006_05,
      period: '2006-06',
      rows: LABOR_2006_05.rows.map((r) => ({ ...r, thisPeriod: -1 })),
    };
    const r = await submit(bad);
    expect([r.status, r.body.code]).toEqual([422, 'submission.invalid']);
    expect(
      r.body.findings.some(
        (f: { code: string; location: { field: string } }) =>
          f.code === 'row.negative' && f.location.field === 'thisPeriod',
      ),
    ).toBe(true);
    const list = await call('GET', '/v1/submissions?year=2006&unit=labor&period=2006-06', { as: 'office' });
    expect(list.body.items).toEqual([]);
    expect(await audit()).toBe(before);
  });

  it('GET /v1/submissions/{id} shows every version with its state; review accepts it', async () => {
    const id = '2006.transport.2006-05';
    const got = await call('GET', `/v1/submissions/${id}`, { as: 'unit:transport' });
    expect(got.status).toBe(200);
    expect(got.body.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [1, 'pending'],
    ]);
    expect(got.body.versions[0].submission.details).toHaveLength(5);
    const r = await call('POST', `/v1/submissions/${id}/review`, {
      as: 'office',
      body: { decision: 'accept', expectedVersion: 1 },
    });
    expect([r.status, r.body.state]).toEqual([200, 'accepted']);
    const again = await call('POST', `/v1/submissions/${id}/review`, {
      as: 'office',
      body: { decision: 'accept', expectedVersion: 1 },
    });
    expect([again.status, again.body.code]).toEqual([409, 'submission.alreadyReviewed']);
  });

  it('GET /v1/status/2006 counts the accepted report', async () => {
    const r = await call('GET', '/v1/status/2006?asOf=2006-06-10', { as: 'leader' });
    expect(r.status).toBe(200);
    const road = r.body.indicators.find((i: { id: string }) => i.id === '3.1');
    expect([road.progress, road.status]).toEqual([15.6, 'on_track']);
    expect(r.body.units.find((u: { id: string }) => u.id === 'transport').verdict).toBe('on_track');
    expect(r.body.missing).toContainEqual({ unit: 'transport', period: '2006-04', due: '2006-05-05' });
    const bad = await call('GET', '/v1/status/2006?asOf=June', { as: 'leader' });
    expect([bad.status, bad.body.field]).toEqual([400, 'asOf']);
  });

  it('GET /v1/audit lists who did what, paginated', async () => {
    const page = await call('GET', '/v1/audit?year=2006&limit=2', { as: 'office' });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0]).toMatchObject({ action: 'plan.put', who: 'system:seed' });
    const next = await call('GET', `/v1/audit?year=2006&limit=1000&cursor=${page.body.next}`, {
      as: 'office',
    });
    expect(next.body.items.some((e: { action: string }) => e.action === 'submission.review')).toBe(true);
  });

  it('unknown routes and methods are problems too', async () => {
    expect((await call('GET', '/v1/nothing')).status).toBe(404);
    const r = await call('DELETE', '/v1/plans/2006', { as: 'office' });
    expect(r.status).toBe(405);
  });
});

describe('review conflicts', () => {
  it('a review of a version that is no longer the latest is a 409, and a return needs a comment', async () => {
    const s: Submission = {
      ...LABOR_2006_05,
      period: '2006-04',
      rows: LABOR_2006_05.rows.map((r) => ({
        ...r,
        cumulative: r.cumulative! - r.thisPeriod!,
        thisPeriod: r.cumulative! - r.thisPeriod!,
        completionPercent: undefined,
      })),
    };
    const v1 = await submit(s);
    const v2 = await submit({ ...s, reporter: { name: '孙丽', phone: '0000-5552346' } });
    expect([v1.body.version, v2.body.version]).toEqual([1, 2]);
    const id = v1.body.id;
    const stale = await call('POST', `/v1/submissions/${id}/review`, {
      as: 'office',
      body: { decision: 'accept', expectedVersion: 1 },
    });
    expect([stale.status, stale.body.code]).toEqual([409, 'submission.staleVersion']);
    const noComment = await call('POST', `/v1/submissions/${id}/review`, {
      as: 'office',
      body: { decision: 'return', expectedVersion: 2 },
    });
    expect([noComment.status, noComment.body.field]).toEqual([400, 'comment']);
    const returned = await call('POST', `/v1/submissions/${id}/review`, {
      as: 'office',
      body: { decision: 'return', comment: '请附上培训名单', expectedVersion: 2 },
    });
    expect(returned.body.state).toBe('returned');
    const history = await call('GET', `/v1/submissions/${id}`, { as: 'unit:labor' });
    expect(history.body.versions.map((v: { state: string }) => v.state)).toEqual(['pending', 'returned']);
    expect(history.body.versions[1].review.comment).toBe('请附上培训名单');
  });
});

describe('idempotency and concurrency', () => {
  it('the same submission sent 100 times with one key is stored once', async () => {
    const s: Submission = {
      ...TRANSPORT_2006_05,
      period: '2006-06',
      rows: [{ ...TRANSPORT_2006_05.rows[0]!, thisPeriod: 0, completionPercent: undefined }],
    };
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 100 }, () => submit(s, 'unit:transport', key)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => `${a.body.id}#${a.body.version}`)).size).toBe(1);
    expect(
      answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length,
    ).toBeGreaterThanOrEqual(1);
    const history = await call('GET', `/v1/submissions/${answers[0]!.body.id}`, { as: 'office' });
    expect(history.body.versions).toHaveLength(1);
  }, 120_000);

  it('the same key with another body is a 409 and stores nothing', async () => {
    const key = newKey();
    const s: Submission = {
      ...TRANSPORT_2006_05,
      period: '2006-07',
      rows: [{ ...TRANSPORT_2006_05.rows[0]!, thisPeriod: 0, completionPercent: undefined }],
    };
    expect((await submit(s, 'unit:transport', key)).status).toBe(201);
    const other = await submit({ ...s, unitHead: '另一人' }, 'unit:transport', key);
    expect([other.status, other.body.code]).toEqual([409, 'idempotency.conflict']);
    expect(
      (await call('GET', '/v1/submissions/2006.transport.2006-07', { as: 'office' })).body.versions,
    ).toHaveLength(1);
  });

  it('50 concurrent submissions of one report keep every version, numbered 1..50', async () => {
    // By the end of August labor is behind: each row explains why.
    const explanation = { cause: '招聘会延期', remedy: '增加专场招聘', expectedCompletion: '2006-12-20' };
    const s: Submission = {
      ...LABOR_2006_05,
      period: '2006-08',
      rows: LABOR_2006_05.rows.map((r) => ({ ...r, completionPercent: undefined, explanation })),
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        submit({ ...s, reporter: { name: '孙丽', phone: `0000-555${String(i).padStart(4, '0')}` } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(answers.map((a) => a.body.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    // The history, page by page (50 at most each), holds every version once.
    const seen: number[] = [];
    let cursor = '';
    do {
      const page = await call('GET', `/v1/submissions/2006.labor.2006-08?limit=20${cursor}`, {
        as: 'office',
      });
      expect(page.body.latestVersion).toBe(50);
      seen.unshift(...page.body.versions.map((v: { version: number }) => v.version));
      cursor = page.body.next ? `&cursor=${page.body.next}` : '';
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // status is consistent: the latest pending version is the provisional figure, nothing accepted counts
    const status = await call('GET', '/v1/status/2006?asOf=2006-08-31', { as: 'office' });
    const jobs = status.body.indicators.find((i: { id: string }) => i.id === '1.1');
    expect(jobs.provisional).toBe(1820);
  }, 120_000);

  it('stores a report with 5,000 project-detail rows', async () => {
    const details = makeDetailRows(5000, { completedShare: 0.7 });
    const s: Submission = {
      ...TRANSPORT_2006_05,
      period: '2006-09',
      rows: [{ ...TRANSPORT_2006_05.rows[0]!, thisPeriod: 0, cumulative: 35, completionPercent: undefined }],
      details,
    };
    const r = await submit(s);
    expect(r.status).toBe(201);
    const back = await call('GET', '/v1/submissions/2006.transport.2006-09', { as: 'office' });
    expect(back.body.versions[0].submission.details).toHaveLength(5000);
    expect(back.body.versions[0].submission.details[4999].name).toBe('乡村道路第5000段');
  }, 60_000);
});

describe('authorization matrix', () => {
  const id = '2006.transport.2006-05';
  const routes: Array<[string, string, (as: string) => unknown]> = [
    ['GET', '/v1/plans/2006', () => undefined],
    ['PUT', '/v1/plans/2006', () => SAMPLE_PLAN_2006],
    ['POST', '/v1/submissions', (as) => (as === 'unit:labor' ? LABOR_2006_05 : TRANSPORT_2006_05)],
    ['GET', '/v1/submissions?year=2006&unit=transport', () => undefined],
    ['GET', `/v1/submissions/${id}`, () => undefined],
    ['POST', `/v1/submissions/${id}/review`, () => ({ decision: 'accept', expectedVersion: 99 })],
    ['GET', '/v1/status/2006?asOf=2006-06-10', () => undefined],
    ['GET', '/v1/audit?year=2006', () => undefined],
  ];
  // who → expected status per route, in the order above. "own" data is transport's.
  const expected: Record<string, number[]> = {
    'unit:transport': [200, 403, 201, 200, 200, 403, 200, 403],
    'unit:labor': [200, 403, 201, 403, 403, 403, 200, 403],
    office: [200, 200, 403, 200, 200, 409, 200, 200],
    leader: [200, 403, 403, 403, 403, 403, 200, 403],
  };

  for (const [who, statuses] of Object.entries(expected)) {
    test.each(routes.map((r, i) => [...r, statuses[i]!] as const))(
      `${who}: %s %s → %i`,
      async (method, path, body, status) => {
        const payload = body(who);
        const r = await call(method, path, {
          as: who,
          ...(payload !== undefined ? { body: payload } : {}),
          headers: method === 'POST' && path === '/v1/submissions' ? { 'idempotency-key': newKey() } : {},
        });
        expect(r.status, JSON.stringify(r.body)).toBe(status);
      },
    );
  }

  const badTokens: Array<[string, () => Promise<string>]> = [
    ['no token', async () => ''],
    ['a bad signature', async () => stack.tokenWith({ as: 'office', otherKey: true })],
    ['an expired token', async () => stack.tokenWith({ as: 'office', expiresIn: -60 })],
    ['a wrong audience', async () => stack.tokenWith({ as: 'office', audience: 'someone-else' })],
    [
      'alg none',
      async () => {
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'office', district: 'sample-district', iss: 'shishi-local', aud: 'shishi', exp: now + 600 })}.`;
      },
    ],
  ];
  for (const [what, make] of badTokens) {
    test.each(routes.map((r) => [r[0], r[1]] as const))(`${what}: %s %s → 401`, async (method, path) => {
      const token = await make();
      const r = await call(method, path, {
        ...(token ? { token } : {}),
        body: method === 'GET' ? undefined : {},
      });
      expect([r.status, r.body.code.startsWith('auth.')]).toEqual([401, true]);
    });
  }
});
