/**
 * Plans: an immutable item per version (`PLAN#<year>` / `V#…`) and a head (`HEAD`) that says
 * which version is current and moves only from the version it was read at.
 */

import type { PlanRecord } from '../../../api/views';
import type { Plan } from '../../../domain/plan';
import { HEAD, planPk, versionSk } from '../keys';
import type { Actor, AuditEntry } from './audit';
import { type Item, type Key, type PutRequest, putNew, sha256, type UpdateRequest } from './item';

/** The API's view of the item (api/views.ts): the store returns what the API answers. */
export type { PlanRecord };

export const planHeadKey = (year: number): Key => ({ pk: planPk(year), sk: HEAD });
export const planVersionKey = (year: number, version: number): Key => ({
  pk: planPk(year),
  sk: versionSk(version),
});

/** Moves the head to `expected + 1`, if it is still at `expected` (0: there is no head yet). */
export function planHeadUpdate(table: string, year: number, expected: number, at: string): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: planHeadKey(year),
      UpdateExpression: 'SET version = :v, updatedAt = :at',
      ConditionExpression: expected === 0 ? 'attribute_not_exists(pk)' : 'version = :e',
      ExpressionAttributeValues: {
        ':v': expected + 1,
        ':at': at,
        ...(expected === 0 ? {} : { ':e': expected }),
      },
    },
  };
}

/** A new version of the plan, as JSON text (`body`). */
export function planVersionPut(
  table: string,
  v: { year: number; version: number; body: string; at: string; by: string },
): PutRequest {
  return putNew(table, {
    ...planVersionKey(v.year, v.version),
    type: 'planVersion',
    year: v.year,
    version: v.version,
    body: v.body,
    createdAt: v.at,
    by: v.by,
  });
}

export function planAudit(year: number, version: number, body: string, actor: Actor, at: string): AuditEntry {
  return {
    at,
    year,
    action: 'plan.put',
    target: `plan/${year}/v${version}`,
    who: actor.sub,
    role: actor.role,
    sha256: sha256(body),
  };
}

/** The head's current version. */
export const planHeadVersion = (head: Item) => head.version as number;

export function planRecordOf(year: number, version: number, item: Item): PlanRecord {
  return {
    year,
    version,
    plan: JSON.parse(item.body as string) as Plan,
    createdAt: item.createdAt as string,
    by: item.by as string,
  };
}
