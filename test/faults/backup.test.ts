/**
 * Backup and restore: the table of a running stack is exported to a file
 * (functions/ops/), restored into a fresh table, and a second stack served from that
 * table answers exactly as the first — status on several days, the reports with every version
 * and review, the audit trail — and holds exactly the same items. The restored table is live.
 * A restore never writes into a table that holds items, and a damaged file is refused before
 * anything is written.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  DeleteTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import type { Submission } from '../../domain/submission';
import { DEMO_STEPS } from '../../functions/cli/demo';
import { SEED_ALL_PLANS } from '../../functions/local/seed';
import {
  BACKUP_FORMAT,
  BackupError,
  canonical,
  type ExportResult,
  exportTable,
  itemToJson,
  restoreTable,
} from '../../functions/ops';
import { ensureTable } from '../../functions/store/table';
import { makeDetailRows } from '../builders';
import { dynamoDbClient, uniqueTableName } from '../support/dynamodb';
import { startTestStack, type TestStack } from '../support/stack';

let original: TestStack;
let restored: TestStack | undefined;
let client: DynamoDBClient;
let dir: string;
let backupFile: string;
let exported: ExportResult;
let restoredTable: string;
/** The idempotency key each report was sent with, by step name. */
const keys = new Map<string, string>();
/** Tables made by the refusal tests, dropped at the end. */
const scratchTables: string[] = [];

const DAYS = ['2006-03-10', '2006-04-30', '2006-06-10', '2006-09-30', '2006-12-31'];

/** 3,000 project rows: a body stored in several chunk items. */
const BIG_TRANSPORT_2006_06: Submission = {
  ...TRANSPORT_2006_05,
  period: '2006-06',
  filledOn: '2006-07-04',
  rows: [{ ...TRANSPORT_2006_05.rows[0]!, thisPeriod: 2, cumulative: 17.6, completionPercent: undefined }],
  details: makeDetailRows(3000, { completedShare: 1760 / 3000 }),
};

async function send(stack: TestStack, report: Submission, key: string) {
  const r = await stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as: `unit:${report.unit}`,
    json: report,
    headers: { 'idempotency-key': key },
  });
  expect(r.status, r.text).toBe(201);
  return r;
}

async function review(stack: TestStack, id: string, decision: 'accept' | 'return', comment = '') {
  const head = await stack.fetchJson(`/v1/submissions/${id}`, { as: 'office' });
  const r = await stack.fetchJson(`/v1/submissions/${id}/review`, {
    method: 'POST',
    as: 'office',
    json: { decision, comment, expectedVersion: head.body.latestVersion },
  });
  expect(r.status, r.text).toBe(200);
}

/** Every item of a table as typed JSON lines, sorted: two tables hold the same items iff equal. */
async function rawItems(tableName: string): Promise<string[]> {
  const lines: string[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) lines.push(JSON.stringify(canonical(itemToJson(item))));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return lines.sort();
}

async function tableExists(tableName: string): Promise<boolean> {
  try {
    await client.send(new ScanCommand({ TableName: tableName, Limit: 1 }));
    return true;
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return false;
    throw e;
  }
}

/** The BackupError `fn` fails with. */
async function refusal(fn: () => Promise<unknown>): Promise<BackupError> {
  const e = await fn().then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BackupError);
  return e as BackupError;
}

beforeAll(async () => {
  original = await startTestStack();
  client = dynamoDbClient(original.dynamoEndpoint);
  dir = mkdtempSync(join(tmpdir(), 'shishi-backup-'));

  // The demo's April and May: four units, reviews, a returned report and its correction.
  const ids = new Map<string, string>();
  for (const step of DEMO_STEPS) {
    if (step.kind === 'submit') {
      const key = `backup-test-${step.name}`;
      keys.set(step.name, key);
      const r = await send(original, step.report, key);
      ids.set(step.name, r.body.id);
    } else {
      await review(original, ids.get(step.of)!, step.decision, step.comment ?? '');
    }
  }
  // A retry of a report already sent (the same key): stored once, answered again.
  const retry = await send(
    original,
    DEMO_STEPS.find((s) => s.kind === 'submit')!.report,
    keys.get('labor-04')!,
  );
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  // June: a large report (several chunk items), accepted; another returned and left so.
  keys.set('transport-06', 'backup-test-transport-06');
  await send(original, BIG_TRANSPORT_2006_06, 'backup-test-transport-06');
  await review(original, '2006.transport.2006-06', 'accept');
  // A summary for the leaders (kept in the file store, not in the table).
  const summary = await original.fetchJson('/v1/summaries/2006?asOf=2006-06-10', {
    method: 'POST',
    as: 'office',
  });
  expect(summary.status, summary.text).toBe(201);

  // Parallel segments and small pages, so that paging and segments are exercised.
  backupFile = join(dir, 'shishi.jsonl');
  exported = await exportTable(client, original.tableName, backupFile, { segments: 3, pageSize: 7 });
  restoredTable = uniqueTableName('restored');
  const result = await restoreTable(client, restoredTable, backupFile);
  expect(result).toMatchObject({ table: restoredTable, created: true, items: exported.items });
  restored = await startTestStack({ tableName: restoredTable, seed: false });
}, 180_000);

