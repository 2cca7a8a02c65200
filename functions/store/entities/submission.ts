/**
 * Submissions (`SUB#<year>.<unit>.<period>`): an immutable item per version (`V#…`), its body
 * split into chunks (`V#…#C#…`) when long, and a head (`HEAD`, on the byYear index) that points
 * at the latest and the accepted version and moves only from the version it was read at.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { MAX_BODY_CHARS } from '../../../api/schemas';
import type { SubmissionHead } from '../../../api/views';
import type { Period } from '../../../domain/dates';
import type { Finding } from '../../../domain/findings';
import type { ReviewState } from '../../../domain/submission';
import { chunkSk, HEAD, submissionPk, TABLE_INDEX_BY_YEAR, versionSk, yearGsiPk, yearGsiSk } from '../keys';
import { type Actor, type AuditEntry, byActor } from './audit';
import {
  type Item,
  type Key,
  type PutRequest,
  partitionQuery,
  putNew,
  StoreError,
  type UpdateRequest,
} from './item';

/** The API's view of the item (api/views.ts): the store returns what the API answers. */
export type { SubmissionHead };

/** Bodies are split into chunks well below DynamoDB's 400 KB item limit. */
export const CHUNK_CHARS = 120_000;
/** One transaction carries at most 100 items and 4 MB: bodies above this are refused (the API checks first). */
export { MAX_BODY_CHARS };

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
  /** Sent as a workbook: the file's sha256, the key of its kept copy (`workbookFileKey`). */
  readonly workbook?: string;
}

export const headKey = (org: string, id: string): Key => ({ pk: submissionPk(org, id), sk: HEAD });
export const versionKey = (org: string, id: string, version: number): Key => ({
  pk: submissionPk(org, id),
  sk: versionSk(version),
});

/**
 * The body's parts: the first is kept on the version item, the others are chunk items. An empty
 * body is one empty part. Throws above MAX_BODY_CHARS, which one transaction cannot carry.
 */
export function splitBody(body: string): string[] {
  if (body.length > MAX_BODY_CHARS) throw new StoreError('body too large to store in one transaction');
  const parts: string[] = [];
  for (let i = 0; i < Math.max(1, body.length); i += CHUNK_CHARS) parts.push(body.slice(i, i + CHUNK_CHARS));
  return parts;
}

export interface NewVersion {
  readonly id: string;
  readonly year: number;
  readonly unit: string;
  readonly period: Period;
  readonly version: number;
  readonly findings: readonly Finding[];
  readonly at: string;
  readonly actor: Actor;
  /** The body's sha256. */
  readonly sha256: string;
  readonly idempotencyKey: string;
  /** Sent as a workbook: the file's sha256 (its copy is kept before the version is stored). */
  readonly workbook?: string;
}

/**
 * Points the head at version `v.version`, pending review: creates it for version 1, else moves
 * it only if it still says `version - 1`.
 */
export function headCreateUpdate(table: string, org: string, v: NewVersion): UpdateRequest {
  const first = v.version === 1;
  return {
    Update: {
      TableName: table,
      Key: headKey(org, v.id),
      UpdateExpression:
        'SET #type = :type, id = :id, #year = :year, #unit = :unit, #period = :period, gsi1pk = :g1, gsi1sk = :g2, latestVersion = :v, latestState = :pending, latestSubmittedAt = :at, latestSha256 = :sha, firstSubmittedAt = if_not_exists(firstSubmittedAt, :at)',
      ConditionExpression: first ? 'attribute_not_exists(pk)' : 'latestVersion = :prev',
      ExpressionAttributeNames: {
        '#type': 'type',
        '#year': 'year',
        '#unit': 'unit',
        '#period': 'period',
      },
      ExpressionAttributeValues: {
        ':type': 'submissionHead',
        ':id': v.id,
        ':year': v.year,
        ':unit': v.unit,
        ':period': v.period,
        ':g1': yearGsiPk(org, v.year),
        ':g2': yearGsiSk(v.unit, v.period),
        ':v': v.version,
        ':pending': 'pending',
        ':at': v.at,
        ':sha': v.sha256,
        ...(first ? {} : { ':prev': v.version - 1 }),
      },
    },
  };
}

