/**
 * The local HTTP adapter: serves the same Lambda handlers as API Gateway would, on one machine.
 * Each request becomes an API Gateway HTTP API payload v2 event; each result is written back
 * the way API Gateway writes it. Optionally serves the add-in's built files outside `/v1/`, and
 * the pane's local sign-in (`/local/…`, with the sign-in code) as the https origin does.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { apiError } from '../../api/errors';
import { matchRoute, ROUTES, type RouteGroup, routeKey } from '../../api/routes';
import type { AuthFailureCode, Verifier } from '../auth/tokens';
import { problem, tooLargeError } from '../http/problem';
import type { HttpEvent, HttpResult, LambdaHandler } from '../http/types';
import {
  applyTimeouts,
  CONNECTION_TIMEOUTS,
  type ConnectionTimeouts,
  isOwnHost,
  localProblem,
  misdirected,
  serverTimeoutOptions,
  writeResult,
} from './guards';
import { type LocalSignInRoutes, newSignInCode, serveLocalSignIn } from './sign-in';

export { writeResult } from './guards';

export interface HttpServerOptions {
  readonly handlers: Readonly<Record<RouteGroup, LambdaHandler>>;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Larger request bodies are refused with 413. */
  readonly maxBodyBytes: number;
  /** Static files (the built add-in) served for GET outside `/v1/`. */
  readonly staticDir?: string;
  /** Where handler failures are logged; stderr by default. */
  readonly log?: (message: string, error?: unknown) => void;
  /**
   * The handlers' token check (`deps.verify`, functions/runtime.ts): given, a non-public route's
   * bearer token is checked before its body is read, and a request without a valid one is
   * answered 401 at once, its body never read. The handlers check it again (and more: a disabled
   * person, the role), as on AWS.
   */
  readonly verify?: Verifier;
  /**
   * The origins a browser page may call the API from (CORS), exactly: the stack's own https
   * origin and a development add-in origin. None by default (`allowOrigin` adds one later).
   */
  readonly allowedOrigins?: readonly string[];
  /** How many workbook uploads are read at once and how many wait; beyond, 503 with Retry-After. */
  readonly workbooks?: Partial<WorkbookQueueLimits>;
  /** How long a client may take (default CONNECTION_TIMEOUTS: headers 10 s, request 30 s). */
  readonly timeouts?: Partial<ConnectionTimeouts>;
  /**
   * The local sign-in for the pane served from this origin (the http browser preview): `GET
   * /local/users` and `GET /local/token?as=…`, exactly as on the https origin — for loopback
   * clients only, with the sign-in code only, after the Host check (`serveLocalSignIn`). Without
   * it, `/local/…` is a 404 like any missing file.
   */
  readonly local?: LocalSignInRoutes;
  /** The code the local sign-in asks for (the https origin's, `npm start` prints one); a new one by default. */
  readonly signInCode?: string;
}

/**
 * The uploaded workbooks (the routes with a binary body) go to a small pool of reader threads
 * (functions/workbook/import/read.ts, two at a time): `running` of them are passed to the
 * handlers at once, `waiting` more wait their turn (their bodies read, at most the body limit
 * each), and any more are answered 503 with `Retry-After: retryAfterSeconds`, before their
 * bodies are read.
 */
export interface WorkbookQueueLimits {
  readonly running: number;
  readonly waiting: number;
  readonly retryAfterSeconds: number;
}

export const WORKBOOK_QUEUE: WorkbookQueueLimits = { running: 2, waiting: 8, retryAfterSeconds: 2 };

export interface HttpServer {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly port: number;
  /** The code the local sign-in asks for (undefined without `local`). */
  readonly signInCode: string | undefined;
  /** Allows one more origin to call the API (e.g. the https origin, once its port is known). */
  allowOrigin(origin: string): void;
  close(): Promise<void>;
}

/** The request headers the API reads (api/client.ts, the handlers): all a CORS preflight allows. */
export const CORS_REQUEST_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'idempotency-key',
  'if-match',
];
/** The headers of an answer the client reads, besides those a browser always shows it. */
export const CORS_EXPOSED_HEADERS = ['content-disposition', 'etag', 'idempotent-replayed', 'retry-after'];

