/**
 * The migration to the organisation in every key (./migrate.ts) against the run's DynamoDB
 * Local, on a table in the earlier layout: `test/fixtures/legacy/table-97a915e.jsonl`, a backup
 * written by the code of commit 97a915e (the sample plan seeded, a draft republished, the demo's
 * reports with a returned and resubmitted one, a large report in chunks, reviews, reminders),
 * with its plan head's byYear keys removed as in the oldest tables. What the old items say and
 * what the new store reads after the migration must be the same; nothing old is removed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AttributeValue,
  DeleteTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../domain/plan';
import { computeStatus } from '../../domain/status';
import { testDynamoDbClient, uniqueTableName } from '../../test/support/dynamodb';
import { auditEntryOf } from '../store/entities/audit';
import { reminderOf } from '../store/entities/reminder';
import { reviewOf } from '../store/entities/review';
import { headOf } from '../store/entities/submission';
import { localFileStore } from '../store/files';
import { plansGsiPk, TABLE_INDEX_BY_YEAR } from '../store/keys';
import { createStore } from '../store/repository';
import { ensureTable } from '../store/table';
import { loadRecords, recordsOf } from '../usecases/status';
import { canonical, itemFromJson, itemToJson, verifyBackup } from './backup-file';
import { scanPages } from './dynamodb';
import { type MigrateResult, MigrationError, migrateToOrgKeys } from './migrate';
import { restoreTable } from './restore';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/legacy/table-97a915e.jsonl', import.meta.url));
const ORG = 'sample-district';
const YEAR = 2006;
const DAYS = ['2006-04-30', '2006-06-10', '2006-07-20', '2006-12-31'] as const;

type Raw = Record<string, AttributeValue>;

let client: DynamoDBClient;
let dir: string;
const tables: string[] = [];

beforeAll(async () => {
  client = await testDynamoDbClient();
  dir = mkdtempSync(join(tmpdir(), 'shishi-migrate-'));
}, 120_000);

afterAll(async () => {
  for (const t of tables) await client.send(new DeleteTableCommand({ TableName: t })).catch(() => {});
  client?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh table holding the fixture. */
async function legacyTable(): Promise<string> {
  const name = uniqueTableName('migrate');
  tables.push(name);
  await restoreTable(client, name, FIXTURE);
  return name;
}

async function scanAll(table: string): Promise<Raw[]> {
  const out: Raw[] = [];
  for await (const page of scanPages(client, { TableName: table })) out.push(...page);
  return out;
}

const lines = (items: readonly Raw[]) => items.map((i) => JSON.stringify(canonical(itemToJson(i)))).sort();
const pkOf = (i: Raw) => i.pk?.S ?? '';
const skOf = (i: Raw) => i.sk?.S ?? '';
const isOld = (i: Raw) => /^(PLAN|SUB|IDEM|AUDIT|REMIND)#/.test(pkOf(i));
const bySk = (a: Raw, b: Raw) => skOf(a).localeCompare(skOf(b));

const backupDir = (name: string) => join(dir, name, 'backups');
const filesIn = (folder: string) => {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
};

