/**
 * Plans: an immutable item per version (`ORG#<org>#PLAN#<year>` / `V#…`, written as a `draft` or as
 * `published`) and a head (`HEAD`) that says which version is the newest (`version`) and which
 * is published (`publishedVersion`; 0: none yet). The head moves only from the version it was
 * read at, and is on the byYear index (`ORG#<org>#PLANS` / the year) so the organisation's years are one
 * Query. A head written before drafts existed has no `publishedVersion`: its version is the
 * published one.
 */

import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PlanRecord, PlanState, PlanYear } from '../../../api/views';
import type { Plan } from '../../../domain/plan';
import { HEAD, planGsiSk, planPk, plansGsiPk, TABLE_INDEX_BY_YEAR, versionSk } from '../keys';
import { type Actor, type AuditEntry, byActor } from './audit';
import { type Item, type Key, type PutRequest, putNew, sha256, type UpdateRequest } from './item';

/** The API's view of the item (api/views.ts): the store returns what the API answers. */
export type { PlanRecord, PlanState, PlanYear };

export const planHeadKey = (org: string, year: number): Key => ({ pk: planPk(org, year), sk: HEAD });
export const planVersionKey = (org: string, year: number, version: number): Key => ({
  pk: planPk(org, year),
  sk: versionSk(version),
});

/** What the head says: the newest version, and the published one (undefined: none yet). */
export interface PlanHead {
  readonly year: number;
  readonly version: number;
  readonly publishedVersion?: number;
}

/**
 * Moves the head to `expected + 1`, if it is still at `expected` (0: there is no head yet). A
 * `published` version also becomes the published one; a draft leaves the published one where
 * it was (on a head from before drafts: the version it was at).
 */
export function planHeadUpdate(
  table: string,
  org: string,
  year: number,
  expected: number,
  at: string,
  state: PlanState = 'published',
): UpdateRequest {
  const published =
    state === 'published'
      ? ', publishedVersion = :v'
      : expected === 0
        ? ', publishedVersion = :none'
        : ', publishedVersion = if_not_exists(publishedVersion, :e)';
  return {
    Update: {
      TableName: table,
      Key: planHeadKey(org, year),
      UpdateExpression: `SET version = :v, updatedAt = :at, gsi1pk = :gpk, gsi1sk = :gsk${published}`,
      ConditionExpression: expected === 0 ? 'attribute_not_exists(pk)' : 'version = :e',
      ExpressionAttributeValues: {
        ':v': expected + 1,
        ':at': at,
        ':gpk': plansGsiPk(org),
        ':gsk': planGsiSk(year),
        ...(expected === 0 ? {} : { ':e': expected }),
        ...(state === 'draft' && expected === 0 ? { ':none': 0 } : {}),
      },
    },
  };
}

/** Publishes `version`, if it is still the newest (the office publishes the draft it saw). */
export function planPublishUpdate(
  table: string,
  org: string,
  year: number,
  version: number,
  at: string,
): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: planHeadKey(org, year),
      UpdateExpression: 'SET publishedVersion = :v, updatedAt = :at',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': version, ':at': at },
    },
  };
}

/** A new version of the plan, as JSON text (`body`). */
export function planVersionPut(
  table: string,
  org: string,
  v: { year: number; version: number; body: string; at: string; by: string; state?: PlanState },
): PutRequest {
  return putNew(table, {
    ...planVersionKey(org, v.year, v.version),
    type: 'planVersion',
    year: v.year,
    version: v.version,
    ...(v.state ? { state: v.state } : {}),
    body: v.body,
    createdAt: v.at,
    by: v.by,
  });
}

/** The audit entry of a new version; `detail` says whether it was stored as a draft or published. */
export function planAudit(
  year: number,
  version: number,
  body: string,
  actor: Actor,
  at: string,
  state: PlanState = 'published',
): AuditEntry {
  return {
    at,
    year,
    action: 'plan.put',
    target: `plan/${year}/v${version}`,
    ...byActor(actor),
    sha256: sha256(body),
    detail: state,
  };
}

/** The audit entry of publishing a version; `sha256` is that version's body's. */
export function planPublishAudit(
  year: number,
  version: number,
  bodySha256: string,
  actor: Actor,
  at: string,
): AuditEntry {
  return {
    at,
    year,
    action: 'plan.publish',
    target: `plan/${year}/v${version}`,
    ...byActor(actor),
    sha256: bodySha256,
  };
}

/** The head's current (newest) version. */
export const planHeadVersion = (head: Item) => head.version as number;

/** The head as the store answers it (its year from the key's end); a head from before drafts reads as published. */
export function planHeadOf(head: Item): PlanHead {
  const version = head.version as number;
  const published = head.publishedVersion === undefined ? version : (head.publishedVersion as number);
  return {
    year: Number(/#PLAN#(\d+)$/.exec(String(head.pk))?.[1]),
    version,
    ...(published > 0 ? { publishedVersion: published } : {}),
  };
}

export function planRecordOf(year: number, version: number, item: Item): PlanRecord {
  return {
    year,
    version,
    plan: JSON.parse(item.body as string) as Plan,
    createdAt: item.createdAt as string,
    by: item.by as string,
  };
}

/** A record with its state as the head says: `published` when it is the published version. */
export const withState = (record: PlanRecord, head: PlanHead): PlanRecord => ({
  ...record,
  state: record.version === head.publishedVersion ? 'published' : 'draft',
});

/** The organisation's plan heads, newest year first (byYear index). */
export function plansQuery(table: string, org: string): QueryCommandInput {
  return {
    TableName: table,
    IndexName: TABLE_INDEX_BY_YEAR,
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': plansGsiPk(org) },
    ScanIndexForward: false,
  };
}

/** One year of the list, from its head and its newest version. */
export function planYearOf(head: PlanHead, newest: PlanRecord): PlanYear {
  const { plan } = newest;
  return {
    year: head.year,
    title: plan.title,
    start: plan.start,
    end: plan.end,
    latestVersion: head.version,
    ...(head.publishedVersion !== undefined ? { publishedVersion: head.publishedVersion } : {}),
  };
}
