/**
 * Limits (reliability suite): a body over the API's limit, a report with 5,000 project-detail
 * rows, a 10 MB workbook — each answered correctly, never a crash. After each scenario the API
 * still answers `GET /v1/health` and still stores a normal report. (1,000 concurrent custom
 * function calls: custom-functions.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MAX_DETAIL_ROWS } from '../../api/schemas';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import type { Submission } from '../../domain/submission';
import { loadReport } from '../../functions/cli/input';
import { MAX_BODY_CHARS } from '../../functions/store/repository';
import { DEFAULT_LIMITS, precheckWorkbook } from '../../functions/workbook/guard';
import { readWorkbook, readWorkbookIsolated, recognise } from '../../functions/workbook/import';
import { makeDetailRows } from '../builders';
import { startTestStack, type TestStack } from '../support/stack';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;
/** The API's body limit: Lambda's payload limit, the stack's default. */
const API_LIMIT = 6 * MB;
const WORKBOOK_LIMIT = DEFAULT_LIMITS.maxBytes;

let stack: TestStack;
let dir: string;
beforeAll(async () => {
  stack = await startTestStack({ maxBodyBytes: API_LIMIT });
  dir = mkdtempSync(join(tmpdir(), 'shishi-limits-'));
}, 120_000);
afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let keys = 0;
const newKey = () => `limits-${Date.now()}-${++keys}`;

/** Sends `body` (JSON text, or a value to serialize) as a unit's report. */
const submitRaw = (body: string, as: string) =>
  stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as,
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
    body,
  });
const submit = (s: Submission) => submitRaw(JSON.stringify(s), `unit:${s.unit}`);

const upload = (bytes: Buffer, as = 'unit:transport') =>
  stack.fetchJson('/v1/workbooks', {
    method: 'POST',
    as,
    headers: { 'content-type': XLSX, 'idempotency-key': newKey() },
    body: new Uint8Array(bytes),
  });

const stored = async (id: string) =>
  (await stack.fetchJson(`/v1/submissions/${id}`, { as: 'office' })).status;

/** Every scenario ends with the API healthy and storing a normal report. */
afterEach(async () => {
  const health = await stack.fetchJson('/v1/health');
  expect(health.status).toBe(200);
  const normal = await submit(LABOR_2006_05);
  expect(normal.status).toBe(201);
}, 60_000);

/** JSON text of exactly `bytes` bytes: the report, then spaces (valid JSON, the same report). */
function padded(s: Submission, bytes: number): string {
  const text = JSON.stringify(s);
  const size = Buffer.byteLength(text);
  if (size > bytes) throw new Error(`the report alone is ${size} bytes`);
  return text + ' '.repeat(bytes - size);
}

function expectTooLarge(res: {
  status: number;
  body: { code: string; message: { zh: string; en: string } };
}) {
  expect(res.status).toBe(413);
  expect(res.body.code).toBe('request.tooLarge');
  expect(res.body.message.en).toContain('6 MB');
  expect(res.body.message.zh).toContain('6 MB');
}

describe('limits: a body over the API limit', () => {
  test('a report padded to exactly the limit is stored (201); one byte more is 413 request.tooLarge naming 6 MB, nothing stored', async () => {
    const at = { ...TRANSPORT_2006_05, period: '2006-06' };
    const over = { ...TRANSPORT_2006_05, period: '2006-07' };

    const ok = await submitRaw(padded(at, API_LIMIT), 'unit:transport');
    const refused = await submitRaw(padded(over, API_LIMIT + 1), 'unit:transport');

    expect(ok.status).toBe(201);
    expect(ok.body.id).toBe('2006.transport.2006-06');
    expectTooLarge(refused);
    expect(refused.body.message.en).toBe(
      'The request body is larger than the 6 MB limit; nothing was stored',
    );
    expect(await stored('2006.transport.2006-07')).toBe(404);
  }, 120_000);

  test('a real report over the limit (20,000 detail rows with notes) is 413 request.tooLarge, nothing stored', async () => {
    const s: Submission = {
      ...TRANSPORT_2006_05,
      period: '2006-08',
      details: makeDetailRows(20_000, { extra: { note: '路基已完成，待铺面层；'.repeat(20) } }),
    };
    expect(Buffer.byteLength(JSON.stringify(s))).toBeGreaterThan(API_LIMIT);

    const res = await submit(s);

    expectTooLarge(res);
    expect(await stored('2006.transport.2006-08')).toBe(404);
  }, 120_000);

  test('a 128 MB body streamed without a length is answered 413, and the server stops reading it', async () => {
    const chunk = Buffer.alloc(MB, 0x20);
    let pulled = 0;
    async function* body() {
      yield Buffer.from('{"year":2006,');
      for (let i = 0; i < 128; i++) {
        pulled += chunk.length;
        yield chunk;
      }
    }

    const res = await fetch(`${stack.url}/v1/submissions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token('unit:transport')}`,
        'content-type': 'application/json',
        'idempotency-key': newKey(),
      },
      body: body(),
      duplex: 'half',
    } as unknown as RequestInit);
    const problem = await res.json();

    expect(res.status).toBe(413);
    expect(problem.code).toBe('request.tooLarge');
    expect(problem.message.en).toContain('6 MB');
    // The server reads the limit, drops at most 16 MB more, then closes; fetch stops sending once
    // it has the answer. What was pulled beyond that sat in the sockets' buffers.
    expect(pulled).toBeLessThan(64 * MB);
  }, 120_000);

  test('a 64 MB body with its length declared is refused with 413 before it is read', async () => {
    const res = await stack.fetchJson('/v1/submissions', {
      method: 'POST',
      as: 'unit:transport',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: new Uint8Array(64 * MB),
    });

    expectTooLarge(res);
  }, 120_000);
});

