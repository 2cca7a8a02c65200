import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportingUnitIds } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import { testDynamoDbClient, testDynamoDbEndpoint, uniqueTableName } from '../../test/support/dynamodb';
import { generateKeys } from '../auth/tokens';
import type { Config } from '../config';
import { LOCAL_AWS } from '../local/dynamodb';
import { seedSamplePlan } from '../local/seed';
import { type Deps, makeDeps } from '../runtime';
import { ensureTable } from '../store/table';
import {
  listReminders,
  logChannel,
  type Reminder,
  type ReminderChannel,
  recordOverdue,
  remindUnit,
} from './reminders';
import { submit } from './submissions';

let client: DynamoDBClient;
const tables: string[] = [];

beforeAll(async () => {
  client = await testDynamoDbClient();
});
afterAll(async () => {
  for (const t of tables) await client.send(new DeleteTableCommand({ TableName: t })).catch(() => {});
  client.destroy();
});

async function freshDeps(at = '2006-06-10T01:00:00.000Z'): Promise<Deps> {
  const keys = await generateKeys();
  const config: Config = {
    tableName: uniqueTableName('remind'),
    dynamoEndpoint: await testDynamoDbEndpoint(),
    region: LOCAL_AWS.region,
    auth: { issuer: 'shishi-local', audience: 'shishi', publicJwk: JSON.stringify(keys.publicJwk) },
    maxBodyBytes: 6_000_000,
  };
  tables.push(config.tableName);
  await ensureTable(client, config.tableName);
  let now = new Date(at);
  const deps = makeDeps(config, () => now);
  Object.defineProperty(deps, 'setNow', { value: (d: string) => (now = new Date(d)) });
  return deps;
}

const setNow = (deps: Deps, d: string) => (deps as unknown as { setNow(d: string): void }).setNow(d);

function recorder(): ReminderChannel & { got: Reminder[] } {
  const got: Reminder[] = [];
  return {
    name: 'fake',
    got,
    async send(r) {
      got.push(r);
    },
  };
}

const key = (r: Reminder) => `${r.period}#${r.unit}#${r.state}`;
const units = reportingUnitIds(SAMPLE_PLAN_2006);
const ORG = SAMPLE_PLAN_2006.organisation.id;

describe('recordOverdue', () => {
  test('records late and missing reports once, and again only on a change of state', async () => {
    const deps = await freshDeps();
    await seedSamplePlan(deps);
    expect(units).toHaveLength(11); // the sample plan's reporting units

    const fake = recorder();
    const first = await recordOverdue(deps, { org: ORG, year: 2006, asOf: '2006-06-10' }, [fake]);
    const expected = [
      ...units.map((u) => `2006-04#${u}#missing`),
      ...units.map((u) => `2006-05#${u}#late`),
    ].sort();
    expect(first.created.map(key).sort()).toEqual(expected);
    expect(first.skipped).toBe(0);
    expect(first.failures).toEqual([]);
    expect(fake.got).toEqual(first.created);
    expect(first.created[0]).toMatchObject({ year: 2006, asOf: '2006-06-10', due: '2006-05-05' });

    // The same day again: nothing new, nothing sent.
    const again = await recordOverdue(deps, { org: ORG, year: 2006, asOf: '2006-06-10' }, [fake]);
    expect(again.created).toEqual([]);
    expect(again.skipped).toBe(2 * units.length);
    expect(fake.got).toHaveLength(2 * units.length);

    // A month on: May is missing now (a new item); June is late; April stays as it was.
    setNow(deps, '2006-07-10T01:00:00.000Z');
    const later = recorder();
    const next = await recordOverdue(deps, { org: ORG, year: 2006, asOf: '2006-07-10' }, [later]);
    expect(next.created.map(key).sort()).toEqual(
      [...units.map((u) => `2006-05#${u}#missing`), ...units.map((u) => `2006-06#${u}#late`)].sort(),
    );
    expect(next.skipped).toBe(units.length);
    expect(later.got).toEqual(next.created);

    const stored = await deps.store.forOrg(ORG).listReminders(2006);
    expect(stored).toHaveLength(4 * units.length);
    expect(stored.filter((r) => r.period === '2006-05').map((r) => r.state)).toEqual(
      expect.arrayContaining(['late', 'missing']),
    );
    const audit = await deps.store.forOrg(ORG).listAudit(2006, 1000);
    expect(audit.items.filter((e) => e.action === 'reminder.create')).toHaveLength(4 * units.length);
  });

  test('a failing channel loses no reminder and is reported', async () => {
    const deps = await freshDeps();
    await seedSamplePlan(deps);
    const fake = recorder();
    const broken: ReminderChannel = {
      name: 'sms',
      async send() {
        throw new Error('gateway down');
      },
    };
    const out = await recordOverdue(deps, { org: ORG, year: 2006, asOf: '2006-06-10' }, [broken, fake]);
    expect(out.created).toHaveLength(2 * units.length);
    expect(fake.got).toHaveLength(2 * units.length);
    expect(out.failures).toHaveLength(2 * units.length);
    expect(out.failures[0]).toMatchObject({ channel: 'sms', error: 'gateway down' });
    expect(await deps.store.forOrg(ORG).listReminders(2006)).toHaveLength(2 * units.length);
  });

  test('a report that came is not reminded of', async () => {
    const deps = await freshDeps('2006-06-03T02:00:00.000Z');
    await seedSamplePlan(deps);
    const labor = {
      sub: 'local:unit:labor',
      role: 'unit',
      unit: 'labor',
      org: ORG,
    } as const;
    const sent = await submit(deps, labor, LABOR_2006_05, { idempotencyKey: 'remind-1', requestHash: 'h1' });
    expect(sent).not.toHaveProperty('code');
    setNow(deps, '2006-06-10T01:00:00.000Z');
    const out = await recordOverdue(deps, { org: ORG, year: 2006, asOf: '2006-06-10' }, []);
    expect(out.created.map(key)).not.toContain('2006-05#labor#late');
    expect(out.created.map(key)).toContain('2006-04#labor#missing');
    expect(out.created).toHaveLength(2 * units.length - 1);
  });

  test('no plan: nothing to remind of; the log channel writes one JSON line', async () => {
    const deps = await freshDeps();
    expect(await recordOverdue(deps, { org: ORG, year: 2006, asOf: '2006-06-10' }, [])).toMatchObject({
      created: [],
      noPlan: true,
    });
    const lines: string[] = [];
    const r: Reminder = {
      year: 2006,
      unit: 'labor',
      period: '2006-05',
      due: '2006-06-05',
      state: 'late',
      asOf: '2006-06-10',
      createdAt: '2006-06-10T01:00:00.000Z',
    };
    await logChannel((l) => lines.push(l)).send(r);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'reminder', unit: 'labor', state: 'late' });
  });
});