afterAll(async () => {
  await restored?.close();
  await original?.close();
  for (const t of scratchTables) {
    await client?.send(new DeleteTableCommand({ TableName: t })).catch(() => {});
  }
  client?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore of the local table', () => {
  test('the backup file has a header, one typed line per item and a trailer with count and sha256', () => {
    // Arrange
    const lines = readFileSync(backupFile, 'utf8').split('\n');

    // Act
    const header = JSON.parse(lines[0]!);
    const itemLines = lines.slice(1, -2);
    const trailer = JSON.parse(lines.at(-2)!);
    const digest = createHash('sha256')
      .update(itemLines.map((l) => `${l}\n`).join(''))
      .digest('hex');

    // Assess
    expect(lines.at(-1)).toBe('');
    expect(header).toMatchObject({
      format: BACKUP_FORMAT,
      version: 1,
      table: original.tableName,
      exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      keySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
    expect(trailer).toEqual({ trailer: true, items: itemLines.length, sha256: digest });
    expect(exported).toMatchObject({ items: itemLines.length, sha256: digest });
    expect(itemLines.every((l) => /^\{"Item":\{"/.test(l))).toBe(true);
    // Every kind of item is there: plan, heads, versions, chunks, reviews, idempotency, audit,
    // the audit chain's head and the submission limits' counters.
    // Every partition is a seeded organisation's: its item `ORG#<org>`, the rest `ORG#<org>#<kind>#…`.
    const pks: string[] = itemLines.map((l) => JSON.parse(l).Item.pk.S);
    const orgs = new Set(SEED_ALL_PLANS.map((p) => p.organisation.id));
    expect(pks.filter((pk) => !orgs.has(/^ORG#([a-z0-9-]+)(#|$)/.exec(pk)?.[1] ?? ''))).toEqual([]);
    const kinds = pks.map((pk) => pk.split('#')[2] ?? 'ORG');
    expect(new Set(kinds)).toEqual(
      new Set(['ORG', 'USER', 'PLAN', 'SUB', 'IDEM', 'AUDIT', 'AUDITHEAD', 'LIMIT']),
    );
    expect(itemLines.some((l) => /"sk":\{"S":"V#\d{8}#C#\d{4}"\}/.test(l))).toBe(true);
  });

  test('the restored table holds exactly the items of the original', async () => {
    // Act
    const [before, after] = await Promise.all([rawItems(original.tableName), rawItems(restoredTable)]);

    // Assess
    expect(after).toHaveLength(exported.items);
    expect(after).toEqual(before);
  });

  test('a second export of the same table, in one segment, holds the same items', async () => {
    // Act
    const again = await exportTable(client, original.tableName, join(dir, 'again.jsonl'));
    const items = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1, -2).sort();

    // Assess
    expect(again.items).toBe(exported.items);
    expect(items(join(dir, 'again.jsonl'))).toEqual(items(backupFile));
  });

  test('the restored table answers the same status, submissions, reviews and audit as the original', async () => {
    const both = async (path: string) => {
      const [a, b] = await Promise.all([
        original.fetchJson(path, { as: 'office' }),
        restored!.fetchJson(path, { as: 'office' }),
      ]);
      expect(a.status, `${path}: ${a.text}`).toBe(200);
      expect(b.status, path).toBe(200);
      return [a.body, b.body] as const;
    };

    // Status on several days, before, during and after the reports.
    for (const day of DAYS) {
      const [a, b] = await both(`/v1/status/2006?asOf=${day}`);
      expect(b, day).toEqual(a);
    }
    // The list, then each report with every version and its review.
    const [list, restoredList] = await both('/v1/submissions?year=2006');
    expect(restoredList).toEqual(list);
    const ids: string[] = list.items.map((s: { id: string }) => s.id);
    expect(ids).toHaveLength(9);
    for (const id of ids) {
      const [a, b] = await both(`/v1/submissions/${id}`);
      expect(b, id).toEqual(a);
    }
    const [chengguan] = await both('/v1/submissions/2006.chengguan.2006-05');
    expect(chengguan.versions.map((v: { state: string }) => v.state)).toEqual(['returned', 'accepted']);
    // The audit trail, whole.
    const [audit, restoredAudit] = await both('/v1/audit?year=2006&limit=1000');
    // 10 versions sent and 9 reviews at least (the seeded plan may add its own entry).
    expect(audit.items.length).toBeGreaterThanOrEqual(19);
    expect(restoredAudit).toEqual(audit);
    // The plan, with its version (If-Match keeps working).
    const [plan, restoredPlan] = await both('/v1/plans/2006');
    expect(restoredPlan).toEqual(plan);
  });

  test('the restored table is live: a new version continues the numbering and an old retry replays', async () => {
    const stack = restored!;
    // Act: a retry of April's labor report with its first key; a new version of civil affairs' May.
    const retry = await send(
      stack,
      DEMO_STEPS.find((s) => s.kind === 'submit')!.report,
      keys.get('labor-04')!,
    );
    const civil = DEMO_STEPS.find((s) => s.kind === 'submit' && s.name === 'civil-05');
    const next = await send(
      stack,
      { ...(civil as { report: Submission }).report, filledOn: '2006-06-08' },
      'backup-test-civil-05-v2',
    );
    await review(stack, '2006.civil-affairs.2006-05', 'accept');
    const detail = await stack.fetchJson('/v1/submissions/2006.civil-affairs.2006-05', { as: 'office' });
    const status = await stack.fetchJson('/v1/status/2006?asOf=2006-06-10', { as: 'office' });
    const summary = await stack.fetchJson('/v1/summaries/2006?asOf=2006-06-10', {
      method: 'POST',
      as: 'office',
    });

    // Assess
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.version).toBe(1);
    expect(next.body).toMatchObject({ id: '2006.civil-affairs.2006-05', version: 2 });
    expect(detail.body).toMatchObject({ latestVersion: 2, acceptedVersion: 2, latestState: 'accepted' });
    expect(status.status).toBe(200);
    expect(summary.status, summary.text).toBe(201);
    // The original is untouched by what the restored stack does.
    const originalCivil = await original.fetchJson('/v1/submissions/2006.civil-affairs.2006-05', {
      as: 'office',
    });
    expect(originalCivil.body.latestVersion).toBe(1);
  });

  test('restoring into a table that holds items is refused and writes nothing', async () => {
    // Arrange
    const before = await rawItems(original.tableName);
    const restoredBefore = await rawItems(restoredTable);

    // Act
    const intoLive = await refusal(() => restoreTable(client, original.tableName, backupFile));
    const intoRestored = await refusal(() => restoreTable(client, restoredTable, backupFile));

    // Assess
    for (const e of [intoLive, intoRestored]) {
      expect(e.code).toBe('restore.notEmpty');
      expect(e.zh).toContain('已有数据');
      expect(e.en).toContain('already holds items');
    }
    expect(await rawItems(original.tableName)).toEqual(before);
    expect(await rawItems(restoredTable)).toEqual(restoredBefore);
  });

  test('a file with a changed line is refused before anything is written', async () => {
    // Arrange: one figure changed in one item line; the JSON is still valid.
    const lines = readFileSync(backupFile, 'utf8').split('\n');
    const at = lines.findIndex((l, i) => i > 0 && l.includes('乡村道路第1段'));
    expect(at).toBeGreaterThan(0);
    const altered = [...lines];
    altered[at] = lines[at]!.replace('乡村道路第1段', '乡村道路第7段');
    const file = join(dir, 'altered.jsonl');
    writeFileSync(file, altered.join('\n'));
    const fresh = uniqueTableName('altered');
    const empty = uniqueTableName('altered-empty');
    scratchTables.push(fresh, empty);
    await ensureTable(client, empty);

    // Act
    const intoNew = await refusal(() => restoreTable(client, fresh, file));
    const intoEmpty = await refusal(() => restoreTable(client, empty, file));

    // Assess
    for (const e of [intoNew, intoEmpty]) {
      expect(e.code).toBe('backup.digest');
      expect(e.zh).toContain('有记录行被改动过');
      expect(e.en).toContain('an item line was altered');
    }
    expect(await tableExists(fresh)).toBe(false);
    expect(await rawItems(empty)).toEqual([]);
  });

  test('a file without its trailer, or cut mid-line, is refused and no table is created', async () => {
    // Arrange
    const text = readFileSync(backupFile, 'utf8');
    const lines = text.split('\n');
    const noTrailer = join(dir, 'no-trailer.jsonl');
    writeFileSync(noTrailer, `${lines.slice(0, -2).join('\n')}\n`);
    const cut = join(dir, 'cut.jsonl');
    const cutAt = lines.slice(0, 5).join('\n').length + 1 + 40; // 40 characters into line 6
    writeFileSync(cut, text.slice(0, cutAt));
    const onlyCount = join(dir, 'one-line-less.jsonl');
    writeFileSync(onlyCount, [...lines.slice(0, 3), ...lines.slice(4)].join('\n'));
    const target = uniqueTableName('truncated');
    scratchTables.push(target);

    // Act
    const withoutTrailer = await refusal(() => restoreTable(client, target, noTrailer));
    const cutShort = await refusal(() => restoreTable(client, target, cut));
    const lineMissing = await refusal(() => restoreTable(client, target, onlyCount));

    // Assess
    expect(withoutTrailer.code).toBe('backup.truncated');
    expect(withoutTrailer.zh).toContain('没有文件尾');
    expect(withoutTrailer.en).toContain('has no trailer');
    expect(cutShort).toMatchObject({ code: 'backup.line', line: 6 });
    expect(cutShort.message).toContain('第 6 行');
    expect(cutShort.message).toContain('Line 6');
    expect(lineMissing.code).toBe('backup.count');
    expect(await tableExists(target)).toBe(false);
  });
});
