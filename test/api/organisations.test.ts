/**
 * Two organisations in one table and one token issuer — the two sample districts under the
 * sample city — and the authorization matrix extended by organisation: for every route and
 * every role of the second district, nothing of the first district is returned or changed. The
 * first district's records carry markers (a report's note, a review's comment, a person's name);
 * no answer to the second district may contain one, and the first district reads the same before
 * and after. A request that names another organisation (`?org=`) is refused the same way whether
 * that organisation exists or not. The sample city's office reads its own districts and writes
 * nothing; it reads nothing of another city's.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GroupRouteKey, ROUTES, type RouteGroup, routeKey } from '../../api/routes';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import { SEED_CITY_PLANS, SEED_PLANS } from '../../functions/local/seed';
import { localSignIn } from '../../functions/local/sign-in';
import { localDate } from '../../functions/runtime';
import { loadXlsx } from '../../xlsx/grid';
import { startTestStack, type TestStack } from '../support/stack';

const A = SEED_PLANS[0]!;
const B = SEED_PLANS[1]!;
const CITY = SEED_CITY_PLANS[0]!;
const MARK = { note: 'A-ONLY-NOTE-7f3c', comment: 'A-ONLY-REVIEW-7f3c', person: '甲区专用员' };
const A_ID = '2006.labor.2006-05';

let stack: TestStack;
let aPerson = '';

beforeAll(async () => {
  stack = await startTestStack();
  // The first district's records, each with a marker.
  const added = await stack.fetchJson('/v1/users', {
    method: 'POST',
    as: 'office',
    json: { name: MARK.person, phone: '13700000001', role: 'unit', unit: 'labor' },
  });
  aPerson = added.body.sub;
  const token = await localSignIn(stack.deps, stack.keys.privateJwk, 3600).tokenFor(aPerson);
  const report = {
    ...LABOR_2006_05,
    rows: LABOR_2006_05.rows.map((r, i) => (i === 0 ? { ...r, note: MARK.note } : r)),
  };
  const sent = await stack.fetchJson('/v1/submissions', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'orgs-a-report-0001' },
    json: report,
  });
  const reviewed = await stack.fetchJson(`/v1/submissions/${A_ID}/review`, {
    method: 'POST',
    as: 'office',
    json: { decision: 'accept', comment: MARK.comment, expectedVersion: 1 },
  });
  const summary = await stack.fetchJson('/v1/summaries/2006?asOf=2006-06-30', {
    method: 'POST',
    as: 'office',
  });
  for (const r of [added, sent, reviewed, summary]) {
    if (r.status >= 300) throw new Error(`setting up the first district: ${r.status} ${r.text}`);
  }
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** Every cell's text of a workbook, to look for the other district's words in it. */
async function workbookText(bytes: ArrayBuffer): Promise<string> {
  const wb = await loadXlsx(new Uint8Array(bytes));
  const out: string[] = [];
  wb.eachSheet((ws) => {
    ws.name && out.push(ws.name);
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        // Merged cells' slaves have no text of their own.
        if (cell.type !== ExcelJS.ValueType.Merge) out.push(cell.text);
      });
    });
  });
  return out.join('\n');
}

/** What the first district's office reads of its own records. */
async function snapshotA(): Promise<Record<string, string>> {
  const year = localDate(new Date()).slice(0, 4);
  const paths = [
    '/v1/plans',
    '/v1/plans/2006?version=latest',
    '/v1/submissions?year=2006',
    `/v1/submissions/${A_ID}`,
    '/v1/status/2006?asOf=2006-12-31',
    '/v1/audit?year=2006&limit=1000',
    `/v1/audit?year=${year}&limit=1000`,
    '/v1/users',
  ];
  const out: Record<string, string> = {};
  for (const p of paths) out[p] = (await stack.fetchJson(p, { as: 'office' })).text;
  const summary = await fetch(`${stack.url}/v1/summaries/2006`, {
    headers: { authorization: `Bearer ${await stack.token('office')}` },
  });
  out.summary = createHash('sha256')
    .update(new Uint8Array(await summary.arrayBuffer()))
    .digest('hex');
  return out;
}

type AnyRouteKey = GroupRouteKey<RouteGroup>;

/**
 * The request each route gets from the second district, naming the first district's records
 * where a route names any (its year, its report, its unit, its person). A Record over every
 * route: a new route does not compile until it says how it is tried.
 */
