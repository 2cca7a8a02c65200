import { describe, expect, test } from 'vitest';
import { idempotencyKey, idempotencyOf, idempotencyPut } from './idempotency';

describe('idempotency record', () => {
  test('is put once per scope and key, the response kept as JSON text', () => {
    // Act
    const { Put } = idempotencyPut(
      't',
      {
        org: 'district-a',
        scope: 'labor',
        key: 'k-1',
        requestHash: 'h',
        status: 201,
        response: { id: 'x', 版本: 1 },
      },
      '2006-05-03T00:00:00.000Z',
    );

    // Assess
    expect(Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Put.Item).toEqual({
      pk: 'ORG#district-a#IDEM#labor#k-1',
      sk: 'IDEM',
      type: 'idempotency',
      requestHash: 'h',
      status: 201,
      response: '{"id":"x","版本":1}',
      at: '2006-05-03T00:00:00.000Z',
    });
    expect(idempotencyOf(Put.Item)).toEqual({
      requestHash: 'h',
      status: 201,
      response: { id: 'x', 版本: 1 },
    });
  });

  test('one key in two scopes is two records', () => {
    expect(idempotencyKey('district-a', 'labor', 'k')).not.toEqual(
      idempotencyKey('district-a', 'transport', 'k'),
    );
  });

  test('one scope and key in two organisations is two records', () => {
    expect(idempotencyKey('district-a', 'labor', 'k')).not.toEqual(
      idempotencyKey('district-b', 'labor', 'k'),
    );
  });
});
