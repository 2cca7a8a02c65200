/**
 * The bundles are complete: synthesize the app in-process (bundling runs, with the local
 * esbuild), then load the health and status functions' `index.mjs` from the cloud assembly in a
 * plain Node process — no node_modules next to them — and call them with API Gateway v2 events,
 * over DynamoDB Local and a local signing key (SHISHI_JWT_PUBLIC_JWK instead of Cognito's JWKS).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { App } from 'aws-cdk-lib/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../domain/sample/plan2006';
import { generateKeys, issueToken, type KeyPair } from '../functions/auth/tokens';
import { LOCAL_AWS } from '../functions/local/dynamodb';
import { seedSamplePlan } from '../functions/local/seed';
import { makeDeps } from '../functions/runtime';
import { ensureTable } from '../functions/store/table';
import { testDynamoDbClient, testDynamoDbEndpoint, uniqueTableName } from '../test/support/dynamodb';
import { ShishiStack } from './lib/shishi-stack';

const ISSUER = 'https://shishi.test/issuer';
const AUDIENCE = 'shishi-bundle-test';

const outdir = mkdtempSync(join(tmpdir(), 'shishi-cdk-'));
const tableName = uniqueTableName('bundle');
let assetDirs: Record<string, string> = {};
let keys: KeyPair;
let endpoint: string;

beforeAll(async () => {
  // Bundling happens during synthesis; the add-in is not uploaded (no addinAssetDir).
  const app = new App({ outdir });
  const stack = new ShishiStack(app, 'BundleTest', { env: { account: '123456789012', region: 'us-east-1' } });
  const assembly = app.synth();
  const template = JSON.parse(
    readFileSync(join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile), 'utf8'),
  ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  assetDirs = {};
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const key = (r.Properties.Code as { S3Key?: string }).S3Key ?? '';
    const m = /^(\w+)Function[0-9A-F]{8}$/.exec(id);
    if (m && key.endsWith('.zip')) assetDirs[m[1]!] = join(outdir, `asset.${key.slice(0, -'.zip'.length)}`);
  }

  endpoint = await testDynamoDbEndpoint();
  const client = await testDynamoDbClient();
  try {
    await ensureTable(client, tableName);
  } finally {
    client.destroy();
  }
  keys = await generateKeys();
  const deps = makeDeps({
    tableName,
    dynamoEndpoint: endpoint,
    region: LOCAL_AWS.region,
    auth: { issuer: ISSUER, audience: AUDIENCE, publicJwk: JSON.stringify(keys.publicJwk) },
    maxBodyBytes: 6 * 1024 * 1024,
  });
  expect(await seedSamplePlan(deps)).toBe('created');
}, 180_000);

afterAll(async () => {
  rmSync(outdir, { recursive: true, force: true });
  const client = await testDynamoDbClient();
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch {
    // The run's DynamoDB Local is in memory; a left table goes with it.
  } finally {
    client.destroy();
  }
});

/** Runs `handler(event)` of a bundle in a fresh Node process; its result on stdout. */
function invoke(
  dir: string,
  event: unknown,
  env: Record<string, string> = {},
  printed?: (stdout: string) => void,
): Promise<{ statusCode: number; body: string; isBase64Encoded?: boolean }> {
  const runner = join(outdir, 'invoke.mjs');
  writeFileSync(
    runner,
    [
      "import { pathToFileURL } from 'node:url';",
      'const { handler } = await import(pathToFileURL(process.argv[2]).href);',
      "const { readFileSync } = await import('node:fs');",
      "const out = await handler(JSON.parse(readFileSync(process.argv[3], 'utf8')));",
      "process.stdout.write('\\n@@RESULT@@' + JSON.stringify(out));",
    ].join('\n'),
  );
  const eventFile = join(outdir, `event-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, join(dir, 'index.mjs'), eventFile], {
      cwd: outdir,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: '--enable-source-maps',
        AWS_REGION: LOCAL_AWS.region,
        AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        DYNAMODB_ENDPOINT: endpoint,
        SHISHI_TABLE: tableName,
        SHISHI_JWT_ISSUER: ISSUER,
        SHISHI_JWT_AUDIENCE: AUDIENCE,
        SHISHI_JWT_PUBLIC_JWK: JSON.stringify(keys.publicJwk),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const at = out.lastIndexOf('@@RESULT@@');
      if (code !== 0 || at < 0) reject(new Error(`bundle exited ${code}: ${err}\n${out}`));
      else {
        printed?.(out.slice(0, at) + err);
        resolve(JSON.parse(out.slice(at + '@@RESULT@@'.length)));
      }
    });
  });
}

function httpEvent(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: { base64: string },
  query?: Record<string, string>,
) {
  const now = new Date();
  return {
    ...(query ? { queryStringParameters: query } : {}),
    ...(body ? { body: body.base64 } : {}),
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { host: 'api.shishi.test', ...headers },
    isBase64Encoded: body !== undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      domainName: 'api.shishi.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${now.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

describe('the synthesized Lambda bundles', () => {
  it('are one self-contained ESM file per route group and the reminders job (and the workbook worker where a group takes uploads)', () => {
    expect(Object.keys(assetDirs).sort()).toEqual(
      [
        'Audit',
        'Health',
        'Plans',
        'Reminders',
        'Status',
        'Submissions',
        'Summaries',
        'Templates',
        'Users',
        'Workbooks',
      ].sort(),
    );
    for (const [group, dir] of Object.entries(assetDirs)) {
      expect(readdirSync(dir).sort(), group).toEqual(
        // Progress worksheets (Workbooks) and the city's plan workbook (Plans) are read in a worker.
        group === 'Workbooks' || group === 'Plans'
          ? ['index.mjs', 'index.mjs.map', 'worker.js']
          : ['index.mjs', 'index.mjs.map'],
      );
      expect(existsSync(join(dir, 'node_modules')), group).toBe(false);
    }
  });

  it('health answers 200 without a token', async () => {
    const res = await invoke(assetDirs.Health!, httpEvent('GET', '/v1/health'));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', service: 'shishi' });
  }, 30_000);

  it("status answers 200 with the district's verdict for a valid token", async () => {
    const token = await issueToken(
      keys.privateJwk,
      { sub: 'bundle:leader', role: 'leader', org: SAMPLE_PLAN_2006.organisation.id },
      { issuer: ISSUER, audience: AUDIENCE },
    );
    const res = await invoke(
      assetDirs.Status!,
      httpEvent('GET', '/v1/status/2006', { authorization: `Bearer ${token}` }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = JSON.parse(res.body) as { verdict?: string };
    expect(['on_track', 'at_risk', 'failed', 'achieved', 'behind', 'not_started']).toContain(body.verdict);
  }, 30_000);

  it('status, run as on Lambda, logs its request as JSON (route, sub, status; not the token) and counts it as EMF', async () => {
    const token = await issueToken(
      keys.privateJwk,
      { sub: 'bundle:leader', role: 'leader', org: SAMPLE_PLAN_2006.organisation.id },
      { issuer: ISSUER, audience: AUDIENCE },
    );
    let printed = '';
    const res = await invoke(
      assetDirs.Status!,
      httpEvent('GET', '/v1/status/2006', { authorization: `Bearer ${token}` }),
      { AWS_LAMBDA_FUNCTION_NAME: 'Shishi-StatusFunction' },
      (out) => {
        printed = out;
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    const lines = printed
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.message === 'request')).toMatchObject({
      route: 'GET /v1/status/{year}',
      sub: 'bundle:leader',
      status: 200,
      outcome: 'ok',
      service: 'shishi',
    });
    expect(lines.find((l) => l._aws)?._aws.CloudWatchMetrics[0].Namespace).toBe('Shishi');
    expect(printed).not.toContain(token);
  }, 30_000);

  it('status refuses a request without a token', async () => {
    const res = await invoke(assetDirs.Status!, httpEvent('GET', '/v1/status/2006'));
    expect(res.statusCode).toBe(401);
  }, 30_000);

  it('templates and workbooks round-trip a worksheet (the worker thread is in the bundle)', async () => {
    const token = await issueToken(
      keys.privateJwk,
      { sub: 'bundle:labor', role: 'unit', unit: 'labor', org: SAMPLE_PLAN_2006.organisation.id },
      { issuer: ISSUER, audience: AUDIENCE },
    );
    const auth = { authorization: `Bearer ${token}` };
    const template = await invoke(
      assetDirs.Templates!,
      httpEvent('GET', '/v1/templates/2006/labor', auth, undefined, { period: '2006-05' }),
    );
    expect(template.statusCode, template.body).toBe(200);
    expect(template.isBase64Encoded).toBe(true);
    const upload = await invoke(
      assetDirs.Workbooks!,
      httpEvent(
        'POST',
        '/v1/workbooks',
        { ...auth, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        { base64: template.body },
      ),
    );
    // The empty template was read in the worker and judged cell by cell: nothing reported yet.
    expect(upload.statusCode, upload.body).toBe(422);
    const problem = JSON.parse(upload.body) as { code: string; findings: unknown[] };
    expect(problem.code).toBe('submission.invalid');
    expect(problem.findings.length).toBeGreaterThan(0);
  }, 60_000);
});
