/**
 * Plan set-up through the local stack: a draft, the years list, the newest version, publishing
 * (refused while something is missing, or when a newer version exists), then a unit reads and
 * reports for the new year; a head from before drafts reads as published; the 2007 summary
 * compares with the stored 2006 plan and its accepted reports.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client';
import { ApiProblem } from '../../api/errors';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import { computeStatus } from '../../domain/status';
import type { Submission } from '../../domain/submission';
import { shiftYear } from '../builders';
import { dynamoDbClient } from '../support/dynamodb';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const PLAN_2007 = shiftYear(SAMPLE_PLAN_2006, 2006, 2007);
/** The 2007 draft as imported: the first two indicators still name no first responsible person. */
const DRAFT_2007 = {
  ...PLAN_2007,
  indicators: PLAN_2007.indicators.map((ind, i) => (i < 2 ? { ...ind, responsible: [] } : ind)),
};

async function submitAndAccept(report: Submission) {
  const sent = await stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as: `unit:${report.unit}`,
    json: report,
    headers: { 'idempotency-key': `plans-${report.year}-${report.unit}-${report.period}` },
  });
  expect(sent.status, sent.text).toBe(201);
  const reviewed = await stack.fetchJson(`/v1/submissions/${sent.body.id}/review`, {
    method: 'POST',
    as: 'office',
    json: { decision: 'accept', comment: '', expectedVersion: sent.body.version },
  });
  expect(reviewed.status, reviewed.text).toBe(200);
}

