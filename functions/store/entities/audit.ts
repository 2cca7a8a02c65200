/**
 * Audit entries (immutable): one per write, in the same transaction as the write, under
 * `ORG#<org>#AUDIT#<year>` sorted by time. Every write that audits puts its entry with `auditPut`.
 *
 * The entries of a year form a hash chain (tamper-evident, docs/decisions/0005): entry n carries
 * `seq` n, `prev` (the hash of entry n − 1) and `hash` (sha256 of its every field). A head item
 * (`ORG#<org>#AUDITHEAD#<year>`) holds the newest `seq` and `hash`, and moves only under the
 * condition that it still says n − 1, in the transaction of the write itself: entries are never
 * written out of turn. `verifyChain` walks the chain and names the first entry put, changed or
 * deleted outside it. Entries from before the chain (issue 15) are sealed by the first entry:
 * its `prev` is the hash of all of them (`legacyDigest`), its `legacy` their number.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditProblem, AuditVerification } from '../../../api/views';
import { auditHeadPk, auditPk, HEAD } from '../keys';
import { type Item, type Key, type PutRequest, partitionQuery, putNew, type UpdateRequest } from './item';

/** The API's view of the item (api/views.ts): the store returns what the API answers. */
export type { AuditEntry, AuditVerification };

/** Who wrote: the person's subject, role, unit and name (`system:…` for the stack's own writes). */
export interface Actor {
  readonly sub: string;
  readonly role: string;
  readonly unit?: string;
  readonly name?: string;
}

/** The entry's fields that name the person: subject, name and role. */
export const byActor = (actor: Actor) => ({
  who: actor.sub,
  ...(actor.name ? { name: actor.name } : {}),
  role: actor.role,
});

/** Where an entry goes in its chain: its number, the previous entry's hash, the entries before the chain. */
export interface ChainLink {
  readonly seq: number;
  readonly prev: string;
  /** Only on the first entry: how many entries from before the chain `prev` seals. */
  readonly legacy?: number;
}

/** The `prev` of a chain's first entry when no entry came before it. */
export const GENESIS = '0'.repeat(64);

const canonical = (item: Item) =>
  JSON.stringify(
    Object.keys(item)
      .filter((k) => k !== 'hash')
      .sort()
      .map((k) => [k, item[k]]),
  );

/** The hash of an entry's item: its keys and every field but `hash`, in a fixed order. */
export const entryHash = (item: Item) => createHash('sha256').update(canonical(item)).digest('hex');

/** The hash sealing the entries from before the chain: each whole item, in sort key order. */
export function legacyDigest(items: readonly Item[]): string {
  if (items.length === 0) return GENESIS;
  const h = createHash('sha256');
  for (const item of [...items].sort(bySk)) h.update(`${canonical(item)}\n`);
  return h.digest('hex');
}

const bySk = (a: Item, b: Item) => (String(a.sk) < String(b.sk) ? -1 : String(a.sk) > String(b.sk) ? 1 : 0);
const isChained = (item: Item) => typeof item.seq === 'number';

/** The key of the year's chain head. */
export const auditHeadKey = (org: string, year: number): Key => ({ pk: auditHeadPk(org, year), sk: HEAD });

/** The head as stored: the newest entry's number and hash (0 and none before the first). */
export const chainHeadOf = (item: Item | undefined) =>
  item ? { seq: item.seq as number, hash: item.hash as string } : undefined;

/**
 * The one Put of an audit entry, at its place `link` of the chain. Its sort key is the time and a
 * random id, so that two writes in the same millisecond both keep their entry.
 */
export function auditPut(
  table: string,
  org: string,
  entry: AuditEntry,
  link: ChainLink,
  id: string = randomUUID(),
): PutRequest {
  const item: Item = {
    pk: auditPk(org, entry.year),
    sk: `${entry.at}#${id}`,
    type: 'audit',
    org,
    ...entry,
    seq: link.seq,
    prev: link.prev,
    ...(link.legacy ? { legacy: link.legacy } : {}),
  };
  return putNew(table, { ...item, hash: entryHash(item) });
}

/** Moves the chain head to the entry `put`, if it still names the entry before it. */
export function auditHeadUpdate(table: string, org: string, put: PutRequest): UpdateRequest {
  const item = put.Put.Item;
  const seq = item.seq as number;
  return {
    Update: {
      TableName: table,
      Key: auditHeadKey(org, item.year as number),
      UpdateExpression: 'SET #seq = :seq, #hash = :hash, #at = :at, #type = :type',
      ConditionExpression: seq === 1 ? 'attribute_not_exists(pk)' : '#seq = :before',
      ExpressionAttributeNames: { '#seq': 'seq', '#hash': 'hash', '#at': 'at', '#type': 'type' },
      ExpressionAttributeValues: {
        ':seq': seq,
        ':hash': item.hash,
        ':at': item.at,
        ':type': 'auditHead',
        ...(seq === 1 ? {} : { ':before': seq - 1 }),
      },
    },
  };
}

