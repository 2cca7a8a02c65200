/**
 * Use counters (issue 15): how many submissions a unit sent in the current window, how many
 * versions a report got today. One item per counted thing, `ORG#<org>#LIMIT#<what>` / `LIMIT`,
 * holding its window and the count in it: a new window starts the count again, so the item never
 * grows and none is left per window. Counters are not records of what anyone submitted: they are
 * not audited, and a count taken for a write that then fails is not given back.
 */
import { limitPk } from '../keys';
import type { Key, UpdateRequest } from './item';

export const limitKey = (org: string, what: string): Key => ({ pk: limitPk(org, what), sk: 'LIMIT' });

/** Counts one more in `window` if fewer than `max` were counted in it. */
export function countInWindow(
  table: string,
  org: string,
  what: string,
  window: string,
  max: number,
): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: limitKey(org, what),
      UpdateExpression: 'ADD #n :one',
      ConditionExpression: '#w = :w AND #n < :max',
      ExpressionAttributeNames: { '#n': 'n', '#w': 'window' },
      ExpressionAttributeValues: { ':one': 1, ':w': window, ':max': max },
    },
  };
}

/** Starts the count at one in `window`, if the counter is in an earlier window (or has none). */
export function startWindow(table: string, org: string, what: string, window: string): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: limitKey(org, what),
      UpdateExpression: 'SET #n = :one, #w = :w, #type = :type',
      ConditionExpression: 'attribute_not_exists(#w) OR #w < :w',
      ExpressionAttributeNames: { '#n': 'n', '#w': 'window', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':w': window, ':type': 'limit' },
    },
  };
}
