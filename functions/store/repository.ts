/**
 * The store: every read and write of the table. Versions, reviews and audit entries are
 * immutable items; a head item per submission (and per plan) points at the latest and the
 * accepted version and is only moved under a version condition, in the same transaction as
 * the items it points at. Nothing is overwritten or deleted.
 *
 * The requests are built, pure, by one module per item kind (./entities/); this file only
 * composes them into transactions and queries, sends them, and turns the conditions that
 * failed into the store's outcomes.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FrozenAssessment, PersonPatch } from '../../api/views';
import type { Period } from '../../domain/dates';
import type { Finding } from '../../domain/findings';
import type { Plan } from '../../domain/plan';
import {
  type Actor,
  type AuditEntry,
  type AuditVerification,
  auditCursor,
  auditEntryOf,
  auditHeadKey,
  auditHeadUpdate,
  auditPartitionQuery,
  auditPut,
  auditQuery,
  chainHeadOf,
  nextLink,
  verifyChain,
} from './entities/audit';
import {
  type IdempotencyRecord,
  idempotencyKey,
  idempotencyOf,
  idempotencyPut,
  type NewIdempotencyRecord,
} from './entities/idempotency';
import { getItem, type Item, type Key, StoreError, sha256, type TransactRequest } from './entities/item';
import { countInWindow, limitKey, startWindow } from './entities/limit';
import {
  type Organisation,
  organisationKey,
  organisationOf,
  organisationsQuery,
  organisationUpdate,
} from './entities/organisation';
import {
  type Person,
  peopleQuery,
  personAudit,
  personKey,
  personOf,
  personPut,
  personUpdate,
} from './entities/person';
import {
  type PlanHead,
  type PlanRecord,
  type PlanState,
  type PlanYear,
  planAudit,
  planHeadKey,
  planHeadOf,
  planHeadUpdate,
  planPublishAudit,
  planPublishUpdate,
  planRecordOf,
  plansQuery,
  planVersionKey,
  planVersionPut,
  planYearOf,
  withState,
} from './entities/plan';
import {
  type Reminder,
  reminderAudit,
  reminderKey,
  reminderOf,
  reminderPut,
  remindersQuery,
} from './entities/reminder';
import { isReview, type ReviewRecord, reviewAudit, reviewKey, reviewOf, reviewPut } from './entities/review';
import {
  chunkKeys,
  type HeadFilter,
  headCreateUpdate,
  headKey,
  headMatches,
  headOf,
  headReviewUpdate,
  headsQuery,
  isChunk,
  isVersion,
  type SubmissionHead,
  splitBody,
  submissionQuery,
  type VersionRecord,
  versionAudit,
  versionKey,
  versionOf,
  versionPuts,
} from './entities/submission';
import {
  assessmentKey,
  assessmentPuts,
  assessmentsOf,
  closeAudit,
  closeQuery,
  closeUpdate,
  openCheck,
  reopenAudit,
  reopenUpdate,
  type YearHead,
  yearHeadKey,
  yearHeadOf,
} from './entities/year';

export type { Actor, AuditEntry, AuditVerification } from './entities/audit';
export type { IdempotencyRecord } from './entities/idempotency';
export { StoreError, sha256 } from './entities/item';
export type { Organisation } from './entities/organisation';
export type { Person } from './entities/person';
export type { PlanHead, PlanRecord, PlanState, PlanYear } from './entities/plan';
export type { Reminder } from './entities/reminder';
export type { ReviewRecord } from './entities/review';
export {
  CHUNK_CHARS,
  MAX_BODY_CHARS,
  type SubmissionHead,
  type VersionRecord,
  workbookFileKey,
} from './entities/submission';
export type { YearHead } from './entities/year';

/** An expected outcome of a conditional write; `closed`: the year is closed (entities/year.ts). */
export type WriteOutcome = 'ok' | 'conflict' | 'idempotencyTaken' | 'closed';

