/**
 * `npm start`: the whole backend on one machine. DynamoDB Local keeps its data in
 * `<dataDir>/dynamodb`, the local token issuer its keys in `<dataDir>/keys`, the 2006 sample
 * plan is seeded, and the same Lambda handlers answer on http://127.0.0.1:<port>/v1/.
 *
 * The add-in: built into `dist/addin` when missing or older than its sources (a failed build
 * is reported and the backend starts anyway), served with the API on an https origin
 * (https://localhost:<SHISHI_ADDIN_PORT>, a development certificate in `<dataDir>/certs`) and
 * on the http one, with `dist/addin/manifest.xml` written for the https origin.
 *
 * Environment: SHISHI_DATA_DIR (default `.shishi` in the checkout), SHISHI_PORT
 * (default 3000), SHISHI_ADDIN_PORT (default 3443), SHISHI_ADDIN_BUILD=never to skip
 * building the add-in, SHISHI_LOCAL_TABLE (default `shishi`: another table of the same DynamoDB
 * Local, e.g. one made by `shishi restore`), SHISHI_ADDIN_DEV_ORIGIN (an origin such as
 * `https://localhost:5173` that a development server of the add-in serves the pane from: the
 * API answers its CORS requests; only the stack's own https origin otherwise). Ctrl-C stops
 * everything and leaves no Java process behind.
 *
 * The local sign-in (`/local/users`, `/local/token`, on the https origin and the http one alike)
 * asks for a sign-in code made anew on each start, the same on both, and printed here only, in
 * the banner and in the preview's addresses (`…/preview.html?code=…`): another user of the
 * machine, or a page of another site, has no token without it.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { issueToken } from '../auth/tokens';
import { checkJava, type DynamoDbLocal, JavaMissingError, LOCAL_AWS, startDynamoDbLocal } from './dynamodb';
import { applyLocalEnv } from './env';
import { type HttpsProxy, loadOrCreateDevCertificate, startHttpsProxy, trustInstructions } from './https';
import { type LocalInfo, localInfoFile, readLocalInfo } from './info';
import { keysFile, loadOrCreateKeys } from './keys';
import { applyPrivateUmask, dataDir as dataDirOf, REPO_ROOT, secureDataDir } from './paths';
import { SEED_PLAN, SEED_PLANS, seedSamplePlan, seedUsers } from './seed';
import type { HttpServer } from './server';
import { normaliseOrigin, startHttpServer } from './server';
import { localSignIn, newSignInCode } from './sign-in';
import { localTokenSettings } from './users';

/** The table `npm start` serves unless SHISHI_LOCAL_TABLE names another (e.g. a restored one). */
const DEFAULT_TABLE = 'shishi';
const TOKEN_TTL_SECONDS = 12 * 3600;

const say = (line = '') => process.stdout.write(`${line}\n`);
const fail = (line: string) => process.stderr.write(`${line}\n`);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parsePort(value: string | undefined, fallback = 3000): number | undefined {
  if (value === undefined || value === '') return fallback;
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

interface AddinBuild {
  /** Why it was built (undefined: up to date, nothing done). */
  readonly reason?: string;
  readonly error?: string;
  readonly seconds?: number;
}

/**
 * Builds the add-in in a child process when it is missing or stale, and writes its manifest for
 * `baseUrl`; never throws. The check and the build live in addin/build.ts (`npm run
 * build:addin`); the local stack runs it as a program and imports nothing of the add-in.
 */
let buildChild: ChildProcess | undefined;

/** What `addin/build.ts --if-stale` prints first when it builds (then the reason). */
const BUILDING_PREFIX = 'building: ';

async function ensureAddinBuilt(baseUrl: string): Promise<AddinBuild> {
  if (process.env.SHISHI_ADDIN_BUILD === 'never') return {};
  const started = Date.now();
  return new Promise<AddinBuild>((done) => {
    const child = spawn(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(REPO_ROOT, 'addin', 'build.ts'), '--if-stale'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SHISHI_ADDIN_BASE_URL: baseUrl },
      },
    );
    buildChild = child;
    let output = '';
    let reason: string | undefined;
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString('utf8');
      if (reason === undefined && output.startsWith(BUILDING_PREFIX) && output.includes('\n')) {
        reason = output.slice(BUILDING_PREFIX.length, output.indexOf('\n')).trim();
        say(`正在构建加载项（${reason}）… / Building the add-in (${reason})…`);
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.once('error', (e) => done({ reason: reason ?? 'check', error: e.message }));
    child.once('exit', (code, signal) =>
      done(
        code === 0
          ? reason === undefined
            ? {}
            : { reason, seconds: (Date.now() - started) / 1000 }
          : {
              reason: reason ?? 'check',
              error: `${signal ?? `exit ${code}`}\n${output.trim().split('\n').slice(-15).join('\n')}`,
            },
      ),
    );
  });
}

