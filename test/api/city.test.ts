/**
 * The city level and the year end through the local stack: the sample city's status is the
 * roll-up of its two districts' statuses (computed here, independently, from the reports the
 * test sent); closing a district's year freezes its assessment, refuses reports and reviews
 * (409 `year.closed`), and a reopen (with a reason, audited) leaves the frozen version as it was;
 * the city's appraisal ranks the districts that closed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrozenAssessment, StatusView } from '../../api/views';
import { statusView } from '../../api/views';
import { type Appraisal, RESULT_WORDS } from '../../domain/assessment';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND } from '../../domain/sample';
import { CIVIL_AFFAIRS_2006_05, LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import { byStanding, computeStatus } from '../../domain/status';
import type { Submission, SubmissionRecord } from '../../domain/submission';
import { loadXlsx } from '../../xlsx/grid';
import { startTestStack, type TestStack } from '../support/stack';

const DISTRICT = SAMPLE_PLAN_2006.organisation.id;
const COUNTY = SAMPLE_PLAN_2006_SECOND.organisation.id;
const CITY = SAMPLE_CITY_PLAN_2006.organisation.id;
const AS_OF = '2006-06-30';

const COUNTY_LABOR: Submission = {
  year: 2006,
  unit: 'labor',
  period: '2006-05',
  filledOn: '2006-06-03',
  rows: [
    { indicator: '1.1', thisPeriod: 150, cumulative: 700 },
    { indicator: '1.2', thisPeriod: 40, cumulative: 180 },
  ],
  reporter: { name: '杨建国', phone: '0000-6660001' },
};
const COUNTY_ROADS: Submission = {
  year: 2006,
  unit: 'transport',
  period: '2006-05',
  filledOn: '2006-06-03',
  rows: [{ indicator: '2.1', thisPeriod: 3, cumulative: 12 }],
  reporter: { name: '朱德明', phone: '0000-6660002' },
};

let stack: TestStack;
/** What each district's reports became, as the server answered: the test's own records. */
const records: Record<string, SubmissionRecord[]> = { [DISTRICT]: [], [COUNTY]: [] };

let keyCount = 0;
async function submit(org: string, report: Submission) {
  return stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as: `unit:${report.unit}`,
    org,
    json: report,
    headers: { 'idempotency-key': `city-test-${org}-${report.unit}-${++keyCount}` },
  });
}

async function submitAndAccept(org: string, report: Submission) {
  const sent = await submit(org, report);
  if (sent.status !== 201) throw new Error(`${org} ${report.unit}: ${sent.status} ${sent.text}`);
  const reviewed = await stack.fetchJson(`/v1/submissions/${sent.body.id}/review`, {
    method: 'POST',
    as: 'office',
    org,
    json: { decision: 'accept', comment: '', expectedVersion: sent.body.version },
  });
  if (reviewed.status !== 200) throw new Error(`${org} review: ${reviewed.status} ${reviewed.text}`);
  records[org]!.push({
    id: sent.body.id,
    version: sent.body.version,
    state: 'accepted',
    submittedAt: sent.body.submittedAt,
    reviewedAt: reviewed.body.reviewedAt,
    submission: report,
  });
}

/** The same JSON the API answers. */
const asJson = (x: unknown) => JSON.parse(JSON.stringify(x));

