/**
 * `shishi migrate` against the run's DynamoDB Local: a table restored from the earlier layout's
 * fixture is checked (--dry-run), migrated, and found done on a second run; data of two
 * organisations is refused with exit code 1 in both languages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DeleteTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDbClient, testDynamoDbEndpoint, uniqueTableName } from '../../test/support/dynamodb';
import { restoreTable } from '../ops/restore';
import { runCli } from './testing';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/legacy/table-97a915e.jsonl', import.meta.url));

let client: DynamoDBClient;
let endpoint: string;
let dir: string;
const tables: string[] = [];

const legacyTable = async () => {
  const t = uniqueTableName('cli-migrate');
  tables.push(t);
  await restoreTable(client, t, FIXTURE);
  return t;
};
const count = async (TableName: string) =>
  (await client.send(new ScanCommand({ TableName, Select: 'COUNT', ConsistentRead: true }))).Count;

beforeAll(async () => {
  endpoint = await testDynamoDbEndpoint();
  client = await testDynamoDbClient();
  dir = mkdtempSync(join(tmpdir(), 'shishi-cli-migrate-'));
}, 120_000);

afterAll(async () => {
  for (const t of tables) await client?.send(new DeleteTableCommand({ TableName: t })).catch(() => {});
  client?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('shishi migrate', () => {
  it('checks with --dry-run, migrates after a backup, and then has nothing left to do', async () => {
    // Arrange
    const table = await legacyTable();
    const items = await count(table);
    const env = { SHISHI_DATA_DIR: dir };
    const args = ['migrate', '--endpoint', endpoint, '--table', table];

    // Act
    const dry = await runCli([...args, '--dry-run', '--json'], { env, cwd: dir });
    const afterDry = await count(table);
    const run = await runCli(args, { env, cwd: dir });
    const again = await runCli([...args, '--json', '--lang', 'en'], { env, cwd: dir });

    // Assess
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ table, found: items, copied: items, dryRun: true });
    expect(afterDry).toBe(items);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`逐条核对 ${items} 条无误`);
    expect(run.out).toContain('备份：');
    expect(await count(table)).toBe(2 * items! + 1);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ found: items, copied: 0, skipped: items });
    expect(JSON.parse(again.out).backup).toBeUndefined();
  }, 60_000);

  it('refuses data of two organisations with exit code 1, writing nothing', async () => {
    // Arrange
    const table = await legacyTable();
    const plan = (await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items!.find(
      (i) => i.pk?.S?.startsWith('PLAN#') && i.sk?.S === 'V#00000001',
    )!;
    const body = JSON.parse(plan.body!.S!);
    body.organisation.id = 'other-district';
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...plan, pk: { S: 'PLAN#2007' }, body: { S: JSON.stringify(body) } },
      }),
    );
    const items = await count(table);

    // Act
    const out = await runCli(['migrate', '--endpoint', endpoint, '--table', table], {
      env: { SHISHI_DATA_DIR: dir },
      cwd: dir,
    });

    const en = await runCli(['migrate', '--endpoint', endpoint, '--table', table, '--lang', 'en'], {
      env: { SHISHI_DATA_DIR: dir },
      cwd: dir,
    });

    // Assess
    expect(out.code).toBe(1);
    expect(out.err).toContain('多个组织');
    expect(en.code).toBe(1);
    expect(en.err).toContain('more than one organisation');
    expect(await count(table)).toBe(items);
  }, 60_000);
});
