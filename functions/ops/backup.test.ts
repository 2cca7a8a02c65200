/** functions/ops/ (backup, its file, restore) against the run's DynamoDB Local: types, retries, refusals. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDbClient, uniqueTableName } from '../../test/support/dynamodb';
import { ensureTable } from '../store/table';
import { exportTable } from './backup';
import { attributeFromJson, BackupError, itemFromJson, itemToJson, verifyBackup } from './backup-file';
import { restoreTable } from './restore';

let client: DynamoDBClient;
let dir: string;
const tables: string[] = [];

const table = () => {
  const name = uniqueTableName('backup');
  tables.push(name);
  return name;
};

beforeAll(async () => {
  client = await testDynamoDbClient();
  dir = mkdtempSync(join(tmpdir(), 'shishi-backup-unit-'));
}, 120_000);

afterAll(async () => {
  for (const t of tables) await client.send(new DeleteTableCommand({ TableName: t })).catch(() => {});
  client?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** An item with every type DynamoDB has, binary included. */
const EVERY_TYPE: Record<string, AttributeValue> = {
  pk: { S: 'TEST#types' },
  sk: { S: 'HEAD' },
  s: { S: '城关镇 · "quoted" \n newline' },
  n: { N: '-12.50' },
  big: { N: '123456789012345678901234567890' },
  b: { B: new Uint8Array([0, 1, 2, 250, 255]) },
  ss: { SS: ['甲', 'b'] },
  ns: { NS: ['1', '2.5'] },
  bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
  m: { M: { inner: { L: [{ S: 'x' }, { NULL: true }, { BOOL: false }, { M: {} }] } } },
  l: { L: [] },
  nul: { NULL: true },
  yes: { BOOL: true },
};

async function put(tableName: string, n: number) {
  await ensureTable(client, tableName);
  for (let i = 0; i < n; i++) {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `TEST#${i % 7}` },
          sk: { S: `V#${String(i).padStart(8, '0')}` },
          i: { N: String(i) },
        },
      }),
    );
  }
}

/** The items a table holds, by a consistent count. */
async function countItems(tableName: string): Promise<number | undefined> {
  const out = await client.send(
    new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true }),
  );
  return out.Count;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a BackupError');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(BackupError);
      return e as BackupError;
    },
  );

describe('typed JSON', () => {
  it('keeps every attribute type, binary as base64, and reads it back exactly', () => {
    // Act
    const json = itemToJson(EVERY_TYPE);
    const back = itemFromJson(JSON.parse(JSON.stringify(json)));

    // Assess
    expect(json.b).toEqual({ B: 'AAEC+v8=' });
    expect(json.bs).toEqual({ BS: ['AQ==', 'AgM='] });
    expect(json.big).toEqual({ N: '123456789012345678901234567890' });
    expect(back).toEqual(EVERY_TYPE);
  });

  it('refuses values that are not DynamoDB typed JSON, naming the attribute', () => {
    expect(() => attributeFromJson({ S: 1 }, 'Item.a')).toThrow('Item.a: not a valid S value');
    expect(() => attributeFromJson({ N: '1x' }, 'Item.n')).toThrow('Item.n: not a valid N value');
    expect(() => attributeFromJson({ B: 'not base64!' }, 'Item.b')).toThrow('binary is not base64');
    expect(() => attributeFromJson({ S: 'a', N: '1' }, 'Item.x')).toThrow('exactly one type');
    expect(() => attributeFromJson({ X: 'a' }, 'Item.x')).toThrow('unknown type X');
    expect(() => attributeFromJson({ SS: [] }, 'Item.ss')).toThrow('non-empty list');
  });
});

