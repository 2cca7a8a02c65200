/**
 * The store: every read and write of the table. Versions, reviews and audit entries are
 * immutable items; a head item per submission (and per plan) points at the latest and the
 * accepted version and is only moved under a version condition, in the same transaction as
 * the items it points at. Nothing is overwritten or deleted.
 */
import { createHash, randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { MAX_BODY_CHARS } from '../../api/schemas';
import type { Period } from '../../domain/dates';
import type { Finding } from '../../domain/findings';
import type { Plan } from '../../domain/plan';
import type { ReviewState } from '../../domain/submission';
import {
  auditPk,
  chunkSk,
  HEAD,
  idempotencyPk,
  planPk,
  reminderPk,
  reminderSk,
  reviewSk,
  submissionPk,
  TABLE_INDEX_BY_YEAR,
  versionSk,
  yearGsiPk,
  yearGsiSk,
} from './keys';

/** Bodies are split into chunks well below DynamoDB's 400 KB item limit. */
export const CHUNK_CHARS = 120_000;
/** One transaction carries at most 100 items and 4 MB: bodies above this are refused (api/schemas.ts). */
export { MAX_BODY_CHARS };

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface Actor {
  readonly sub: string;
  readonly role: string;
  readonly unit?: string;
}

export interface AuditEntry {
  readonly at: string;
  readonly year: number;
  readonly action: 'plan.put' | 'submission.create' | 'submission.review' | 'reminder.create';
  readonly target: string;
  readonly who: string;
  readonly role: string;
  readonly unit?: string;
  readonly sha256: string;
  readonly detail?: string;
}

export interface PlanRecord {
  readonly year: number;
  readonly version: number;
  readonly plan: Plan;
  readonly createdAt: string;
  readonly by: string;
}

export interface SubmissionHead {
  readonly id: string;
  readonly year: number;
  readonly unit: string;
  readonly period: Period;
  readonly latestVersion: number;
  readonly latestState: ReviewState;
  readonly acceptedVersion?: number;
  readonly firstSubmittedAt: string;
  readonly latestSubmittedAt: string;
  readonly reviewedAt?: string;
}

export interface VersionRecord {
  readonly id: string;
  readonly version: number;
  readonly submittedAt: string;
  readonly by: string;
  readonly sha256: string;
  readonly findings: readonly Finding[];
  readonly chunks: number;
  /** The submission as JSON text. */
  readonly body: string;
}

export interface ReviewRecord {
  readonly id: string;
  readonly version: number;
  readonly decision: 'accept' | 'return';
  readonly comment: string;
  readonly by: string;
  readonly at: string;
}

export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly status: number;
  readonly response: unknown;
}

/** A report found late or missing on a run of the reminders job (immutable). */
export interface Reminder {
  readonly year: number;
  readonly unit: string;
  readonly period: Period;
  readonly due: string;
  readonly state: 'late' | 'missing';
  /** The day the status was computed for (Asia/Shanghai). */
  readonly asOf: string;
  readonly createdAt: string;
}

/** An expected outcome of a conditional write. */
export type WriteOutcome = 'ok' | 'conflict' | 'idempotencyTaken';

export class StoreError extends Error {
  override name = 'StoreError';
}

function auditItem(e: AuditEntry) {
  return { pk: auditPk(e.year), sk: `${e.at}#${randomUUID()}`, type: 'audit', ...e };
}

/** Which items of a transaction failed their condition (DynamoDB tells, in order). */
function cancelReasons(e: unknown): string[] | undefined {
  if (e instanceof TransactionCanceledException)
    return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return undefined;
}

export interface StoreOptions {
  /**
   * Read back an item of each transaction before saying it is stored. DynamoDB Local answers
   * TransactWriteItems a moment before its commit is on disk: killed in that moment, it loses a
   * write it acknowledged (test/faults/crash.test.ts shows it). A consistent read waits for the
   * commit. DynamoDB itself is durable when it answers, so this is for DynamoDB Local only.
   */
  readonly confirmWrites?: boolean;
}

