import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { request } from 'node:https';
import { type AddressInfo, connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { afterAll, describe, expect, test } from 'vitest';
import {
  isSignInCode,
  loadOrCreateDevCertificate,
  newSignInCode,
  SIGN_IN_CODE_HEADER,
  startHttpsProxy,
} from './https';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'shishi-certs-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function getJson(
  url: string,
  ca: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request(url, { ca, headers, method, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.once('error', fail);
    req.end();
  });
}

describe('the development certificate', () => {
  test('is made once for localhost and 127.0.0.1, then reused', async () => {
    // Prepare
    const dir = tempDir();

    // Act
    const first = await loadOrCreateDevCertificate(dir);
    const second = await loadOrCreateDevCertificate(dir);

    // Assess
    const x = new X509Certificate(first.cert);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.ca).toBe(false);
    expect(x.subject).toBe(x.issuer);
    expect(first.certFile).toBe(join(dir, 'certs', 'localhost.crt'));
    expect(statSync(first.keyFile).mode & 0o077).toBe(0);
    expect(first.validTo.getTime() - Date.now()).toBeLessThan(398 * 86_400_000);
  });

  test('is made again when it is about to expire', async () => {
    // Prepare
    const dir = tempDir();
    const first = await loadOrCreateDevCertificate(dir);

    // Act
    const later = await loadOrCreateDevCertificate(dir, new Date(first.validTo.getTime() - 86_400_000));

    // Assess
    expect(later.created).toBe(true);
    expect(later.fingerprint).not.toBe(first.fingerprint);
  });
});

