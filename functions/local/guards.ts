/**
 * What the local adapter (server.ts) and the https origin (https.ts) check before they do any
 * work: that the request was addressed to this stack (the Host header: no DNS rebinding), how
 * long a client may take to send it (no slow-loris), and the problem documents they answer with
 * when they refuse, in Chinese and English like every other answer of the API (`writeResult`
 * writes them, and the handlers' results, as API Gateway would).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { HttpResult } from '../http/types';

/**
 * How long a client may take: its request headers (10 s), its whole request (30 s; the largest
 * body the API takes, 6 MB, needs a fraction of that on one machine), and an idle kept-alive
 * connection between two requests (5 s). Node checks them every `checkEveryMs`, so a slow client
 * is closed at most that long after its time is up.
 */
export interface ConnectionTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
  readonly keepAliveMs: number;
  readonly checkEveryMs: number;
}

export const CONNECTION_TIMEOUTS: ConnectionTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000,
};

/** The options of `createServer` that only take effect there (not as properties set later). */
export const serverTimeoutOptions = (t: ConnectionTimeouts) => ({
  headersTimeout: t.headersMs,
  requestTimeout: t.requestMs,
  connectionsCheckingInterval: t.checkEveryMs,
});

/** Sets the timeouts as the server's properties too (keepAliveTimeout is only one there). */
export function applyTimeouts(server: Server, t: ConnectionTimeouts): void {
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  server.keepAliveTimeout = t.keepAliveMs;
}

/** The names this stack answers to: its loopback addresses, on its own port. */
const OWN_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Whether a request's Host header names this stack: `localhost`, `127.0.0.1` or `[::1]` with the
 * server's own port (no port only when it is the scheme's default). Anything else — a name a
 * rebinding DNS points at 127.0.0.1, another port, no Host at all — is not for this server.
 *
 * @example isOwnHost('localhost:3443', 3443, 443) // → true
 * @example isOwnHost('evil.example:3443', 3443, 443) // → false
 */
export function isOwnHost(host: string | undefined, port: number, defaultPort: number): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  return OWN_NAMES.some((name) => h === `${name}:${port}` || (port === defaultPort && h === name));
}

/**
 * A problem document (RFC 9457) of the local stack's own refusals, shaped as the handlers' ones
 * (functions/http/problem.ts): `code`, `status`, `message` in both languages, `title` in English
 * and `detail` in Chinese.
 */
export function localProblem(
  status: number,
  code: string,
  zh: string,
  en: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
    body: JSON.stringify({
      type: `https://shishi.invalid/problems/${code}`,
      title: en,
      status,
      code,
      detail: zh,
      message: { zh, en },
    }),
  };
}

/** 421: the request names another host than this stack (e.g. a rebinding DNS name). */
export const misdirected = (req: IncomingMessage, port: number) =>
  localProblem(
    421,
    'local.misdirected',
    `本地环境只接受发往 localhost:${port}、127.0.0.1:${port} 或 [::1]:${port} 的请求，收到的主机名为 "${clip(req.headers.host)}"`,
    `The local stack only answers requests for localhost:${port}, 127.0.0.1:${port} or [::1]:${port}; this one was for "${clip(req.headers.host)}"`,
  );

const clip = (s: string | undefined) => (s ?? '').slice(0, 100);

/** Writes a handler's result as API Gateway would; `extra` headers where the result has none. */
export function writeResult(
  res: ServerResponse,
  result: HttpResult,
  extra: Record<string, string> = {},
): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
  for (const [k, v] of Object.entries(extra)) headers[k] ??= v;
  const status = result.statusCode ?? 200;
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
  const body =
    result.body === undefined
      ? undefined
      : result.isBase64Encoded
        ? Buffer.from(result.body, 'base64')
        : Buffer.from(result.body, 'utf8');
  if (body) res.setHeader('content-length', body.length);
  res.end(body);
}
