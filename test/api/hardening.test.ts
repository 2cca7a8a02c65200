/**
 * Issue 15's weaknesses of the API, each against a real DynamoDB Local through the local adapter:
 * (3) unlimited versions per report and unbounded history answers, (5) large numbers, (6) other
 * units' unreviewed figures, (8) control characters, bidi overrides and ids that reach headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiError } from '../../api/errors';
import { parseBody, submissionSchema } from '../../api/schemas';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import type { Submission } from '../../domain/submission';
import { progressWorkbookBytes } from '../fixtures/hostile/progress';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
/** The stack's clock: one day in June 2006, moved by the tests. */
let clock = new Date('2006-06-05T02:00:00.000Z');

beforeAll(async () => {
  stack = await startTestStack({ limits: { submissionsPer10Min: 4, versionsPerDay: 2 } });
  (stack.deps as { now: () => Date }).now = () => clock;
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

let keys = 0;
const send = (s: Submission | string, as: string) =>
  stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as,
    headers: { 'idempotency-key': `hardening-${++keys}-key`, 'content-type': 'application/json' },
    body: typeof s === 'string' ? s : JSON.stringify(s),
  });
/** The same report with another note: another body. */
const variant = (s: Submission, n: number): Submission => ({
  ...s,
  rows: s.rows.map((r, i) => (i === 0 ? { ...r, note: `第 ${n} 稿` } : r)),
});
const versionsOf = async (id: string) =>
  (await stack.fetchJson(`/v1/submissions/${id}`, { as: 'office' })).body?.latestVersion ?? 0;

describe('versions per report (3)', () => {
  it('answers the latest version again for an identical body: no new version', async () => {
    const first = await send(variant(LABOR_2006_05, 1), 'unit:labor');
    expect([first.status, first.body.version]).toEqual([201, 1]);
    const again = await send(variant(LABOR_2006_05, 1), 'unit:labor');
    expect([again.status, again.body.version, again.headers.get('idempotent-replayed')]).toEqual([
      201,
      1,
      'true',
    ]);
    expect(await versionsOf(first.body.id)).toBe(1);
  });

  it('caps the new versions of one report in a day with a 429 and Retry-After until midnight', async () => {
    const second = await send(variant(LABOR_2006_05, 2), 'unit:labor');
    expect([second.status, second.body.version]).toEqual([201, 2]);
    const third = await send(variant(LABOR_2006_05, 3), 'unit:labor');
    expect([third.status, third.body.code]).toEqual([429, 'submission.versionLimit']);
    // 02:00 UTC is 10:00 in China: 14 hours to midnight.
    expect(third.headers.get('retry-after')).toBe(String(14 * 3600));
    expect(third.body.message.zh).toContain('今天');
    expect(third.body.message.en).toContain('today');
    expect(await versionsOf(second.body.id)).toBe(2);
  });

  it("limits a unit's sends in ten minutes with a 429 and Retry-After, and lets it send after", async () => {
    const answers = [];
    for (let n = 1; n <= 5; n++) answers.push(await send(variant(TRANSPORT_2006_05, n), 'unit:transport'));
    expect(answers.slice(0, 2).map((a) => a.status)).toEqual([201, 201]);
    const limited = answers[4]!;
    expect([limited.status, limited.body.code]).toEqual([429, 'submission.tooMany']);
    // 02:00:00 is the start of a window: all ten minutes are left.
    expect(limited.headers.get('retry-after')).toBe('600');
    expect(limited.body.message.en).toMatch(/ten minutes/);
    // Another unit is not held back by this one.
    clock = new Date(clock.getTime() + 60_000);
    const other = await send(TRANSPORT_2006_05, 'unit:labor');
    expect(other.body.code).not.toBe('submission.tooMany');
    clock = new Date(clock.getTime() + 10 * 60_000);
    const later = await send(variant(TRANSPORT_2006_05, 9), 'unit:transport');
    expect(later.body.code).toBe('submission.versionLimit');
  });

  it('pages the history: one body per answer, older versions one request each', async () => {
    const id = '2006.labor.2006-05';
    const page = await stack.fetchJson(`/v1/submissions/${id}?limit=1`, { as: 'office' });
    expect(page.status).toBe(200);
    expect(page.body.versions.map((v: { version: number }) => v.version)).toEqual([2]);
    expect(page.body.versions[0].submission.rows[0].note).toBe('第 2 稿');
    expect(page.body.next).toBe('2');
    const older = await stack.fetchJson(`/v1/submissions/${id}?limit=1&cursor=${page.body.next}`, {
      as: 'office',
    });
    expect(older.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(older.body.versions[0].submission).toBeUndefined();
    expect(older.body.next).toBeUndefined();
    const whole = await stack.fetchJson(`/v1/submissions/${id}`, { as: 'office' });
    expect(whole.body.versions.filter((v: { submission?: unknown }) => v.submission)).toHaveLength(1);
    const one = await stack.fetchJson(`/v1/submissions/${id}/versions/1`, { as: 'unit:labor' });
    expect([one.status, one.body.version, one.body.submission.rows[0].note]).toEqual([200, 1, '第 1 稿']);
    expect((await stack.fetchJson(`/v1/submissions/${id}/versions/9`, { as: 'office' })).status).toBe(404);
    expect((await stack.fetchJson(`/v1/submissions/${id}/versions/1`, { as: 'unit:transport' })).status).toBe(
      403,
    );
    expect((await stack.fetchJson(`/v1/submissions/${id}?limit=0`, { as: 'office' })).body.field).toBe(
      'limit',
    );
  });
});

describe('large numbers (5)', () => {
  const raw = (n: string) =>
    JSON.stringify({
      ...LABOR_2006_05,
      period: '2006-04',
      rows: [{ ...LABOR_2006_05.rows[0], cumulative: 1 }],
    }).replace('"cumulative":1', `"cumulative":${n}`);

  it.each(['9007199254740993', '1e20', '1.79e308', '1e999'])(
    '%s in JSON is a 400 naming the field',
    async (n) => {
      clock = new Date('2006-06-07T02:00:00.000Z');
      const res = await send(raw(n), 'unit:labor');
      expect([res.status, res.body.code, res.body.field]).toEqual([
        400,
        'request.invalid',
        'rows[0].cumulative',
      ]);
      expect((await stack.fetchJson('/v1/submissions/2006.labor.2006-04', { as: 'office' })).status).toBe(
        404,
      );
    },
  );

  it('in a plan is a 400, and the plan is unchanged', async () => {
    const before = (await stack.fetchJson('/v1/plans/2006', { as: 'office' })).body;
    const plan = JSON.stringify(before.plan).replace(/"target":\d+/, '"target":1e20');
    const res = await stack.fetchJson('/v1/plans/2006', {
      method: 'PUT',
      as: 'office',
      headers: { 'content-type': 'application/json', 'if-match': String(before.version) },
      body: plan,
    });
    expect([res.status, res.body.field]).toEqual([400, expect.stringMatching(/^indicators\[\d+\]\.target$/)]);
    expect((await stack.fetchJson('/v1/plans/2006', { as: 'office' })).body.version).toBe(before.version);
  });

  it('in a workbook cell is a 422 naming the sheet and cell', { timeout: 30_000 }, async () => {
    const bytes = await progressWorkbookBytes(SAMPLE_PLAN_2006, 'transport', {
      period: '2006-04',
      edit: (_wb, ws) => {
        ws.getCell('G5').value = 1e20;
      },
    });
    const res = await stack.fetchJson('/v1/workbooks', {
      method: 'POST',
      as: 'unit:transport',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: new Uint8Array(bytes),
    });
    expect(res.status).toBe(422);
    const finding = res.body.findings.find((f: { cell?: string }) => f.cell?.endsWith('G5'));
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding.message.zh).toContain('超出可保存的范围');
    expect((await stack.fetchJson('/v1/submissions/2006.transport.2006-04', { as: 'office' })).status).toBe(
      404,
    );
  });
});

