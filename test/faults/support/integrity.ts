/**
 * What "no partial writes" means for the table, checked on a full scan: every item that one
 * transaction writes is there together with the others of that transaction, and the heads say
 * exactly what the immutable items say.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_AWS } from '../../../functions/local/dynamodb';
import { sha256 } from '../../../functions/store/repository';

export type Item = Record<string, unknown>;

/** Every item of the table (a consistent, paged scan). */
export async function scanTable(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  const doc = DynamoDBDocumentClient.from(client);
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface StoredVersion {
  readonly id: string;
  readonly version: number;
  readonly idempotencyKey: string;
  readonly body: string;
  readonly submittedAt: string;
}

export interface StoredReview {
  readonly id: string;
  readonly version: number;
  readonly decision: string;
  readonly at: string;
}

export interface TableView {
  readonly versions: StoredVersion[];
  readonly reviews: StoredReview[];
  /** Broken invariants, each a sentence naming the item; empty when the table is whole. */
  readonly problems: string[];
}

const num = (x: unknown) => x as number;
const str = (x: unknown) => x as string;

/**
 * Reads the submissions out of a scan and checks, for every report:
 * - versions 1…latestVersion all exist, none beyond, each with all its body chunks and a body
 *   whose sha256 is the one recorded;
 * - each version has exactly one idempotency record answering with that version, and exactly one
 *   `submission.create` audit entry; no idempotency record or audit entry points at nothing;
 * - each review is of an existing version and has exactly one `submission.review` audit entry;
 * - the head's latestState and acceptedVersion are what the reviews say.
 */
export function readTable(items: readonly Item[]): TableView {
  const problems: string[] = [];
  const byPk = new Map<string, Item[]>();
  for (const it of items) {
    const pk = str(it.pk);
    const list = byPk.get(pk) ?? [];
    list.push(it);
    byPk.set(pk, list);
  }
  const audit = items.filter((it) => /^ORG#[a-z0-9-]+#AUDIT#/.test(str(it.pk)));
  const auditCount = new Map<string, number>();
  for (const a of audit) {
    const k = `${str(a.action)} ${str(a.target)}`;
    auditCount.set(k, (auditCount.get(k) ?? 0) + 1);
  }
  const idem = items.filter((it) => it.type === 'idempotency');
  const idemByResponse = new Map<string, Item[]>();
  for (const i of idem) {
    const r = JSON.parse(str(i.response)) as { id?: string; version?: number };
    const k = `${r.id}/v${r.version}`;
    idemByResponse.set(k, [...(idemByResponse.get(k) ?? []), i]);
  }

  const versions: StoredVersion[] = [];
  const reviews: StoredReview[] = [];
  const seen = new Set<string>();
  for (const [pk, list] of byPk) {
    const sub = /^ORG#[a-z0-9-]+#SUB#(.+)$/.exec(pk);
    if (!sub) continue;
    const id = sub[1]!;
    const head = list.find((it) => it.sk === 'HEAD');
    const vItems = list.filter((it) => it.type === 'submissionVersion');
    const chunks = new Map(list.filter((it) => it.type === 'chunk').map((c) => [str(c.sk), str(c.part)]));
    const rItems = list.filter((it) => it.type === 'review');
    if (!head) {
      problems.push(`${id}: ${vItems.length} version(s) but no head`);
      continue;
    }
    const latest = num(head.latestVersion);
    const numbers = vItems.map((v) => num(v.version)).sort((a, b) => a - b);
    const expected = Array.from({ length: latest }, (_, i) => i + 1);
    if (numbers.join(',') !== expected.join(',')) {
      problems.push(`${id}: head says ${latest} version(s), found [${numbers.join(',')}]`);
    }
    let usedChunks = 0;
    for (const v of vItems) {
      const n = num(v.version);
      const target = `${id}/v${n}`;
      let body = str(v.part);
      for (let i = 1; i < num(v.chunks); i++) {
        const sk = `V#${String(n).padStart(8, '0')}#C#${String(i).padStart(4, '0')}`;
        const part = chunks.get(sk);
        if (part === undefined) problems.push(`${target}: chunk ${i} missing`);
        else usedChunks++;
        body += part ?? '';
      }
      if (sha256(body) !== v.sha256) problems.push(`${target}: body does not match its sha256`);
      const keys = idemByResponse.get(target) ?? [];
      if (keys.length !== 1) problems.push(`${target}: ${keys.length} idempotency records`);
      else if (!str(keys[0]!.pk).endsWith(`#${str(v.idempotencyKey)}`))
        problems.push(`${target}: stored key ${str(v.idempotencyKey)} has another idempotency record`);
      const created = auditCount.get(`submission.create ${target}`) ?? 0;
      if (created !== 1) problems.push(`${target}: ${created} submission.create audit entries`);
      seen.add(target);
      versions.push({
        id,
        version: n,
        idempotencyKey: str(v.idempotencyKey),
        body,
        submittedAt: str(v.submittedAt),
      });
    }
    if (usedChunks !== chunks.size)
      problems.push(`${id}: ${chunks.size - usedChunks} chunk(s) of no version`);
    for (const r of rItems) {
      const n = num(r.version);
      if (!numbers.includes(n)) problems.push(`${id}: review of missing version ${n}`);
      const k = `submission.review ${id}/v${n}`;
      if ((auditCount.get(k) ?? 0) !== 1)
        problems.push(`${id}/v${n}: ${auditCount.get(k) ?? 0} review audit entries`);
      reviews.push({ id, version: n, decision: str(r.decision), at: str(r.at) });
    }
    const latestReview = rItems.find((r) => num(r.version) === latest);
    const state = latestReview ? (latestReview.decision === 'accept' ? 'accepted' : 'returned') : 'pending';
    if (head.latestState !== state)
      problems.push(`${id}: head says ${str(head.latestState)}, reviews say ${state}`);
    const accepted = rItems
      .filter((r) => r.decision === 'accept')
      .map((r) => num(r.version))
      .sort((a, b) => a - b)
      .at(-1);
    if (head.acceptedVersion !== accepted)
      problems.push(
        `${id}: head accepted v${String(head.acceptedVersion)}, reviews say v${String(accepted)}`,
      );
  }
  for (const k of idemByResponse.keys())
    if (!seen.has(k)) problems.push(`idempotency record for missing ${k}`);
  for (const a of audit) {
    if (a.action === 'submission.create' && !seen.has(str(a.target)))
      problems.push(`audit entry for missing ${str(a.target)}`);
  }
  return { versions, reviews, problems };
}

/** Scans and reads the table in one go. */
export async function inspectTable(endpoint: string, tableName: string): Promise<TableView> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  try {
    return readTable(await scanTable(client, tableName));
  } finally {
    client.destroy();
  }
}
