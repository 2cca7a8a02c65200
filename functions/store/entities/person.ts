/**
 * People of an organisation (`ORG#<org>#USER` / `<sub>`): who may sign in, in which role and
 * for which unit. A person is put once and then only updated (disabled, enabled again, name or
 * contact corrected), never deleted: the audit keeps naming who did what. Each write carries its
 * audit entry in the same transaction.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Person, PersonPatch } from '../../../api/views';
import { userPk } from '../keys';
import { type Actor, type AuditEntry, byActor } from './audit';
import {
  type Item,
  type Key,
  type PutRequest,
  partitionQuery,
  putNew,
  sha256,
  type UpdateRequest,
} from './item';

export type { Person };

export const personKey = (org: string, sub: string): Key => ({ pk: userPk(org), sk: sub });

/** A new person; fails its condition when the subject is stored already. */
export function personPut(table: string, p: Person & { readonly username: string }): PutRequest {
  return putNew(table, { ...personKey(p.org, p.sub), type: 'person', ...p });
}

/**
 * Applies `patch` to the person, if they are stored and unchanged since `expectedUpdatedAt` was
 * read (their `createdAt` when never updated), so two offices' edits do not cross.
 */
export function personUpdate(
  table: string,
  org: string,
  sub: string,
  patch: PersonPatch,
  expectedUpdatedAt: string,
  actor: Actor,
  at: string,
): UpdateRequest {
  const fields = Object.entries(patch).filter(([, v]) => v !== undefined);
  const names = Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k]));
  const values = Object.fromEntries(fields.map(([, v], i) => [`:f${i}`, v]));
  return {
    Update: {
      TableName: table,
      Key: personKey(org, sub),
      UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :f${i}`).join(', ')}${fields.length ? ', ' : ''}updatedAt = :at, updatedBy = :by`,
      // if_not_exists is for update expressions only: DynamoDB refuses it in a condition.
      ConditionExpression:
        'attribute_exists(pk) AND (updatedAt = :expected OR (attribute_not_exists(updatedAt) AND createdAt = :expected))',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':at': at, ':by': actor.sub, ':expected': expectedUpdatedAt },
    },
  };
}

/** The audit entry of a person's creation or change; `detail` says what changed (no contact details). */
export function personAudit(
  action: 'user.create' | 'user.update',
  p: Pick<Person, 'sub' | 'role' | 'unit' | 'name'>,
  change: string,
  actor: Actor,
  at: string,
  year: number,
): AuditEntry {
  return {
    at,
    year,
    action,
    target: `user/${p.sub}`,
    ...byActor(actor),
    ...(p.unit ? { unit: p.unit } : {}),
    sha256: sha256(JSON.stringify({ sub: p.sub, role: p.role, unit: p.unit, change })),
    detail: change,
  };
}

export function peopleQuery(table: string, org: string): QueryCommandInput {
  return partitionQuery(table, userPk(org));
}

export function personOf(item: Item): Person & { readonly username?: string } {
  const opt = (k: string) => (item[k] !== undefined ? { [k]: item[k] as string } : {});
  return {
    sub: item.sub as string,
    org: item.org as string,
    name: item.name as string,
    ...opt('phone'),
    ...opt('email'),
    role: item.role as Person['role'],
    ...opt('unit'),
    state: item.state as Person['state'],
    createdAt: item.createdAt as string,
    createdBy: item.createdBy as string,
    ...opt('updatedAt'),
    ...opt('updatedBy'),
    ...opt('username'),
  };
}