describe("other units' unreviewed figures (6)", () => {
  it('a unit sees provisional figures for its own indicators only', async () => {
    // Labour's version 2 awaits review; nothing of it is accepted.
    const labourIndicator = LABOR_2006_05.rows[0]!.indicator;
    const statusAs = async (as: string) =>
      (await stack.fetchJson('/v1/status/2006?asOf=2006-06-05', { as })).body.indicators.find(
        (i: { id: string }) => i.id === labourIndicator,
      );
    const office = await statusAs('office');
    expect(office.provisional).toBeGreaterThan(office.progress);
    const own = await statusAs('unit:labor');
    expect(own.provisional).toBe(office.provisional);
    const other = await statusAs('unit:agriculture');
    expect(other.provisional).toBe(other.progress);
    expect(other.provisionalProgress).toBe(other.progress);
    expect(
      other.contributions.every((c: { provisional: unknown; value: unknown }) => c.provisional === c.value),
    ).toBe(true);
  });
});

describe('free text and ids (8)', () => {
  it.each([
    ['a bidi override', '按计划\u202E推进'],
    ['a control character', '按计划\u0007推进'],
  ])('%s in free text is refused, naming the field, and nothing is stored', async (_what, progress) => {
    const res = await send(
      { ...LABOR_2006_05, period: '2006-04', rows: [{ ...LABOR_2006_05.rows[0]!, progress }] },
      'unit:labor',
    );
    expect([res.status, res.body.field]).toEqual([400, 'rows[0].progress']);
    expect(res.body.message.en).toMatch(/control characters or bidirectional overrides/);
    expect((await stack.fetchJson('/v1/submissions/2006.labor.2006-04', { as: 'office' })).status).toBe(404);
  });

  it('keeps line breaks and tabs', () => {
    const kept = parseBody(submissionSchema, {
      ...LABOR_2006_05,
      rows: [{ ...LABOR_2006_05.rows[0]!, progress: '第一段\n第二段\t完\r\n' }],
    });
    expect(isApiError(kept)).toBe(false);
  });

  it('refuses a plan unit id that could reach a header', async () => {
    const before = (await stack.fetchJson('/v1/plans/2006', { as: 'office' })).body;
    const plan = {
      ...before.plan,
      units: [{ ...before.plan.units[0], id: 'ev"il;x=1' }, ...before.plan.units.slice(1)],
    };
    const res = await stack.fetchJson('/v1/plans/2006', {
      method: 'PUT',
      as: 'office',
      headers: { 'if-match': String(before.version) },
      json: plan,
    });
    expect([res.status, res.body.field]).toEqual([400, 'units[0].id']);
  });
});
