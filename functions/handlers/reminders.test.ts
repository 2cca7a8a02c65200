import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { reportingUnitIds } from '../../domain/plan';
import { testDynamoDbClient, testDynamoDbEndpoint, uniqueTableName } from '../../test/support/dynamodb';
import { generateKeys } from '../auth/tokens';
import { LOCAL_AWS } from '../local/dynamodb';
import { SEED_PLANS, seedSamplePlan } from '../local/seed';
import { getDeps } from '../runtime';
import { ensureTable } from '../store/table';
import { handler } from './reminders';

const tableName = uniqueTableName('remind-handler');
let client: DynamoDBClient;
const saved = { ...process.env };

beforeAll(async () => {
  client = await testDynamoDbClient();
  await ensureTable(client, tableName);
  const keys = await generateKeys();
  Object.assign(process.env, {
    SHISHI_TABLE: tableName,
    DYNAMODB_ENDPOINT: await testDynamoDbEndpoint(),
    AWS_REGION: LOCAL_AWS.region,
    SHISHI_JWT_ISSUER: 'shishi-local',
    SHISHI_JWT_PUBLIC_JWK: JSON.stringify(keys.publicJwk),
  });
  await seedSamplePlan(getDeps());
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  process.env = saved;
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
  client.destroy();
});

/** Every reporting unit of every seeded organisation: the job runs for each organisation. */
const units = SEED_PLANS.reduce((n, plan) => n + reportingUnitIds(plan).length, 0);

describe('reminders handler', () => {
  test('today and this year in Asia/Shanghai by default; logs a summary', async () => {
    // 2006-06-09 17:30 UTC is already 2006-06-10 in Beijing: the May reports are late.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2006-06-09T17:30:00Z'));
    try {
      const out = await handler({ time: '2006-06-09T17:30:00Z', detail: {} });
      expect(out).toMatchObject({
        organisations: SEED_PLANS.length,
        year: 2006,
        asOf: '2006-06-10',
        created: 2 * units,
        skipped: 0,
        failures: [],
      });
    } finally {
      vi.useRealTimers();
    }
    const logged = vi.mocked(console.log).mock.calls.map((c) => JSON.parse(String(c[0])));
    expect(logged.filter((l) => l.type === 'reminder')).toHaveLength(2 * units);
    expect(logged.at(-1)).toMatchObject({ type: 'reminders.summary', created: 2 * units });
  });

  test('detail.year and detail.asOf override the defaults; a rerun adds nothing', async () => {
    expect(await handler({ detail: { year: '2006', asOf: '2006-06-10' } })).toMatchObject({
      created: 0,
      skipped: 2 * units,
    });
    expect(await handler({ detail: { year: 2007, asOf: '2007-06-10' } })).toMatchObject({
      created: 0,
      noPlan: true,
    });
    await expect(handler({ detail: { year: 'x' } })).rejects.toThrow(/invalid year/);
  });
});