/** Every entry of the year, whatever its place, for `verifyChain` and for a chain's first entry. */
export const auditPartitionQuery = (table: string, org: string, year: number) =>
  partitionQuery(table, auditPk(org, year));

/**
 * Where the next entry goes: after the head, or — the year's first — sealing the entries from
 * before the chain (`partition`: the year's entries, read only then).
 */
export function nextLink(
  head: { seq: number; hash: string } | undefined,
  partition?: readonly Item[],
): ChainLink {
  if (head) return { seq: head.seq + 1, prev: head.hash };
  const legacy = (partition ?? []).filter((i) => !isChained(i));
  return { seq: 1, prev: legacyDigest(legacy), ...(legacy.length ? { legacy: legacy.length } : {}) };
}

const problem = (
  kind: AuditProblem['kind'],
  seq: number | undefined,
  item: Item | undefined,
  zh: string,
  en: string,
): AuditProblem => ({
  kind,
  ...(seq ? { seq } : {}),
  ...(item ? { entry: auditEntryOf(item) } : {}),
  zh,
  en,
});

const named = (item: Item) => `${item.action ?? '?'} ${item.target ?? '?'} (${item.at ?? '?'})`;

/**
 * Walks the year's chain from its first entry to its head and names the first entry that was put,
 * changed or deleted outside it. Pure: `items` are the year's audit items, `headItem` its head.
 */
