/**
 * `shishi backup` and `shishi restore` against the stack's DynamoDB Local
 * (test/support/stack.ts), found through local.json as `npm start` writes it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import { dynamoDbClient, uniqueTableName } from '../../test/support/dynamodb';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { closedPort, localDataDir, runCli } from './testing';

let stack: TestStack;
let client: DynamoDBClient;
let dataDir: string;
let env: Record<string, string>;
const tables: string[] = [];

const newTable = () => {
  const t = uniqueTableName('cli-restore');
  tables.push(t);
  return t;
};

const count = async (TableName: string) =>
  (await client.send(new ScanCommand({ TableName, Select: 'COUNT', ConsistentRead: true }))).Count;

beforeAll(async () => {
  stack = await startTestStack();
  client = dynamoDbClient(stack.dynamoEndpoint);
  dataDir = localDataDir(tmpdir(), stack.keys, {
    apiUrl: stack.url,
    dynamoEndpoint: stack.dynamoEndpoint,
    tableName: stack.tableName,
  });
  env = { SHISHI_DATA_DIR: dataDir };
  writeFileSync(join(dataDir, 'labor.json'), JSON.stringify(LABOR_2006_05));
  const sent = await runCli(['submit', 'labor.json'], { env, cwd: dataDir });
  expect(sent.code, sent.err).toBe(0);
}, 60_000);

afterAll(async () => {
  await stack?.close();
  for (const t of tables) await client?.send(new DeleteTableCommand({ TableName: t })).catch(() => {});
  client?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('shishi backup and restore', () => {
  it('backs up the running stack’s table and restores it into a new table', async () => {
    // Arrange
    const target = newTable();

    // Act
    const backup = await runCli(['backup', '--out', 'saved/shishi.jsonl'], { env, cwd: dataDir });
    const restore = await runCli(['restore', 'saved/shishi.jsonl', '--table', target], { env, cwd: dataDir });

    // Assess
    const items = await count(stack.tableName);
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(
      `已将表 ${stack.tableName} 的 ${items} 条记录备份到 saved/shishi.jsonl（sha256 `,
    );
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.out).toContain(`已把 saved/shishi.jsonl 的 ${items} 条记录恢复到新建的表 ${target}`);
    expect(restore.out).toContain(`SHISHI_LOCAL_TABLE=${target} npm start`);
    expect(await count(target)).toBe(items);
  }, 60_000);

  it('names the file after the table and the time by default, and answers JSON with --json', async () => {
    // Act
    const backup = await runCli(['backup', '--json'], { env, cwd: dataDir });

    // Assess
    expect(backup.code, backup.err).toBe(0);
    const out = JSON.parse(backup.out);
    expect(out).toMatchObject({
      table: stack.tableName,
      items: expect.any(Number),
      sha256: expect.any(String),
    });
    expect(out.file).toMatch(new RegExp(`/backups/${stack.tableName}-\\d{8}T\\d{6}Z\\.jsonl$`));
    expect(readFileSync(out.file, 'utf8').split('\n')[0]).toContain('"format":"shishi.dynamodb-backup"');
  }, 60_000);

  it('refuses to restore into a table that holds items, and exits 2', async () => {
    // Arrange
    await runCli(['backup', '--out', 'again.jsonl'], { env, cwd: dataDir });
    const before = await count(stack.tableName);

    // Act
    const zh = await runCli(['restore', 'again.jsonl', '--table', stack.tableName], { env, cwd: dataDir });
    const en = await runCli(['restore', 'again.jsonl', '--table', stack.tableName, '--lang', 'en'], {
      env,
      cwd: dataDir,
    });

    // Assess
    expect(zh.code).toBe(2);
    expect(zh.err).toContain(`表 ${stack.tableName} 已有数据`);
    expect(en.code).toBe(2);
    expect(en.err).toContain(`The table ${stack.tableName} already holds items`);
    expect(await count(stack.tableName)).toBe(before);
  }, 60_000);

  it('refuses a damaged file, naming the line, and creates no table', async () => {
    // Arrange
    await runCli(['backup', '--out', 'whole.jsonl'], { env, cwd: dataDir });
    const lines = readFileSync(join(dataDir, 'whole.jsonl'), 'utf8').split('\n');
    writeFileSync(join(dataDir, 'cut.jsonl'), [...lines.slice(0, 2), lines[2]!.slice(0, 30)].join('\n'));
    const target = newTable();

    // Act
    const cut = await runCli(['restore', 'cut.jsonl', '--table', target, '--lang', 'en'], {
      env,
      cwd: dataDir,
    });

    // Assess
    expect(cut.code).toBe(2);
    expect(cut.err).toContain('Line 3 of the backup file is not valid JSON');
    await expect(count(target)).rejects.toThrow();
  }, 60_000);

  it.each([
    [['restore', 'x.jsonl'], '请用 --table 指定恢复到哪个表'],
    [['restore', '--table', 'abc'], '参数个数不对'],
    [['restore', 'x.jsonl', '--table', 'a b'], '表名应为 3–255 个字母、数字或 _.-'],
    [['backup', '--endpoint', 'ftp://x'], '数据库地址应以 http:// 或 https:// 开头'],
  ])('exits 2 on a wrong command line: %j', async (argv, message) => {
    // Act
    const r = await runCli(argv, { env, cwd: dataDir });

    // Assess
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('says the local stack is not running when it has not recorded its database, and exits 3', async () => {
    // Arrange
    const empty = mkdtempSync(join(dataDir, 'none-'));
    const port = await closedPort();

    // Act
    const none = await runCli(['backup'], { env: { SHISHI_DATA_DIR: empty }, cwd: empty });
    const down = await runCli(['backup', '--endpoint', `http://127.0.0.1:${port}`, '--lang', 'en'], {
      env: { SHISHI_DATA_DIR: empty },
      cwd: empty,
    });

    // Assess
    expect(none.code).toBe(3);
    expect(none.err).toContain('本地栈没有在运行');
    expect(none.err).toContain('--endpoint');
    expect(down.code).toBe(3);
    expect(down.err).toContain(`The local database at http://127.0.0.1:${port} failed or did not answer`);
  }, 60_000);

  it('gives help in both languages', async () => {
    for (const command of ['backup', 'restore']) {
      // Act
      const zh = await runCli([command, '--help']);
      const en = await runCli(['help', command, '--lang', 'en']);

      // Assess
      expect(zh.code).toBe(0);
      expect(zh.out).toContain(`用法：shishi ${command}`);
      expect(en.out).toContain(`Usage: shishi ${command}`);
    }
    expect((await runCli(['restore', '--help', '--lang', 'en'])).out).toContain(
      'nothing stored is ever overwritten',
    );
  });
});
