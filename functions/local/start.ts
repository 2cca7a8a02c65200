/**
 * `npm start`: the whole backend on one machine. DynamoDB Local keeps its data in
 * `<dataDir>/dynamodb`, the local token issuer its keys in `<dataDir>/keys`, the 2006 sample
 * plan is seeded, and the same Lambda handlers answer on http://127.0.0.1:<port>/v1/.
 *
 * Environment: SHISHI_DATA_DIR (default `.shishi` in the checkout), SHISHI_PORT
 * (default 3000). Ctrl-C stops everything and leaves no Java process behind.
 */

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { issueToken } from '../auth/tokens';
import { checkJava, type DynamoDbLocal, JavaMissingError, LOCAL_AWS, startDynamoDbLocal } from './dynamodb';
import { applyLocalEnv } from './env';
import { keysFile, loadOrCreateKeys } from './keys';
import { dataDir as dataDirOf, REPO_ROOT } from './paths';
import type { HttpServer } from './server';
import { startHttpServer } from './server';
import { localTokenSettings, sampleUsers } from './users';

const TABLE = 'shishi';
const TOKEN_TTL_SECONDS = 12 * 3600;

const say = (line = '') => process.stdout.write(`${line}\n`);
const fail = (line: string) => process.stderr.write(`${line}\n`);

/** What the CLI reads to find the running stack. */
interface LocalInfo {
  readonly apiUrl: string;
  readonly pid: number;
  readonly startedAt: string;
}

function readLocalInfo(file: string): Partial<LocalInfo> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalInfo>;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return 3000;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

function portInUse(port: number): void {
  fail(
    `端口 ${port} 已被占用：请停止占用它的程序，或用 SHISHI_PORT 指定其他端口（如 SHISHI_PORT=3001 npm start）。`,
  );
  fail(
    `Port ${port} is already in use: stop what uses it, or pick another with SHISHI_PORT (e.g. SHISHI_PORT=3001 npm start).`,
  );
}

