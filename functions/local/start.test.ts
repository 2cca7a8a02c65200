/**
 * `npm start` as a newcomer runs it: a real process, a real DynamoDB Local on disk, Ctrl-C.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { dynamoDbClient } from '../../test/support/dynamodb';
import { restoreTable } from '../ops/restore';
import { freePort, startDynamoDbLocal } from './dynamodb';

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Starts what `npm start` runs, in its own process group as a terminal would. Through tsx
 * itself rather than npm or npx: on Ctrl-C those die of the signal (exit 130 in a shell)
 * whatever the script's own exit code, which is what this test checks.
 */
function start(dataDir: string, port: number): Running {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['functions/local/start.ts'], {
    cwd: ROOT,
    // The add-in's https origin on a free port; the add-in's build is test/addin's business.
    env: {
      ...process.env,
      SHISHI_DATA_DIR: dataDir,
      SHISHI_PORT: String(port),
      SHISHI_ADDIN_PORT: '0',
      SHISHI_ADDIN_BUILD: 'never',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

/** Waits until the stack prints its last line, or fails with what it printed. */
async function ready(r: Running, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  r.exited.then(() => {
    exited = true;
  });
  while (!r.output().includes('Press Ctrl-C to stop')) {
    if (exited || Date.now() > deadline) throw new Error(`npm start did not come up:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  return r.output();
}

/** GET over https, trusting only the stack's development certificate. */
function getWithCert(
  url: string,
  ca: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = httpsRequest(url, { ca, headers, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', fail);
    req.end();
  });
}

/**
 * A POST that declares `length` bytes and sends only its headers: the status of the answer, if
 * one comes within `ms` (the server answered without waiting for the body).
 */
function postHeadersOnly(url: string, headers: Record<string, string>, length: number, ms = 3000) {
  return new Promise<number | undefined>((done) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(length) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      done(undefined);
    }, ms);
    req.once('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      done(res.statusCode);
    });
    req.once('error', () => {});
    req.flushHeaders();
  });
}

/** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
const ctrlC = (r: Running) => process.kill(-r.child.pid!, 'SIGINT');

/** DynamoDB Local processes using this data folder (pgrep exits 1 when there are none). */
function javaFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-fa', `DynamoDBLocal.jar .*-dbPath ${join(dataDir, 'dynamodb')}`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shishi-start-'));
  const running: Running[] = [];
  afterAll(() => {
    for (const r of running) {
      if (r.child.exitCode === null && r.child.signalCode === null) {
        try {
          process.kill(-r.child.pid!, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every path under `dir` (relative; `.` for itself) with its permission bits in octal. */
  const modesUnder = (dir: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (p: string) => {
      const st = lstatSync(p);
      out[relative(dir, p) || '.'] = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    };
    walk(dir);
    return out;
  };

  test('brings the stack up with tokens, stops on Ctrl-C, and keeps the data for the next start', async () => {
    // Prepare
    const port = await freePort();
    const first = start(dataDir, port);
    running.push(first);
    const printed = await ready(first);
    const apiUrl = /API: (http:\/\/127\.0\.0\.1:\d+)\/v1\//.exec(printed)?.[1];
    const officeToken = /\n {2}office +王静 · sample-district\n {4}(\S+)\n/.exec(printed)?.[1];
    const info = JSON.parse(readFileSync(join(dataDir, 'local.json'), 'utf8'));

    // Act
    const health = await fetch(`${apiUrl}/v1/health`);
    const status = await fetch(`${apiUrl}/v1/status/2006`, {
      headers: { authorization: `Bearer ${officeToken}` },
    });
    const statusBody = await status.json();
    const httpsUrl = /API over https: (https:\/\/localhost:\d+)\/v1\//.exec(printed)?.[1];
    const ca = readFileSync(join(dataDir, 'certs', 'localhost.crt'), 'utf8');
    const httpsHealth = await getWithCert(`${httpsUrl}/v1/health`, ca);
    const code = /登录码 \/ sign-in code: (\S+)\n/.exec(printed)?.[1] ?? '';
    const withCode = { 'x-shishi-sign-in-code': code };
    const localUsersNoCode = await getWithCert(`${httpsUrl}/local/users`, ca);
    const localTokenNoCode = await getWithCert(`${httpsUrl}/local/token?as=local:sample-district:office`, ca);
    const localTokenWrong = await getWithCert(`${httpsUrl}/local/token?as=local:sample-district:office`, ca, {
      'x-shishi-sign-in-code': 'guessed',
    });
    const localUsers = await getWithCert(`${httpsUrl}/local/users`, ca, withCode);
    const localToken = await getWithCert(
      `${httpsUrl}/local/token?as=local:sample-district:office`,
      ca,
      withCode,
    );
    // The http preview's sign-in: the same routes, the same code, the same checks.
    const httpUsersNoCode = await fetch(`${apiUrl}/local/users`);
    const httpUsers = await fetch(`${apiUrl}/local/users`, { headers: withCode });
    const httpToken = await fetch(`${apiUrl}/local/token?as=local:sample-district:leader`, {
      headers: withCode,
    });
    const signedIn = await fetch(`${apiUrl}/v1/plans`, {
      headers: { authorization: `Bearer ${JSON.parse(localToken.body).token}` },
    });
    const rebound = await getWithCert(`${httpsUrl}/local/token?as=local:sample-district:office`, ca, {
      ...withCode,
      host: 'evil.example',
    });
    const reboundApi = await new Promise<number>((done, fail) =>
      httpRequest(`${apiUrl}/v1/health`, { headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      })
        .once('error', fail)
        .end(),
    );
    const preflight = (origin: string) =>
      fetch(`${apiUrl}/v1/submissions`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, x-evil',
        },
      });
    const ownOrigin = await preflight(httpsUrl ?? '');
    const otherOrigin = await preflight('https://localhost:1');
    const forgedBigUpload = await postHeadersOnly(
      `${apiUrl}/v1/submissions`,
      { authorization: 'Bearer forged', 'content-type': 'application/json' },
      10 * 1024 * 1024,
    );
    const javaWhileUp = javaFor(dataDir);
    const modesWhileUp = modesUnder(dataDir);
    ctrlC(first);
    const firstExit = await first.exited;

    // Assess
    expect(apiUrl).toBe(`http://127.0.0.1:${port}`);
    expect(info).toMatchObject({
      apiUrl,
      pid: expect.any(Number),
      startedAt: expect.any(String),
      // What `shishi backup` and `shishi restore` find the database by.
      dynamoEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      tableName: 'shishi',
    });
    expect(printed).toContain(`curl -H "Authorization: Bearer ${officeToken}" ${apiUrl}/v1/status/2006`);
    expect(printed).toMatch(/unit:xinji +新集乡报送员 · sample-district\n {4}eyJ/);
    expect(printed).toContain('已写入 / seeded now');
    expect(health.status).toBe(200);
    expect(httpsHealth.status).toBe(200);
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(localUsersNoCode.status).toBe(401);
    expect(JSON.parse(localUsersNoCode.body).code).toBe('local.codeMissing');
    expect(localTokenNoCode.status).toBe(401);
    expect(localTokenNoCode.body).not.toContain('eyJ');
    expect(localTokenWrong.status).toBe(403);
    expect(JSON.parse(localTokenWrong.body).code).toBe('local.codeWrong');
    expect(localToken.status).toBe(200);
    expect(signedIn.status).toBe(200);
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('eyJ');
    expect(reboundApi).toBe(421);
    expect(ownOrigin.headers.get('access-control-allow-origin')).toBe(httpsUrl);
    expect(ownOrigin.headers.get('access-control-allow-headers')).not.toContain('x-evil');
    expect(otherOrigin.headers.get('access-control-allow-origin')).toBeNull();
    expect(forgedBigUpload).toBe(401);
    expect(httpUsersNoCode.status).toBe(401);
    expect((await httpUsersNoCode.json()).code).toBe('local.codeMissing');
    expect(httpUsers.status).toBe(200);
    expect(await httpUsers.json()).toEqual(JSON.parse(localUsers.body));
    expect(httpToken.status).toBe(200);
    expect((await httpToken.json()).token).toMatch(/^eyJ/);
    expect(JSON.parse(localUsers.body)[0]).toMatchObject({
      as: 'local:sample-district:office',
      name: '王静',
      label: expect.stringContaining('考核办'),
    });
    expect(printed).toContain('（新生成 / made now）');
    expect(status.status).toBe(200);
    expect(statusBody.verdict).toEqual(expect.any(String));
    expect(javaWhileUp).toHaveLength(1);
    // The data folder is this user's only: folders 0700, files 0600, the database and keys among them.
    expect(Object.keys(modesWhileUp)).toEqual(
      expect.arrayContaining([join('keys', 'jwt.json'), join('certs', 'localhost.crt'), 'local.json']),
    );
    expect(Object.keys(modesWhileUp).some((p) => p.endsWith('.db'))).toBe(true);
    expect(Object.entries(modesWhileUp).filter(([, m]) => m !== '600' && m !== '700')).toEqual([]);
    expect(modesWhileUp['.']).toBe('700');
    expect(firstExit).toBe(0);
    expect(javaFor(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'local.json'))).toBe(false);

    // Act: again, on the same data folder
    const second = start(dataDir, port);
    running.push(second);
    const printedAgain = await ready(second);
    const token = /\n {2}leader +陈建国 · sample-district\n {4}(\S+)\n/.exec(printedAgain)?.[1];
    const codeAgain = /登录码 \/ sign-in code: (\S+)\n/.exec(printedAgain)?.[1];
    const plan = await fetch(`http://127.0.0.1:${port}/v1/plans/2006`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const oldCode = await fetch(`http://127.0.0.1:${port}/local/users`, {
      headers: { 'x-shishi-sign-in-code': code },
    });
    const oldToken = await fetch(`http://127.0.0.1:${port}/v1/status/2006`, {
      headers: { authorization: `Bearer ${officeToken}` },
    });
    ctrlC(second);
    const secondExit = await second.exited;

    // Assess
    expect(printedAgain).toContain('已存在 / already there');
    expect(codeAgain).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(codeAgain).not.toBe(code);
    expect(oldCode.status).toBe(403);
    expect(printedAgain).toContain(join('certs', 'localhost.crt'));
    expect(printedAgain).not.toContain('（新生成 / made now）');
    expect(plan.status).toBe(200);
    expect((await plan.json()).plan.year).toBe(2006);
    expect(oldToken.status).toBe(200);
    expect(secondExit).toBe(0);
    expect(javaFor(dataDir)).toEqual([]);
  }, 120_000);

  test('a port already in use: a clear message, exit code 1, and no java process', async () => {
    // Prepare
    const { createServer } = await import('node:net');
    const blocker = createServer((s) => s.resume());
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const other = mkdtempSync(join(tmpdir(), 'shishi-start-'));

    // Act
    const r = start(other, port);
    running.push(r);
    const code = await r.exited;

    // Assess
    expect(code).toBe(1);
    expect(r.output()).toContain(`端口 ${port} 已被占用`);
    expect(r.output()).toContain(`Port ${port} is already in use`);
    expect(javaFor(other)).toEqual([]);
    await new Promise((res) => blocker.close(res));
    rmSync(other, { recursive: true, force: true });
  }, 60_000);
  test('a data folder in the earlier layout: migrated on start after a backup, once', async () => {
    // Prepare: the earlier layout's fixture in the folder's DynamoDB Local, as an older checkout left it.
    const legacy = mkdtempSync(join(tmpdir(), 'shishi-start-'));
    const db = await startDynamoDbLocal({ dataDir: join(legacy, 'dynamodb') });
    const client = dynamoDbClient(db.endpoint);
    try {
      await restoreTable(client, 'shishi', join(ROOT, 'test', 'fixtures', 'legacy', 'table-97a915e.jsonl'));
    } finally {
      client.destroy();
      await db.stop();
    }
    const port = await freePort();

    // Act
    const first = start(legacy, port);
    running.push(first);
    const printed = await ready(first);
    const token = /\n {2}office +王静 · sample-district\n {4}(\S+)\n/.exec(printed)?.[1];
    const detail = await fetch(`http://127.0.0.1:${port}/v1/submissions/2006.chengguan.2006-05`, {
      headers: { authorization: `Bearer ${token}` },
    });
    ctrlC(first);
    await first.exited;
    const second = start(legacy, port);
    running.push(second);
    const printedAgain = await ready(second);
    ctrlC(second);
    await second.exited;

    // Assess
    expect(printed).toMatch(/已把 \d+ 条旧格式记录和 0 个汇总表迁移到组织 sample-district/);
    expect(printed).toContain(join(legacy, 'backups'));
    expect(printed).toContain('已存在 / already there');
    expect(detail.status).toBe(200);
    expect((await detail.json()).versions).toHaveLength(2);
    expect(readdirSync(join(legacy, 'backups'))).toHaveLength(1);
    expect(printedAgain).not.toContain('旧格式');
    expect(readdirSync(join(legacy, 'backups'))).toHaveLength(1);
    rmSync(legacy, { recursive: true, force: true });
  }, 150_000);
});
