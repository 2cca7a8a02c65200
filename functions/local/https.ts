/**
 * Development certificates for the add-in's https origin (Office only loads add-ins over
 * https): a self-signed certificate for `localhost` and `127.0.0.1` (no CA), made on the first
 * start and kept in `<dataDir>/certs/` for the next ones. A certificate that is about to expire,
 * or that lacks one of the names, is made again.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import {
  applyTimeouts,
  CONNECTION_TIMEOUTS,
  type ConnectionTimeouts,
  isOwnHost,
  misdirected,
  serverTimeoutOptions,
} from './guards';
import { refuse } from './server';
import { type LocalSignInRoutes, newSignInCode, serveLocalSignIn } from './sign-in';

// Where they were first: the local sign-in lives in sign-in.ts, served by both origins.
export {
  isSignInCode,
  type LocalSignInRoutes,
  newSignInCode,
  SIGN_IN_CODE_HEADER,
  serveLocalSignIn,
} from './sign-in';

export interface DevCertificate {
  /** PEM */
  readonly cert: string;
  /** PEM */
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** SHA-256 fingerprint, `AB:CD:…` */
  readonly fingerprint: string;
  readonly validTo: Date;
  /** Made now rather than reused. */
  readonly created: boolean;
}

const DAY = 24 * 3600 * 1000;
/** Browsers refuse leaf certificates valid longer than 398 days. */
const VALID_DAYS = 397;
const RENEW_BEFORE_DAYS = 14;

export const certsDir = (dataDir: string) => join(dataDir, 'certs');

function usable(cert: string, now: Date): X509Certificate | undefined {
  try {
    const x = new X509Certificate(cert);
    if (new Date(x.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY) return undefined;
    if (!x.checkHost('localhost') || !x.checkIP('127.0.0.1')) return undefined;
    return x;
  } catch {
    return undefined;
  }
}

function keyMatches(x: X509Certificate, key: string): boolean {
  try {
    return x.checkPrivateKey(createPrivateKey(key));
  } catch {
    return false;
  }
}

/** The certificate in `<dataDir>/certs/`, made (or made again) when missing, expiring or unreadable. */
export async function loadOrCreateDevCertificate(dataDir: string, now = new Date()): Promise<DevCertificate> {
  const dir = certsDir(dataDir);
  const certFile = join(dir, 'localhost.crt');
  const keyFile = join(dir, 'localhost.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const x = usable(cert, now);
    if (x && keyMatches(x, key))
      return {
        cert,
        key,
        certFile,
        keyFile,
        fingerprint: x.fingerprint256,
        validTo: new Date(x.validTo),
        created: false,
      };
  }
  const pems = await generate(
    [
      { name: 'commonName', value: 'localhost' },
      { name: 'organizationName', value: 'Shishi development' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - DAY),
      notAfterDate: new Date(now.getTime() + VALID_DAYS * DAY),
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    },
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, pems.cert);
  const x = new X509Certificate(pems.cert);
  return {
    cert: pems.cert,
    key: pems.private,
    certFile,
    keyFile,
    fingerprint: x.fingerprint256,
    validTo: new Date(x.validTo),
    created: true,
  };
}

/** How to make browsers and Office trust the certificate, one line per system. */
export function trustInstructions(certFile: string): string[] {
  return [
    `Windows:  certutil -user -addstore Root "${certFile}"`,
    `macOS:    sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${certFile}"`,
    `Linux:    sudo cp "${certFile}" /usr/local/share/ca-certificates/shishi-localhost.crt && sudo update-ca-certificates`,
  ];
}

export interface HttpsProxyOptions {
  readonly cert: Pick<DevCertificate, 'cert' | 'key'>;
  /** 0 picks a free port. */
  readonly port: number;
  /** The local http server every request goes to (static files and `/v1/`), e.g. 3000. */
  readonly targetPort: number;
  readonly targetHost?: string;
  /** Default: 127.0.0.1 and, when the machine has it, ::1 (browsers may resolve localhost to either). */
  readonly hosts?: readonly string[];
  /**
   * The local sign-in for the pane: `GET /local/users` lists the people in the table and
   * `GET /local/token?as=…` signs a token for one (`undefined`: no such active person). Only on
   * the development origins (this one and the local http server, `npm start` gives both the same
   * code), only for loopback clients, and only with the sign-in code (`serveLocalSignIn`); the
   * deployed API has no such route.
   */
  readonly local?: LocalSignInRoutes;
  /** The sign-in code the local routes ask for; a new random one by default (`newSignInCode`). */
  readonly signInCode?: string;
  /** How long a client may take (default CONNECTION_TIMEOUTS; the TLS handshake as the headers). */
  readonly timeouts?: Partial<ConnectionTimeouts>;
}

export interface HttpsProxy {
  /** `https://localhost:<port>` */
  readonly url: string;
  readonly port: number;
  /** The code the local sign-in asks for (undefined without `local`): printed by `npm start`. */
  readonly signInCode: string | undefined;
  close(): Promise<void>;
}

/**
 * The add-in's https origin: a proxy in front of the local http server, so the pane, its files
 * and the API share one https origin (`https://localhost:<port>/v1/…` is the same API).
 */
export async function startHttpsProxy(opts: HttpsProxyOptions): Promise<HttpsProxy> {
  const targetHost = opts.targetHost ?? '127.0.0.1';
  const upstreamHost = `${targetHost.includes(':') ? `[${targetHost}]` : targetHost}:${opts.targetPort}`;
  const timeouts = { ...CONNECTION_TIMEOUTS, ...opts.timeouts };
  const signInCode = opts.local ? (opts.signInCode ?? newSignInCode()) : undefined;
  /** Known once listening (0 picks one); no request comes before. */
  let port = opts.port;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // A page of another site whose name a rebinding DNS points at 127.0.0.1 names its own host.
    if (!isOwnHost(req.headers.host, port, 443)) return refuse(req, res, misdirected(req, port));
    const url = new URL(req.url ?? '/', 'https://localhost');
    if (opts.local && signInCode && url.pathname.startsWith('/local/'))
      return serveLocalSignIn(req, res, opts.local, signInCode);
    const headers = { ...req.headers };
    headers['x-forwarded-proto'] = 'https';
    headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
    if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
    // The local server checks the Host too: it is addressed by its own name and port.
    headers.host = upstreamHost;
    const upstream = httpRequest(
      { host: targetHost, port: opts.targetPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once('error', (e) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The local API is not answering: ${e.message}\n`);
    });
    req.once('aborted', () => upstream.destroy());
    req.pipe(upstream);
  };
  const listen = (host: string, port: number) =>
    new Promise<Server>((ok, fail) => {
      const server = createHttpsServer(
        {
          cert: opts.cert.cert,
          key: opts.cert.key,
          handshakeTimeout: timeouts.headersMs,
          ...serverTimeoutOptions(timeouts),
        },
        handle,
      );
      applyTimeouts(server, timeouts);
      server.once('error', fail);
      server.listen(port, host, () => {
        server.off('error', fail);
        ok(server);
      });
    });
  const [first, ...others] = opts.hosts ?? ['127.0.0.1', '::1'];
  const servers = [await listen(first ?? '127.0.0.1', opts.port)];
  port = (servers[0]!.address() as AddressInfo).port;
  for (const host of others) {
    try {
      servers.push(await listen(host, port));
    } catch {
      // No IPv6 loopback here, or the port is taken on it: 127.0.0.1 is enough.
    }
  }
  return {
    url: `https://localhost:${port}`,
    port,
    signInCode,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((done) => {
              s.close(() => done());
              s.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
}
