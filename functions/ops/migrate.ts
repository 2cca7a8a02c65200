/**
 * The one-off migration to the organisation in every key (docs/decisions/0003): finds the items
 * of the earlier layout (`PLAN#<year>`, `SUB#<id>`, `IDEM#…`, `AUDIT#<year>`, `REMIND#<year>`),
 * writes a backup (./backup.ts), copies each item to its key under `ORG#<org>#…` in
 * transactions that never overwrite (`attribute_not_exists(pk)`), adds the organisation's item,
 * copies the summary files to `summaries/<org>/<year>/`, and reads every copy back to compare
 * it attribute by attribute with its original. Nothing is deleted: the old items stay for a
 * later explicit clean-up, so a failed migration loses nothing, and a rerun finishes an
 * interrupted one (an identical copy is skipped). The local stack runs it on start; on AWS
 * `shishi migrate` runs it against a point-in-time-restored copy first.
 */
import { join, resolve } from 'node:path';
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ORG_ID } from '../../api/roles';
import type { Organisation } from '../../domain/plan';
import { organisationKey, organisationUpdate } from '../store/entities/organisation';
import { FileExistsError, type FileStore } from '../store/files';
import {
  auditPk,
  HEAD,
  ORG_SK,
  orgPk,
  orgPrefix,
  parseSubmissionId,
  planGsiSk,
  planPk,
  plansGsiPk,
  reminderPk,
  submissionPk,
  yearGsiPk,
  yearGsiSk,
} from '../store/keys';
import { exportTable } from './backup';
import { canonical, itemToJson } from './backup-file';
import { scanPages } from './dynamodb';

type RawItem = Record<string, AttributeValue>;

/** TransactWriteItems takes at most 100 requests (and 4 MB): a batch stays below both. */
export const TRANSACT_ITEMS = 100;
const TRANSACT_BYTES = 3_500_000;
/** BatchGetItem reads at most 100 keys. */
const GET_KEYS = 100;

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly code:
      | 'migrate.noOrganisation'
      | 'migrate.manyOrganisations'
      | 'migrate.unknownItem'
      | 'migrate.taken'
      | 'migrate.verify'
      | 'migrate.fileTaken',
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

export interface MigrateOptions {
  /** The folder the backup is written to, before anything else is written. */
  readonly backupDir: string;
  /** The file store whose summaries (`summaries/<year>/…`) are copied to `summaries/<org>/<year>/…`. */
  readonly files?: FileStore;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Only say what would be copied: no backup, no write. */
  readonly dryRun?: boolean;
  readonly now?: () => Date;
  /** Called after the copy and before the verification (tests tamper here). */
  readonly afterCopy?: () => Promise<void>;
}

export interface MigrateResult {
  /** Items of the earlier layout found. */
  readonly found: number;
  /** Items copied to their new key by this run. */
  readonly copied: number;
  /** Items whose identical copy was there already. */
  readonly skipped: number;
  /** Copies read back and found identical. */
  readonly verified: number;
  /** Summary files copied by this run. */
  readonly files: number;
  /** The organisation of the earlier data (absent when there was none). */
  readonly org?: string;
  /** The backup written before the copy (absent when nothing was to be copied). */
  readonly backup?: string;
  readonly dryRun?: true;
}

const LEGACY_PK = /^(PLAN|SUB|IDEM|AUDIT|REMIND)#(.+)$/;

const s = (text: string): AttributeValue => ({ S: text });
const str = (v: AttributeValue | undefined) => (v && 'S' in v ? v.S : undefined);
const keyText = (item: RawItem) => `${str(item.pk)} / ${str(item.sk)}`;
const isLegacy = (item: RawItem) => LEGACY_PK.test(str(item.pk) ?? '');

const text = (v: AttributeValue | undefined) =>
  v === undefined ? 'undefined' : JSON.stringify(canonical(itemToJson({ v }).v));

/** The attributes in which two items differ (none: they are the same item). */
export function differences(a: RawItem, b: RawItem): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((n) => text(a[n]) !== text(b[n]));
}