describe('the https origin', () => {
  test('passes requests to the local server and offers the local sign-in with the code only', async () => {
    // Prepare
    const cert = await loadOrCreateDevCertificate(tempDir());
    const seen: Array<{ proto: unknown; host: unknown; forwardedHost: unknown }> = [];
    const upstream = createServer((req, res) => {
      seen.push({
        proto: req.headers['x-forwarded-proto'],
        host: req.headers.host,
        forwardedHost: req.headers['x-forwarded-host'],
      });
      res.setHeader('content-type', 'text/plain');
      res.end(`upstream ${req.method} ${req.url}`);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const targetPort = (upstream.address() as AddressInfo).port;
    const proxy = await startHttpsProxy({
      cert,
      port: 0,
      targetPort,
      local: {
        users: async () => [{ as: 'office', name: '考核办' }],
        tokenFor: async (as) => (as === 'office' ? `token-for-${as}` : undefined),
      },
    });
    const code = proxy.signInCode!;
    const withCode = { [SIGN_IN_CODE_HEADER]: code };

    try {
      // Act
      const page = await getJson(`${proxy.url}/taskpane.html?x=1`, cert.cert);
      const usersNoCode = await getJson(`${proxy.url}/local/users`, cert.cert);
      const tokenNoCode = await getJson(`${proxy.url}/local/token?as=office`, cert.cert);
      const tokenWrongCode = await getJson(`${proxy.url}/local/token?as=office`, cert.cert, {
        [SIGN_IN_CODE_HEADER]: `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`,
      });
      const users = await getJson(`${proxy.url}/local/users`, cert.cert, withCode);
      const token = await getJson(`${proxy.url}/local/token?as=office`, cert.cert, withCode);
      const unknown = await getJson(`${proxy.url}/local/token?as=nobody`, cert.cert, withCode);
      const posted = await getJson(`${proxy.url}/local/token?as=office`, cert.cert, withCode, 'POST');
      const codeInQuery = await getJson(`${proxy.url}/local/token?as=office&code=${code}`, cert.cert);

      // Assess
      expect(proxy.url).toMatch(/^https:\/\/localhost:\d+$/);
      expect(page).toMatchObject({ status: 200, body: 'upstream GET /taskpane.html?x=1' });
      expect(seen).toEqual([
        { proto: 'https', host: `127.0.0.1:${targetPort}`, forwardedHost: `localhost:${proxy.port}` },
      ]);
      expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
      for (const [r, status, problemCode] of [
        [usersNoCode, 401, 'local.codeMissing'],
        [tokenNoCode, 401, 'local.codeMissing'],
        [codeInQuery, 401, 'local.codeMissing'],
        [tokenWrongCode, 403, 'local.codeWrong'],
        [posted, 403, 'local.forbidden'],
        [unknown, 404, 'local.unknownUser'],
      ] as const) {
        expect(r.status).toBe(status);
        expect(r.headers['content-type']).toContain('application/problem+json');
        const body = JSON.parse(r.body);
        expect(body).toMatchObject({ status, code: problemCode });
        expect(body.message.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(body.message.en).toMatch(/[a-z]/);
        expect(r.body).not.toContain('token-for');
      }
      expect(JSON.parse(tokenNoCode.body).message).toEqual({
        zh: '请输入登录码：npm start 启动时在终端中打印的那一串字符',
        en: 'Enter the sign-in code: the one npm start printed in its terminal when it started',
      });
      expect(JSON.parse(tokenWrongCode.body).message.en).toContain('sign-in code is wrong');
      expect(JSON.parse(users.body)).toEqual([{ as: 'office', name: '考核办' }]);
      expect(JSON.parse(token.body)).toEqual({ as: 'office', token: 'token-for-office' });
      expect(token.headers['cache-control']).toBe('no-store');
    } finally {
      await proxy.close();
      await new Promise((r) => upstream.close(r));
    }
  });

  test('each start has its own random code, compared whole', () => {
    // Act
    const codes = new Set(Array.from({ length: 100 }, () => newSignInCode()));
    const code = newSignInCode();

    // Assess: 192 bits, base64url
    expect(codes.size).toBe(100);
    expect(Buffer.from(code, 'base64url')).toHaveLength(24);
    expect(isSignInCode(code, code)).toBe(true);
    expect(isSignInCode(code.slice(0, 31), code)).toBe(false);
    expect(isSignInCode(`${code}x`, code)).toBe(false);
    expect(isSignInCode('', code)).toBe(false);
    expect(isSignInCode(undefined, code)).toBe(false);
    expect(isSignInCode('', '')).toBe(false);
  });

  test('a Host header other than its own name and port is 421, whatever the path, and nothing is passed on', async () => {
    // Prepare
    const cert = await loadOrCreateDevCertificate(tempDir());
    let passed = 0;
    const upstream = createServer((_req, res) => {
      passed++;
      res.end('upstream');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const proxy = await startHttpsProxy({
      cert,
      port: 0,
      targetPort: (upstream.address() as AddressInfo).port,
      local: { users: async () => [], tokenFor: async () => 'a-token' },
    });
    const withCode = { [SIGN_IN_CODE_HEADER]: proxy.signInCode! };

    try {
      // Act
      const evil = await getJson(`${proxy.url}/v1/health`, cert.cert, { host: 'evil.example' });
      const evilToken = await getJson(`${proxy.url}/local/token?as=office`, cert.cert, {
        ...withCode,
        host: `evil.example:${proxy.port}`,
      });
      const otherPort = await getJson(`${proxy.url}/taskpane.html`, cert.cert, { host: 'localhost:1' });
      const own = await Promise.all(
        [`localhost:${proxy.port}`, `127.0.0.1:${proxy.port}`, `[::1]:${proxy.port}`].map((host) =>
          getJson(`${proxy.url}/taskpane.html`, cert.cert, { host }),
        ),
      );

      // Assess
      for (const r of [evil, evilToken, otherPort]) {
        expect(r.status).toBe(421);
        const body = JSON.parse(r.body);
        expect(body.code).toBe('local.misdirected');
        expect(body.message.zh).toContain(`localhost:${proxy.port}`);
        expect(body.message.en).toContain(`localhost:${proxy.port}`);
      }
      expect(evilToken.body).not.toContain('a-token');
      expect(own.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(passed).toBe(3);
    } finally {
      await proxy.close();
      await new Promise((r) => upstream.close(r));
    }
  });

  test('slow clients are closed: headers a byte a second after 10 s, a TLS handshake never made after 10 s', async () => {
    // Prepare
    const cert = await loadOrCreateDevCertificate(tempDir());
    const upstream = createServer((_req, res) => res.end('upstream'));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const proxy = await startHttpsProxy({
      cert,
      port: 0,
      targetPort: (upstream.address() as AddressInfo).port,
      hosts: ['127.0.0.1'],
    });
    const started = Date.now();
    const closedAt = (socket: import('node:net').Socket) =>
      new Promise<number>((done) => {
        socket.on('error', () => {});
        socket.once('close', () => done(Date.now() - started));
      });
    const request = `GET /taskpane.html HTTP/1.1\r\nHost: localhost:${proxy.port}\r\nX-Padding: ${'a'.repeat(100)}\r\n\r\n`;

    try {
      // Act: ten clients that shake hands then send their headers a byte a second; five that never shake hands
      const slow = Array.from({ length: 10 }, () =>
        connectTls({ host: '127.0.0.1', port: proxy.port, ca: cert.cert, servername: 'localhost' }),
      );
      const silent = Array.from({ length: 5 }, () => connectTcp(proxy.port, '127.0.0.1'));
      const closed = [...slow, ...silent].map(closedAt);
      let sent = 0;
      const ticker = setInterval(() => {
        const byte = request[sent++ % request.length]!;
        for (const s of slow) if (!s.destroyed && s.writable) s.write(byte);
      }, 1000);
      const after = await Promise.race([
        Promise.all(closed),
        new Promise<number[]>((r) => setTimeout(() => r(closed.map(() => Number.POSITIVE_INFINITY)), 20_000)),
      ]);
      clearInterval(ticker);
      for (const s of [...slow, ...silent]) s.destroy();

      // Assess: the first byte goes at 1 s; 10 s from it, checked every second, and a second of slack
      expect(Math.max(...after.slice(0, 10))).toBeLessThan(14_000);
      expect(Math.max(...after.slice(10))).toBeLessThan(12_000);
    } finally {
      await proxy.close();
      await new Promise((r) => upstream.close(r));
    }
  }, 30_000);
});