describe('exportTable and restoreTable', () => {
  it('restores every attribute type exactly, into a table it creates', async () => {
    // Arrange
    const source = table();
    await ensureTable(client, source);
    await client.send(new PutItemCommand({ TableName: source, Item: EVERY_TYPE }));
    const file = join(dir, 'types.jsonl');
    const target = table();

    // Act
    const exported = await exportTable(client, source, file);
    const restored = await restoreTable(client, target, file);
    const get = (TableName: string) =>
      client.send(
        new GetItemCommand({
          TableName,
          Key: { pk: EVERY_TYPE.pk!, sk: EVERY_TYPE.sk! },
          ConsistentRead: true,
        }),
      );
    const [stored, back] = await Promise.all([get(source), get(target)]);

    // Assess
    expect(exported.items).toBe(1);
    expect(restored).toMatchObject({ table: target, created: true, items: 1, batches: 1, retries: 0 });
    expect(restored.source.table).toBe(source);
    // As DynamoDB stored it (it normalises numbers and orders sets its own way).
    expect(back.Item).toEqual(stored.Item);
    expect(back.Item?.b?.B).toEqual(new Uint8Array([0, 1, 2, 250, 255]));
    expect(back.Item?.big?.N).toBe('123456789012345678901234567890');
  }, 60_000);

  it('writes to a stream, in pages and parallel segments, 25 items to a batch', async () => {
    // Arrange
    const source = table();
    await put(source, 60);
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const target = table();
    await ensureTable(client, target);

    // Act
    const exported = await exportTable(client, source, stream, { segments: 4, pageSize: 5 });
    const file = join(dir, 'stream.jsonl');
    writeFileSync(file, Buffer.concat(chunks));
    const checked = await verifyBackup(file);
    const restored = await restoreTable(client, target, file);

    // Assess
    expect(exported.items).toBe(60);
    expect(checked).toMatchObject({ items: 60, sha256: exported.sha256 });
    expect(restored).toMatchObject({ created: false, items: 60, batches: 3 });
    expect(await countItems(target)).toBe(60);
  }, 60_000);

  it('retries unprocessed items with backoff until all are written', async () => {
    // Arrange: the first answer to each batch leaves all but 3 items unprocessed.
    const source = table();
    await put(source, 30);
    const file = join(dir, 'retry.jsonl');
    await exportTable(client, source, file);
    const target = table();
    const retried = new Set<unknown>();
    const flaky = {
      send: async (command: unknown, ...rest: unknown[]) => {
        if (!(command instanceof BatchWriteItemCommand)) {
          return (client.send as (...a: unknown[]) => Promise<unknown>)(command, ...rest);
        }
        const requests = command.input.RequestItems?.[target] ?? [];
        if (retried.has(requests)) return client.send(command);
        const left = requests.slice(3);
        retried.add(left);
        await client.send(new BatchWriteItemCommand({ RequestItems: { [target]: requests.slice(0, 3) } }));
        return { UnprocessedItems: { [target]: left } } as BatchWriteItemCommandOutput;
      },
    } as unknown as DynamoDBClient;

    // Act
    const restored = await restoreTable(flaky, target, file, { backoffMs: 1 });
    const count = await countItems(target);

    // Assess
    expect(restored).toMatchObject({ items: 30, batches: 2, retries: 2 });
    expect(count).toBe(30);
  }, 60_000);

  it('gives up on items that stay unprocessed, saying the table is only partly restored', async () => {
    // Arrange
    const source = table();
    await put(source, 3);
    const file = join(dir, 'throttled.jsonl');
    await exportTable(client, source, file);
    const target = table();
    const throttled = {
      send: (command: unknown, ...rest: unknown[]) =>
        command instanceof BatchWriteItemCommand
          ? Promise.resolve({ UnprocessedItems: command.input.RequestItems })
          : (client.send as (...a: unknown[]) => Promise<unknown>)(command, ...rest),
    } as unknown as DynamoDBClient;

    // Act
    const e = await failure(restoreTable(throttled, target, file, { backoffMs: 1, maxAttempts: 3 }));

    // Assess
    expect(e.code).toBe('restore.unprocessed');
    expect(e.message).toContain('只恢复了一部分');
    expect(e.message).toContain('only partly restored');
  }, 60_000);

  it('says so when the table to export does not exist', async () => {
    const e = await failure(exportTable(client, 'no-such-table-here', new PassThrough()));
    expect(e.code).toBe('export.noTable');
  });
});

describe('a backup file that is not whole', () => {
  let good: string;
  let lines: string[];

  beforeAll(async () => {
    const source = table();
    await put(source, 4);
    good = join(dir, 'good.jsonl');
    await exportTable(client, source, good);
    lines = readFileSync(good, 'utf8').split('\n');
  }, 60_000);

  const variant = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['missing', () => join(dir, 'nothing-here.jsonl'), 'backup.unreadable', undefined],
    ['empty', () => variant('empty.jsonl', ''), 'backup.empty', undefined],
    ['not a backup', () => variant('other.jsonl', '{"hello":1}\n'), 'backup.header', 1],
    [
      'of another version',
      () =>
        variant('v2.jsonl', [lines[0]!.replace('"version":1', '"version":2'), ...lines.slice(1)].join('\n')),
      'backup.header',
      1,
    ],
    [
      'with a line after the trailer',
      () => variant('after.jsonl', `${lines.join('\n')}${lines[1]}\n`),
      'backup.trailer',
      7,
    ],
    [
      'with an item that is not typed JSON',
      () => variant('untyped.jsonl', [lines[0], '{"Item":{"pk":"PLAN#2006"}}', ...lines.slice(2)].join('\n')),
      'backup.line',
      2,
    ],
    [
      'with an item without its sort key',
      () => variant('nosk.jsonl', [lines[0], '{"Item":{"pk":{"S":"X"}}}', ...lines.slice(2)].join('\n')),
      'backup.line',
      2,
    ],
    [
      'with one item twice',
      () => variant('twice.jsonl', [lines[0], lines[1], lines[1], ...lines.slice(3)].join('\n')),
      'backup.duplicate',
      3,
    ],
  ] as const)('refuses a file %s, saying what and where', async (_name, file, code, line) => {
    // Act
    const target = table();
    const e = await failure(restoreTable(client, target, file()));

    // Assess
    expect(e.code).toBe(code);
    expect(e.line).toBe(line);
    expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(e.en).toMatch(/[A-Za-z]{4}/);
    await expect(client.send(new ScanCommand({ TableName: target, Limit: 1 }))).rejects.toThrow();
  });
});