const REQUESTS: Readonly<
  Record<AnyRouteKey, () => { path: string; method?: string; json?: unknown; body?: Uint8Array }>
> = {
  'GET /v1/health': () => ({ path: '/v1/health' }),
  'GET /v1/plans': () => ({ path: '/v1/plans' }),
  'GET /v1/plans/{year}': () => ({ path: '/v1/plans/2006?version=latest' }),
  'PUT /v1/plans/{year}': () => ({ path: '/v1/plans/2006', method: 'PUT', json: A }),
  'PUT /v1/plans/{year}/draft': () => ({ path: '/v1/plans/2006/draft', method: 'PUT', json: A }),
  'POST /v1/plans/{year}/publish': () => ({
    path: '/v1/plans/2006/publish',
    method: 'POST',
    json: { version: 1 },
  }),
  'POST /v1/plans/{year}/import': () => ({
    path: '/v1/plans/2006/import?dryRun=true',
    method: 'POST',
    body: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]),
  }),
  'GET /v1/plans/{year}/workbook': () => ({ path: '/v1/plans/2006/workbook' }),
  'POST /v1/plans/{year}/close': () => ({ path: '/v1/plans/2006/close', method: 'POST' }),
  'POST /v1/plans/{year}/reopen': () => ({
    path: '/v1/plans/2006/reopen',
    method: 'POST',
    json: { reason: 'from the other district' },
  }),
  'GET /v1/plans/{year}/close': () => ({ path: '/v1/plans/2006/close' }),
  'GET /v1/plans/{year}/assessment': () => ({ path: '/v1/plans/2006/assessment' }),
  'GET /v1/plans/{year}/assessment/workbook': () => ({ path: '/v1/plans/2006/assessment/workbook' }),
  'POST /v1/submissions': () => ({ path: '/v1/submissions', method: 'POST', json: LABOR_2006_05 }),
  'GET /v1/submissions': () => ({ path: '/v1/submissions?year=2006&unit=labor' }),
  'GET /v1/submissions/{id}': () => ({ path: `/v1/submissions/${A_ID}` }),
  'GET /v1/submissions/{id}/versions/{version}': () => ({ path: `/v1/submissions/${A_ID}/versions/1` }),
  'GET /v1/submissions/{id}/versions/{version}/workbook': () => ({
    path: `/v1/submissions/${A_ID}/versions/1/workbook`,
  }),
  'POST /v1/submissions/{id}/remind': () => ({ path: `/v1/submissions/${A_ID}/remind`, method: 'POST' }),
  'GET /v1/reminders': () => ({ path: '/v1/reminders?year=2006' }),
  'POST /v1/submissions/{id}/review': () => ({
    path: `/v1/submissions/${A_ID}/review`,
    method: 'POST',
    json: { decision: 'return', comment: 'from the other district', expectedVersion: 1 },
  }),
  'GET /v1/status/{year}': () => ({ path: '/v1/status/2006?asOf=2006-12-31' }),
  'GET /v1/audit': () => ({ path: '/v1/audit?year=2006&limit=1000' }),
  'GET /v1/audit/verify': () => ({ path: '/v1/audit/verify?year=2006' }),
  'GET /v1/templates/{year}/{unit}': () => ({ path: '/v1/templates/2006/labor?period=2006-06' }),
  'POST /v1/workbooks': () => ({ path: '/v1/workbooks', method: 'POST', body: new Uint8Array([1, 2, 3]) }),
  'POST /v1/summaries/{year}': () => ({ path: '/v1/summaries/2006?asOf=2006-06-30', method: 'POST' }),
  'GET /v1/summaries/{year}': () => ({ path: '/v1/summaries/2006' }),
  'GET /v1/users': () => ({ path: '/v1/users' }),
  'POST /v1/users': () => ({
    path: '/v1/users',
    method: 'POST',
    json: { name: '乙县新人', phone: '13600000002', role: 'leader' },
  }),
  'PATCH /v1/users/{sub}': () => ({
    path: `/v1/users/${encodeURIComponent(aPerson)}`,
    method: 'PATCH',
    json: { state: 'disabled' },
  }),
};

const ROLES_OF_B = ['office', 'leader', 'unit:labor', 'unit:water'] as const;
const withOrg = (path: string, org: string) => `${path}${path.includes('?') ? '&' : '?'}org=${org}`;

