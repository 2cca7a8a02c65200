import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadOrCreateDevCertificate, startHttpsProxy } from './https';

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
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body, headers: res.headers }));
    }).once('error', fail);
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
  test('passes requests to the local server and offers the local sign-in', async () => {
    // Prepare
    const cert = await loadOrCreateDevCertificate(tempDir());
    const seen: Array<string | string[] | undefined> = [];
    const upstream = createServer((req, res) => {
      seen.push(req.headers['x-forwarded-proto']);
      res.setHeader('content-type', 'text/plain');
      res.end(`upstream ${req.method} ${req.url}`);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const proxy = await startHttpsProxy({
      cert,
      port: 0,
      targetPort: (upstream.address() as AddressInfo).port,
      local: {
        users: async () => [{ as: 'office', name: '考核办' }],
        tokenFor: async (as) => (as === 'office' ? `token-for-${as}` : undefined),
      },
    });

    try {
      // Act
      const page = await getJson(`${proxy.url}/taskpane.html?x=1`, cert.cert);
      const users = await getJson(`${proxy.url}/local/users`, cert.cert);
      const token = await getJson(`${proxy.url}/local/token?as=office`, cert.cert);
      const unknown = await getJson(`${proxy.url}/local/token?as=nobody`, cert.cert);

      // Assess
      expect(proxy.url).toMatch(/^https:\/\/localhost:\d+$/);
      expect(page).toMatchObject({ status: 200, body: 'upstream GET /taskpane.html?x=1' });
      expect(seen).toEqual(['https']);
      expect(JSON.parse(users.body)).toEqual([{ as: 'office', name: '考核办' }]);
      expect(JSON.parse(token.body)).toEqual({ as: 'office', token: 'token-for-office' });
      expect(token.headers['cache-control']).toBe('no-store');
      expect(unknown.status).toBe(404);
    } finally {
      await proxy.close();
      await new Promise((r) => upstream.close(r));
    }
  });
});