export function verifyChain(
  year: number,
  items: readonly Item[],
  headItem: Item | undefined,
): AuditVerification {
  const head = chainHeadOf(headItem);
  const chained = items.filter(isChained).sort((a, b) => (a.seq as number) - (b.seq as number) || bySk(a, b));
  const legacy = items.filter((i) => !isChained(i)).sort(bySk);
  const base = { year, entries: items.length, ...(head ? { head } : {}) };
  const fail = (p: AuditProblem): AuditVerification => ({ ...base, ok: false, problem: p });

  if (chained.length === 0) {
    if (head) {
      return fail(
        problem(
          'missing',
          1,
          undefined,
          `审计链应有 ${head.seq} 条记录，但一条也没有：记录已被删除`,
          `The chain's head says ${head.seq} entries, but none is stored: they were deleted`,
        ),
      );
    }
    if (legacy.length) {
      return fail(
        problem(
          'forged',
          undefined,
          legacy[0],
          `记录不在审计链中：${named(legacy[0]!)}`,
          `An entry outside the chain: ${named(legacy[0]!)}`,
        ),
      );
    }
    return { ...base, ok: true };
  }

  // The entries from before the chain are sealed by its first entry.
  const first = chained[0]!;
  const sealed = (first.legacy as number | undefined) ?? 0;
  if (first.seq === 1 && legacyDigest(legacy) !== first.prev) {
    const extra = legacy.length > sealed;
    return fail(
      extra
        ? problem(
            'forged',
            undefined,
            legacy[legacy.length - 1],
            `记录不在审计链中：${named(legacy[legacy.length - 1]!)}`,
            `An entry outside the chain: ${named(legacy[legacy.length - 1]!)}`,
          )
        : problem(
            legacy.length < sealed ? 'missing' : 'altered',
            1,
            first,
            `审计链之前的 ${sealed} 条记录已被改动或删除`,
            `The ${sealed} entries from before the chain were changed or deleted`,
          ),
    );
  }

  let prev = first.seq === 1 ? (first.prev as string) : undefined;
  let expected = 1;
  for (let i = 0; i < chained.length; i++) {
    const item = chained[i]!;
    const seq = item.seq as number;
    if (seq > expected) {
      return fail(
        problem(
          'missing',
          expected,
          undefined,
          `审计链缺少第 ${expected} 条记录（已被删除），其后是：${named(item)}`,
          `Entry ${expected} of the chain is missing (deleted); the next is ${named(item)}`,
        ),
      );
    }
    const intact = entryHash(item) === item.hash;
    const follows = item.prev === prev;
    if (seq < expected) {
      // A second entry in a place already taken: the one that the chain does not run through.
      return fail(
        problem(
          'forged',
          seq,
          item,
          `审计链第 ${seq} 条出现两次，此条是伪造的：${named(item)}`,
          `Entry ${seq} of the chain appears twice; this one is forged: ${named(item)}`,
        ),
      );
    }
    if (!intact) {
      return fail(
        problem(
          'altered',
          seq,
          item,
          `审计链第 ${seq} 条记录与其哈希不符（已被改动）：${named(item)}`,
          `Entry ${seq} no longer matches its hash (it was changed): ${named(item)}`,
        ),
      );
    }
    if (!follows) {
      // A twin with the same number may be the genuine one: then this one is forged.
      const twin = chained[i + 1];
      const genuineTwin = twin && twin.seq === seq && twin.prev === prev && entryHash(twin) === twin.hash;
      return fail(
        genuineTwin
          ? problem(
              'forged',
              seq,
              item,
              `审计链第 ${seq} 条出现两次，此条是伪造的：${named(item)}`,
              `Entry ${seq} of the chain appears twice; this one is forged: ${named(item)}`,
            )
          : problem(
              'broken',
              seq,
              item,
              `审计链第 ${seq} 条不接续上一条：${named(item)}`,
              `Entry ${seq} does not follow the entry before it: ${named(item)}`,
            ),
      );
    }
    const twin = chained[i + 1];
    if (twin && twin.seq === seq) {
      // This entry is genuine so far; its twin is the forgery, unless the chain runs through the twin.
      const next = chained.find((c) => (c.seq as number) === seq + 1);
      const throughTwin = next ? next.prev === twin.hash : head?.hash === twin.hash;
      const forged = throughTwin ? item : twin;
      return fail(
        problem(
          'forged',
          seq,
          forged,
          `审计链第 ${seq} 条出现两次，此条是伪造的：${named(forged)}`,
          `Entry ${seq} of the chain appears twice; this one is forged: ${named(forged)}`,
        ),
      );
    }
    prev = item.hash as string;
    expected = seq + 1;
  }
  const last = chained[chained.length - 1]!;
  if (!head) {
    return fail(
      problem('broken', undefined, undefined, '审计链的链头已被删除', "The chain's head was deleted"),
    );
  }
  if (head.seq > (last.seq as number)) {
    return fail(
      problem(
        'missing',
        (last.seq as number) + 1,
        undefined,
        `审计链最后的 ${head.seq - (last.seq as number)} 条记录已被删除（应有 ${head.seq} 条）`,
        `The last ${head.seq - (last.seq as number)} entries of the chain were deleted (its head says ${head.seq})`,
      ),
    );
  }
  if (head.seq < (last.seq as number)) {
    const beyond = chained.find((c) => (c.seq as number) === head.seq + 1)!;
    return fail(
      problem(
        'forged',
        head.seq + 1,
        beyond,
        `记录在审计链的链头之后，是伪造的：${named(beyond)}`,
        `An entry beyond the chain's head is forged: ${named(beyond)}`,
      ),
    );
  }
  if (head.hash !== last.hash) {
    return fail(
      problem(
        'broken',
        head.seq,
        last,
        `审计链的链头与最后一条记录不符：${named(last)}`,
        `The chain's head does not match its last entry: ${named(last)}`,
      ),
    );
  }
  return { ...base, ok: true };
}

/** The audit trail's cursor is the last sort key read, opaque to the caller (base64url). */
export const auditCursor = (sk: unknown) => Buffer.from(String(sk), 'utf8').toString('base64url');

/** A page of a year's audit trail, oldest first, from `cursor` (see `auditCursor`). */
export function auditQuery(
  table: string,
  org: string,
  year: number,
  limit: number,
  cursor?: string,
): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': auditPk(org, year) },
    Limit: limit,
    ...(cursor
      ? {
          ExclusiveStartKey: {
            pk: auditPk(org, year),
            sk: Buffer.from(cursor, 'base64url').toString('utf8'),
          },
        }
      : {}),
  };
}

/** The entry as it was put: the item without its keys and type. */
export function auditEntryOf(item: Item): AuditEntry {
  return {
    at: item.at as string,
    year: item.year as number,
    action: item.action as AuditEntry['action'],
    target: item.target as string,
    who: item.who as string,
    ...(item.name !== undefined ? { name: item.name as string } : {}),
    role: item.role as string,
    ...(item.unit !== undefined ? { unit: item.unit as string } : {}),
    sha256: item.sha256 as string,
    ...(item.detail !== undefined ? { detail: item.detail as string } : {}),
    ...(item.seq !== undefined ? { seq: item.seq as number } : {}),
    ...(item.prev !== undefined ? { prev: item.prev as string } : {}),
    ...(item.hash !== undefined ? { hash: item.hash as string } : {}),
  };
}