describe('催办: the office reminds a unit', () => {
  const office = { sub: 'local:office:wang', role: 'office', org: ORG, name: '王静' } as const;
  const labor = { sub: 'local:unit:labor', role: 'unit', unit: 'labor', org: ORG } as const;

  test('of a late report: each one kept with who sent it, audited, beside the job’s', async () => {
    // Prepare: 2006-06-10, May is late for every unit; the job has run.
    const deps = await freshDeps();
    await seedSamplePlan(deps);
    await recordOverdue(deps, { org: ORG, year: 2006, asOf: '2006-06-10' }, []);

    // Act: twice, an hour apart
    const first = await remindUnit(deps, office, '2006.transport.2006-05');
    setNow(deps, '2006-06-10T02:00:00.000Z');
    const second = await remindUnit(deps, office, '2006.transport.2006-05');

    // Assess
    expect(first).toMatchObject({ unit: 'transport', period: '2006-05', state: 'late', by: office.sub });
    expect(second).toMatchObject({ createdAt: '2006-06-10T02:00:00.000Z', by: office.sub });
    const all = await listReminders(deps, office, 2006);
    const transportMay = all.filter((r) => r.unit === 'transport' && r.period === '2006-05');
    expect(transportMay.map((r) => r.by ?? 'job')).toEqual(['job', office.sub, office.sub]);
    const audit = await deps.store.forOrg(ORG).listAudit(2006, 1000);
    const byOffice = audit.items.filter((e) => e.action === 'reminder.create' && e.who === office.sub);
    expect(byOffice).toHaveLength(2);
  });

  test('refuses a report that came, one not due, and one nobody owes', async () => {
    const deps = await freshDeps('2006-06-03T02:00:00.000Z');
    await seedSamplePlan(deps);
    await submit(deps, labor, LABOR_2006_05, { idempotencyKey: 'remind-2', requestHash: 'h2' });
    setNow(deps, '2006-06-10T01:00:00.000Z');

    const came = await remindUnit(deps, office, '2006.labor.2006-05');
    const notDue = await remindUnit(deps, office, '2006.transport.2006-06');
    const nobody = await remindUnit(deps, office, '2006.nobody.2006-05');

    expect(came).toMatchObject({ code: 'reminder.notOverdue' });
    expect((came as { message: { zh: string } }).message.zh).toContain('已报送');
    expect(notDue).toMatchObject({ code: 'reminder.notOverdue' });
    expect((notDue as { message: { en: string } }).message.en).toContain('not due until 2006-07-05');
    expect(nobody).toMatchObject({ code: 'submission.notFound' });
    expect((await listReminders(deps, office, 2006)).filter((r) => r.by)).toEqual([]);
  });
});
