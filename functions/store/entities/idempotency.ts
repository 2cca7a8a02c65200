/**
 * Idempotency records: the answer given to a request with an idempotency key, stored with the
 * write it answered (`ORG#<org>#IDEM#<scope>#<key>`), so that a repeat gets the same answer.
 */
import { idempotencyPk } from '../keys';
import { type Item, type Key, type PutRequest, putNew } from './item';

export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly status: number;
  readonly response: unknown;
}

export interface NewIdempotencyRecord extends IdempotencyRecord {
  readonly org: string;
  readonly scope: string;
  readonly key: string;
}

export const idempotencyKey = (org: string, scope: string, key: string): Key => ({
  pk: idempotencyPk(org, scope, key),
  sk: 'IDEM',
});

/** Fails its condition when the key was used already: the caller says `idempotencyTaken`. */
export function idempotencyPut(table: string, r: NewIdempotencyRecord, at: string): PutRequest {
  return putNew(table, {
    ...idempotencyKey(r.org, r.scope, r.key),
    type: 'idempotency',
    requestHash: r.requestHash,
    status: r.status,
    response: JSON.stringify(r.response),
    at,
  });
}

export function idempotencyOf(item: Item): IdempotencyRecord {
  return {
    requestHash: item.requestHash as string,
    status: item.status as number,
    response: JSON.parse(item.response as string),
  };
}