const unknownItem = (item: RawItem) =>
  new MigrationError(
    'migrate.unknownItem',
    `无法识别旧格式的记录 ${keyText(item)}：迁移未做任何改动。`,
    `The earlier-layout item ${keyText(item)} is not one the migration knows: nothing was changed.`,
  );

function yearOf(rest: string, item: RawItem): number {
  if (!/^\d{4}$/.test(rest)) throw unknownItem(item);
  return Number(rest);
}

/**
 * The item at its new key: the same attributes, the partition key under the organisation, the
 * heads' byYear keys under it (given whether or not the earlier head had them), and `org` on
 * audit entries. Throws for an item of no known kind.
 */
export function migratedItem(item: RawItem, org: string): RawItem {
  const m = LEGACY_PK.exec(str(item.pk) ?? '');
  if (!m || str(item.sk) === undefined) throw unknownItem(item);
  const kind = m[1]!;
  const rest = m[2]!;
  switch (kind) {
    case 'PLAN': {
      const year = yearOf(rest, item);
      const out: RawItem = { ...item, pk: s(planPk(org, year)) };
      if (str(item.sk) === HEAD)
        Object.assign(out, { gsi1pk: s(plansGsiPk(org)), gsi1sk: s(planGsiSk(year)) });
      return out;
    }
    case 'SUB': {
      const id = parseSubmissionId(rest);
      if (!id) throw unknownItem(item);
      const out: RawItem = { ...item, pk: s(submissionPk(org, rest)) };
      if (str(item.sk) === HEAD) {
        Object.assign(out, { gsi1pk: s(yearGsiPk(org, id.year)), gsi1sk: s(yearGsiSk(id.unit, id.period)) });
      }
      return out;
    }
    case 'IDEM':
      return { ...item, pk: s(`${orgPrefix(org)}#IDEM#${rest}`) };
    case 'AUDIT':
      return { ...item, pk: s(auditPk(org, yearOf(rest, item))), org: s(org) };
    case 'REMIND':
      return { ...item, pk: s(reminderPk(org, yearOf(rest, item))) };
    default:
      throw unknownItem(item);
  }
}

/** The years the earlier items name: where their summary files were kept. */
function yearsOf(items: readonly RawItem[]): number[] {
  const years = new Set<number>();
  for (const item of items) {
    const y = /^(?:PLAN|AUDIT|REMIND|SUB)#(\d{4})/.exec(str(item.pk) ?? '')?.[1];
    if (y) years.add(Number(y));
  }
  return [...years].sort();
}