async function main(): Promise<number> {
  // Node 20 is this project's pinned version; the AWS SDK's notice about Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = dataDirOf(process.env);
  const table = process.env.SHISHI_LOCAL_TABLE?.trim() || DEFAULT_TABLE;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    fail(`SHISHI_LOCAL_TABLE 应为 3–255 个字母、数字或 _.-，收到 "${table}"`);
    fail(`SHISHI_LOCAL_TABLE must be 3–255 letters, digits or _.-, got "${table}"`);
    return 1;
  }
  const port = parsePort(process.env.SHISHI_PORT);
  if (port === undefined) {
    fail(`SHISHI_PORT 应为 0–65535 的整数，收到 "${process.env.SHISHI_PORT}"`);
    fail(`SHISHI_PORT must be an integer 0–65535, got "${process.env.SHISHI_PORT}"`);
    return 1;
  }
  const addinPort = parsePort(process.env.SHISHI_ADDIN_PORT, 3443);
  if (addinPort === undefined) {
    fail(`SHISHI_ADDIN_PORT 应为 0–65535 的整数，收到 "${process.env.SHISHI_ADDIN_PORT}"`);
    fail(`SHISHI_ADDIN_PORT must be an integer 0–65535, got "${process.env.SHISHI_ADDIN_PORT}"`);
    return 1;
  }
  let devOrigin: string | undefined;
  const devOriginText = process.env.SHISHI_ADDIN_DEV_ORIGIN?.trim();
  if (devOriginText) {
    try {
      devOrigin = normaliseOrigin(devOriginText);
    } catch {
      fail(`SHISHI_ADDIN_DEV_ORIGIN 应为一个来源（如 https://localhost:5173），收到 "${devOriginText}"`);
      fail(`SHISHI_ADDIN_DEV_ORIGIN must be an origin (e.g. https://localhost:5173), got "${devOriginText}"`);
      return 1;
    }
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

  // The data folder is this user's only: 0700, every file in it 0600, also what is written later.
  secureDataDir(dataDir);
  applyPrivateUmask();
  const infoFile = localInfoFile(dataDir);
  const previous = readLocalInfo(dataDir);
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

  // Built while DynamoDB Local starts; awaited before the server serves the files.
  const addinBuild = ensureAddinBuilt(`https://localhost:${addinPort}`);

  let ddb: DynamoDbLocal | undefined;
  let server: HttpServer | undefined;
  let httpsProxy: HttpsProxy | undefined;
  let wroteInfo = false;
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      await httpsProxy?.close().catch(() => {});
      await server?.close().catch(() => {});
      if (buildChild && buildChild.exitCode === null && buildChild.signalCode === null)
        buildChild.kill('SIGTERM');
      await addinBuild.catch(() => {});
      await ddb?.stop();
      if (wroteInfo && readLocalInfo(dataDir)?.pid === process.pid) rmSync(infoFile, { force: true });
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
      tableName: table,
      dynamoEndpoint: ddb.endpoint,
      publicJwk: keys.publicJwk,
      filesDir: join(dataDir, 'files'),
    });
    // Imported only now: the handlers read the environment set above.
    const { ensureTable } = await import('../store/table');
    const { migrateToOrgKeys } = await import('../ops/migrate');
    const { localFileStore } = await import('../store/files');
    const { getDeps } = await import('../runtime');
    const { HANDLERS } = await import('../handlers/index');

    const client = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: LOCAL_AWS.region,
      credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    });
    try {
      await ensureTable(client, table);
      // Data in the earlier layout (no organisation in its keys) is copied over once, after a backup.
      const migrated = await migrateToOrgKeys(client, table, {
        backupDir: join(dataDir, 'backups'),
        files: localFileStore(join(dataDir, 'files')),
      });
      if (migrated.copied > 0 || migrated.files > 0)
        say(
          `已把 ${migrated.copied} 条旧格式记录和 ${migrated.files} 个汇总表迁移到组织 ${migrated.org}，并逐条核对（旧记录保留；备份 ${migrated.backup}）/ Migrated ${migrated.copied} earlier-layout items and ${migrated.files} summaries to the organisation ${migrated.org}, verified item by item (the old items are kept; backup ${migrated.backup})`,
        );
    } finally {
      client.destroy();
    }
    const deps = getDeps();
    const seeded = await seedSamplePlan(deps);
    if (stopping) return stopLate(ddb);

    const built = await addinBuild;
    if (stopping) return stopLate(ddb);
    const staticDir = join(REPO_ROOT, 'dist', 'addin');
    const hasAddin = existsSync(join(staticDir, 'taskpane.html'));
    // The people in the table, the sample ones and those the office added; one code for both origins.
    const local = localSignIn(deps, keys.privateJwk, TOKEN_TTL_SECONDS);
    const signInCode = newSignInCode();
    try {
      server = await startHttpServer({
        handlers: HANDLERS,
        port,
        host: '127.0.0.1',
        maxBodyBytes: deps.config.maxBodyBytes,
        // Tokens are checked before any body is read; the https origin is allowed once it is up.
        verify: deps.verify,
        allowedOrigins: devOrigin ? [devOrigin] : [],
        ...(hasAddin ? { staticDir } : {}),
        // The http browser preview signs in as the https one does (same code, same checks).
        local,
        signInCode,
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        portInUse(port);
        await stopAll();
        return 1;
      }
      throw e;
    }

    // The add-in's https origin, in front of the same server (files and /v1/).
    let httpsNote: string | undefined;
    let cert: Awaited<ReturnType<typeof loadOrCreateDevCertificate>> | undefined;
    try {
      cert = await loadOrCreateDevCertificate(dataDir);
      httpsProxy = await startHttpsProxy({
        cert,
        port: addinPort,
        targetPort: server.port,
        local,
        signInCode,
      });
      server.allowOrigin(httpsProxy.url);
    } catch (e) {
      httpsNote =
        (e as NodeJS.ErrnoException).code === 'EADDRINUSE'
          ? `端口 ${addinPort} 已被占用（可用 SHISHI_ADDIN_PORT 另选）/ port ${addinPort} is in use (pick another with SHISHI_ADDIN_PORT)`
          : e instanceof Error
            ? e.message
            : String(e);
    }
    // Written by the build for https://localhost:<addinPort>, the origin the proxy serves.
    const manifestFile = join(staticDir, 'manifest.xml');
    const hasManifest = httpsProxy !== undefined && existsSync(manifestFile);

    const info: LocalInfo = {
      apiUrl: server.url,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dynamoEndpoint: ddb.endpoint,
      tableName: table,
    };
    writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
    wroteInfo = true;

    const users = seedUsers();
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
    if (built.error)
      fail(
        `  加载项构建失败，后端照常运行 / The add-in's build failed; the backend runs anyway (${built.reason}):\n    ${built.error.replace(/\n/g, '\n    ')}`,
      );
    else if (built.seconds !== undefined)
      say(
        `  加载项已构建 / add-in built (${built.reason}, ${built.seconds.toFixed(1)} s): ${rel(staticDir)}`,
      );
    const code = server.signInCode;
    const previewAt = (origin: string) => `${origin}/preview.html${code ? `?code=${code}` : ''}`;
    if (hasAddin && httpsProxy) {
      say(`  加载项 / add-in (https): ${httpsProxy.url}/taskpane.html`);
      if (hasManifest) say(`  清单 / manifest: ${rel(manifestFile)} (${httpsProxy.url})`);
      say(`  浏览器预览 / browser preview: ${previewAt(httpsProxy.url)} · ${previewAt(server.url)}`);
    } else if (hasAddin) {
      say(`  浏览器预览 / browser preview: ${previewAt(server.url)}`);
    } else {
      say('  加载项 / add-in: 未构建 / not built (npm run build:addin)');
    }
    if (httpsProxy) {
      say(`  https 接口 / API over https: ${httpsProxy.url}/v1/`);
      if (cert) {
        say(
          `  开发证书 / dev certificate: ${rel(cert.certFile)}${cert.created ? '（新生成 / made now）' : ''}, SHA-256 ${cert.fingerprint}`,
        );
        say('    信任它 / to trust it (once; see README):');
        for (const line of trustInstructions(cert.certFile)) say(`      ${line}`);
      }
    } else if (httpsNote) {
      fail(`  https 未启动 / https not started: ${httpsNote}`);
    }
    if (code) {
      say(`  登录码 / sign-in code: ${code}`);
      say(
        '    任务窗格登录时输入；只在本次启动有效，不要告诉他人 / enter it when the task pane asks; valid until this stack stops, keep it to yourself',
      );
    }
    if (devOrigin) say(`  允许跨源调用 / CORS allowed for: ${devOrigin}`);
    say(
      `  示例计划 / sample plans: ${SEED_PLANS.map((p) => p.title).join('、')}（${seeded === 'created' ? '已写入 / seeded now' : '已存在 / already there'}）`,
    );
    say(`  数据 / data: ${dataDir}`);
    say(
      `    数据库 / DynamoDB Local: ${rel(join(dataDir, 'dynamodb'))} (${ddb.endpoint}, 表 / table ${table})`,
    );
    say(`    签名密钥 / signing keys: ${rel(keysFile(dataDir))}`);
    say(`    文件 / files (summaries): ${rel(join(dataDir, 'files'))}`);
    say();
    say('试一试（考核办的令牌）/ Try it (with the office token):');
    say(`  curl -H "Authorization: Bearer ${tokens[0]}" ${server.url}/v1/status/${SEED_PLAN.year}`);
    say();
    say(
      `示例用户的令牌（${TOKEN_TTL_SECONDS / 3600} 小时有效）/ Sample users' tokens (valid ${TOKEN_TTL_SECONDS / 3600} h):`,
    );
    users.forEach((u, i) => {
      say(`  ${u.as.padEnd(22)} ${u.principal.name ?? ''} · ${u.principal.org}`);
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
