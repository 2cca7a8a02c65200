/**
 * Audit entries (immutable): one per write, in the same transaction as the write, under
 * `ORG#<org>#AUDIT#<year>` sorted by time. Every write that audits puts its entry with `auditPut`.
 */
import { randomUUID } from 'node:crypto';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../../api/views';
import { auditPk } from '../keys';
import type { Item, PutRequest } from './item';

/** The API's view of the item (api/views.ts): the store returns what the API answers. */
export type { AuditEntry };

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

/**
 * The one Put of an audit entry. Its sort key is the time and a random id, so that two writes in
 * the same millisecond both keep their entry (hence no condition: the key is never reused).
 */
export function auditPut(
  table: string,
  org: string,
  entry: AuditEntry,
  id: string = randomUUID(),
): PutRequest {
  return {
    Put: {
      TableName: table,
      Item: { pk: auditPk(org, entry.year), sk: `${entry.at}#${id}`, type: 'audit', org, ...entry },
    },
  };
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
  };
}