describe('limits: 5,000 project-detail rows', () => {
  test('a report with 5,000 detail rows is stored (201), read back identical, and the status computes', async () => {
    const details = makeDetailRows(5000);
    const s: Submission = {
      ...TRANSPORT_2006_05,
      period: '2006-09',
      rows: [{ ...TRANSPORT_2006_05.rows[0]!, thisPeriod: 0, cumulative: 35, completionPercent: undefined }],
      details,
    };

    const res = await submit(s);
    const back = await stack.fetchJson(`/v1/submissions/${res.body.id}`, { as: 'office' });
    const status = await stack.fetchJson('/v1/status/2006?asOf=2006-10-31', { as: 'office' });

    expect(res.status).toBe(201);
    expect(back.status).toBe(200);
    expect(back.body.versions[0].submission.details).toEqual(details);
    expect(status.status).toBe(200);
    const roads = status.body.indicators.find((i: { id: string }) => i.id === '3.1');
    expect(roads.provisional).toBe(35);
  }, 120_000);

  test(`${(MAX_DETAIL_ROWS + 1).toLocaleString('en')} detail rows (one over the schema's limit) are 400 naming details, nothing stored`, async () => {
    const s: Submission = {
      ...TRANSPORT_2006_05,
      period: '2006-10',
      details: makeDetailRows(MAX_DETAIL_ROWS + 1),
    };

    const res = await submit(s);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.invalid');
    expect(res.body.field).toBe('details');
    expect(res.body.message.en).toContain(String(MAX_DETAIL_ROWS));
    expect(await stored('2006.transport.2006-10')).toBe(404);
  }, 120_000);

  test('a report under the body limit but too large to store is 400 naming details, not a 500, nothing stored', async () => {
    const s: Submission = {
      ...TRANSPORT_2006_05,
      period: '2006-11',
      details: makeDetailRows(10_000, { extra: { note: 'x'.repeat(300) } }),
    };
    expect(JSON.stringify(s).length).toBeGreaterThan(MAX_BODY_CHARS);
    expect(Buffer.byteLength(JSON.stringify(s))).toBeLessThan(API_LIMIT);

    const res = await submit(s);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.invalid');
    expect(res.body.field).toBe('details');
    expect(res.body.message.en).toContain('3,000,000');
    expect(await stored('2006.transport.2006-11')).toBe(404);
  }, 120_000);
});

