/**
 * The local HTTP adapter: serves the same Lambda handlers as API Gateway would, on one machine.
 * Each request becomes an API Gateway HTTP API payload v2 event; each result is written back
 * the way API Gateway writes it. Optionally serves the add-in's built files outside `/v1/`.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { apiError } from '../../api/errors';
import { matchRoute, ROUTES, type RouteGroup, routeKey } from '../../api/routes';
import { problem, tooLargeError } from '../http/problem';
import type { HttpEvent, HttpResult, LambdaHandler } from '../http/types';

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
}

export interface HttpServer {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Origins the add-in is served from during development. */
export function isAllowedOrigin(origin: string | undefined): origin is string {
  return !!origin && /^(https:\/\/localhost|http:\/\/127\.0\.0\.1)(:\d{1,5})?$/.test(origin);
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

function writeResult(res: ServerResponse, result: HttpResult, extra: Record<string, string> = {}): void {
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

/** CORS headers for an allowed origin (none otherwise). */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return isAllowedOrigin(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

function preflight(req: IncomingMessage, res: ServerResponse, path: string): void {
  const m = matchRoute('OPTIONS', path);
  const methods = m && 'allowed' in m ? m.allowed : [...new Set(ROUTES.map((r) => r.method))];
  const cors = corsHeaders(req);
  res.statusCode = 204;
  res.setHeader('vary', 'Origin');
  if (cors['access-control-allow-origin']) {
    res.setHeader('access-control-allow-origin', cors['access-control-allow-origin']);
    res.setHeader('access-control-allow-methods', [...methods, 'OPTIONS'].join(', '));
    res.setHeader(
      'access-control-allow-headers',
      req.headers['access-control-request-headers'] ?? 'authorization, content-type, idempotency-key',
    );
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

/** Starts the adapter; rejects with the listen error (e.g. `EADDRINUSE`) when the port is taken. */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  let staticRoot: string | undefined;
  if (opts.staticDir) {
    try {
      if ((await stat(opts.staticDir)).isDirectory()) staticRoot = await realpath(opts.staticDir);
    } catch {
      staticRoot = undefined;
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const rawPath = target.split('?')[0] ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const isApi = rawPath === '/v1' || rawPath.startsWith('/v1/');

    if (!isApi) {
      if (staticRoot && (method === 'GET' || method === 'HEAD'))
        return serveStatic(req, res, staticRoot, rawPath);
      req.resume();
      return writeResult(res, notFound());
    }
    const cors = corsHeaders(req);
    if (method === 'OPTIONS') {
      req.resume();
      return preflight(req, res, rawPath);
    }
    const matched = matchRoute(method, rawPath);
    if (!matched) {
      req.resume();
      return writeResult(res, notFound(), cors);
    }
    if ('allowed' in matched) {
      req.resume();
      return writeResult(
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

    const body = await readBody(req, opts.maxBodyBytes);
    if (!body) {
      // Answer at once; the rest of the body is dropped as it comes, never kept (dropRest).
      writeResult(
        res,
        problem(tooLargeError(opts.maxBodyBytes, matched.route.body === 'binary' ? 'workbook' : 'json')),
        cors,
      );
      dropRest(req);
      return;
    }

    const { route, pathParameters } = matched;
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
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof ClientGoneError || req.destroyed) return res.destroy();
      log('[local] request failed:', e);
      if (!res.headersSent)
        writeResult(res, problem(apiError('http.internal', '服务器内部错误', 'Internal server error')));
      else res.destroy();
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((e) => (e ? fail(e) : done()));
        server.closeAllConnections();
      }),
  };
}