export function createStore(doc: DynamoDBDocumentClient, tableName: string, options: StoreOptions = {}) {
  const T = tableName;

  /** With `confirmWrites`, waits until the item a transaction wrote can be read. */
  async function confirmed(key: { pk: string; sk: string }): Promise<void> {
    if (!options.confirmWrites) return;
    const out = await doc.send(new GetCommand({ TableName: T, Key: key, ConsistentRead: true }));
    if (!out.Item) throw new StoreError(`${key.pk} ${key.sk} was acknowledged but cannot be read`);
  }
  // Plan versions are immutable items: once read, a version need not be read again.
  const planVersions = new Map<string, PlanRecord>();

  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(new QueryCommand({ TableName: T, ...input, ExclusiveStartKey: start }));
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** BatchGet in pages of 100, retrying unprocessed keys. */
  async function batchGet(keys: Array<{ pk: string; sk: string }>): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Array<Record<string, unknown>> = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new StoreError('BatchGet kept returning unprocessed keys');
        const res = await doc.send(new BatchGetCommand({ RequestItems: { [T]: { Keys: pending } } }));
        out.push(...((res.Responses?.[T] ?? []) as Record<string, unknown>[]));
        pending = (res.UnprocessedKeys?.[T]?.Keys ?? []) as Array<Record<string, unknown>>;
        if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
    return out;
  }

  const headOf = (item: Record<string, unknown>): SubmissionHead => ({
    id: item.id as string,
    year: item.year as number,
    unit: item.unit as string,
    period: item.period as string,
    latestVersion: item.latestVersion as number,
    latestState: item.latestState as ReviewState,
    ...(item.acceptedVersion !== undefined ? { acceptedVersion: item.acceptedVersion as number } : {}),
    firstSubmittedAt: item.firstSubmittedAt as string,
    latestSubmittedAt: item.latestSubmittedAt as string,
    ...(item.reviewedAt ? { reviewedAt: item.reviewedAt as string } : {}),
  });

  async function bodiesOf(items: Record<string, unknown>[]): Promise<VersionRecord[]> {
    const chunkKeys = items.flatMap((it) => {
      const n = it.chunks as number;
      return Array.from({ length: n > 1 ? n - 1 : 0 }, (_, i) => ({
        pk: it.pk as string,
        sk: chunkSk(it.version as number, i + 1),
      }));
    });
    const chunks = new Map((await batchGet(chunkKeys)).map((c) => [`${c.pk}|${c.sk}`, c.part as string]));
    return items.map((it) => {
      const n = it.chunks as number;
      let body = it.part as string;
      for (let i = 1; i < n; i++) {
        const part = chunks.get(`${it.pk}|${chunkSk(it.version as number, i)}`);
        if (part === undefined) throw new StoreError(`chunk ${i} of ${it.pk} v${it.version} is missing`);
        body += part;
      }
      return {
        id: it.id as string,
        version: it.version as number,
        submittedAt: it.submittedAt as string,
        by: it.by as string,
        sha256: it.sha256 as string,
        findings: (it.findings ?? []) as Finding[],
        chunks: n,
        body,
      };
    });
  }

  return {
    tableName: T,

    async getPlan(year: number): Promise<PlanRecord | undefined> {
      const head = await doc.send(
        new GetCommand({ TableName: T, Key: { pk: planPk(year), sk: HEAD }, ConsistentRead: true }),
      );
      if (!head.Item) return undefined;
      const v = head.Item.version as number;
      const cached = planVersions.get(`${year}#${v}`);
      if (cached) return cached;
      const item = await doc.send(
        new GetCommand({ TableName: T, Key: { pk: planPk(year), sk: versionSk(v) }, ConsistentRead: true }),
      );
      if (!item.Item) throw new StoreError(`plan ${year} v${v} is missing`);
      const record: PlanRecord = {
        year,
        version: v,
        plan: JSON.parse(item.Item.body as string) as Plan,
        createdAt: item.Item.createdAt as string,
        by: item.Item.by as string,
      };
      planVersions.set(`${year}#${v}`, record);
      return record;
    },

    /** Stores a new plan version if the current one is still `expected` (0: none yet). */
    async putPlan(
      year: number,
      plan: Plan,
      expected: number,
      actor: Actor,
      at: string,
    ): Promise<{ outcome: 'ok'; version: number } | { outcome: 'conflict' }> {
      const body = JSON.stringify(plan);
      const version = expected + 1;
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: T,
                  Key: { pk: planPk(year), sk: HEAD },
                  UpdateExpression: 'SET version = :v, updatedAt = :at',
                  ConditionExpression: expected === 0 ? 'attribute_not_exists(pk)' : 'version = :e',
                  ExpressionAttributeValues: {
                    ':v': version,
                    ':at': at,
                    ...(expected === 0 ? {} : { ':e': expected }),
                  },
                },
              },
              {
                Put: {
                  TableName: T,
                  Item: {
                    pk: planPk(year),
                    sk: versionSk(version),
                    type: 'planVersion',
                    year,
                    version,
                    body,
                    createdAt: at,
                    by: actor.sub,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: T,
                  Item: auditItem({
                    at,
                    year,
                    action: 'plan.put',
                    target: `plan/${year}/v${version}`,
                    who: actor.sub,
                    role: actor.role,
                    sha256: sha256(body),
                  }),
                },
              },
            ],
          }),
        );
        await confirmed({ pk: planPk(year), sk: versionSk(version) });
        return { outcome: 'ok', version };
      } catch (e) {
        if (cancelReasons(e)?.includes('ConditionalCheckFailed')) return { outcome: 'conflict' };
        throw e;
      }
    },

    async getHead(id: string): Promise<SubmissionHead | undefined> {
      const out = await doc.send(
        new GetCommand({ TableName: T, Key: { pk: submissionPk(id), sk: HEAD }, ConsistentRead: true }),
      );
      return out.Item ? headOf(out.Item) : undefined;
    },

    /** Heads of a year's submissions, optionally for one unit and/or period (byYear index). */
    async listHeads(
      year: number,
      filter: { unit?: string; period?: string } = {},
    ): Promise<SubmissionHead[]> {
      const prefix = filter.unit
        ? filter.period
          ? yearGsiSk(filter.unit, filter.period)
          : `${filter.unit}#`
        : undefined;
      const items = await queryAll({
        IndexName: TABLE_INDEX_BY_YEAR,
        KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :p)' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': yearGsiPk(year), ...(prefix ? { ':p': prefix } : {}) },
      });
      const heads = items.map(headOf);
      return filter.period && !filter.unit ? heads.filter((h) => h.period === filter.period) : heads;
    },

    /** Every version of a submission with its body, and every review, oldest first. */
    async getHistory(id: string): Promise<{ versions: VersionRecord[]; reviews: ReviewRecord[] }> {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': submissionPk(id) },
        ConsistentRead: true,
      });
      const versionItems = items.filter((it) => it.type === 'submissionVersion');
      const chunkParts = new Map(
        items.filter((it) => it.type === 'chunk').map((c) => [c.sk as string, c.part as string]),
      );
      const versions = versionItems.map((it) => {
        let body = it.part as string;
        for (let i = 1; i < (it.chunks as number); i++)
          body += chunkParts.get(chunkSk(it.version as number, i)) ?? '';
        return {
          id,
          version: it.version as number,
          submittedAt: it.submittedAt as string,
          by: it.by as string,
          sha256: it.sha256 as string,
          findings: (it.findings ?? []) as Finding[],
          chunks: it.chunks as number,
          body,
        };
      });
      const reviews = items
        .filter((it) => it.type === 'review')
        .map((it) => ({
          id,
          version: it.version as number,
          decision: it.decision as 'accept' | 'return',
          comment: (it.comment as string) ?? '',
          by: it.by as string,
          at: it.at as string,
        }));
      return { versions, reviews };
    },

    /** The bodies of chosen versions, in one batch (plus their chunks). */
    async getVersions(refs: Array<{ id: string; version: number }>): Promise<VersionRecord[]> {
      const items = await batchGet(refs.map((r) => ({ pk: submissionPk(r.id), sk: versionSk(r.version) })));
      return bodiesOf(items);
    },

    async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
      const out = await doc.send(
        new GetCommand({
          TableName: T,
          Key: { pk: idempotencyPk(scope, key), sk: 'IDEM' },
          ConsistentRead: true,
        }),
      );
      return out.Item
        ? {
            requestHash: out.Item.requestHash as string,
            status: out.Item.status as number,
            response: JSON.parse(out.Item.response as string),
          }
        : undefined;
    },

    /**
     * Stores version `version` of a submission, its body chunks, the idempotency record and the
     * audit entry in one transaction, if the head still says `version - 1`.
     */
    async createVersion(input: {
      id: string;
      year: number;
      unit: string;
      period: Period;
      version: number;
      body: string;
      findings: readonly Finding[];
      at: string;
      actor: Actor;
      idempotency: { scope: string; key: string; requestHash: string; status: number; response: unknown };
    }): Promise<WriteOutcome> {
      const { id, version, body, at, actor } = input;
      if (body.length > MAX_BODY_CHARS) throw new StoreError('body too large to store in one transaction');
      const parts: string[] = [];
      for (let i = 0; i < Math.max(1, body.length); i += CHUNK_CHARS)
        parts.push(body.slice(i, i + CHUNK_CHARS));
      const pk = submissionPk(id);
      const hash = sha256(body);
      const first = version === 1;
      const items = [
        {
          Update: {
            TableName: T,
            Key: { pk, sk: HEAD },
            UpdateExpression:
              'SET #type = :type, id = :id, #year = :year, #unit = :unit, #period = :period, gsi1pk = :g1, gsi1sk = :g2, latestVersion = :v, latestState = :pending, latestSubmittedAt = :at, firstSubmittedAt = if_not_exists(firstSubmittedAt, :at)',
            ConditionExpression: first ? 'attribute_not_exists(pk)' : 'latestVersion = :prev',
            ExpressionAttributeNames: {
              '#type': 'type',
              '#year': 'year',
              '#unit': 'unit',
              '#period': 'period',
            },
            ExpressionAttributeValues: {
              ':type': 'submissionHead',
              ':id': id,
              ':year': input.year,
              ':unit': input.unit,
              ':period': input.period,
              ':g1': yearGsiPk(input.year),
              ':g2': yearGsiSk(input.unit, input.period),
              ':v': version,
              ':pending': 'pending',
              ':at': at,
              ...(first ? {} : { ':prev': version - 1 }),
            },
          },
        },
        {
          Put: {
            TableName: T,
            Item: {
              pk,
              sk: versionSk(version),
              type: 'submissionVersion',
              id,
              version,
              submittedAt: at,
              by: actor.sub,
              sha256: hash,
              findings: input.findings,
              idempotencyKey: input.idempotency.key,
              chunks: parts.length,
              part: parts[0] ?? '',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...parts.slice(1).map((part, i) => ({
          Put: {
            TableName: T,
            Item: { pk, sk: chunkSk(version, i + 1), type: 'chunk', part },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
        {
          Put: {
            TableName: T,
            Item: {
              pk: idempotencyPk(input.idempotency.scope, input.idempotency.key),
              sk: 'IDEM',
              type: 'idempotency',
              requestHash: input.idempotency.requestHash,
              status: input.idempotency.status,
              response: JSON.stringify(input.idempotency.response),
              at,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: T,
            Item: auditItem({
              at,
              year: input.year,
              action: 'submission.create',
              target: `${id}/v${version}`,
              who: actor.sub,
              role: actor.role,
              ...(actor.unit ? { unit: actor.unit } : {}),
              sha256: hash,
            }),
          },
        },
      ];
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        await confirmed({ pk, sk: versionSk(version) });
        return 'ok';
      } catch (e) {
        const reasons = cancelReasons(e);
        if (!reasons) throw e;
        if (reasons[items.length - 2] === 'ConditionalCheckFailed') return 'idempotencyTaken';
        if (reasons.includes('ConditionalCheckFailed') || reasons.includes('TransactionConflict'))
          return 'conflict';
        throw e;
      }
    },

    /** Records the office's decision on the latest version, if it is still `version` and pending. */
    async review(input: {
      id: string;
      year: number;
      version: number;
      decision: 'accept' | 'return';
      comment: string;
      at: string;
      actor: Actor;
    }): Promise<'ok' | 'conflict'> {
      const { id, version, decision, at, actor } = input;
      const pk = submissionPk(id);
      const state = decision === 'accept' ? 'accepted' : 'returned';
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: T,
                  Key: { pk, sk: HEAD },
                  UpdateExpression: `SET latestState = :s, reviewedAt = :at${decision === 'accept' ? ', acceptedVersion = :v' : ''}`,
                  ConditionExpression: 'latestVersion = :v AND latestState = :pending',
                  ExpressionAttributeValues: { ':s': state, ':at': at, ':v': version, ':pending': 'pending' },
                },
              },
              {
                Put: {
                  TableName: T,
                  Item: {
                    pk,
                    sk: reviewSk(version),
                    type: 'review',
                    id,
                    version,
                    decision,
                    comment: input.comment,
                    by: actor.sub,
                    at,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: T,
                  Item: auditItem({
                    at,
                    year: input.year,
                    action: 'submission.review',
                    target: `${id}/v${version}`,
                    who: actor.sub,
                    role: actor.role,
                    sha256: sha256(JSON.stringify({ decision, comment: input.comment })),
                    detail: decision,
                  }),
                },
              },
            ],
          }),
        );
        await confirmed({ pk, sk: reviewSk(version) });
        return 'ok';
      } catch (e) {
        const reasons = cancelReasons(e);
        if (
          reasons &&
          (reasons.includes('ConditionalCheckFailed') || reasons.includes('TransactionConflict'))
        )
          return 'conflict';
        throw e;
      }
    },

    /**
     * Stores a reminder and its audit entry, unless one for the same period, unit and state is
     * stored already (`exists`).
     */
    async putReminder(r: Reminder, actor: Actor): Promise<'ok' | 'exists'> {
      const item = {
        pk: reminderPk(r.year),
        sk: reminderSk(r.period, r.unit, r.state),
        type: 'reminder',
        ...r,
      };
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: T, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Put: {
                  TableName: T,
                  Item: auditItem({
                    at: r.createdAt,
                    year: r.year,
                    action: 'reminder.create',
                    target: `reminder/${r.year}/${item.sk}`,
                    who: actor.sub,
                    role: actor.role,
                    unit: r.unit,
                    sha256: sha256(JSON.stringify(r)),
                    detail: r.state,
                  }),
                },
              },
            ],
          }),
        );
        await confirmed({ pk: item.pk, sk: item.sk });
        return 'ok';
      } catch (e) {
        const reasons = cancelReasons(e);
        if (reasons?.[0] === 'ConditionalCheckFailed') return 'exists';
        throw e;
      }
    },

    /** The year's reminders, by period, unit and state. */
    async listReminders(year: number): Promise<Reminder[]> {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': reminderPk(year) },
        ConsistentRead: true,
      });
      return items.map((it) => ({
        year: it.year as number,
        unit: it.unit as string,
        period: it.period as string,
        due: it.due as string,
        state: it.state as Reminder['state'],
        asOf: it.asOf as string,
        createdAt: it.createdAt as string,
      }));
    },

    /** A page of the year's audit trail, oldest first. */
    async listAudit(
      year: number,
      limit: number,
      cursor?: string,
    ): Promise<{ items: AuditEntry[]; next?: string }> {
      const out = await doc.send(
        new QueryCommand({
          TableName: T,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditPk(year) },
          Limit: limit,
          ...(cursor
            ? {
                ExclusiveStartKey: {
                  pk: auditPk(year),
                  sk: Buffer.from(cursor, 'base64url').toString('utf8'),
                },
              }
            : {}),
        }),
      );
      const items = (out.Items ?? []).map(
        ({ pk: _pk, sk: _sk, type: _t, ...rest }) => rest as unknown as AuditEntry,
      );
      const next = out.LastEvaluatedKey
        ? Buffer.from(String(out.LastEvaluatedKey.sk), 'utf8').toString('base64url')
        : undefined;
      return { items, ...(next ? { next } : {}) };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
