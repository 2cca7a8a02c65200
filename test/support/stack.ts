/**
 * The whole backend for integration tests: the real handlers behind the local HTTP adapter,
 * over the run's DynamoDB Local, with the sample organisations' plans and people seeded and
 * tokens for the sample people. Each call gets its own table and keys, so test files never see each other's data.
 *
 * The handlers read their configuration from `process.env` once per module instance, so each
 * call after the first loads a fresh instance of them (`vi.resetModules()`), created at once,
 * before the next call can change the environment. Two stacks can therefore run side by side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { vi } from 'vitest';
import type { Principal } from '../../api/roles';
import { generateKeys, issueToken, type KeyPair } from '../../functions/auth/tokens';
import { applyLocalEnv } from '../../functions/local/env';
import { SEED_ALL_PLANS, SEED_PLANS } from '../../functions/local/seed';
import { startHttpServer } from '../../functions/local/server';
import { localTokenSettings, userFor } from '../../functions/local/users';
import { dynamoDbClient, testDynamoDbClient, testDynamoDbEndpoint, uniqueTableName } from './dynamodb';

export interface TokenOverrides {
  /** `office`, `leader` or `unit:<id>`; `office` by default. */
  readonly as?: string;
  /** The sample organisation whose person it is; the first (the 2006 district) by default. */
  readonly org?: string;
  /** Claims to change, e.g. `{ org: 'elsewhere' }` or `{ role: 'unit', unit: undefined }`. */
  readonly principal?: Partial<Principal>;
  /** Seconds from now; negative for an expired token. 12 h by default. */
  readonly expiresIn?: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** Sign with another key (under the stack key's `kid`): a bad signature. */
  readonly otherKey?: boolean;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
  readonly body: any;
  readonly text: string;
}

export interface FetchJsonInit extends RequestInit {
  /** Sends a bearer token of this sample user. */
  readonly as?: string;
  /** …of this sample organisation (the first by default). */
  readonly org?: string;
  /** Sent as the JSON body, with `content-type: application/json`. */
  readonly json?: unknown;
}

export interface TestStack {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly keys: KeyPair;
  /** A valid 12-hour token for a sample user (`office`, `leader`, `unit:<id>`) of a sample organisation. */
  token(as: string, org?: string): Promise<string>;
  /** The handlers' dependencies (the store of this stack's table). */
  readonly deps: import('../../functions/runtime').Deps;
  /** A token with some part changed (expired, wrong audience, other key…). */
  tokenWith(overrides: TokenOverrides): Promise<string>;
  fetchJson(path: string, init?: FetchJsonInit): Promise<JsonResponse>;
  /** Stops the HTTP server and drops the table. */
  close(): Promise<void>;
}

export interface TestStackOptions {
  /** Seed the 2006 sample plan (default true). */
  readonly seed?: boolean;
  readonly maxBodyBytes?: number;
  /** Another DynamoDB Local than the run's shared one (e.g. one a test crashes on purpose). */
  readonly dynamoEndpoint?: string;
  /** An existing table to serve (e.g. one restored from a backup); a fresh one by default. */
  readonly tableName?: string;
  /** How much a unit may send (functions/config.ts); by default more than any test sends. */
  readonly limits?: import('../../functions/config').Limits;
}

let started = 0;

export async function startTestStack(opts: TestStackOptions = {}): Promise<TestStack> {
  const dynamoEndpoint = opts.dynamoEndpoint ?? (await testDynamoDbEndpoint());
  const tableName = opts.tableName ?? uniqueTableName('stack');
  const keys = await generateKeys();
  const maxBodyBytes = opts.maxBodyBytes ?? 6 * 1024 * 1024;

  const filesDir = mkdtempSync(join(tmpdir(), 'shishi-files-'));
  applyLocalEnv({ tableName, dynamoEndpoint, publicJwk: keys.publicJwk, maxBodyBytes, filesDir });
  const limits = opts.limits ?? { submissionsPer10Min: 100_000, versionsPerDay: 100_000 };
  process.env.SHISHI_SUBMISSIONS_PER_10_MIN = String(limits.submissionsPer10Min);
  process.env.SHISHI_VERSIONS_PER_DAY = String(limits.versionsPerDay);
  if (started++ > 0) vi.resetModules();
  const { getDeps } = await import('../../functions/runtime');
  const { ensureTable } = await import('../../functions/store/table');
  const { seedSamplePlan } = await import('../../functions/local/seed');
  const { HANDLERS } = await import('../../functions/handlers/index');
  // Read the environment now, while it is this stack's.
  const deps = getDeps();
  if (deps.config.tableName !== tableName) {
    throw new Error(`the handlers kept the table ${deps.config.tableName}, not ${tableName}`);
  }

  const client = opts.dynamoEndpoint ? dynamoDbClient(opts.dynamoEndpoint) : await testDynamoDbClient();
  await ensureTable(client, tableName);
  if (opts.seed ?? true) await seedSamplePlan(deps);

  // As `npm start` runs it: tokens checked before any body is read.
  const server = await startHttpServer({ handlers: HANDLERS, port: 0, maxBodyBytes, verify: deps.verify });

  let otherKeys: KeyPair | undefined;
  const tokenWith = async (o: TokenOverrides): Promise<string> => {
    const plan = o.org ? SEED_ALL_PLANS.find((p) => p.organisation.id === o.org) : SEED_PLANS[0];
    if (!plan) throw new Error(`no sample organisation ${o.org}`);
    const user = userFor(plan, o.as ?? 'office');
    const principal = { ...user.principal, ...o.principal } as Principal;
    let signing = keys.privateJwk;
    if (o.otherKey) {
      otherKeys ??= await generateKeys();
      signing = { ...otherKeys.privateJwk, kid: keys.privateJwk.kid };
    }
    return issueToken(
      signing,
      principal,
      { issuer: o.issuer ?? localTokenSettings.issuer, audience: o.audience ?? localTokenSettings.audience },
      o.expiresIn ?? 12 * 3600,
    );
  };
  const tokens = new Map<string, Promise<string>>();
  const token = (as: string, org?: string): Promise<string> => {
    const key = `${org ?? ''}|${as}`;
    let t = tokens.get(key);
    if (!t) {
      t = tokenWith({ as, ...(org ? { org } : {}) });
      tokens.set(key, t);
      t.catch(() => tokens.delete(key));
    }
    return t;
  };

  const fetchJson = async (path: string, init: FetchJsonInit = {}): Promise<JsonResponse> => {
    const { as, org, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (as !== undefined) headers.set('authorization', `Bearer ${await token(as, org)}`);
    if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const res = await fetch(`${server.url}${path}`, {
      ...rest,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, body, text };
  };

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await server.close();
      rmSync(filesDir, { recursive: true, force: true });
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch {
        // gone already, or the test server stopped first: nothing to clean
      } finally {
        client.destroy();
      }
    })();
    return closing;
  };

  return { url: server.url, tableName, dynamoEndpoint, keys, deps, token, tokenWith, fetchJson, close };
}