/** Incompressible bytes (xorshift32, fixed seed): a picture that does not shrink in the zip. */
function noise(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = 2463534242;
  for (let i = 0; i + 4 <= bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  return out;
}

const reference = readFileSync(
  new URL('../fixtures/reference/progress-2006-05-transport.xlsx', import.meta.url),
);

/** The transport reference worksheet, rewritten by exceljs with a picture of `pictureBytes`. */
async function withPicture(pictureBytes: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(reference as unknown as ExcelJS.Buffer);
  const image = wb.addImage({ buffer: noise(pictureBytes) as unknown as ExcelJS.Buffer, extension: 'png' });
  wb.worksheets[0]!.addImage(image, { tl: { col: 15, row: 1 }, ext: { width: 640, height: 480 } });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The reference worksheet with a picture, between `min` and `max` bytes in all. */
async function workbookBetween(min: number, max: number): Promise<Buffer> {
  let picture = Math.round((min + max) / 2);
  for (let attempt = 0; attempt < 6; attempt++) {
    const bytes = await withPicture(picture);
    if (bytes.length >= min && bytes.length <= max) return bytes;
    picture += Math.round((min + max) / 2) - bytes.length;
  }
  throw new Error(`no workbook between ${min} and ${max} bytes`);
}

describe('limits: a 10 MB workbook', () => {
  /** The reference worksheet as the reader recognises it, without a picture. */
  let expected: Submission | undefined;
  let underApi: Buffer;
  let underGuard: Buffer;
  let overGuard: Buffer;
  beforeAll(async () => {
    const read = await readWorkbook(await withPicture(1024));
    if (!read.ok) throw new Error(read.error.message.en);
    expected = recognise(read.grid, SAMPLE_PLAN_2006).submission;
    underApi = await workbookBetween(API_LIMIT - 256 * 1024, API_LIMIT - 1);
    underGuard = await workbookBetween(WORKBOOK_LIMIT - 256 * 1024, WORKBOOK_LIMIT);
    overGuard = await workbookBetween(WORKBOOK_LIMIT + 1, WORKBOOK_LIMIT + 256 * 1024);
  }, 120_000);

  test('a workbook with a picture just under 6 MB is stored through the API (201), as the reference worksheet', async () => {
    expect(expected?.details).toHaveLength(5);

    const res = await upload(underApi);
    const back = await stack.fetchJson(`/v1/submissions/${res.body.id}`, { as: 'office' });

    expect(res.status).toBe(201);
    expect(res.body.id).toBe('2006.transport.2006-05');
    expect(back.body.versions.at(-1).submission).toEqual(expected);
  }, 120_000);

  test('a 10 MB workbook through the API is 413 request.tooLarge: it names 6 MB and says to remove pictures or use the add-in', async () => {
    expect(underGuard.length).toBeGreaterThan(9.5 * MB);
    const before = (await stack.fetchJson('/v1/submissions/2006.transport.2006-05', { as: 'office' })).body;

    const res = await upload(underGuard);

    expectTooLarge(res);
    expect(res.body.message.en).toContain('Remove pictures');
    expect(res.body.message.en).toContain('add-in');
    expect(res.body.message.zh).toContain('图片');
    expect(res.body.message.zh).toContain('加载项');
    const after = (await stack.fetchJson('/v1/submissions/2006.transport.2006-05', { as: 'office' })).body;
    expect(after.versions).toHaveLength(before.versions.length);
  }, 120_000);

  test('just under the 10 MB guard limit, the CLI reader and the worker reader both read and recognise it', async () => {
    const file = join(dir, 'under.xlsx');
    writeFileSync(file, underGuard);

    const cli = await loadReport(file, async () => SAMPLE_PLAN_2006);
    const inProcess = await readWorkbook(underGuard);
    const isolated = await readWorkbookIsolated(underGuard, { timeoutMs: 60_000 });

    expect(cli.submission).toEqual(expected);
    expect(inProcess.ok && recognise(inProcess.grid, SAMPLE_PLAN_2006).submission).toEqual(expected);
    expect(isolated.ok && recognise(isolated.grid, SAMPLE_PLAN_2006).submission).toEqual(expected);
  }, 120_000);

  test('just over the 10 MB guard limit is workbook.tooLarge naming 10 MB, from the CLI, the precheck and the worker; the worker pool still reads after', async () => {
    const file = join(dir, 'over.xlsx');
    writeFileSync(file, overGuard);

    const cli = await loadReport(file, async () => SAMPLE_PLAN_2006).then(
      () => undefined,
      (e: Error) => e,
    );
    const pre = precheckWorkbook(overGuard);
    const inProcess = await readWorkbook(overGuard);
    const isolated = await Promise.all(
      [1, 2, 3].map(() => readWorkbookIsolated(overGuard, { timeoutMs: 60_000 })),
    );
    const next = await readWorkbookIsolated(reference, { timeoutMs: 60_000 });

    expect(cli?.message).toContain('workbook.tooLarge');
    expect(cli?.message).toContain('10 MB');
    expect(pre?.error.code).toBe('workbook.tooLarge');
    expect(pre?.error.message.en).toBe('The file is larger than 10 MB');
    expect(inProcess).toMatchObject({ ok: false, error: { code: 'workbook.tooLarge' } });
    for (const r of isolated) expect(r).toMatchObject({ ok: false, error: { code: 'workbook.tooLarge' } });
    expect(next.ok).toBe(true);
  }, 120_000);
});