/** An origin as a browser writes it in `Origin` (`https://localhost:3443`); throws on anything else. */
export function normaliseOrigin(origin: string): string {
  const u = new URL(origin);
  if (
    (u.protocol !== 'https:' && u.protocol !== 'http:') ||
    u.username ||
    u.password ||
    u.pathname !== '/' ||
    u.search ||
    u.hash
  )
    throw new Error(`not an origin (scheme://host[:port]): "${origin}"`);
  return u.origin;
}

/** Whether `origin` is exactly one of the allowed ones (no pattern: no other port, no other name). */
export function isAllowedOrigin(origin: string | undefined, allowed: ReadonlySet<string>): origin is string {
  return !!origin && allowed.has(origin);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Bodies API Gateway passes as text; anything else arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    t.startsWith('text/') ||
    t === 'application/json' ||
    t.endsWith('+json') ||
    t === 'application/xml' ||
    t.endsWith('+xml') ||
    t === 'application/x-www-form-urlencoded' ||
    t === 'application/javascript'
  );
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** API Gateway's `requestContext.time`, e.g. `12/Mar/2020:19:03:58 +0000`. */
export const gatewayTime = (d: Date) =>
  `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
  `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;

/** Query parameters as API Gateway gives them: decoded, repeated keys joined by `,`. */
export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) {
    out[k] = k in out ? `${out[k]},${v}` : v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Builds the payload v2 event API Gateway would send for this request. */
export function toEvent(
  req: IncomingMessage,
  body: Buffer,
  matched: { routeKey: string; pathParameters: Record<string, string> },
  now = new Date(),
): HttpEvent {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQueryString = q < 0 ? '' : target.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    if (name === 'cookie') {
      cookies = values
        .flatMap((v) => v.split(';'))
        .map((c) => c.trim())
        .filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  const host = headers.host ?? 'localhost';
  const contentType = headers['content-type'];
  const isBase64Encoded = body.length > 0 && !isTextContentType(contentType);
  const query = queryParameters(rawQueryString);
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    version: '2.0',
    routeKey: matched.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(matched.pathParameters).length ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split(':')[0]!.split('.')[0]!,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: matched.routeKey,
      stage: '$default',
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
}

const notFound = () => problem(apiError('http.notFound', '没有这个地址', 'Not found'));

class ClientGoneError extends Error {
  override name = 'ClientGoneError';
}

/** Reads the body up to `max` bytes; `undefined` when it is larger (the rest is not kept). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return Promise.resolve(undefined);
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        chunks.length = 0;
        resolveBody(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (size <= max) resolveBody(Buffer.concat(chunks));
    });
    req.once('error', reject);
    // The client went away before the end: nobody to answer.
    req.once('close', () => {
      if (!req.complete) reject(new ClientGoneError());
    });
  });
}

/**
 * How much of a refused body is still read (and dropped) after the 413, and for how long: time
 * for the client to read the answer and stop sending. Beyond, the connection is closed.
 */
const LINGER_BYTES = 16 * 1024 * 1024;
const LINGER_MS = 5000;

/**
 * After answering a request whose body is not wanted: drops what the client still sends, up to
 * LINGER_BYTES or LINGER_MS, then closes the connection. A client that reads the answer stops
 * sending (fetch does); closing at once instead would reset the connection before the client
 * has read the answer. Nothing of the body is kept: a body of any size costs at most the limit
 * plus LINGER_BYTES of reading.
 */
function dropRest(req: IncomingMessage): void {
  if (req.complete) return;
  let dropped = 0;
  const stop = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(stop, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) stop();
  });
  req.once('end', () => clearTimeout(timer));
  req.socket.once('close', () => clearTimeout(timer));
  req.resume();
}

/** Answers a request whose body is not wanted (nor read): the answer, then dropRest. */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  result: HttpResult,
  extra: Record<string, string> = {},
) {
  writeResult(res, result, extra);
  dropRest(req);
}

/** The handlers' words for a refused token (functions/http/handler.ts answers the same). */
const AUTH_TEXT: Record<AuthFailureCode, [string, string]> = {
  'auth.missing': ['请先登录：缺少访问令牌', 'Sign in first: no bearer token was sent'],
  'auth.invalid': ['访问令牌无效', 'The bearer token is not valid'],
  'auth.expired': ['访问令牌已过期，请重新登录', 'The bearer token has expired; sign in again'],
  'auth.claims': ['访问令牌缺少角色或单位信息', 'The bearer token lacks a role, unit or district'],
  'auth.disabled': [
    '此账号已被考核办停用，请联系考核办',
    'This account has been disabled by the office; ask the office',
  ],
};

