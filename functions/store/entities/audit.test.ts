import { describe, expect, test } from 'vitest';
import { type AuditEntry, auditCursor, auditEntryOf, auditPut, auditQuery } from './audit';

const ORG = 'district-a';

const ENTRY: AuditEntry = {
  at: '2006-05-03T01:02:03.000Z',
  year: 2006,
  action: 'submission.create',
  target: '2006.labor.2006-05/v1',
  who: 'u-1',
  role: 'unit',
  unit: 'labor',
  sha256: 'abc',
};

describe('audit entry', () => {
  test('is put under its organisation and year, sorted by time, with no condition', () => {
    // Act
    const { Put } = auditPut('t', ORG, ENTRY, 'id-1');

    // Assess
    expect(Put).toEqual({
      TableName: 't',
      Item: {
        pk: 'ORG#district-a#AUDIT#2006',
        sk: '2006-05-03T01:02:03.000Z#id-1',
        type: 'audit',
        org: ORG,
        ...ENTRY,
      },
    });
    expect(Put.ConditionExpression).toBeUndefined();
  });

  test('two entries of the same moment get different keys', () => {
    expect(auditPut('t', ORG, ENTRY).Put.Item.sk).not.toBe(auditPut('t', ORG, ENTRY).Put.Item.sk);
  });

  test('reads back as it was put, without keys or type', () => {
    // Arrange
    const { unit: _u, ...withoutUnit } = ENTRY;
    const withDetail: AuditEntry = { ...withoutUnit, action: 'submission.review', detail: 'accept' };

    // Act / Assess
    expect(auditEntryOf(auditPut('t', ORG, ENTRY).Put.Item)).toEqual(ENTRY);
    expect(auditEntryOf(auditPut('t', ORG, withDetail).Put.Item)).toEqual(withDetail);
    expect(Object.keys(auditEntryOf(auditPut('t', ORG, withDetail).Put.Item))).not.toContain('unit');
  });

  test('a page starts after the cursor, which is the last sort key read', () => {
    // Act
    const first = auditQuery('t', ORG, 2006, 50);
    const next = auditQuery('t', ORG, 2006, 50, auditCursor('2006-05-03T01:02:03.000Z#id-1'));

    // Assess
    expect(first).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ORG#district-a#AUDIT#2006' },
      Limit: 50,
    });
    expect(next.ExclusiveStartKey).toEqual({
      pk: 'ORG#district-a#AUDIT#2006',
      sk: '2006-05-03T01:02:03.000Z#id-1',
    });
    expect(auditCursor('a#b')).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