/** The organisations the earlier plan versions name, with the newest plan's description of each. */
function organisationsOf(items: readonly RawItem[]): Map<string, Organisation> {
  const versions = items
    .filter((i) => /^PLAN#\d{4}$/.test(str(i.pk) ?? '') && str(i.sk)?.startsWith('V#') && str(i.body))
    .sort((a, b) => `${str(a.pk)}${str(a.sk)}`.localeCompare(`${str(b.pk)}${str(b.sk)}`));
  const found = new Map<string, Organisation>();
  for (const v of versions) {
    let o: Organisation | undefined;
    try {
      o = (JSON.parse(str(v.body)!) as { organisation?: Organisation }).organisation;
    } catch {
      o = undefined;
    }
    if (o && typeof o.id === 'string') found.set(o.id, o);
  }
  return found;
}

function theOrganisation(legacy: readonly RawItem[]): Organisation {
  const orgs = organisationsOf(legacy);
  if (orgs.size > 1) {
    const ids = [...orgs.keys()].join(', ');
    throw new MigrationError(
      'migrate.manyOrganisations',
      `旧格式的数据属于多个组织（${ids}），无法确定迁移到哪一个：迁移未做任何改动。请先把各组织的数据分到不同的表。`,
      `The earlier-layout data belongs to more than one organisation (${ids}), so it cannot tell which to migrate to: nothing was changed. Split the organisations' data into separate tables first.`,
    );
  }
  const only = [...orgs.values()][0];
  if (!only || !ORG_ID.test(only.id)) {
    throw new MigrationError(
      'migrate.noOrganisation',
      `旧格式的 ${legacy.length} 条记录中没有计划写明所属组织${only ? `（"${only.id}" 不是有效的组织编号）` : ''}：迁移未做任何改动。`,
      `None of the ${legacy.length} earlier-layout items has a plan naming its organisation${only ? ` ("${only.id}" is not a valid organisation id)` : ''}: nothing was changed.`,
    );
  }
  return only;
}

/** Splits `items` into transactions of at most 100 requests and about 3.5 MB. */
function batches(items: readonly RawItem[]): RawItem[][] {
  const out: RawItem[][] = [];
  let batch: RawItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(itemToJson(item)), 'utf8');
    if (batch.length === TRANSACT_ITEMS || (batch.length > 0 && bytes + size > TRANSACT_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

const keyId = (item: RawItem) => JSON.stringify([str(item.pk), str(item.sk)]);

/** Reads the items at `keys` (consistent), 100 at a time. */
async function readItems(client: DynamoDBClient, tableName: string, keys: readonly RawItem[]) {
  const found = new Map<string, RawItem>();
  for (let i = 0; i < keys.length; i += GET_KEYS) {
    let pending: RawItem[] = keys.slice(i, i + GET_KEYS).map((k) => ({ pk: k.pk!, sk: k.sk! }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      const out = await client.send(
        new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[tableName] ?? []) found.set(keyId(item), item);
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as RawItem[];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** attempt)));
    }
  }
  return found;
}

const taken = (from: RawItem, to: RawItem, attrs: readonly string[]) =>
  new MigrationError(
    'migrate.taken',
    `记录 ${keyText(from)} 的新位置 ${keyText(to)} 已有一条不同的记录（${attrs.join('、')} 不同）：迁移已停止，旧记录都还在。`,
    `The new key ${keyText(to)} of the item ${keyText(from)} already holds a different item (${attrs.join(', ')} differ): the migration stopped and the old items are all still there.`,
  );

/**
 * Migrates the earlier layout's items of `tableName` to the organisation's keys; see the file's
 * comment. Answers what it found and did; throws a `MigrationError` (zh and en) when the data
 * names no organisation or several (before any write), when a new key holds a different item,
 * or when a copy read back differs from its original.
 */
export async function migrateToOrgKeys(
  client: DynamoDBClient,
  tableName: string,
  opts: MigrateOptions,
): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());

  // A one-off over the whole table: a consistent, paged scan.
  const legacy: RawItem[] = [];
  const current = new Map<string, RawItem>();
  for await (const page of scanPages(client, { TableName: tableName })) {
    for (const item of page) {
      if (isLegacy(item)) legacy.push(item);
      else current.set(keyId(item), item);
    }
  }
  if (legacy.length === 0) return { found: 0, copied: 0, skipped: 0, verified: 0, files: 0 };

  const organisation = theOrganisation(legacy);
  const org = organisation.id;
  const pairs = legacy.map((from) => ({ from, to: migratedItem(from, org) }));

  // What is to be copied; a different item at a new key stops everything before any write.
  const toCopy: RawItem[] = [];
  let skipped = 0;
  for (const { from, to } of pairs) {
    const there = current.get(keyId(to));
    if (!there) toCopy.push(to);
    else {
      const attrs = differences(to, there);
      if (attrs.length > 0) throw taken(from, to, attrs);
      skipped++;
    }
  }
  const orgItemMissing = !current.has(JSON.stringify([orgPk(org), ORG_SK]));

  // The summary files under `summaries/<year>/`, to `summaries/<org>/<year>/`.
  const fileCopies: { from: string; to: string; bytes: Buffer }[] = [];
  if (opts.files) {
    for (const year of yearsOf(legacy)) {
      for (const key of await opts.files.list(`summaries/${year}/`)) {
        const to = `summaries/${org}/${year}/${key.slice(`summaries/${year}/`.length)}`;
        const bytes = await opts.files.get(key);
        if (!bytes) continue;
        const there = await opts.files.get(to);
        if (there && !there.equals(bytes)) {
          throw new MigrationError(
            'migrate.fileTaken',
            `汇总表 ${key} 的新位置 ${to} 已有一个不同的文件：迁移已停止，没有覆盖任何文件。`,
            `The new place ${to} of the summary ${key} already holds a different file: the migration stopped and overwrote nothing.`,
          );
        }
        if (!there) fileCopies.push({ from: key, to, bytes });
      }
    }
  }

  if (opts.dryRun) {
    return {
      found: legacy.length,
      copied: toCopy.length,
      skipped,
      verified: 0,
      files: fileCopies.length,
      org,
      dryRun: true,
    };
  }

  let backup: string | undefined;
  if (toCopy.length > 0 || fileCopies.length > 0 || orgItemMissing) {
    const stamp = now().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const file = resolve(join(opts.backupDir, `${tableName}-before-org-keys-${stamp}.jsonl`));
    log(`正在备份表 ${tableName} 到 ${file} … / Backing up the table ${tableName} to ${file}...`);
    backup = (await exportTable(client, tableName, file, { now })).file ?? file;
  }

  let copied = 0;
  for (const batch of batches(toCopy)) {
    try {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: batch.map((Item) => ({
            Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
          })),
        }),
      );
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e;
      // Someone wrote a new key meanwhile: name the first such item.
      const i = (e.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
      const to = batch[Math.max(0, i)]!;
      const from = pairs.find((p) => p.to === to)!.from;
      const there = (await readItems(client, tableName, [to])).get(keyId(to));
      throw taken(from, to, there ? differences(to, there) : ['?']);
    }
    copied += batch.length;
    log(`已复制 ${copied}/${toCopy.length} 条 / Copied ${copied}/${toCopy.length} items`);
  }

  if (orgItemMissing) {
    const doc = DynamoDBDocumentClient.from(client);
    const at = now().toISOString();
    const there = await doc.send(
      new GetCommand({ TableName: tableName, Key: organisationKey(org), ConsistentRead: true }),
    );
    if (!there.Item)
      await doc.send(new UpdateCommand(organisationUpdate(tableName, organisation, at).Update));
  }

  let files = 0;
  for (const f of fileCopies) {
    try {
      await opts.files!.put(f.to, f.bytes);
      files++;
    } catch (e) {
      if (!(e instanceof FileExistsError)) throw e;
      const there = await opts.files!.get(f.to);
      if (!there?.equals(f.bytes)) {
        throw new MigrationError(
          'migrate.fileTaken',
          `汇总表 ${f.from} 的新位置 ${f.to} 已有一个不同的文件：没有覆盖它。`,
          `The new place ${f.to} of the summary ${f.from} already holds a different file: it was not overwritten.`,
        );
      }
    }
  }

  await opts.afterCopy?.();

  // Every copy read back and compared with its original, attribute by attribute.
  const read = await readItems(
    client,
    tableName,
    pairs.map((p) => p.to),
  );
  let verified = 0;
  for (const { from, to } of pairs) {
    const there = read.get(keyId(to));
    const attrs = there ? differences(to, there) : [];
    if (!there || attrs.length > 0) {
      throw new MigrationError(
        'migrate.verify',
        `核对失败：记录 ${keyText(from)} 的副本 ${keyText(to)} ${there ? `与原记录不同（${attrs.join('、')}）` : '不存在'}。旧记录都还在，什么也没有删除${backup ? `；备份在 ${backup}` : ''}。`,
        `Verification failed: the copy ${keyText(to)} of the item ${keyText(from)} ${there ? `differs from the original (${attrs.join(', ')})` : 'is missing'}. The old items are all still there and nothing was deleted${backup ? `; the backup is ${backup}` : ''}.`,
      );
    }
    verified++;
  }
  log(`已核对 ${verified} 条 / Verified ${verified} items`);
  return {
    found: legacy.length,
    copied,
    skipped,
    verified,
    files,
    org,
    ...(backup ? { backup } : {}),
  };
}