/** Which items of a transaction failed their condition (DynamoDB tells, in order). */
function cancelReasons(e: unknown): string[] | undefined {
  if (e instanceof TransactionCanceledException)
    return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return undefined;
}

/** A condition failed, or another transaction was writing the same items. */
const conflicted = (reasons: string[] | undefined) =>
  !!reasons && (reasons.includes('ConditionalCheckFailed') || reasons.includes('TransactionConflict'));

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

  /** Sends one transaction; with `confirmWrites`, waits until the item at `confirm` can be read. */
  async function send(items: TransactRequest[], confirm: Key): Promise<void> {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    if (!options.confirmWrites) return;
    const out = await doc.send(new GetCommand(getItem(T, confirm)));
    if (!out.Item) throw new StoreError(`${confirm.pk} ${confirm.sk} was acknowledged but cannot be read`);
  }

  /**
   * Sends a write and its audit entry in one transaction, the entry at the end of its year's chain
   * (entities/audit.ts): the chain head moves in the same transaction, only if no other entry
   * took the place meanwhile. Another write taking it is retried here; any other failed condition
   * is the caller's, with the reasons of its own `items` at the indices it gave them.
   */
  async function transact(
    items: TransactRequest[],
    confirm: Key | undefined,
    audit?: { org: string; entry: AuditEntry },
  ): Promise<void> {
    if (!audit) return send(items, confirm!);
    const { org, entry } = audit;
    for (let attempt = 0; ; attempt++) {
      const head = chainHeadOf(await get(auditHeadKey(org, entry.year)));
      const link = nextLink(head, head ? undefined : await queryAll(auditPartitionQuery(T, org, entry.year)));
      const put = auditPut(T, org, entry, link);
      try {
        const key = { pk: put.Put.Item.pk as string, sk: put.Put.Item.sk as string };
        return await send([...items, put, auditHeadUpdate(T, org, put)], confirm ?? key);
      } catch (e) {
        const reasons = cancelReasons(e);
        const mine = reasons?.slice(0, items.length) ?? [];
        const chain = reasons?.slice(items.length) ?? [];
        const raced = chain.some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict');
        if (!raced || mine.includes('ConditionalCheckFailed') || attempt >= 24) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
      }
    }
  }

  async function get(key: Key): Promise<Item | undefined> {
    return (await doc.send(new GetCommand(getItem(T, key)))).Item;
  }

  async function queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** BatchGet in pages of 100, retrying unprocessed keys; `only`: just these attributes. */
  async function batchGet(keys: Key[], only?: readonly string[]): Promise<Item[]> {
    const out: Item[] = [];
    const projection = only
      ? {
          ProjectionExpression: only.map((_, i) => `#p${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(only.map((a, i) => [`#p${i}`, a])),
        }
      : {};
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Item[] = keys.slice(i, i + 100).map((k) => ({ ...k }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new StoreError('BatchGet kept returning unprocessed keys');
        const res = await doc.send(
          new BatchGetCommand({ RequestItems: { [T]: { Keys: pending, ...projection } } }),
        );
        out.push(...((res.Responses?.[T] ?? []) as Item[]));
        pending = (res.UnprocessedKeys?.[T]?.Keys ?? []) as Item[];
        if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
    return out;
  }

  // Plan versions are immutable items: once read, a version need not be read again.
  const planVersions = new Map<string, PlanRecord>();

  /** The store of one organisation: every key it builds starts with `ORG#<org>`. */
  function forOrg(org: string) {
    const cacheKey = (year: number, v: number) => `${org}#${year}#${v}`;

    async function planHead(year: number): Promise<PlanHead | undefined> {
      const head = await get(planHeadKey(org, year));
      return head ? planHeadOf(head) : undefined;
    }

    /** A stored version of the plan (without its state, which the head says). */
    async function planVersion(year: number, v: number): Promise<PlanRecord> {
      const cached = planVersions.get(cacheKey(year, v));
      if (cached) return cached;
      const item = await get(planVersionKey(org, year, v));
      if (!item) throw new StoreError(`plan ${org} ${year} v${v} is missing`);
      const record = planRecordOf(year, v, item);
      planVersions.set(cacheKey(year, v), record);
      return record;
    }

    return {
      org,

      /** The year's plan head: its newest and its published version; undefined when there is no plan. */
      getPlanHead: planHead,

      /**
       * A version of the year's plan with its state: the published one (by default; undefined
       * while there is only a draft), the newest (`latest`), or a version by number.
       */
      async getPlan(
        year: number,
        which: 'published' | 'latest' | number = 'published',
      ): Promise<PlanRecord | undefined> {
        const head = await planHead(year);
        if (!head) return undefined;
        const v = which === 'published' ? head.publishedVersion : which === 'latest' ? head.version : which;
        if (v === undefined || v < 1 || v > head.version) return undefined;
        return withState(await planVersion(year, v), head);
      },

      /**
       * The organisation's years, newest first: one Query of the byYear index, then their newest
       * versions (cached: versions never change), the missing ones in one BatchGet.
       */
      async listPlans(): Promise<PlanYear[]> {
        const heads = (await queryAll(plansQuery(T, org))).map(planHeadOf);
        const missing = heads.filter((h) => !planVersions.has(cacheKey(h.year, h.version)));
        for (const item of await batchGet(missing.map((h) => planVersionKey(org, h.year, h.version)))) {
          const year = item.year as number;
          const version = item.version as number;
          planVersions.set(cacheKey(year, version), planRecordOf(year, version, item));
        }
        const out: PlanYear[] = [];
        for (const head of heads) out.push(planYearOf(head, await planVersion(head.year, head.version)));
        return out;
      },

      /**
       * Stores a new plan version if the newest one is still `expected` (0: none yet): `published`
       * (the default) also publishes it; a `draft` leaves the published version as it was. The
       * organisation's item follows the plan's `organisation` (name, level, parent).
       */
      async putPlan(
        year: number,
        plan: Plan,
        expected: number,
        actor: Actor,
        at: string,
        state: PlanState = 'published',
      ): Promise<{ outcome: 'ok'; version: number } | { outcome: 'conflict' }> {
        if (plan.organisation.id !== org) {
          throw new StoreError(`a plan of ${plan.organisation.id} cannot be stored for ${org}`);
        }
        const body = JSON.stringify(plan);
        const version = expected + 1;
        try {
          await transact(
            [
              planHeadUpdate(T, org, year, expected, at, state),
              planVersionPut(T, org, { year, version, body, at, by: actor.sub, state }),
              organisationUpdate(T, plan.organisation, at),
            ],
            planVersionKey(org, year, version),
            { org, entry: planAudit(year, version, body, actor, at, state) },
          );
          return { outcome: 'ok', version };
        } catch (e) {
          if (cancelReasons(e)?.includes('ConditionalCheckFailed')) return { outcome: 'conflict' };
          throw e;
        }
      },

      /** Publishes `version`, with its audit entry, if it is still the year's newest version. */
      async publishPlan(year: number, version: number, actor: Actor, at: string): Promise<'ok' | 'conflict'> {
        const record = await planVersion(year, version);
        const digest = sha256(JSON.stringify(record.plan));
        try {
          await transact([planPublishUpdate(T, org, year, version, at)], planHeadKey(org, year), {
            org,
            entry: planPublishAudit(year, version, digest, actor, at),
          });
          return 'ok';
        } catch (e) {
          if (conflicted(cancelReasons(e))) return 'conflict';
          throw e;
        }
      },

      async getHead(id: string): Promise<SubmissionHead | undefined> {
        const item = await get(headKey(org, id));
        return item ? headOf(item) : undefined;
      },

      /** Heads of a year's submissions, optionally for one unit and/or period (byYear index). */
      async listHeads(year: number, filter: HeadFilter = {}): Promise<SubmissionHead[]> {
        const items = await queryAll(headsQuery(T, org, year, filter));
        return items.map(headOf).filter(headMatches(filter));
      },

      /** Every version of a submission with its body, and every review, oldest first. */
      async getHistory(id: string): Promise<{ versions: VersionRecord[]; reviews: ReviewRecord[] }> {
        const items = await queryAll(submissionQuery(T, org, id));
        const chunkParts = new Map(items.filter(isChunk).map((c) => [c.sk as string, c.part as string]));
        const versions = items.filter(isVersion).map((it) => versionOf(it, (sk) => chunkParts.get(sk) ?? ''));
        const reviews = items.filter(isReview).map(reviewOf);
        return { versions, reviews };
      },

      /**
       * Versions `from`…`to` of a submission without their bodies, and their reviews, oldest
       * first: a page of its history (GET /v1/submissions/{id}).
       */
      async getVersionPage(
        id: string,
        from: number,
        to: number,
      ): Promise<{ versions: Omit<VersionRecord, 'body'>[]; reviews: ReviewRecord[] }> {
        const numbers = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
        const [items, reviews] = await Promise.all([
          batchGet(
            numbers.map((v) => versionKey(org, id, v)),
            [
              'pk',
              'sk',
              'type',
              'id',
              'version',
              'submittedAt',
              'by',
              'sha256',
              'findings',
              'chunks',
              'workbook',
            ],
          ),
          batchGet(numbers.map((v) => reviewKey(org, id, v))),
        ]);
        const versions = items
          .map((it) => {
            const { body: _b, ...meta } = versionOf({ ...it, chunks: 1, part: '' }, () => '');
            return { ...meta, chunks: it.chunks as number };
          })
          .sort((a, b) => a.version - b.version);
        return { versions, reviews: reviews.map(reviewOf).sort((a, b) => a.version - b.version) };
      },

      /** The bodies of chosen versions, in one batch (plus their chunks). */
      async getVersions(refs: Array<{ id: string; version: number }>): Promise<VersionRecord[]> {
        const items = await batchGet(refs.map((r) => versionKey(org, r.id, r.version)));
        const chunks = new Map(
          (await batchGet(chunkKeys(items))).map((c) => [`${c.pk}|${c.sk}`, c.part as string]),
        );
        return items.map((it) =>
          versionOf(it, (sk, i) => {
            const part = chunks.get(`${it.pk}|${sk}`);
            if (part === undefined) throw new StoreError(`chunk ${i} of ${it.pk} v${it.version} is missing`);
            return part;
          }),
        );
      },

      /**
       * Counts one use of `what` in `window` (windows compare as strings: `2006-05-03T10`, a day),
       * unless `max` were counted in it already: then `false`, and nothing is counted.
       */
      async countUse(what: string, window: string, max: number): Promise<boolean> {
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            await doc.send(new UpdateCommand(countInWindow(T, org, what, window, max).Update));
            return true;
          } catch (e) {
            if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
          }
          try {
            await doc.send(new UpdateCommand(startWindow(T, org, what, window).Update));
            return true;
          } catch (e) {
            if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
          }
          // Neither: this window is full — unless another request started it between the two.
          const item = await get(limitKey(org, what));
          if (item?.window === window && (item.n as number) >= max) return false;
        }
        return false;
      },

      async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
        const item = await get(idempotencyKey(org, scope, key));
        return item ? idempotencyOf(item) : undefined;
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
        idempotency: Omit<NewIdempotencyRecord, 'org'>;
        /** Sent as a workbook: the file's sha256 (its copy kept already). */
        workbook?: string;
      }): Promise<WriteOutcome> {
        const parts = splitBody(input.body);
        const v = { ...input, sha256: sha256(input.body), idempotencyKey: input.idempotency.key };
        const idempotency = idempotencyPut(T, { ...input.idempotency, org }, input.at);
        const open = openCheck(T, org, input.year);
        const items = [headCreateUpdate(T, org, v), ...versionPuts(T, org, v, parts), idempotency, open];
        try {
          await transact(items, versionKey(org, input.id, input.version), { org, entry: versionAudit(v) });
          return 'ok';
        } catch (e) {
          const reasons = cancelReasons(e);
          if (!reasons) throw e;
          if (reasons[items.indexOf(open)] === 'ConditionalCheckFailed') return 'closed';
          if (reasons[items.indexOf(idempotency)] === 'ConditionalCheckFailed') return 'idempotencyTaken';
          if (conflicted(reasons)) return 'conflict';
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
      }): Promise<'ok' | 'conflict' | 'closed'> {
        try {
          await transact(
            [headReviewUpdate(T, org, input), reviewPut(T, org, input), openCheck(T, org, input.year)],
            reviewKey(org, input.id, input.version),
            { org, entry: reviewAudit(input) },
          );
          return 'ok';
        } catch (e) {
          const reasons = cancelReasons(e);
          if (reasons?.[2] === 'ConditionalCheckFailed') return 'closed';
          if (conflicted(reasons)) return 'conflict';
          throw e;
        }
      },

      /** The organisation's own item (name, level, parent); undefined before its first plan. */
      async getOrganisation(): Promise<Organisation | undefined> {
        const item = await get(organisationKey(org));
        return item ? organisationOf(item) : undefined;
      },

      /** Whether the year is closed, and its newest frozen assessment's version (0: none). */
      async getYearState(year: number): Promise<YearHead> {
        return yearHeadOf(await get(yearHeadKey(org, year)), year);
      },

      /** The year's head and every frozen assessment, oldest first. */
      async listAssessments(year: number): Promise<{ head: YearHead; assessments: FrozenAssessment[] }> {
        const items = await queryAll(closeQuery(T, org, year));
        return {
          head: yearHeadOf(
            items.find((i) => i.sk === yearHeadKey(org, year).sk),
            year,
          ),
          assessments: assessmentsOf(items),
        };
      },

      /**
       * Closes the year with assessment `a` (version: the head's + 1), its audit entry in the same
       * transaction; `conflict` when the year is closed or another close landed first.
       */
      async closeYear(a: FrozenAssessment, actor: Actor): Promise<'ok' | 'conflict'> {
        const body = JSON.stringify(a);
        const digest = sha256(body);
        try {
          await transact(
            [
              closeUpdate(T, org, a.year, a.version, actor, a.closedAt),
              ...assessmentPuts(T, org, a, splitBody(body), digest),
            ],
            assessmentKey(org, a.year, a.version),
            { org, entry: closeAudit(a, digest, actor) },
          );
          return 'ok';
        } catch (e) {
          if (conflicted(cancelReasons(e))) return 'conflict';
          throw e;
        }
      },

      /** Reopens the year closed at `version`, with the reason, audited; `conflict` if it is not. */
      async reopenYear(
        year: number,
        version: number,
        reason: string,
        actor: Actor,
        at: string,
      ): Promise<'ok' | 'conflict'> {
        const digest = sha256(JSON.stringify({ year, version, reason }));
        try {
          await transact([reopenUpdate(T, org, year, version, reason, actor, at)], yearHeadKey(org, year), {
            org,
            entry: reopenAudit(year, version, reason, digest, actor, at),
          });
          return 'ok';
        } catch (e) {
          if (conflicted(cancelReasons(e))) return 'conflict';
          throw e;
        }
      },

      /**
       * Stores a reminder and its audit entry, unless one for the same period, unit and state is
       * stored already (`exists`).
       */
      async putReminder(r: Reminder, actor: Actor): Promise<'ok' | 'exists'> {
        try {
          await transact([reminderPut(T, org, r)], reminderKey(org, r), {
            org,
            entry: reminderAudit(org, r, actor),
          });
          return 'ok';
        } catch (e) {
          if (cancelReasons(e)?.[0] === 'ConditionalCheckFailed') return 'exists';
          throw e;
        }
      },

      /** The year's reminders, by period, unit and state. */
      async listReminders(year: number): Promise<Reminder[]> {
        return (await queryAll(remindersQuery(T, org, year))).map(reminderOf);
      },

      /** Writes an audit entry of its own (the summary's creation, which stores a file, not an item). */
      async audit(entry: AuditEntry): Promise<void> {
        await transact([], undefined, { org, entry });
      },

      /** A page of the year's audit trail, oldest first. */
      async listAudit(
        year: number,
        limit: number,
        cursor?: string,
      ): Promise<{ items: AuditEntry[]; next?: string }> {
        const out = await doc.send(new QueryCommand(auditQuery(T, org, year, limit, cursor)));
        const items = ((out.Items ?? []) as Item[]).map(auditEntryOf);
        const next = out.LastEvaluatedKey ? auditCursor(out.LastEvaluatedKey.sk) : undefined;
        return { items, ...(next ? { next } : {}) };
      },

      /** Walks the year's audit chain and names the first entry put, changed or deleted outside it. */
      async verifyAudit(year: number): Promise<AuditVerification> {
        const [items, head] = await Promise.all([
          queryAll(auditPartitionQuery(T, org, year)),
          get(auditHeadKey(org, year)),
        ]);
        return verifyChain(year, items, head);
      },

      /** The organisation's people, active and disabled. */
      async listPeople(): Promise<Array<Person & { username?: string }>> {
        return (await queryAll(peopleQuery(T, org))).map(personOf);
      },

      async getPerson(sub: string): Promise<(Person & { username?: string }) | undefined> {
        const item = await get(personKey(org, sub));
        return item ? personOf(item) : undefined;
      },

      /** Stores a new person with the audit entry of their creation; `exists` when the subject is taken. */
      async putPerson(
        person: Person & { username: string },
        actor: Actor,
        year: number,
      ): Promise<'ok' | 'exists'> {
        if (person.org !== org) throw new StoreError(`a person of ${person.org} cannot be stored for ${org}`);
        const change = `role=${person.role}${person.unit ? ` unit=${person.unit}` : ''}`;
        try {
          await transact([personPut(T, person)], personKey(org, person.sub), {
            org,
            entry: personAudit('user.create', person, change, actor, person.createdAt, year),
          });
          return 'ok';
        } catch (e) {
          if (cancelReasons(e)?.[0] === 'ConditionalCheckFailed') return 'exists';
          throw e;
        }
      },

      /**
       * Changes a person (their state, name or contact) if unchanged since read as `person`,
       * with the audit entry naming what changed; `conflict` when someone changed them meanwhile.
       */
      async updatePerson(
        person: Person,
        patch: PersonPatch,
        actor: Actor,
        at: string,
        year: number,
      ): Promise<'ok' | 'conflict'> {
        const change = Object.keys(patch)
          .map((k) => (k === 'state' ? `state=${patch.state}` : `${k} changed`))
          .join(', ');
        try {
          await transact(
            [personUpdate(T, org, person.sub, patch, person, actor, at)],
            personKey(org, person.sub),
            { org, entry: personAudit('user.update', person, change, actor, at, year) },
          );
          return 'ok';
        } catch (e) {
          if (conflicted(cancelReasons(e))) return 'conflict';
          throw e;
        }
      },
    };
  }

  return {
    tableName: T,
    forOrg,

    /** Every organisation that has stored a plan: one Query of the byYear index. */
    async listOrganisations(): Promise<Organisation[]> {
      return (await queryAll(organisationsQuery(T))).map(organisationOf);
    },
  };
}

export type Store = ReturnType<typeof createStore>;
/** The store of one organisation (`store.forOrg(org)`). */
export type OrgStore = ReturnType<Store['forOrg']>;
