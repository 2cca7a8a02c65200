/** GET /v1/templates/{year}/{unit}, POST and GET /v1/summaries/{year} through the local stack. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import type { Submission } from '../../domain/submission';
import { XLSX_CONTENT_TYPE } from '../../functions/workbook/xlsx-util';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

async function download(path: string, as: string, init: RequestInit = {}) {
  const res = await fetch(`${stack.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${await stack.token(as)}` },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function open(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

async function submitAndAccept(report: Submission) {
  const sent = await stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as: `unit:${report.unit}`,
    json: report,
    headers: { 'idempotency-key': `test-${report.unit}-${report.period}` },
  });
  expect(sent.status, sent.text).toBe(201);
  const reviewed = await stack.fetchJson(`/v1/submissions/${sent.body.id}/review`, {
    method: 'POST',
    as: 'office',
    json: { decision: 'accept', comment: '', expectedVersion: sent.body.version },
  });
  expect(reviewed.status, reviewed.text).toBe(200);
}

describe('templates', () => {
  it('gives a unit its own worksheet with last period’s accepted figures', async () => {
    // Arrange
    await submitAndAccept(TRANSPORT_2006_05);

    // Act
    const { res, bytes } = await download('/v1/templates/2006/transport?period=2006-06', 'unit:transport');
    const wb = await open(bytes);
    const ws = wb.getWorksheet('进度报表')!;

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(
      '区交通局-2006-06-进度报表.xlsx',
    );
    expect(ws.getCell('A5').value).toBe('3.1');
    expect(ws.getCell('F5').value).toBe(15.6); // 上期累计: May's accepted figure
    expect(wb.getWorksheet('_shishi')!.getCell('B4').value).toBe('2006-06');
  });

  it('lets the office download any unit’s, and refuses another unit’s to a unit', async () => {
    // Act
    const office = await download('/v1/templates/2006/labor?period=2006-05', 'office');
    const other = await stack.fetchJson('/v1/templates/2006/labor?period=2006-05', { as: 'unit:transport' });
    const leader = await stack.fetchJson('/v1/templates/2006/labor?period=2006-05', { as: 'leader' });
    const badPeriod = await stack.fetchJson('/v1/templates/2006/labor?period=2006-13', { as: 'office' });
    const noPeriod = await stack.fetchJson('/v1/templates/2006/labor', { as: 'office' });
    const unknown = await stack.fetchJson('/v1/templates/2006/nobody?period=2006-05', { as: 'office' });

    // Assess
    expect(office.res.status).toBe(200);
    expect((await open(office.bytes)).getWorksheet('进度报表')!.getCell('A2').value).toBe(
      '填报单位：区劳动和社会保障局',
    );
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('auth.forbidden');
    expect(leader.status).toBe(403);
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.field).toBe('period');
    expect(noPeriod.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('unit');
  });
});

describe('summaries', () => {
  it('answers 404 before the first summary', async () => {
    // Act
    const none = await stack.fetchJson('/v1/summaries/2007', { as: 'office' });
    const first = await stack.fetchJson('/v1/summaries/2006', { as: 'leader' });

    // Assess
    expect(none.status).toBe(404);
    expect(first.status).toBe(404);
    expect(first.body.code).toBe('summary.notFound');
  });

  it('is made by the office and read by a leader; a unit may do neither', async () => {
    // Arrange
    await submitAndAccept(LABOR_2006_05);

    // Act
    const made = await stack.fetchJson('/v1/summaries/2006?asOf=2006-06-10', {
      method: 'POST',
      as: 'office',
    });
    const later = await stack.fetchJson('/v1/summaries/2006?asOf=2006-06-20', {
      method: 'POST',
      as: 'office',
    });
    const { res, bytes } = await download('/v1/summaries/2006', 'leader');
    const byUnit = await stack.fetchJson('/v1/summaries/2006', { as: 'unit:labor' });
    const makeByLeader = await stack.fetchJson('/v1/summaries/2006', { method: 'POST', as: 'leader' });
    const badDate = await stack.fetchJson('/v1/summaries/2006?asOf=2006-6-1', {
      method: 'POST',
      as: 'office',
    });
    const wb = await open(bytes);

    // Assess
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ year: 2006, asOf: '2006-06-10', link: '/v1/summaries/2006' });
    expect(Date.parse(made.body.createdAt)).not.toBeNaN();
    expect(later.status).toBe(201);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_CONTENT_TYPE);
    expect(wb.getWorksheet('总览')!.getCell('A2').value).toContain('截至 2006-06-20'); // the latest
    expect(wb.getWorksheet('总览')!.getCell('A3').value).toBe('总体结论（一票否决）：严重滞后');
    expect(byUnit.status).toBe(403);
    expect(makeByLeader.status).toBe(403);
    expect(badDate.status).toBe(400);
  });
});