describe('setting up a year', () => {
  it('drafts, lists, shows the draft to the office only, refuses to publish an incomplete plan, then publishes', async () => {
    // Act: a draft with missing responsible persons is stored, with its findings
    const draft = await stack.fetchJson('/v1/plans/2007/draft', {
      method: 'PUT',
      as: 'office',
      json: DRAFT_2007,
    });

    // Assess
    expect(draft.status, draft.text).toBe(200);
    expect(draft.body.version).toBe(1);
    expect(draft.body.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'plan.noResponsible',
        field: 'indicators[0].responsible',
      }),
      expect.objectContaining({
        severity: 'error',
        code: 'plan.noResponsible',
        field: 'indicators[1].responsible',
      }),
    ]);

    // Act: who sees what
    const asUnit = await stack.fetchJson('/v1/plans/2007', { as: 'unit:labor' });
    const unitLatest = await stack.fetchJson('/v1/plans/2007?version=latest', { as: 'unit:labor' });
    const leaderLatest = await stack.fetchJson('/v1/plans/2007?version=latest', { as: 'leader' });
    const officeLatest = await stack.fetchJson('/v1/plans/2007?version=latest', { as: 'office' });
    const badVersion = await stack.fetchJson('/v1/plans/2007?version=2', { as: 'office' });
    const list = await stack.fetchJson('/v1/plans', { as: 'leader' });
    const early = await stack.fetchJson('/v1/submissions', {
      method: 'POST',
      as: 'unit:labor',
      json: shiftYear(LABOR_2006_05, 2006, 2007),
      headers: { 'idempotency-key': 'plans-too-early-0001' },
    });

    // Assess
    expect(asUnit.status).toBe(404);
    expect(asUnit.body.code).toBe('plan.notFound');
    expect(asUnit.body.message.zh).toContain('尚未发布');
    expect(asUnit.body.message.en).toContain('not published yet');
    expect([unitLatest.status, leaderLatest.status]).toEqual([403, 403]);
    expect(officeLatest.status).toBe(200);
    expect(officeLatest.body).toMatchObject({ year: 2007, version: 1, state: 'draft' });
    expect(badVersion.status).toBe(400);
    expect(list.body.items).toEqual([
      { year: 2007, title: PLAN_2007.title, start: PLAN_2007.start, end: PLAN_2007.end, latestVersion: 1 },
      expect.objectContaining({ year: 2006, latestVersion: 1, publishedVersion: 1 }),
    ]);
    expect(early.status).toBe(404);
    expect(early.body.message.zh).toContain('尚未发布');

    // Act: publishing what is incomplete is refused, naming the fields
    const refused = await stack.fetchJson('/v1/plans/2007/publish', {
      method: 'POST',
      as: 'office',
      json: { version: 1 },
    });

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('plan.invalid');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'indicators[0].responsible',
      'indicators[1].responsible',
    ]);

    // Act: the completed plan is a new draft; the old version is stale; the newest publishes
    const fixed = await stack.fetchJson('/v1/plans/2007/draft', {
      method: 'PUT',
      as: 'office',
      json: PLAN_2007,
    });
    const stale = await stack.fetchJson('/v1/plans/2007/publish', {
      method: 'POST',
      as: 'office',
      json: { version: 1 },
    });
    const notOffice = await stack.fetchJson('/v1/plans/2007/publish', {
      method: 'POST',
      as: 'unit:labor',
      json: { version: 2 },
    });
    const badBody = await stack.fetchJson('/v1/plans/2007/publish', {
      method: 'POST',
      as: 'office',
      json: { version: 'x' },
    });
    const published = await stack.fetchJson('/v1/plans/2007/publish', {
      method: 'POST',
      as: 'office',
      json: { version: 2 },
    });
    const again = await stack.fetchJson('/v1/plans/2007/publish', {
      method: 'POST',
      as: 'office',
      json: { version: 2 },
    });

    // Assess
    expect(fixed.body).toMatchObject({ year: 2007, version: 2, findings: [] });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('plan.staleVersion');
    expect(notOffice.status).toBe(403);
    expect(badBody.status).toBe(400);
    expect(published.status, published.text).toBe(200);
    expect(published.body).toEqual({ year: 2007, version: 2 });
    expect(again.body).toEqual({ year: 2007, version: 2 });

    // Act: a unit reads and reports for the new year
    const plan = await stack.fetchJson('/v1/plans/2007', { as: 'unit:labor' });
    const sent = await stack.fetchJson('/v1/submissions', {
      method: 'POST',
      as: 'unit:labor',
      json: shiftYear(LABOR_2006_05, 2006, 2007),
      headers: { 'idempotency-key': 'plans-2007-labor-0001' },
    });
    const years = await stack.fetchJson('/v1/plans', { as: 'unit:labor' });
    const audit = await stack.fetchJson('/v1/audit?year=2007', { as: 'office' });

    // Assess
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ year: 2007, version: 2, state: 'published' });
    expect(sent.status, sent.text).toBe(201);
    expect(years.body.items[0]).toMatchObject({ year: 2007, latestVersion: 2, publishedVersion: 2 });
    expect(
      audit.body.items.map((e: { action: string; target: string; detail?: string }) => [
        e.action,
        e.target,
        e.detail,
      ]),
    ).toEqual([
      ['plan.put', 'plan/2007/v1', 'draft'],
      ['plan.put', 'plan/2007/v2', 'draft'],
      ['plan.publish', 'plan/2007/v2', undefined],
      ['submission.create', expect.stringContaining('2007.labor.2007-05'), undefined],
    ]);
  });

  it('a new draft leaves the published version for everyone but the office', async () => {
    // Act
    const draft = await stack.fetchJson('/v1/plans/2007/draft', {
      method: 'PUT',
      as: 'office',
      json: { ...PLAN_2007, title: `${PLAN_2007.title}（修订）` },
    });
    const asLeader = await stack.fetchJson('/v1/plans/2007', { as: 'leader' });
    const asOffice = await stack.fetchJson('/v1/plans/2007?version=latest', { as: 'office' });

    // Assess
    expect(draft.body.version).toBe(3);
    expect(asLeader.body).toMatchObject({ version: 2, state: 'published', plan: { title: PLAN_2007.title } });
    expect(asOffice.body).toMatchObject({ version: 3, state: 'draft' });
  });

  it('refuses a draft for another year, another district or of the wrong shape', async () => {
    // Act
    const otherYear = await stack.fetchJson('/v1/plans/2008/draft', {
      method: 'PUT',
      as: 'office',
      json: PLAN_2007,
    });
    const otherDistrict = await stack.fetchJson('/v1/plans/2007/draft', {
      method: 'PUT',
      as: 'office',
      json: { ...PLAN_2007, organisation: { ...PLAN_2007.organisation, id: 'elsewhere' } },
    });
    const shapeless = await stack.fetchJson('/v1/plans/2007/draft', {
      method: 'PUT',
      as: 'office',
      json: { year: 2007 },
    });
    const asUnit = await stack.fetchJson('/v1/plans/2007/draft', {
      method: 'PUT',
      as: 'unit:labor',
      json: PLAN_2007,
    });

    // Assess
    expect([otherYear.status, otherYear.body.code]).toEqual([422, 'plan.invalid']);
    expect(otherDistrict.status).toBe(403);
    expect(shapeless.status).toBe(400);
    expect(asUnit.status).toBe(403);
  });

  it('reads a plan head from before drafts as published, and lists it', async () => {
    // Arrange: the items as the store wrote them before drafts (a head without publishedVersion)
    const doc = DynamoDBDocumentClient.from(dynamoDbClient(stack.dynamoEndpoint));
    const plan = shiftYear(SAMPLE_PLAN_2006, 2006, 2005);
    await doc.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          pk: 'ORG#sample-district#PLAN#2005',
          sk: 'V#00000001',
          type: 'planVersion',
          year: 2005,
          version: 1,
          body: JSON.stringify(plan),
          createdAt: 'x',
          by: 'old',
        },
      }),
    );
    await doc.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          pk: 'ORG#sample-district#PLAN#2005',
          sk: 'HEAD',
          version: 1,
          updatedAt: 'x',
          gsi1pk: 'ORG#sample-district#PLANS',
          gsi1sk: '2005',
        },
      }),
    );

    // Act
    const read = await stack.fetchJson('/v1/plans/2005', { as: 'unit:labor' });
    const listed = await stack.fetchJson('/v1/plans', { as: 'office' });
    const draft = await stack.fetchJson('/v1/plans/2005/draft', { method: 'PUT', as: 'office', json: plan });
    const stillPublished = await stack.fetchJson('/v1/plans/2005', { as: 'leader' });

    // Assess
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ year: 2005, version: 1, state: 'published' });
    expect(listed.body.items.map((y: { year: number }) => y.year)).toEqual([2007, 2006, 2005]);
    expect(listed.body.items[2]).toMatchObject({ latestVersion: 1, publishedVersion: 1 });
    expect(draft.body.version).toBe(2);
    expect(stillPublished.body).toMatchObject({ version: 1, state: 'published' });
    doc.destroy();
  });
});

