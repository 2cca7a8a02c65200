/**
 * What every entity of the single table shares: the item and key shapes, the request shapes a
 * transaction is made of, and the builders every kind uses alike. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type {
  GetCommandInput,
  QueryCommandInput,
  TransactWriteConditionCheck,
  TransactWritePut,
  TransactWriteUpdate,
} from '@aws-sdk/lib-dynamodb';

/** An item as the document client reads it. */
export type Item = Record<string, unknown>;

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

/** One `Put` of a transaction. */
export interface PutRequest {
  readonly Put: TransactWritePut & { readonly Item: Item };
}

/** One `Update` of a transaction. */
export interface UpdateRequest {
  readonly Update: TransactWriteUpdate & { readonly Key: Key };
}

/** One `ConditionCheck` of a transaction: an item that must be as it says, unchanged. */
export interface ConditionRequest {
  readonly ConditionCheck: TransactWriteConditionCheck & { readonly Key: Key };
}

export type TransactRequest = PutRequest | UpdateRequest | ConditionRequest;

/** A fault of the store itself (not an expected outcome, which is a value). */
export class StoreError extends Error {
  override name = 'StoreError';
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The condition of every immutable item: it is written once, never over another. */
export const NOT_STORED = 'attribute_not_exists(pk)';

/** Puts an item that must not be stored yet (versions, chunks, reviews, records, reminders). */
export function putNew(table: string, item: Item): PutRequest {
  return { Put: { TableName: table, Item: item, ConditionExpression: NOT_STORED } };
}

/** A strongly consistent read of one item: a write acknowledged is a write read. */
export function getItem(table: string, key: Key): GetCommandInput {
  return { TableName: table, Key: { ...key }, ConsistentRead: true };
}

/** Every item of one partition, strongly consistent, in sort key order. */
export function partitionQuery(table: string, pk: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ConsistentRead: true,
  };
}
