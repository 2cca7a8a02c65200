import { describe, expect, test } from 'vitest';
import { getItem, NOT_STORED, putNew, sha256 } from './item';

describe('item', () => {
  test('an immutable item is put only where none is stored', () => {
    // Act
    const put = putNew('t', { pk: 'P', sk: 'S', x: 1 });

    // Assess
    expect(put).toEqual({
      Put: {
        TableName: 't',
        Item: { pk: 'P', sk: 'S', x: 1 },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    expect(NOT_STORED).toBe('attribute_not_exists(pk)');
  });

  test('reads are strongly consistent', () => {
    expect(getItem('t', { pk: 'P', sk: 'S' })).toEqual({
      TableName: 't',
      Key: { pk: 'P', sk: 'S' },
      ConsistentRead: true,
    });
  });

  test('sha256 is the hex digest of the UTF-8 text', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('实事')).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256('实事')).not.toBe(sha256('实 事'));
  });
});
