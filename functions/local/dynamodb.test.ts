import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, test } from 'vitest';
import {
  checkJava,
  type DynamoDbLocal,
  groupAlive,
  JavaMissingError,
  LOCAL_AWS,
  startDynamoDbLocal,
} from './dynamodb';

const clientFor = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });

/** Command lines of the DynamoDB Local processes listening on `port` (pgrep exits 1 when none). */
function javaOnPort(port: number): string[] {
  try {
    return execFileSync('pgrep', ['-fa', `DynamoDBLocal.jar -port ${port} `], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

const SLOW = 60_000;

/** `root` and everything under it, each as `path mode` (octal, path relative to `root`). */
function modesUnder(root: string): string[] {
  const names = ['.', ...(readdirSync(root, { recursive: true }) as string[])].sort();
  return names.map((name) => {
    const st = statSync(join(root, name));
    return `${name}${st.isDirectory() ? '/' : ''} ${(st.mode & 0o7777).toString(8)}`;
  });
}

/** What `modesUnder` must say when folders are 0700 and files 0600. */
const privateModes = (modes: readonly string[]) =>
  modes.map((m) => m.replace(/ \d+$/, m.split(' ')[0]!.endsWith('/') ? ' 700' : ' 600'));

describe('DynamoDB Local', () => {
  const started: DynamoDbLocal[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(started.map((d) => d.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test(
    'starts in memory on a free port, answers, and stop() leaves no java process',
    async () => {
      // Act
      const db = await startDynamoDbLocal({});
      started.push(db);
      const client = clientFor(db.endpoint);
      await client.send(
        new CreateTableCommand({
          TableName: 'things',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      const tables = await client.send(new ListTablesCommand({}));
      client.destroy();
      const runningBefore = javaOnPort(db.port);
      await db.stop();
      await db.stop();

      // Assess
      expect(db.endpoint).toBe(`http://127.0.0.1:${db.port}`);
      expect(tables.TableNames).toEqual(['things']);
      expect(runningBefore).toHaveLength(1);
      expect(runningBefore[0]).toContain('-inMemory');
      expect(runningBefore[0]).toContain('-sharedDb');
      expect(javaOnPort(db.port)).toEqual([]);
      expect(groupAlive(db.pid)).toBe(false);
    },
    SLOW,
  );

  test(
    'keeps data on disk across a restart with the same folder',
    async () => {
      // Prepare
      const dataDir = join(mkdtempSync(join(tmpdir(), 'shishi-ddb-')), 'dynamodb');
      dirs.push(dataDir);
      const first = await startDynamoDbLocal({ dataDir });
      started.push(first);
      const c1 = clientFor(first.endpoint);
      await c1.send(
        new CreateTableCommand({
          TableName: 'kept',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      await c1.send(
        new PutItemCommand({ TableName: 'kept', Item: { pk: { S: 'PLAN#2006' }, n: { N: '8' } } }),
      );
      c1.destroy();
      await first.stop();

      // Act
      const second = await startDynamoDbLocal({ dataDir });
      started.push(second);
      const c2 = clientFor(second.endpoint);
      const got = await c2.send(new GetItemCommand({ TableName: 'kept', Key: { pk: { S: 'PLAN#2006' } } }));
      c2.destroy();
      await second.stop();

      // Assess
      expect(existsSync(join(dataDir, 'shared-local-instance.db'))).toBe(true);
      expect(got.Item?.n?.N).toBe('8');
      expect(javaOnPort(second.port)).toEqual([]);
    },
    SLOW,
  );

  test(
    'keeps its folder 0700 and every file in it 0600, also what an earlier start left readable',
    async () => {
      // Prepare: a first start writes the database; then the modes an older version left.
      const dataDir = join(mkdtempSync(join(tmpdir(), 'shishi-ddb-')), 'dynamodb');
      dirs.push(dataDir);
      const first = await startDynamoDbLocal({ dataDir });
      started.push(first);
      const c1 = clientFor(first.endpoint);
      await c1.send(
        new CreateTableCommand({
          TableName: 'private',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      await c1.send(new PutItemCommand({ TableName: 'private', Item: { pk: { S: 'a' } } }));
      c1.destroy();
      const modesWhileUp = modesUnder(dataDir);
      await first.stop();
      const modesAfterStop = modesUnder(dataDir);
      chmodSync(dataDir, 0o755);
      chmodSync(join(dataDir, 'shared-local-instance.db'), 0o644);
      writeFileSync(join(dataDir, 'left-over.txt'), 'x', { mode: 0o644 });
      chmodSync(join(dataDir, 'left-over.txt'), 0o644);

      // Act
      const second = await startDynamoDbLocal({ dataDir });
      started.push(second);
      const c2 = clientFor(second.endpoint);
      await c2.send(new PutItemCommand({ TableName: 'private', Item: { pk: { S: 'b' } } }));
      c2.destroy();
      const modesAgain = modesUnder(dataDir);
      await second.stop();

      // Assess
      expect(modesWhileUp).toEqual(expect.arrayContaining(['./ 700', 'shared-local-instance.db 600']));
      expect(modesWhileUp).toEqual(privateModes(modesWhileUp));
      expect(modesAfterStop).toEqual(privateModes(modesAfterStop));
      expect(modesAgain).toEqual(
        expect.arrayContaining(['./ 700', 'shared-local-instance.db 600', 'left-over.txt 600']),
      );
      expect(modesAgain).toEqual(privateModes(modesAgain));
    },
    SLOW,
  );

  test(
    'a port already taken fails with Java’s own output, and leaves no java process',
    async () => {
      // Prepare
      const blocker: Server = createServer((socket) => socket.resume());
      await new Promise<void>((r) => blocker.listen(0, r));
      const port = (blocker.address() as { port: number }).port;

      // Act
      const attempt = startDynamoDbLocal({ port });

      // Assess
      await expect(attempt).rejects.toThrow(
        new RegExp(`DynamoDB Local exited .* on port ${port}:\\n\\s+\\| `),
      );
      expect(javaOnPort(port)).toEqual([]);
      await new Promise((r) => blocker.close(r));
    },
    SLOW,
  );
});

describe('checkJava', () => {
  test('finds Java 17 or newer on this machine', () => {
    expect(checkJava()).toBeGreaterThanOrEqual(17);
  });

  test('without Java, says in Chinese and English how to install it', () => {
    // Act
    const attempt = () => checkJava('java-that-is-not-installed');

    // Assess
    expect(attempt).toThrow(JavaMissingError);
    expect(attempt).toThrow(/需要 Java 17[\s\S]*apt-get install openjdk-17-jre-headless[\s\S]*needs Java 17/);
    expect(attempt).toThrow(/adoptium/);
  });
});