/** Records the office's decision on the head, if `version` is still the latest and pending. */
export function headReviewUpdate(
  table: string,
  org: string,
  r: { id: string; version: number; decision: 'accept' | 'return'; at: string },
): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: headKey(org, r.id),
      UpdateExpression: `SET latestState = :s, reviewedAt = :at${r.decision === 'accept' ? ', acceptedVersion = :v' : ''}`,
      ConditionExpression: 'latestVersion = :v AND latestState = :pending',
      ExpressionAttributeValues: {
        ':s': r.decision === 'accept' ? 'accepted' : 'returned',
        ':at': r.at,
        ':v': r.version,
        ':pending': 'pending',
      },
    },
  };
}

/** The version item (with the first part of the body) and one item per further chunk. */
export function versionPuts(
  table: string,
  org: string,
  v: NewVersion,
  parts: readonly string[],
): PutRequest[] {
  const { pk, sk } = versionKey(org, v.id, v.version);
  return [
    putNew(table, {
      pk,
      sk,
      type: 'submissionVersion',
      id: v.id,
      version: v.version,
      submittedAt: v.at,
      by: v.actor.sub,
      sha256: v.sha256,
      findings: v.findings,
      idempotencyKey: v.idempotencyKey,
      ...(v.workbook ? { workbook: v.workbook } : {}),
      chunks: parts.length,
      part: parts[0] ?? '',
    }),
    ...parts
      .slice(1)
      .map((part, i) => putNew(table, { pk, sk: chunkSk(v.version, i + 1), type: 'chunk', part })),
  ];
}

export function versionAudit(v: NewVersion): AuditEntry {
  return {
    at: v.at,
    year: v.year,
    action: 'submission.create',
    target: `${v.id}/v${v.version}`,
    ...byActor(v.actor),
    ...(v.actor.unit ? { unit: v.actor.unit } : {}),
    sha256: v.sha256,
  };
}

export function headOf(item: Item): SubmissionHead {
  return {
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
    ...(item.latestSha256 ? { latestSha256: item.latestSha256 as string } : {}),
  };
}

export interface HeadFilter {
  unit?: string;
  period?: string;
}

/**
 * Heads of a year's submissions on the byYear index: for one unit (and period) by sort key
 * prefix. A period without a unit is not a prefix: `headMatches` keeps those.
 */
export function headsQuery(table: string, org: string, year: number, filter: HeadFilter): QueryCommandInput {
  const prefix = filter.unit
    ? filter.period
      ? yearGsiSk(filter.unit, filter.period)
      : `${filter.unit}#`
    : undefined;
  return {
    TableName: table,
    IndexName: TABLE_INDEX_BY_YEAR,
    KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :p)' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': yearGsiPk(org, year), ...(prefix ? { ':p': prefix } : {}) },
  };
}

/** What the query of `headsQuery` could not narrow: a period asked for without a unit. */
export const headMatches = (filter: HeadFilter) => (h: SubmissionHead) =>
  !(filter.period && !filter.unit) || h.period === filter.period;

/** Everything stored under one submission: head, versions, chunks and reviews. */
export function submissionQuery(table: string, org: string, id: string): QueryCommandInput {
  return partitionQuery(table, submissionPk(org, id));
}

export const isVersion = (item: Item) => item.type === 'submissionVersion';
export const isChunk = (item: Item) => item.type === 'chunk';

/** The keys of the chunks that hold the rest of these versions' bodies. */
export function chunkKeys(versions: readonly Item[]): Key[] {
  return versions.flatMap((it) => {
    const n = it.chunks as number;
    return Array.from({ length: n > 1 ? n - 1 : 0 }, (_, i) => ({
      pk: it.pk as string,
      sk: chunkSk(it.version as number, i + 1),
    }));
  });
}

/**
 * A version with its whole body: the version item's part, then chunk 1, 2, … as `chunk` finds
 * them (by their sort key).
 */
export function versionOf(item: Item, chunk: (sk: string, index: number) => string): VersionRecord {
  const n = item.chunks as number;
  let body = item.part as string;
  for (let i = 1; i < n; i++) body += chunk(chunkSk(item.version as number, i), i);
  return {
    id: item.id as string,
    version: item.version as number,
    submittedAt: item.submittedAt as string,
    by: item.by as string,
    sha256: item.sha256 as string,
    findings: (item.findings ?? []) as Finding[],
    chunks: n,
    body,
    ...(typeof item.workbook === 'string' ? { workbook: item.workbook } : {}),
  };
}

/** Where the workbook a version was sent as is kept: by organisation and the file's sha256. */
export const workbookFileKey = (org: string, sha: string): string => `workbooks/${org}/${sha}.xlsx`;