/** What the earlier layout's items say, read straight from them. */
function before(items: readonly Raw[]) {
  const old = items.filter(isOld);
  const inPk = (pk: string) => old.filter((i) => pkOf(i) === pk).sort(bySk);
  const heads = old
    .filter((i) => pkOf(i).startsWith('SUB#') && skOf(i) === 'HEAD')
    .map((i) => headOf(unmarshall(i)))
    .sort((a, b) => a.id.localeCompare(b.id));
  const history = new Map(
    heads.map((h) => {
      const own = inPk(`SUB#${h.id}`);
      const part = new Map(own.map((i) => [skOf(i), unmarshall(i).part as string]));
      const versions = own
        .filter((i) => /^V#\d{8}$/.test(skOf(i)))
        .map((i) => {
          const v = unmarshall(i);
          let body = v.part as string;
          for (let c = 1; c < v.chunks; c++) body += part.get(`${skOf(i)}#C#${String(c).padStart(4, '0')}`);
          return {
            id: v.id,
            version: v.version,
            submittedAt: v.submittedAt,
            by: v.by,
            sha256: v.sha256,
            findings: v.findings ?? [],
            chunks: v.chunks,
            body,
          };
        });
      const reviews = own.filter((i) => skOf(i).startsWith('R#')).map((i) => reviewOf(unmarshall(i)));
      return [h.id, { versions, reviews }] as const;
    }),
  );
  const planHead = unmarshall(inPk(`PLAN#${YEAR}`).find((i) => skOf(i) === 'HEAD')!);
  const planBody = (v: number) =>
    JSON.parse(
      unmarshall(inPk(`PLAN#${YEAR}`).find((i) => skOf(i) === `V#${String(v).padStart(8, '0')}`)!)
        .body as string,
    ) as Plan;
  const plan = planBody(planHead.publishedVersion ?? planHead.version);
  // The records status reads, made as loadRecords makes them, from the old heads and versions.
  const records = recordsOf(heads, (id, n) => history.get(id)?.versions.find((x) => x.version === n));
  return {
    heads,
    history: Object.fromEntries(history),
    audit: inPk(`AUDIT#${YEAR}`).map((i) => auditEntryOf(unmarshall(i))),
    reminders: inPk(`REMIND#${YEAR}`).map((i) => reminderOf(unmarshall(i))),
    plan,
    planVersions: [1, 2].map(planBody),
    status: DAYS.map((d) => computeStatus(plan, records, d)),
  };
}

/** The same, read through the new store of the organisation. */
async function after(table: string) {
  const doc = DynamoDBDocumentClient.from(client);
  const store = createStore(doc, table).forOrg(ORG);
  const heads = (await store.listHeads(YEAR)).sort((a, b) => a.id.localeCompare(b.id));
  const history: Record<string, unknown> = {};
  for (const h of heads) history[h.id] = await store.getHistory(h.id);
  const audit = await store.listAudit(YEAR, 1000);
  const plan = (await store.getPlan(YEAR))!.plan;
  const records = await loadRecords(store, YEAR);
  return {
    heads,
    history,
    audit: audit.items,
    reminders: await store.listReminders(YEAR),
    plan,
    planVersions: await Promise.all([1, 2].map(async (v) => (await store.getPlan(YEAR, v))!.plan)),
    status: DAYS.map((d) => computeStatus(plan, records, d)),
    next: audit.next,
    records: records.length,
    organisations: await createStore(doc, table).listOrganisations(),
  };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a MigrationError');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(MigrationError);
      return e as MigrationError;
    },
  );