async function main(): Promise<number> {
  // Node 20 is this project's pinned version; the AWS SDK's notice about Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = dataDirOf(process.env);
  const port = parsePort(process.env.SHISHI_PORT);
  if (port === undefined) {
    fail(`SHISHI_PORT 应为 0–65535 的整数，收到 "${process.env.SHISHI_PORT}"`);
    fail(`SHISHI_PORT must be an integer 0–65535, got "${process.env.SHISHI_PORT}"`);
    return 1;
  }
  try {
    checkJava();
  } catch (e) {
    if (e instanceof JavaMissingError) {
      fail(e.message);
      return 1;
    }
    throw e;
  }

  // Said at once rather than after DynamoDB Local has started (the server checks again).
  if (port !== 0 && !(await portFree(port))) {
    portInUse(port);
    return 1;
  }

  mkdirSync(dataDir, { recursive: true });
  const infoFile = join(dataDir, 'local.json');
  const previous = readLocalInfo(infoFile);
  if (previous?.pid && previous.pid !== process.pid && isRunning(previous.pid)) {
    fail(`这个数据目录已有本地环境在运行（进程 ${previous.pid}，${previous.apiUrl}）：${dataDir}`);
    fail(
      `A local stack already runs on this data folder (pid ${previous.pid}, ${previous.apiUrl}): ${dataDir}`,
    );
    fail(
      '请先停止它，或用 SHISHI_DATA_DIR 指定另一个目录。/ Stop it first, or set SHISHI_DATA_DIR to another folder.',
    );
    return 1;
  }

  let ddb: DynamoDbLocal | undefined;
  let server: HttpServer | undefined;
  let wroteInfo = false;
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      await server?.close().catch(() => {});
      await ddb?.stop();
      if (wroteInfo && readLocalInfo(infoFile)?.pid === process.pid) rmSync(infoFile, { force: true });
    })();
    return stopping;
  };
  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((r) => {
    resolveStopped = r;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    say();
    say(`正在停止（${signal}）… / Stopping (${signal})…`);
    stopAll().then(
      () => {
        say('已停止。/ Stopped.');
        resolveStopped(0);
      },
      (e: unknown) => {
        fail(`停止时出错 / Error while stopping: ${e instanceof Error ? e.message : String(e)}`);
        resolveStopped(1);
      },
    );
  };
  /** A signal came while starting: stop what has started since. */
  const stopLate = async (db: DynamoDbLocal) => {
    await stopping;
    await db.stop();
    return stopped;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  try {
    say('正在启动本地数据库（DynamoDB Local）… / Starting DynamoDB Local…');
    ddb = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    if (stopping) return stopLate(ddb);
    ddb.exited.then(({ code, output }) => {
      if (stopping) return;
      fail(`本地数据库意外退出 / DynamoDB Local stopped unexpectedly (${code}):\n${output}`);
      stopAll().then(() => resolveStopped(1));
    });
    const keys = await loadOrCreateKeys(dataDir);

    applyLocalEnv({
      tableName: TABLE,
      dynamoEndpoint: ddb.endpoint,
      publicJwk: keys.publicJwk,
      filesDir: join(dataDir, 'files'),
    });
    // Imported only now: the handlers read the environment set above.
    const { ensureTable } = await import('../store/table');
    const { getDeps } = await import('../runtime');
    const { seedSamplePlan } = await import('../usecases/plans');
    const { HANDLERS } = await import('../handlers/index');

    const client = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: LOCAL_AWS.region,
      credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    });
    try {
      await ensureTable(client, TABLE);
    } finally {
      client.destroy();
    }
    const deps = getDeps();
    const seeded = await seedSamplePlan(deps);
    if (stopping) return stopLate(ddb);

    const staticDir = join(REPO_ROOT, 'dist', 'addin');
    const hasAddin = existsSync(staticDir);
    try {
      server = await startHttpServer({
        handlers: HANDLERS,
        port,
        host: '127.0.0.1',
        maxBodyBytes: deps.config.maxBodyBytes,
        ...(hasAddin ? { staticDir } : {}),
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        portInUse(port);
        await stopAll();
        return 1;
      }
      throw e;
    }

    const info: LocalInfo = { apiUrl: server.url, pid: process.pid, startedAt: new Date().toISOString() };
    writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
    wroteInfo = true;

    const users = sampleUsers(SAMPLE_PLAN_2006);
    const tokens = await Promise.all(
      users.map((u) => issueToken(keys.privateJwk, u.principal, localTokenSettings, TOKEN_TTL_SECONDS)),
    );
    const rel = (p: string) => {
      const r = relative(process.cwd(), p);
      return r && !r.startsWith('..') ? r : p;
    };
    say();
    say('实事（Shishi）本地环境已启动 / The Shishi local stack is running');
    say();
    say(`  接口地址 / API: ${server.url}/v1/`);
    if (hasAddin) say(`  加载项 / add-in: ${server.url}/`);
    say(
      `  示例计划 / sample plan: ${SAMPLE_PLAN_2006.title}（${seeded === 'created' ? '已写入 / seeded now' : '已存在 / already there'}）`,
    );
    say(`  数据 / data: ${dataDir}`);
    say(`    数据库 / DynamoDB Local: ${rel(join(dataDir, 'dynamodb'))} (${ddb.endpoint})`);
    say(`    签名密钥 / signing keys: ${rel(keysFile(dataDir))}`);
    say(`    文件 / files (summaries): ${rel(join(dataDir, 'files'))}`);
    say();
    say('试一试（考核办的令牌）/ Try it (with the office token):');
    say(`  curl -H "Authorization: Bearer ${tokens[0]}" ${server.url}/v1/status/2006`);
    say();
    say(
      `示例用户的令牌（${TOKEN_TTL_SECONDS / 3600} 小时有效）/ Sample users' tokens (valid ${TOKEN_TTL_SECONDS / 3600} h):`,
    );
    users.forEach((u, i) => {
      say(`  ${u.as.padEnd(22)} ${u.principal.name ?? ''}`);
      say(`    ${tokens[i]}`);
    });
    say();
    say('按 Ctrl-C 停止；数据保留在数据目录中。/ Press Ctrl-C to stop; the data stays in the data folder.');
  } catch (e) {
    fail(`启动失败 / Could not start: ${e instanceof Error ? e.message : String(e)}`);
    if (e instanceof Error && e.stack && !(e instanceof JavaMissingError)) fail(e.stack);
    await stopAll();
    return 1;
  }
  return stopped;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    fail(`启动失败 / Could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
