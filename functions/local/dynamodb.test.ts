import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
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
  compileLauncher,
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
    return execFileSync('pgrep', ['-fa', `DynamoDBLocal.jar .*-port ${port} `], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

const SLOW = 60_000;

/**
 * The local addresses of the sockets listening on TCP `port`, as the kernel lists them in
 * /proc/net/tcp and /proc/net/tcp6 (hex, e.g. `0100007F` for 127.0.0.1, `00000000` for 0.0.0.0).
 */
function listeningOn(port: number): { tcp: string[]; tcp6: string[] } {
  const read = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local_address is ADDR:PORT; state 0A is LISTEN.
      .filter((f) => f[3] === '0A' && Number.parseInt(f[1]?.split(':')[1] ?? '', 16) === port)
      .map((f) => f[1]!.split(':')[0]!);
  return { tcp: read('/proc/net/tcp'), tcp6: existsSync('/proc/net/tcp6') ? read('/proc/net/tcp6') : [] };
}

/** This machine's first IPv4 address that is not loopback, if it has one. */
const nonLoopbackIPv4 = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Resolves with 'connected' or the error code of a TCP connection to `host:port`. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      done('timeout');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

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

const onLinux = process.platform === 'linux' && existsSync('/proc/net/tcp');

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

  test.runIf(onLinux)(
    'listens on 127.0.0.1 only: answers there, its socket is bound to 127.0.0.1, another address is refused',
    async () => {
      // Prepare
      const warnings: string[] = [];

      // Act
      const db = await startDynamoDbLocal({ warn: (m) => warnings.push(m) });
      started.push(db);
      const client = clientFor(db.endpoint);
      const tables = await client.send(new ListTablesCommand({}));
      client.destroy();
      const sockets = listeningOn(db.port);
      const other = nonLoopbackIPv4();
      const fromOther = other === undefined ? undefined : await tryConnect(other, db.port);
      await db.stop();

      // Assess
      expect(db.host).toBe('127.0.0.1');
      expect(warnings).toEqual([]);
      expect(tables.TableNames).toEqual([]);
      expect(sockets).toEqual({ tcp: ['0100007F'], tcp6: [] });
      if (other !== undefined) expect(fromOther).toBe('ECONNREFUSED');
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

  test.runIf(onLinux)(
    'without a launcher that compiles: starts as before on every interface, and warns in Chinese and English',
    async () => {
      // Prepare: what a JRE without the compiler amounts to — the launcher cannot be built.
      const dir = mkdtempSync(join(tmpdir(), 'shishi-ddb-launcher-'));
      dirs.push(dir);
      const broken = join(dir, 'Broken.java');
      writeFileSync(broken, 'public class Broken { this does not compile }\n');
      const warnings: string[] = [];

      // Act
      const db = await startDynamoDbLocal({ loopbackLauncher: broken, warn: (m) => warnings.push(m) });
      started.push(db);
      const client = clientFor(db.endpoint);
      const tables = await client.send(new ListTablesCommand({}));
      client.destroy();
      const sockets = listeningOn(db.port);
      const running = javaOnPort(db.port);
      await db.stop();

      // Assess
      expect(db.host).toBe('0.0.0.0');
      expect(tables.TableNames).toEqual([]);
      expect(sockets.tcp).toEqual(['00000000']);
      expect(running[0]).toContain(' -jar ');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`监听所有网络接口（0.0.0.0:${db.port}）`);
      expect(warnings[0]).toContain(`listens on every interface (0.0.0.0:${db.port})`);
      expect(warnings[0]).toContain('shishi audit verify');
      expect(warnings[0]).toContain('the launcher did not compile');
    },
    SLOW,
  );

  test(
    'a launcher that cannot bind this DynamoDB Local (exit 78): starts as before, and warns',
    async () => {
      // Prepare: what the real launcher does when a new DynamoDB Local no longer has its Jetty field.
      const dir = mkdtempSync(join(tmpdir(), 'shishi-ddb-launcher-'));
      dirs.push(dir);
      const unsupported = join(dir, 'Unsupported.java');
      writeFileSync(
        unsupported,
        'public class Unsupported { public static void main(String[] a) {' +
          ' System.err.println("shishi: cannot bind DynamoDB Local to 127.0.0.1: no server field"); System.exit(78); } }\n',
      );
      const warnings: string[] = [];

      // Act
      const db = await startDynamoDbLocal({ loopbackLauncher: unsupported, warn: (m) => warnings.push(m) });
      started.push(db);
      const client = clientFor(db.endpoint);
      const tables = await client.send(new ListTablesCommand({}));
      client.destroy();
      await db.stop();

      // Assess
      expect(db.host).toBe('0.0.0.0');
      expect(tables.TableNames).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('no server field');
      expect(javaOnPort(db.port)).toEqual([]);
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

describe('compileLauncher', () => {
  test(
    'compiles once per source and Java version into the cache, then reuses it',
    async () => {
      // Prepare
      const cache = mkdtempSync(join(tmpdir(), 'shishi-ddb-cache-'));
      const source = join(cache, 'Hello.java');
      writeFileSync(source, 'public class Hello { public static void main(String[] a) {} }\n');

      // Act
      const first = await compileLauncher(source, 17, cache);
      const again = await compileLauncher(source, 17, cache);
      const otherJava = await compileLauncher(source, 21, cache);
      const leftovers = readdirSync(join(cache, 'shishi-dynamodb-local'));
      rmSync(cache, { recursive: true, force: true });

      // Assess
      expect(first).toMatchObject({ ok: true, className: 'Hello', temporary: false });
      expect(again).toEqual(first);
      expect(otherJava).toMatchObject({ ok: true, className: 'Hello' });
      expect(leftovers.sort()).toEqual(
        [first, otherJava].map((c) => (c.ok ? c.classDir.split('/').at(-1) : '')).sort(),
      );
      expect(leftovers).toHaveLength(2);
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