describe('a populated table in the earlier layout', () => {
  let table: string;
  let old: Raw[];
  let first: MigrateResult;
  const files = () => localFileStore(join(dir, 'main', 'files'));

  beforeAll(async () => {
    table = await legacyTable();
    old = await scanAll(table);
    await files().put(`summaries/${YEAR}/${YEAR}-06-10-a.xlsx`, Buffer.from('PK summary a'));
    await files().put(`summaries/${YEAR}/${YEAR}-06-10-b.xlsx`, Buffer.from('PK summary b'));
    first = await migrateToOrgKeys(client, table, { backupDir: backupDir('main'), files: files() });
  }, 120_000);

  it('copies every item, backs up first, and verifies every copy', async () => {
    // Arrange
    const fixture = await verifyBackup(FIXTURE);

    // Assess
    expect(old.every(isOld)).toBe(true);
    expect(first).toMatchObject({
      found: fixture.items,
      copied: fixture.items,
      skipped: 0,
      verified: fixture.items,
      files: 2,
      org: ORG,
    });
    expect(first.backup).toContain(backupDir('main'));
    expect(await verifyBackup(first.backup!)).toMatchObject({ items: fixture.items });
    const backedUp = readFileSync(first.backup!, 'utf8')
      .split('\n')
      .slice(1, -2)
      .map((l) => itemFromJson(JSON.parse(l).Item));
    expect(lines(backedUp)).toEqual(lines(old));
  });

  it('loses nothing: status, submissions, reviews, audit, reminders and plan read the same after', async () => {
    // Act
    const was = before(old);
    const is = await after(table);

    // Assess
    expect(was.heads.length).toBe(9);
    expect(Object.values(was.history).some((h) => h.versions.some((v) => v.chunks > 1))).toBe(true);
    expect(Object.values(was.history).some((h) => h.reviews.some((r) => r.decision === 'return'))).toBe(true);
    expect(was.audit.length).toBeGreaterThan(20);
    expect(was.reminders.length).toBeGreaterThan(0);
    expect(is.heads).toEqual(was.heads);
    expect(is.history).toEqual(was.history);
    expect(is.audit).toEqual(was.audit);
    expect(is.next).toBeUndefined();
    expect(is.reminders).toEqual(was.reminders);
    expect(is.plan).toEqual(was.plan);
    expect(is.planVersions).toEqual(was.planVersions);
    expect(is.records).toBeGreaterThan(5);
    expect(is.status).toEqual(was.status);
    expect(is.organisations.map((o) => o.id)).toEqual([ORG]);
  });

  it('puts the plan head on the organisation’s years index although the old head was not on any', async () => {
    // Arrange
    const oldHead = old.find((i) => pkOf(i) === `PLAN#${YEAR}` && skOf(i) === 'HEAD')!;

    // Act
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: TABLE_INDEX_BY_YEAR,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: plansGsiPk(ORG) } },
      }),
    );

    // Assess
    expect(oldHead.gsi1pk).toBeUndefined();
    expect(out.Items?.map((i) => [i.pk?.S, i.gsi1sk?.S])).toEqual([
      [`ORG#${ORG}#PLAN#${YEAR}`, String(YEAR)],
    ]);
  });

  it('keeps every old item as it was, and the old summaries beside their copies', async () => {
    // Act
    const now = await scanAll(table);

    // Assess
    expect(lines(now.filter(isOld))).toEqual(lines(old));
    expect(now.filter((i) => !isOld(i))).toHaveLength(old.length + 1);
    expect(await files().list(`summaries/${YEAR}/`)).toHaveLength(2);
    expect((await files().get(`summaries/${ORG}/${YEAR}/${YEAR}-06-10-b.xlsx`))?.toString()).toBe(
      'PK summary b',
    );
  });

  it('does nothing the second time: no copy, no backup', async () => {
    // Act
    const again = await migrateToOrgKeys(client, table, { backupDir: backupDir('main'), files: files() });

    // Assess
    expect(again).toEqual({
      found: first.found,
      copied: 0,
      skipped: first.found,
      verified: first.found,
      files: 0,
      org: ORG,
    });
    expect(filesIn(backupDir('main'))).toHaveLength(1);
  });
});