const unauthorized = (code: AuthFailureCode) => {
  const [zh, en] = AUTH_TEXT[code];
  return problem(apiError(code, zh, en));
};

const busy = (retryAfterSeconds: number) =>
  localProblem(
    503,
    'local.busy',
    `正在读取的工作簿太多，请 ${retryAfterSeconds} 秒后重试`,
    `Too many workbooks are being read; retry in ${retryAfterSeconds} s`,
    { 'retry-after': String(retryAfterSeconds) },
  );

/**
 * Places for workbook uploads: `enter` takes one (undefined when all are taken: the answer is
 * 503), `start` waits until fewer than `running` are being handled, `leave` gives it back.
 */
export class WorkbookQueue {
  private inside = 0;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: WorkbookQueueLimits) {}

  enter(): { start(): Promise<void>; leave(): void } | undefined {
    if (this.inside >= this.limits.running + this.limits.waiting) return undefined;
    this.inside++;
    let state: 'in' | 'waiting' | 'running' | 'left' = 'in';
    let go: (() => void) | undefined;
    return {
      start: () =>
        new Promise<void>((resolveStart) => {
          if (state !== 'in') return resolveStart();
          state = 'waiting';
          go = () => {
            state = 'running';
            resolveStart();
          };
          this.waiting.push(go);
          this.pump();
        }),
      leave: () => {
        if (state === 'left') return;
        if (state === 'running') this.running--;
        if (state === 'waiting' && go) this.waiting.splice(this.waiting.indexOf(go), 1);
        state = 'left';
        this.inside--;
        this.pump();
      },
    };
  }

  private pump(): void {
    while (this.running < this.limits.running && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()!();
    }
  }
}

/** CORS headers for an allowed origin (none otherwise). */
function corsHeaders(req: IncomingMessage, allowed: ReadonlySet<string>): Record<string, string> {
  const origin = req.headers.origin;
  return isAllowedOrigin(origin, allowed)
    ? {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '),
        vary: 'Origin',
      }
    : { vary: 'Origin' };
}

/**
 * The answer to a CORS preflight: for an allowed origin, the route's methods and the exact list
 * of request headers the API reads (never the requested ones echoed back); else no CORS header.
 */
function preflight(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  allowed: ReadonlySet<string>,
): void {
  const m = matchRoute('OPTIONS', path);
  const methods = m && 'allowed' in m ? m.allowed : [...new Set(ROUTES.map((r) => r.method))];
  const origin = req.headers.origin;
  res.statusCode = 204;
  res.setHeader('vary', 'Origin');
  if (isAllowedOrigin(origin, allowed)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-methods', [...methods, 'OPTIONS'].join(', '));
    res.setHeader('access-control-allow-headers', CORS_REQUEST_HEADERS.join(', '));
    res.setHeader('access-control-max-age', '600');
  }
  res.end();
}

async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  rawPath: string,
): Promise<void> {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return writeResult(res, notFound());
  }
  if (path.includes('\0')) return writeResult(res, notFound());
  let file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return writeResult(res, notFound());
  let info: Stats;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
    // A symbolic link must not lead outside the folder either.
    const real = await realpath(file);
    if (!real.startsWith(root + sep)) return writeResult(res, notFound());
  } catch {
    return writeResult(res, notFound());
  }
  if (!info.isFile()) return writeResult(res, notFound());
  res.statusCode = 200;
  res.setHeader('content-type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('content-length', info.size);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file);
    stream.once('error', () => {
      res.destroy();
      done();
    });
    stream.once('end', () => done());
    stream.pipe(res);
  });
}

