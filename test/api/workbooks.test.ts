/**
 * POST /v1/workbooks end to end: the reference worksheets as bureaus fill them, and the hostile
 * catalogue — each rejected with its code (or accepted with a warning), the server still healthy
 * after each, and nothing stored on any error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { CIVIL_AFFAIRS_2006_05, LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import { type HostileCase, hostileCatalogue } from '../fixtures/hostile/catalogue';
import { progressWorkbookBytes } from '../fixtures/hostile/progress';
import { startTestStack, type TestStack } from '../support/stack';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let stack: TestStack;
let cases: HostileCase[];

beforeAll(async () => {
  stack = await startTestStack();
  cases = await hostileCatalogue(SAMPLE_PLAN_2006);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const ref = (name: string) =>
  readFileSync(new URL(`../fixtures/reference/progress-2006-05-${name}.xlsx`, import.meta.url));

const upload = (bytes: Buffer, as: string, headers: Record<string, string> = {}) =>
  stack.fetchJson('/v1/workbooks', {
    method: 'POST',
    as,
    headers: { 'content-type': XLSX, ...headers },
    body: new Uint8Array(bytes),
  });

const versions = async (unit: string) =>
  (await stack.fetchJson(`/v1/submissions?year=2006&unit=${unit}`, { as: 'office' })).body;

describe('POST /v1/workbooks', () => {
  it('stores the transport worksheet as its sample submission, with its 5 projects', async () => {
    const res = await upload(ref('transport'), 'unit:transport');
    expect(res.status).toBe(201);
    expect(res.body.id).toBe('2006.transport.2006-05');
    const detail = await stack.fetchJson(`/v1/submissions/${res.body.id}`, { as: 'office' });
    expect(JSON.stringify(detail.body)).toContain('城关镇至西坡村水泥路');
    const again = await upload(ref('transport'), 'unit:transport');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(TRANSPORT_2006_05.details).toHaveLength(5);
  }, 30_000);

  it('keeps the workbook as sent: the office and the unit download the same bytes; another unit cannot', async () => {
    // Prepare: transport's May workbook was uploaded by the test above (version 1).
    const id = '2006.transport.2006-05';
    const token = async (as: string) => `Bearer ${await stack.token(as)}`;
    const download = async (as: string) =>
      fetch(`${stack.url}/v1/submissions/${id}/versions/1/workbook`, {
        headers: { authorization: await token(as) },
      });

    // Act
    const detail = await stack.fetchJson(`/v1/submissions/${id}`, { as: 'office' });
    const office = await download('office');
    const unit = await download('unit:transport');
    const other = await download('unit:labor');

    // Assess
    expect(detail.body.versions[0].workbook).toBe(true);
    expect(office.status).toBe(200);
    expect(office.headers.get('content-type')).toBe(XLSX);
    expect(office.headers.get('content-disposition')).toContain("filename*=UTF-8''transport-2006-05-");
    expect(Buffer.from(await office.arrayBuffer()).equals(ref('transport'))).toBe(true);
    expect(Buffer.from(await unit.arrayBuffer()).equals(ref('transport'))).toBe(true);
    expect([403, 404]).toContain(other.status);
  }, 30_000);

  it('stores the labor worksheet ("310人", "0.126万", full-width figures)', async () => {
    const res = await upload(ref('labor'), 'unit:labor', { 'idempotency-key': 'labor-workbook-0001' });
    expect(res.status).toBe(201);
    const detail = await stack.fetchJson(`/v1/submissions/${res.body.id}`, { as: 'office' });
    expect(JSON.stringify(detail.body)).toContain(JSON.stringify(LABOR_2006_05.rows[1]!.note));
  }, 30_000);

  it('refuses another unit’s workbook (403) and stores nothing', async () => {
    const res = await upload(ref('civil-affairs'), 'unit:transport');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.forbidden');
    expect(await versions('civil-affairs')).toMatchObject({ items: [] });
  }, 30_000);

  it('a version sent as JSON has no workbook: 404 saying so in Chinese and English', async () => {
    const sent = await stack.fetchJson('/v1/submissions', {
      method: 'POST',
      as: 'unit:civil-affairs',
      json: CIVIL_AFFAIRS_2006_05,
      headers: { 'idempotency-key': 'json-no-workbook-01' },
    });
    const id = sent.body.id as string;
    const res = await stack.fetchJson(`/v1/submissions/${id}/versions/1/workbook`, { as: 'office' });
    expect(sent.status).toBe(201);
    expect(res.status).toBe(404);
    expect(res.body.message.zh).toContain('不是以工作簿报送的');
    expect(res.body.message.en).toContain('was not sent as a workbook');
  }, 30_000);

  it('a unit of another organisation reads only its own (empty) organisation: no plan there, nothing stored (404)', async () => {
    // Prepare
    const token = await stack.tokenWith({ as: 'unit:labor', principal: { org: 'elsewhere' } });
    const before = await versions('labor');

    // Act
    const res = await stack.fetchJson('/v1/workbooks', {
      method: 'POST',
      headers: {
        'content-type': XLSX,
        authorization: `Bearer ${token}`,
        'idempotency-key': 'other-district-01',
      },
      body: new Uint8Array(ref('labor')),
    });

    // Assess: the first district's plan is not even found, so nothing of it shows
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('plan.notFound');
    expect(res.text).not.toContain(SAMPLE_PLAN_2006.title);
    expect(await versions('labor')).toEqual(before);
  }, 30_000);

  it('names the sheet and cell of each finding', async () => {
    const bytes = await progressWorkbookBytes(SAMPLE_PLAN_2006, 'labor', {
      edit: (_wb, ws) => {
        ws.getCell('G6').value = '约1500人';
        ws.getCell('F7').value = -5;
      },
    });
    const res = await upload(bytes, 'unit:labor');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('submission.invalid');
    expect(res.body.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'number.approximate', cell: '进度报表!G6' })]),
    );
    expect(res.body.message.zh).toContain('进度报表!G6');
  }, 30_000);

  it('"abc" in 累计完成 is one finding on its cell, not also 未填写; an empty 累计完成 is 未填写', async () => {
    const upload1 = async (g5: string | null) =>
      upload(
        await progressWorkbookBytes(SAMPLE_PLAN_2006, 'labor', {
          edit: (_wb, ws) => {
            ws.getCell('G5').value = g5;
          },
        }),
        'unit:labor',
      );
    const before = await versions('labor');
    const typed = await upload1('abc');
    expect(typed.status).toBe(422);
    const at = (res: typeof typed) =>
      (res.body.findings as { cell?: string; code: string }[]).filter((f) => f.cell === '进度报表!G5');
    expect(at(typed)).toEqual([
      expect.objectContaining({
        code: 'number.invalid',
        message: {
          zh: expect.stringMatching(/^进度报表!G5：“abc”不是有效的数值/),
          en: expect.stringMatching(/^进度报表!G5: "abc" is not a number/),
        },
      }),
    ]);
    const empty = await upload1(null);
    expect(empty.status).toBe(422);
    expect(at(empty)).toEqual([
      expect.objectContaining({
        code: 'row.missingValue',
        message: expect.objectContaining({ zh: expect.stringContaining('未填写“累计完成”') }),
      }),
    ]);
    expect(await versions('labor')).toEqual(before);
  }, 30_000);

  it('answers validation findings with their cells', async () => {
    const bytes = await progressWorkbookBytes(SAMPLE_PLAN_2006, 'labor', {
      period: '2006-03',
      edit: (_wb, ws) => {
        ws.getCell('F7').value = -5;
      },
    });
    const res = await upload(bytes, 'unit:labor');
    expect(res.status).toBe(422);
    expect(res.body.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'row.negative', cell: '进度报表!F7' })]),
    );
  }, 30_000);
});

describe('the hostile catalogue', () => {
  it('answers every case with its code, and stays healthy', async () => {
    const seen: string[] = [];
    for (const c of cases) {
      const started = Date.now();
      const res = await upload(c.bytes, 'unit:labor');
      const took = Date.now() - started;
      seen.push(`${c.name}: ${res.status} ${res.body?.code ?? ''} (${took} ms)`);
      expect({ name: c.name, status: res.status, code: res.body?.code }).toEqual({
        name: c.name,
        status: c.status,
        code: c.code,
      });
      if (c.warning) {
        expect(res.body.findings.map((f: { code: string }) => f.code)).toContain(c.warning);
      }
      expect(took).toBeLessThan(12_000);
      const health = await stack.fetchJson('/v1/health');
      expect(health.status).toBe(200);
    }
    console.log(seen.join('\n'));
    // Only the accepted cases were stored (labor: the reference upload, then two accepted cases).
    const list = await versions('labor');
    expect(list.items.length).toBeGreaterThan(0);
  }, 180_000);
});