describe('a migration that cannot or did not go right', () => {
  it('finishes an interrupted one: the items copied before are skipped', async () => {
    // Arrange: one item's copy is there already, as a first run cut short would leave it.
    const table = await legacyTable();
    const old = await scanAll(table);
    const some = old.find((i) => pkOf(i).startsWith('REMIND#'))!;
    await client.send(
      new PutItemCommand({ TableName: table, Item: { ...some, pk: { S: `ORG#${ORG}#${pkOf(some)}` } } }),
    );

    // Act
    const out = await migrateToOrgKeys(client, table, { backupDir: backupDir('interrupted') });

    // Assess
    expect(out).toMatchObject({
      found: old.length,
      copied: old.length - 1,
      skipped: 1,
      verified: old.length,
    });
  }, 60_000);

  it('refuses data of two organisations, in both languages, and changes nothing', async () => {
    // Arrange: a plan of another organisation beside the fixture's.
    const table = await legacyTable();
    const version = (await scanAll(table)).find(
      (i) => pkOf(i) === `PLAN#${YEAR}` && skOf(i) === 'V#00000001',
    )!;
    const body = JSON.parse(version.body!.S!) as Plan;
    const other = { ...body, year: 2007, organisation: { ...body.organisation, id: 'other-district' } };
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...version, pk: { S: 'PLAN#2007' }, year: { N: '2007' }, body: { S: JSON.stringify(other) } },
      }),
    );
    const was = await scanAll(table);

    // Act
    const e = await refusal(migrateToOrgKeys(client, table, { backupDir: backupDir('two') }));

    // Assess
    expect(e.code).toBe('migrate.manyOrganisations');
    expect(e.zh).toContain('多个组织');
    expect(e.en).toContain('more than one organisation');
    expect(e.en).toContain('other-district');
    expect(lines(await scanAll(table))).toEqual(lines(was));
    expect(filesIn(backupDir('two'))).toEqual([]);
  }, 60_000);

  it('refuses earlier data whose plans name no organisation', async () => {
    // Arrange: only a reminder, no plan.
    const table = await legacyTable();
    const reminder = (await scanAll(table)).find((i) => pkOf(i).startsWith('REMIND#'))!;
    const lone = uniqueTableName('migrate');
    tables.push(lone);
    await ensureTable(client, lone);
    await client.send(new PutItemCommand({ TableName: lone, Item: reminder }));

    // Act
    const e = await refusal(migrateToOrgKeys(client, lone, { backupDir: backupDir('none') }));

    // Assess
    expect(e.code).toBe('migrate.noOrganisation');
    expect(await scanAll(lone)).toHaveLength(1);
  }, 60_000);

  it('stops, naming the item, when a new key already holds a different item', async () => {
    // Arrange
    const table = await legacyTable();
    const head = (await scanAll(table)).find(
      (i) => pkOf(i) === `SUB#${YEAR}.labor.${YEAR}-05` && skOf(i) === 'HEAD',
    )!;
    const newPk = `ORG#${ORG}#SUB#${YEAR}.labor.${YEAR}-05`;
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...head, pk: { S: newPk }, latestState: { S: 'returned' } },
      }),
    );
    const was = await scanAll(table);

    // Act
    const e = await refusal(migrateToOrgKeys(client, table, { backupDir: backupDir('taken') }));

    // Assess
    expect(e.code).toBe('migrate.taken');
    expect(e.en).toContain(`${newPk} / HEAD`);
    expect(e.en).toContain('latestState');
    expect(lines(await scanAll(table))).toEqual(lines(was));
  }, 60_000);

  it('fails, naming the item, when a copy read back differs; the old items are all still there', async () => {
    // Arrange
    const table = await legacyTable();
    const old = await scanAll(table);
    const newPk = `ORG#${ORG}#AUDIT#${YEAR}`;
    const entry = old.filter((i) => pkOf(i) === `AUDIT#${YEAR}`).sort(bySk)[3]!;
    const tamper = () =>
      client
        .send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: newPk }, sk: entry.sk! },
            UpdateExpression: 'SET target = :t',
            ExpressionAttributeValues: { ':t': { S: 'tampered' } },
          }),
        )
        .then(() => {});

    // Act
    const e = await refusal(
      migrateToOrgKeys(client, table, { backupDir: backupDir('tampered'), afterCopy: tamper }),
    );

    // Assess
    expect(e.code).toBe('migrate.verify');
    expect(e.en).toContain(`${newPk} / ${skOf(entry)}`);
    expect(e.en).toContain('target');
    expect(e.zh).toContain('旧记录都还在');
    expect(lines((await scanAll(table)).filter(isOld))).toEqual(lines(old));
    expect(filesIn(backupDir('tampered'))).toHaveLength(1);
  }, 60_000);
});