describe('the client’s plan methods', () => {
  it('save a draft, list the years, read the newest and publish it', async () => {
    // Arrange
    const office = new ApiClient({ baseUrl: stack.url, token: await stack.token('office') });
    const plan = shiftYear(SAMPLE_PLAN_2006, 2006, 2009);

    // Act
    const draft = await office.saveDraft(plan);
    const latest = await office.getPlan(2009, 'latest');
    const refused = await office.getPlan(2009).catch((e: unknown) => e);
    const stored = await office.publishPlan(2009, draft.version!);
    const years = await office.listPlans();
    const published = await office.getPlan(2009);

    // Assess
    expect(draft).toMatchObject({ year: 2009, version: 1, findings: [] });
    expect(latest).toMatchObject({ version: 1, state: 'draft' });
    expect(refused).toBeInstanceOf(ApiProblem);
    expect((refused as ApiProblem).code).toBe('plan.notFound');
    expect(stored).toEqual({ year: 2009, version: 1 });
    expect(years[0]).toMatchObject({ year: 2009, latestVersion: 1, publishedVersion: 1 });
    expect(published).toMatchObject({ version: 1, state: 'published' });
  });
});

describe('the previous year from the data', () => {
  // Against the 2007 plan published above, and the 2006 sample the stack seeds.
  it('compares the 2007 summary with the stored 2006 plan and its accepted reports', async () => {
    // Arrange
    await submitAndAccept(LABOR_2006_05);
    await submitAndAccept(TRANSPORT_2006_05);
    const records = [LABOR_2006_05, TRANSPORT_2006_05].map((submission, i) => ({
      id: `r${i}`,
      version: 1,
      state: 'accepted' as const,
      submission,
    }));
    const expected = computeStatus(SAMPLE_PLAN_2006, records, SAMPLE_PLAN_2006.end).funding;

    // Act
    const made = await stack.fetchJson('/v1/summaries/2007?asOf=2007-06-10', {
      method: 'POST',
      as: 'office',
    });
    expect(made.status, made.text).toBe(201);
    const res = await fetch(`${stack.url}/v1/summaries/2007`, {
      headers: { authorization: `Bearer ${await stack.token('office')}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const rows: unknown[][] = [];
    wb.getWorksheet('资金')!.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });

    // Assess
    expect(made.status, made.text).toBe(201);
    expect(expected.total).toBeGreaterThan(0);
    expect(rows.find((r) => r[0] === '与2006年比较')).toBeDefined();
    expect(rows.find((r) => r[0] === '投入资金合计')![2]).toBe(expected.total);
    expect(rows.find((r) => r[0] === '其中区级配套')![2]).toBe(expected.district);
  });
});