beforeAll(async () => {
  stack = await startTestStack();
  for (const r of [LABOR_2006_05, TRANSPORT_2006_05, CIVIL_AFFAIRS_2006_05])
    await submitAndAccept(DISTRICT, r);
  for (const r of [COUNTY_LABOR, COUNTY_ROADS]) await submitAndAccept(COUNTY, r);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

describe("the city's status", () => {
  test("equals the roll-up of its districts' statuses, computed independently", async () => {
    // Arrange
    const district = computeStatus(SAMPLE_PLAN_2006, records[DISTRICT]!, AS_OF);
    const county = computeStatus(SAMPLE_PLAN_2006_SECOND, records[COUNTY]!, AS_OF);
    const expected = statusView(rollUp(SAMPLE_CITY_PLAN_2006, [district, county], AS_OF));

    // Act
    const res = await stack.fetchJson(`/v1/status/2006?asOf=${AS_OF}`, { as: 'city', org: CITY });
    const own = await stack.fetchJson(`/v1/status/2006?asOf=${AS_OF}`, { as: 'office', org: COUNTY });

    // Assess: the test's records are what the county's office sees, and the city is their roll-up
    expect(own.body).toEqual(asJson(statusView(county)));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual(asJson(expected));
    const roads = (res.body as StatusView).indicators.find((i) => i.id === '2.1')!;
    expect(roads.progress).toBe(
      district.indicators.find((i) => i.id === '3.1')!.progress +
        county.indicators.find((i) => i.id === '2.1')!.progress,
    );
  });

  test('ranks its districts by verdict, then completion, and counts their late and missing reports', async () => {
    // Act
    const { body } = await stack.fetchJson(`/v1/status/2006?asOf=${AS_OF}`, { as: 'city', org: CITY });
    const members = (body as StatusView).members!;
    const byRank = [...members].sort((a, b) => a.rank - b.rank);

    // Assess
    expect(members.map((m) => m.org).sort()).toEqual([COUNTY, DISTRICT].sort());
    expect(byRank.map((m) => m.rank)).toEqual([1, 2]);
    expect(byRank.map((m) => m.org)).toEqual(
      [...members]
        .map((m) => ({ ...m, unit: m.org }))
        .sort(byStanding)
        .map((m) => m.org),
    );
    const county = computeStatus(SAMPLE_PLAN_2006_SECOND, records[COUNTY]!, AS_OF);
    const late = county.units.reduce((n, u) => n + u.late, 0);
    const missing = county.units.reduce((n, u) => n + u.missing, 0);
    expect(members.find((m) => m.org === COUNTY)).toMatchObject({ late, missing });
  });

  test("drills down: the city's office reads a district's own status", async () => {
    // Act
    const res = await stack.fetchJson(`/v1/status/2006?asOf=${AS_OF}&org=${COUNTY}`, {
      as: 'city',
      org: CITY,
    });

    // Assess
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual(
      asJson(statusView(computeStatus(SAMPLE_PLAN_2006_SECOND, records[COUNTY]!, AS_OF))),
    );
  });
});

describe('the year end', () => {
  let first: FrozenAssessment;

  test('closing refuses while a report awaits review, then freezes the assessment', async () => {
    // Arrange: a report awaiting review
    const pending = await submit(COUNTY, {
      ...COUNTY_ROADS,
      period: '2006-06',
      rows: [{ indicator: '2.1', thisPeriod: 2, cumulative: 14 }],
    });
    expect(pending.status, pending.text).toBe(201);

    // Act
    const refused = await stack.fetchJson('/v1/plans/2006/close', {
      method: 'POST',
      as: 'office',
      org: COUNTY,
    });
    const accepted = await stack.fetchJson(`/v1/submissions/${pending.body.id}/review`, {
      method: 'POST',
      as: 'office',
      org: COUNTY,
      json: { decision: 'accept', comment: '', expectedVersion: 1 },
    });
    records[COUNTY]!.push({
      id: pending.body.id,
      version: 1,
      state: 'accepted',
      submittedAt: pending.body.submittedAt,
      reviewedAt: accepted.body.reviewedAt,
      submission: {
        ...COUNTY_ROADS,
        period: '2006-06',
        rows: [{ indicator: '2.1', thisPeriod: 2, cumulative: 14 }],
      },
    });
    const closed = await stack.fetchJson('/v1/plans/2006/close', {
      method: 'POST',
      as: 'office',
      org: COUNTY,
    });

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'year.unreviewed' });
    expect(closed.status, closed.text).toBe(201);
    first = closed.body.assessment;
    expect(closed.body).toMatchObject({ year: 2006, closed: true, assessmentVersion: 1 });
    const final = computeStatus(SAMPLE_PLAN_2006_SECOND, records[COUNTY]!, SAMPLE_PLAN_2006_SECOND.end);
    expect(first.verdict).toBe(final.verdict);
    expect(first.units.map((u) => [u.unit, u.result])).toEqual(
      final.units.map((u) => [u.unit, u.verdict === 'met' ? 'pass' : 'fail']),
    );
    expect(first.accountability.length).toBe(final.units.reduce((n, u) => n + u.failures.length, 0));
    expect(first.closedBy.sub).toBe('local:sample-county:office');
  });

  test('a closed year refuses reports and reviews with 409 year.closed, in Chinese and English', async () => {
    // Act
    const sent = await submit(COUNTY, {
      ...COUNTY_LABOR,
      period: '2006-07',
      rows: [
        { indicator: '1.1', thisPeriod: 100, cumulative: 800 },
        { indicator: '1.2', thisPeriod: 20, cumulative: 200 },
      ],
    });
    const again = await stack.fetchJson('/v1/plans/2006/close', {
      method: 'POST',
      as: 'office',
      org: COUNTY,
    });

    // Assess
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ code: 'year.closed' });
    expect(sent.body.message.zh).toContain('已关账');
    expect(sent.body.message.en).toContain('closed');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'year.closed' });
  });

  test('reopening needs a reason and is audited; a later accepted report leaves the frozen version as it was', async () => {
    // Act
    const noReason = await stack.fetchJson('/v1/plans/2006/reopen', {
      method: 'POST',
      as: 'office',
      org: COUNTY,
      json: { reason: '  ' },
    });
    const reopened = await stack.fetchJson('/v1/plans/2006/reopen', {
      method: 'POST',
      as: 'office',
      org: COUNTY,
      json: { reason: '交通局补报七月进度' },
    });
    const late: Submission = {
      ...COUNTY_ROADS,
      period: '2006-07',
      rows: [{ indicator: '2.1', thisPeriod: 4, cumulative: 18 }],
    };
    const sent = await submit(COUNTY, late);
    const reviewed = await stack.fetchJson(`/v1/submissions/${sent.body.id}/review`, {
      method: 'POST',
      as: 'office',
      org: COUNTY,
      json: { decision: 'accept', comment: '', expectedVersion: 1 },
    });
    const v1 = await stack.fetchJson('/v1/plans/2006/assessment?version=1', { as: 'leader', org: COUNTY });
    const latest = await stack.fetchJson('/v1/plans/2006/assessment', { as: 'leader', org: COUNTY });
    const audit = await stack.fetchJson('/v1/audit?year=2006&limit=1000', { as: 'office', org: COUNTY });

    // Assess
    expect(noReason.status).toBe(400);
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.body).toMatchObject({
      closed: false,
      assessmentVersion: 1,
      reason: '交通局补报七月进度',
    });
    expect([sent.status, reviewed.status]).toEqual([201, 200]);
    const { superseded, ...frozen } = v1.body;
    expect(superseded).toBe(true);
    expect(frozen).toEqual(asJson(first));
    expect(latest.body.version).toBe(1);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['year.close', 'year.reopen']));
    const reopen = audit.body.items.find((e: { action: string }) => e.action === 'year.reopen');
    expect(reopen).toMatchObject({ who: 'local:sample-county:office', detail: '交通局补报七月进度' });
  });

  test('closing again freezes a new version with the late report; the first stays as it was', async () => {
    // Act
    const closed = await stack.fetchJson('/v1/plans/2006/close', {
      method: 'POST',
      as: 'office',
      org: COUNTY,
    });
    const v1 = await stack.fetchJson('/v1/plans/2006/assessment?version=1', { as: 'office', org: COUNTY });

    // Assess
    expect(closed.status, closed.text).toBe(201);
    expect(closed.body.assessment.version).toBe(2);
    const roads = (a: FrozenAssessment) => a.status.indicators.find((i) => i.id === '2.1')!.progress;
    expect(roads(first)).toBe(14);
    expect(roads(closed.body.assessment)).toBe(18);
    expect(roads(v1.body)).toBe(14);
  });

  test('the 年终考核 workbook states each unit’s result and the 问责 list', async () => {
    // Act
    const res = await fetch(`${stack.url}/v1/plans/2006/assessment/workbook`, {
      headers: { authorization: `Bearer ${await stack.token('leader', COUNTY)}` },
    });
    const wb = await loadXlsx(new Uint8Array(await res.arrayBuffer()));
    const text = (name: string) => {
      const out: string[] = [];
      wb.getWorksheet(name)?.eachRow((row) =>
        out.push(row.values ? (row.values as unknown[]).join('|') : ''),
      );
      return out.join('\n');
    };

    // Assess
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('年终考核');
    const { body: a } = await stack.fetchJson('/v1/plans/2006/assessment', { as: 'office', org: COUNTY });
    for (const u of (a as FrozenAssessment).units) {
      expect(text('考核结果')).toMatch(new RegExp(`${u.name}\\|${RESULT_WORDS[u.result].zh}`));
    }
    for (const f of (a as FrozenAssessment).accountability) {
      for (const p of f.responsible) expect(text('问责名单')).toContain(p.name);
    }
  });

  test("the city's appraisal ranks the districts that closed and waits for the others", async () => {
    // Act
    const partial = await stack.fetchJson('/v1/plans/2006/assessment', { as: 'city', org: CITY });
    await stack.fetchJson('/v1/plans/2006/close', { method: 'POST', as: 'office', org: DISTRICT });
    const full = await stack.fetchJson('/v1/plans/2006/assessment', { as: 'city', org: CITY });
    const workbook = await fetch(`${stack.url}/v1/plans/2006/assessment/workbook`, {
      headers: { authorization: `Bearer ${await stack.token('city', CITY)}` },
    });

    // Assess
    const p = partial.body as Appraisal;
    expect(p.complete).toBe(false);
    expect(p.districts.find((d) => d.org === COUNTY)).toMatchObject({ closed: true, rank: 1 });
    expect(p.districts.find((d) => d.org === DISTRICT)).toMatchObject({ closed: false });
    const f = full.body as Appraisal;
    expect(f.complete).toBe(true);
    expect(f.districts.map((d) => d.rank)).toEqual([1, 2]);
    expect(f.advanced.every((a) => f.districts.find((d) => d.org === a.org)?.advanced)).toBe(true);
    expect(workbook.status).toBe(200);
  });
});