/**
 * Starts the adapter; rejects with the listen error (e.g. `EADDRINUSE`) when the port is taken.
 *
 * Before any work, a request is checked in this order, and refused without its body being read:
 * the Host header names this server (else 421; `/local/…` then goes to the local sign-in and its
 * own checks), the route exists (404, 405), the bearer token of
 * a non-public route is valid (`verify`; else 401), the declared length is within the limit
 * (413), a workbook upload finds a place (503 with Retry-After). A body sent without a length is
 * counted as it comes and cut at the limit (413). Slow clients are closed (`timeouts`).
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const timeouts = { ...CONNECTION_TIMEOUTS, ...opts.timeouts };
  const origins = new Set((opts.allowedOrigins ?? []).map(normaliseOrigin));
  const workbookLimits = { ...WORKBOOK_QUEUE, ...opts.workbooks };
  const workbooks = new WorkbookQueue(workbookLimits);
  const signInCode = opts.local ? (opts.signInCode ?? newSignInCode()) : undefined;
  let staticRoot: string | undefined;
  if (opts.staticDir) {
    try {
      if ((await stat(opts.staticDir)).isDirectory()) staticRoot = await realpath(opts.staticDir);
    } catch {
      staticRoot = undefined;
    }
  }
  /** Known once listening (0 picks one); no request comes before. */
  let port = opts.port;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isOwnHost(req.headers.host, port, 80)) return refuse(req, res, misdirected(req, port));
    const target = req.url ?? '/';
    const rawPath = target.split('?')[0] ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const isApi = rawPath === '/v1' || rawPath.startsWith('/v1/');

    if (opts.local && signInCode && rawPath.startsWith('/local/'))
      return serveLocalSignIn(req, res, opts.local, signInCode);
    if (!isApi) {
      if (staticRoot && (method === 'GET' || method === 'HEAD'))
        return serveStatic(req, res, staticRoot, rawPath);
      return refuse(req, res, notFound());
    }
    const cors = corsHeaders(req, origins);
    if (method === 'OPTIONS') {
      req.resume();
      return preflight(req, res, rawPath, origins);
    }
    const matched = matchRoute(method, rawPath);
    if (!matched) return refuse(req, res, notFound(), cors);
    if ('allowed' in matched) {
      return refuse(
        req,
        res,
        problem(
          apiError(
            'http.methodNotAllowed',
            `此地址不支持 ${method} 方法`,
            `Method ${method} is not allowed here (allowed: ${matched.allowed.join(', ')})`,
          ),
        ),
        { allow: matched.allowed.join(', '), ...cors },
      );
    }
    const { route, pathParameters } = matched;
    const tooLarge = () =>
      problem(tooLargeError(opts.maxBodyBytes, route.body === 'binary' ? 'workbook' : 'json'));

    // Who asks, then how much they declare, then whether a workbook has a place: none of it
    // needs the body, which stays unread (and is dropped) when the request is refused.
    if (route.auth !== 'public' && opts.verify) {
      const verified = await opts.verify(req.headers.authorization);
      if (!verified.ok) return refuse(req, res, unauthorized(verified.error.code), cors);
    }
    if (Number(req.headers['content-length'] ?? 0) > opts.maxBodyBytes)
      return refuse(req, res, tooLarge(), cors);
    const place = route.body === 'binary' ? workbooks.enter() : undefined;
    if (route.body === 'binary' && !place)
      return refuse(req, res, busy(workbookLimits.retryAfterSeconds), cors);

    try {
      const body = await readBody(req, opts.maxBodyBytes);
      // Answer at once; the rest of the body is dropped as it comes, never kept (dropRest).
      if (!body) return refuse(req, res, tooLarge(), cors);
      await place?.start();
      const event = toEvent(req, body, { routeKey: routeKey(route), pathParameters });
      let result: HttpResult;
      try {
        const r = await opts.handlers[route.group](event);
        if (typeof r !== 'object' || r === null) throw new Error(`handler returned ${String(r)}`);
        result = r;
      } catch (e) {
        log(`[local] ${routeKey(route)} (${event.requestContext.requestId}) failed:`, e);
        result = problem(apiError('http.internal', '服务器内部错误', 'Internal server error'));
      }
      writeResult(res, result, cors);
    } finally {
      place?.leave();
    }
  };

  const server = createServer(serverTimeoutOptions(timeouts), (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof ClientGoneError || req.destroyed) return res.destroy();
      log('[local] request failed:', e);
      if (!res.headersSent)
        writeResult(res, problem(apiError('http.internal', '服务器内部错误', 'Internal server error')));
      else res.destroy();
    });
  });
  applyTimeouts(server, timeouts);

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    signInCode,
    allowOrigin: (origin) => {
      origins.add(normaliseOrigin(origin));
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((e) => (e ? fail(e) : done()));
        server.closeAllConnections();
      }),
  };
}
