/**
 * Test helpers of the CLI: a small HTTP server that plays the API, and `run` with its output
 * captured. Used by the CLI's tests only.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KeyPair } from '../auth/tokens';
import { type Io, run } from './main';

/**
 * A data folder as `npm start` leaves it, under `parent`: the signing keys, and `local.json` when
 * the stack's address (and database) are given. The CLI finds the stack through it.
 */
export function localDataDir(
  parent: string,
  keys: KeyPair,
  running?: { readonly apiUrl: string; readonly dynamoEndpoint?: string; readonly tableName?: string },
): string {
  const dir = mkdtempSync(join(parent, 'data-'));
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys', 'jwt.json'), JSON.stringify(keys));
  if (running) writeFileSync(join(dir, 'local.json'), JSON.stringify({ pid: 1, startedAt: 'x', ...running }));
  return dir;
}

export interface SeenRequest {
  readonly method: string;
  /** Path and query, e.g. `/v1/status/2006?asOf=2006-06-10`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  readonly body?: unknown;
}

export interface FakeApi {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** Answers each request with `answer(request)`; JSON by default, problem+json for problems. */
export async function startFakeApi(
  answer: (req: SeenRequest) => FakeAnswer | Promise<FakeAnswer>,
): Promise<FakeApi> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const a = await answer(seen);
      const status = a.status ?? 200;
      const isText = typeof a.body === 'string';
      const contentType = isText
        ? 'text/plain; charset=utf-8'
        : status >= 400
          ? 'application/problem+json; charset=utf-8'
          : 'application/json; charset=utf-8';
      res.writeHead(status, { 'content-type': contentType, ...a.headers });
      res.end(a.body === undefined ? '' : isText ? (a.body as string) : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI with its output captured; the environment is only what `env` gives. */
export async function runCli(argv: string[], io: Partial<Io> = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    env: {},
    ...io,
    out: (s) => {
      out += `${s}\n`;
    },
    err: (s) => {
      err += `${s}\n`;
    },
  });
  return { code, out, err };
}

/** A problem document as the API writes it. */
export const problemBody = (status: number, code: string, zh: string, en: string, more: object = {}) => ({
  type: `https://shishi.invalid/problems/${code}`,
  title: en,
  status,
  code,
  detail: zh,
  message: { zh, en },
  ...more,
});

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