async function send(
  as: string,
  req: ReturnType<(typeof REQUESTS)[AnyRouteKey]>,
  path = req.path,
  org = B.organisation.id,
) {
  const token = await stack.token(as, org);
  const res = await fetch(`${stack.url}${path}`, {
    method: req.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      'idempotency-key': `orgs-${as.replace(':', '-')}-${Math.random().toString(36).slice(2, 10)}`,
      ...(req.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(req.body
        ? { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
        : {}),
    },
    ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}),
    ...(req.body ? { body: Buffer.from(req.body) } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  const bytes = await res.arrayBuffer();
  const text = type.includes('spreadsheetml') ? await workbookText(bytes) : new TextDecoder().decode(bytes);
  return { status: res.status, text };
}

describe('two organisations in one table', () => {
  test('both sample districts are seeded under the one sample city', async () => {
    // Act
    const orgs = await stack.deps.store.listOrganisations();
    const districts = orgs.filter((o) => o.level === 'district');

    // Assess
    expect(districts.map((o) => o.id).sort()).toEqual([A.organisation.id, B.organisation.id].sort());
    expect(new Set(districts.map((o) => o.parent?.id))).toEqual(new Set([CITY.organisation.id]));
    expect(orgs.filter((o) => o.level !== 'district')).toEqual([CITY.organisation]);
    expect(A.units.some((u) => B.units.some((v) => v.id === u.id))).toBe(true);
  });

  test('no route returns or changes the other district’s records, for every route and role', async () => {
    // Arrange
    const before = await snapshotA();
    const keys = ROUTES.filter((r) => r.auth !== 'public').map(routeKey) as AnyRouteKey[];
    const seen: string[] = [];

    // Act
    for (const as of ROLES_OF_B) {
      for (const key of keys) {
        const res = await send(as, REQUESTS[key]());
        seen.push(`${as} ${key} ${res.status}`);
        // Assess: nothing of the first district in any answer
        for (const marker of [MARK.note, MARK.comment, MARK.person, A.organisation.name, A.title]) {
          expect(
            res.text,
            `${as} ${key} (${res.status}) answered the first district's "${marker}"`,
          ).not.toContain(marker);
        }
        expect(res.status, `${as} ${key}`).toBeLessThan(500);
      }
    }

    // Assess: the first district reads exactly as before
    expect(await snapshotA()).toEqual(before);
    expect(seen).toHaveLength(ROLES_OF_B.length * keys.length);
  }, 300_000);

  test('naming the other organisation is refused before any read, the same whether it exists or not', async () => {
    // Arrange
    const keys = ROUTES.filter((r) => r.auth !== 'public').map(routeKey) as AnyRouteKey[];
    const before = await snapshotA();

    // Act / Assess
    for (const as of ROLES_OF_B) {
      for (const key of keys) {
        const req = REQUESTS[key]();
        const other = await send(as, req, withOrg(req.path, A.organisation.id));
        const none = await send(as, req, withOrg(req.path, 'no-such-district'));
        const own = JSON.parse((await send(as, { path: withOrg('/v1/plans', B.organisation.id) })).text);
        expect([other.status, none.status], `${as} ${key}`).toEqual([403, 403]);
        expect(JSON.parse(other.text), `${as} ${key}`).toEqual(JSON.parse(none.text));
        expect(JSON.parse(other.text)).toMatchObject({ code: 'auth.forbidden' });
        expect(own.items, 'its own organisation named is no refusal').toEqual(expect.any(Array));
      }
    }
    expect(await snapshotA()).toEqual(before);
  }, 300_000);

  test('the second district’s own records are its own: its plan, its people, its status', async () => {
    // Act
    const plan = await stack.fetchJson('/v1/plans/2006', { as: 'leader', org: B.organisation.id });
    const users = await stack.fetchJson('/v1/users', { as: 'office', org: B.organisation.id });
    const status = await stack.fetchJson('/v1/status/2006?asOf=2006-12-31', {
      as: 'unit:water',
      org: B.organisation.id,
    });

    // Assess
    expect(plan.body.plan.organisation.id).toBe(B.organisation.id);
    expect(users.body.items.every((p: { org: string }) => p.org === B.organisation.id)).toBe(true);
    expect(users.body.items.map((p: { name: string }) => p.name)).not.toContain(MARK.person);
    expect(status.body.indicators.map((i: { id: string }) => i.id)).toEqual(B.indicators.map((i) => i.id));
  });
});

describe("the city's office", () => {
  /** A district of another city, in the same table. */
  const OTHER = {
    ...B,
    organisation: {
      id: 'other-district',
      name: '外市某县',
      level: 'district' as const,
      parent: { id: 'other-city', name: '外市', level: 'city' as const },
    },
  };
  const keys = () => ROUTES.filter((r) => r.auth !== 'public').map(routeKey) as AnyRouteKey[];
  const asCity = (req: ReturnType<(typeof REQUESTS)[AnyRouteKey]>, path: string) =>
    send('city', req, path, CITY.organisation.id);

  beforeAll(async () => {
    const at = new Date().toISOString();
    const actor = { sub: 'system:test', role: 'system' };
    const out = await stack.deps.store.forOrg(OTHER.organisation.id).putPlan(2006, OTHER, 0, actor, at);
    if (out.outcome !== 'ok') throw new Error('could not store the other city’s district');
  });

  test('writes nothing: every write route is refused, at the city and at each of its districts', async () => {
    // Arrange
    const before = await snapshotA();
    const writes = ROUTES.filter((r) => r.access === 'write').map(routeKey) as AnyRouteKey[];

    // Act / Assess
    for (const key of writes) {
      const req = REQUESTS[key]();
      for (const path of [
        req.path,
        withOrg(req.path, A.organisation.id),
        withOrg(req.path, B.organisation.id),
      ]) {
        const res = await asCity(req, path);
        expect(res.status, `city ${key} ${path}`).toBe(403);
        expect(JSON.parse(res.text), `city ${key} ${path}`).toMatchObject({ code: 'auth.forbidden' });
      }
    }
    expect(await snapshotA()).toEqual(before);
  }, 120_000);

  test("reads its districts' plans, status and summaries, and nothing an office or unit alone may read", async () => {
    // Act
    const plan = await asCity({ path: '' }, withOrg('/v1/plans/2006', A.organisation.id));
    const status = await asCity({ path: '' }, withOrg('/v1/status/2006?asOf=2006-06-30', B.organisation.id));
    const summary = await asCity({ path: '' }, withOrg('/v1/summaries/2006', A.organisation.id));
    const own = await asCity({ path: '' }, '/v1/status/2006?asOf=2006-06-30');
    const officeOnly = [
      '/v1/users',
      '/v1/audit?year=2006',
      '/v1/submissions?year=2006',
      '/v1/plans/2006/workbook',
    ];

    // Assess
    expect(plan.status).toBe(200);
    expect(JSON.parse(plan.text).plan.organisation.id).toBe(A.organisation.id);
    expect(status.status).toBe(200);
    expect(JSON.parse(status.text).organisation.id).toBe(B.organisation.id);
    expect(summary.status).toBe(200);
    expect(summary.text).toContain(A.title);
    expect(own.status).toBe(200);
    expect(JSON.parse(own.text).members.map((m: { org: string }) => m.org)).toEqual(
      CITY.units.map((u) => u.id),
    );
    for (const path of officeOnly) {
      for (const p of [path, withOrg(path, A.organisation.id)]) {
        expect((await asCity({ path: p }, p)).status, p).toBe(403);
      }
    }
  });

  test("reads nothing of another city's: its district and the city itself are refused like no organisation", async () => {
    // Act / Assess
    for (const key of keys()) {
      const req = REQUESTS[key]();
      const other = await asCity(req, withOrg(req.path, OTHER.organisation.id));
      const otherCity = await asCity(req, withOrg(req.path, 'other-city'));
      const none = await asCity(req, withOrg(req.path, 'no-such-district'));
      expect([other.status, otherCity.status, none.status], `city ${key}`).toEqual([403, 403, 403]);
      expect(JSON.parse(other.text), `city ${key}`).toEqual(JSON.parse(none.text));
      expect(JSON.parse(otherCity.text), `city ${key}`).toEqual(JSON.parse(none.text));
      expect(other.text).not.toContain(OTHER.organisation.name);
    }
  }, 120_000);

  test("a district's office cannot reach its city, nor its sister district, with ?org=", async () => {
    // Act
    const city = await send('office', { path: '' }, withOrg('/v1/status/2006', CITY.organisation.id));
    const sister = await send('leader', { path: '' }, withOrg('/v1/status/2006', A.organisation.id));

    // Assess
    expect([city.status, sister.status]).toEqual([403, 403]);
  });
});
