/**
 * The year's close (`ORG#<org>#CLOSE#<year>`): a head (`HEAD`) that says whether the year is
 * closed and which frozen assessment is the newest, and the frozen assessments themselves
 * (`A#00000001`, immutable, with body chunks `A#00000001#C#0001` as submission versions have).
 * Closing writes the next assessment and moves the head under a condition; reopening only moves
 * the head (with the reason): no assessment is ever changed or deleted. Every write of a report
 * or a review checks the head in its own transaction (`openCheck`), so none lands in a closed
 * year, however close the race. Pure: builds requests.
 */
import type { FrozenAssessment } from '../../../api/views';
import { assessmentChunkSk, assessmentSk, closePk, HEAD } from '../keys';
import { type Actor, type AuditEntry, byActor } from './audit';
import {
  type ConditionRequest,
  type Item,
  type Key,
  type PutRequest,
  partitionQuery,
  putNew,
  StoreError,
  sha256,
  type UpdateRequest,
} from './item';

/** The head as stored. */
export interface YearHead {
  readonly year: number;
  readonly closed: boolean;
  readonly assessmentVersion: number;
  readonly closedAt?: string;
  readonly closedBy?: string;
  readonly reopenedAt?: string;
  readonly reopenedBy?: string;
  readonly reason?: string;
}

export const yearHeadKey = (org: string, year: number): Key => ({ pk: closePk(org, year), sk: HEAD });
export const assessmentKey = (org: string, year: number, version: number): Key => ({
  pk: closePk(org, year),
  sk: assessmentSk(version),
});

export function yearHeadOf(item: Item | undefined, year: number): YearHead {
  if (!item) return { year, closed: false, assessmentVersion: 0 };
  return {
    year,
    closed: item.closed === true,
    assessmentVersion: (item.assessmentVersion as number) ?? 0,
    ...(item.closedAt ? { closedAt: item.closedAt as string } : {}),
    ...(item.closedBy ? { closedBy: item.closedBy as string } : {}),
    ...(item.reopenedAt ? { reopenedAt: item.reopenedAt as string } : {}),
    ...(item.reopenedBy ? { reopenedBy: item.reopenedBy as string } : {}),
    ...(item.reason ? { reason: item.reason as string } : {}),
  };
}

/** Fails its condition when the year is closed: a report or a review may not land. */
export function openCheck(table: string, org: string, year: number): ConditionRequest {
  return {
    ConditionCheck: {
      TableName: table,
      Key: yearHeadKey(org, year),
      ConditionExpression: 'attribute_not_exists(pk) OR closed = :false',
      ExpressionAttributeValues: { ':false': false },
    },
  };
}

/** Closes the year at assessment `version`, if the head is still open at `version - 1`. */
export function closeUpdate(
  table: string,
  org: string,
  year: number,
  version: number,
  actor: Actor,
  at: string,
): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: yearHeadKey(org, year),
      UpdateExpression:
        'SET #type = :type, #year = :year, closed = :true, assessmentVersion = :v, closedAt = :at, closedBy = :by',
      ConditionExpression:
        version === 1 ? 'attribute_not_exists(pk)' : 'closed = :false AND assessmentVersion = :prev',
      ExpressionAttributeNames: { '#type': 'type', '#year': 'year' },
      ExpressionAttributeValues: {
        ':type': 'yearState',
        ':year': year,
        ':true': true,
        ':v': version,
        ':at': at,
        ':by': actor.sub,
        ...(version === 1 ? {} : { ':false': false, ':prev': version - 1 }),
      },
    },
  };
}

/** Reopens the year, if it is still closed at assessment `version`. */
export function reopenUpdate(
  table: string,
  org: string,
  year: number,
  version: number,
  reason: string,
  actor: Actor,
  at: string,
): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: yearHeadKey(org, year),
      UpdateExpression: 'SET closed = :false, reopenedAt = :at, reopenedBy = :by, reason = :reason',
      ConditionExpression: 'closed = :true AND assessmentVersion = :v',
      ExpressionAttributeValues: {
        ':false': false,
        ':true': true,
        ':v': version,
        ':at': at,
        ':by': actor.sub,
        ':reason': reason,
      },
    },
  };
}

/** The frozen assessment's item and its body chunks, each written once. */
export function assessmentPuts(
  table: string,
  org: string,
  a: FrozenAssessment,
  parts: readonly string[],
  digest: string,
): PutRequest[] {
  const { pk, sk } = assessmentKey(org, a.year, a.version);
  return [
    putNew(table, {
      pk,
      sk,
      type: 'assessment',
      year: a.year,
      version: a.version,
      closedAt: a.closedAt,
      closedBy: a.closedBy,
      sha256: digest,
      chunks: parts.length,
      part: parts[0] ?? '',
    }),
    ...parts
      .slice(1)
      .map((part, i) => putNew(table, { pk, sk: assessmentChunkSk(a.version, i + 1), type: 'chunk', part })),
  ];
}

export function closeAudit(a: FrozenAssessment, digest: string, actor: Actor): AuditEntry {
  return {
    at: a.closedAt,
    year: a.year,
    action: 'year.close',
    target: `assessment/${a.year}/v${a.version}`,
    ...byActor(actor),
    sha256: digest,
    detail: `verdict=${a.verdict}`,
  };
}

export function reopenAudit(
  year: number,
  version: number,
  reason: string,
  digest: string,
  actor: Actor,
  at: string,
): AuditEntry {
  return {
    at,
    year,
    action: 'year.reopen',
    target: `assessment/${year}/v${version}`,
    ...byActor(actor),
    sha256: digest,
    detail: reason,
  };
}

/** Every item of the year's close: the head, the assessments and their chunks. */
export function closeQuery(table: string, org: string, year: number) {
  return partitionQuery(table, closePk(org, year));
}

/**
 * The frozen assessments of the partition, oldest first, each rebuilt from its chunks (`items`:
 * every item of `closeQuery`).
 */
export function assessmentsOf(items: readonly Item[]): FrozenAssessment[] {
  const parts = new Map(
    items.filter((i) => i.type === 'chunk').map((c) => [c.sk as string, c.part as string]),
  );
  return items
    .filter((i) => i.type === 'assessment')
    .map((it) => {
      const version = it.version as number;
      let body = it.part as string;
      for (let i = 1; i < (it.chunks as number); i++) {
        const part = parts.get(assessmentChunkSk(version, i));
        if (part === undefined) throw new StoreError(`chunk ${i} of assessment v${version} is missing`);
        body += part;
      }
      if (sha256(body) !== it.sha256) throw new StoreError(`assessment v${version} does not match its hash`);
      return JSON.parse(body) as FrozenAssessment;
    });
}
