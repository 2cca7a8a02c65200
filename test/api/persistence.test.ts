/**
 * Stop and start DynamoDB Local on the same data folder: every stored item is still there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../api/roles';
import { LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import { generateKeys } from '../../functions/auth/tokens';
import type { Config } from '../../functions/config';
import { LOCAL_AWS, startDynamoDbLocal } from '../../functions/local/dynamodb';
import { seedSamplePlan } from '../../functions/local/seed';
import { makeDeps } from '../../functions/runtime';
import { ensureTable } from '../../functions/store/table';
import { loadRecords } from '../../functions/usecases/status';
import { reviewSubmission, submit } from '../../functions/usecases/submissions';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function open(dataDir: string) {
  const ddb = await startDynamoDbLocal({ dataDir });
  const keys = await generateKeys();
  const config: Config = {
    tableName: 'persist',
    dynamoEndpoint: ddb.endpoint,
    region: LOCAL_AWS.region,
    auth: { issuer: 'shishi-local', audience: 'shishi', publicJwk: JSON.stringify(keys.publicJwk) },
    maxBodyBytes: 6_000_000,
  };
  const client = new DynamoDBClient({
    endpoint: ddb.endpoint,
    region: LOCAL_AWS.region,
    credentials: LOCAL_AWS,
  });
  await ensureTable(client, config.tableName);
  return { ddb, deps: makeDeps(config) };
}

const ORG = 'sample-district';

const unit = (u: string): Principal => ({
  sub: `local:unit:${u}`,
  role: 'unit',
  unit: u,
  org: ORG,
});
const office: Principal = { sub: 'local:office', role: 'office', org: ORG };

describe('the local data folder', () => {
  it('keeps plans, versions, reviews and audit across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'shishi-persist-'));
    dirs.push(dataDir);
    const first = await open(dataDir);
    await seedSamplePlan(first.deps);
    const a = await submit(first.deps, unit('labor'), LABOR_2006_05, {
      idempotencyKey: 'persist-key-1',
      requestHash: 'labor-may',
    });
    const b = await submit(first.deps, unit('transport'), TRANSPORT_2006_05, {
      idempotencyKey: 'persist-key-2',
      requestHash: 'transport-may',
    });
    expect(['status' in a && a.status, 'status' in b && b.status]).toEqual([201, 201]);
    await reviewSubmission(first.deps, office, '2006.labor.2006-05', {
      decision: 'accept',
      comment: '',
      expectedVersion: 1,
    });
    const before = {
      records: await loadRecords(first.deps.store.forOrg(ORG), 2006),
      audit: await first.deps.store.forOrg(ORG).listAudit(2006, 1000),
      plan: await first.deps.store.forOrg(ORG).getPlan(2006),
    };
    await first.ddb.stop();

    const second = await open(dataDir);
    expect(await seedSamplePlan(second.deps)).toBe('exists');
    const after = {
      records: await loadRecords(second.deps.store.forOrg(ORG), 2006),
      audit: await second.deps.store.forOrg(ORG).listAudit(2006, 1000),
      plan: await second.deps.store.forOrg(ORG).getPlan(2006),
    };
    await second.ddb.stop();
    expect(after).toEqual(before);
    expect(after.records.map((r) => [r.id, r.version, r.state]).sort()).toEqual([
      ['2006.labor.2006-05', 1, 'accepted'],
      ['2006.transport.2006-05', 1, 'pending'],
    ]);
    expect(after.audit.items.map((e) => e.action)).toEqual([
      'plan.put',
      'submission.create',
      'submission.create',
      'submission.review',
    ]);
  }, 90_000);
});
