import { describe, expect, test } from 'vitest';
import {
  type AuditEntry,
  auditCursor,
  auditEntryOf,
  auditHeadUpdate,
  auditPut,
  auditQuery,
  entryHash,
  GENESIS,
  legacyDigest,
  nextLink,
  verifyChain,
} from './audit';
import type { Item } from './item';

const ORG = 'district-a';
const FIRST = { seq: 1, prev: GENESIS };

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
  test('is put under its organisation and year, sorted by time, at its place in the chain', () => {
    // Act
    const { Put } = auditPut('t', ORG, ENTRY, { seq: 3, prev: 'p'.repeat(64) }, 'id-1');

    // Assess
    const item = {
      pk: 'ORG#district-a#AUDIT#2006',
      sk: '2006-05-03T01:02:03.000Z#id-1',
      type: 'audit',
      org: ORG,
      ...ENTRY,
      seq: 3,
      prev: 'p'.repeat(64),
    };
    expect(Put).toEqual({
      TableName: 't',
      Item: { ...item, hash: entryHash(item) },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(Put.Item.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('two entries of the same moment get different keys', () => {
    expect(auditPut('t', ORG, ENTRY, FIRST).Put.Item.sk).not.toBe(
      auditPut('t', ORG, ENTRY, FIRST).Put.Item.sk,
    );
  });

  test('the head moves to the entry only from the entry before it (the first: only if there is none)', () => {
    const first = auditHeadUpdate('t', ORG, auditPut('t', ORG, ENTRY, FIRST)).Update;
    const third = auditHeadUpdate('t', ORG, auditPut('t', ORG, ENTRY, { seq: 3, prev: 'x' })).Update;
    expect(first.Key).toEqual({ pk: 'ORG#district-a#AUDITHEAD#2006', sk: 'HEAD' });
    expect(first.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(third.ConditionExpression).toBe('#seq = :before');
    expect(third.ExpressionAttributeValues).toMatchObject({ ':seq': 3, ':before': 2 });
  });

  test('reads back as it was put, without keys or type', () => {
    // Arrange
    const { unit: _u, ...withoutUnit } = ENTRY;
    const withDetail: AuditEntry = { ...withoutUnit, action: 'submission.review', detail: 'accept' };

    // Act / Assess
    const read = (e: AuditEntry) => {
      const { seq: _s, prev: _p, hash: _h, ...rest } = auditEntryOf(auditPut('t', ORG, e, FIRST).Put.Item);
      return rest;
    };
    expect(read(ENTRY)).toEqual(ENTRY);
    expect(read(withDetail)).toEqual(withDetail);
    expect(Object.keys(read(withDetail))).not.toContain('unit');
    expect(auditEntryOf(auditPut('t', ORG, ENTRY, FIRST).Put.Item)).toMatchObject({ seq: 1, prev: GENESIS });
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

/** A chain of `n` entries as the store writes it, and its head. */
function chain(n: number, before: Item[] = []): { items: Item[]; head: Item } {
  const items: Item[] = [...before];
  let head: { seq: number; hash: string } | undefined;
  for (let i = 0; i < n; i++) {
    const entry = { ...ENTRY, at: `2006-05-0${1 + (i % 9)}T00:00:0${i % 10}.000Z`, target: `t${i + 1}` };
    const put = auditPut('t', ORG, entry, nextLink(head, items), `id-${i}`).Put.Item;
    items.push(put);
    head = { seq: put.seq as number, hash: put.hash as string };
  }
  return { items, head: { pk: 'h', sk: 'HEAD', ...head } };
}

describe('the audit chain', () => {
  test('an intact chain verifies, and so does a year with no entries', () => {
    const { items, head } = chain(5);
    expect(verifyChain(2006, items, head)).toEqual({
      year: 2006,
      ok: true,
      entries: 5,
      head: { seq: 5, hash: items[4]!.hash },
    });
    expect(verifyChain(2006, [], undefined)).toEqual({ year: 2006, ok: true, entries: 0 });
  });

  test('an entry put outside the chain is named as forged', () => {
    const { items, head } = chain(4);
    const forged: Item = {
      pk: 'p',
      sk: '2006-05-02T09:00:00.000Z#x',
      type: 'audit',
      ...ENTRY,
      target: 'forged',
    };
    const found = verifyChain(2006, [...items, forged], head);
    expect(found.ok).toBe(false);
    expect(found.problem).toMatchObject({ kind: 'forged', entry: { target: 'forged' } });
    expect(found.problem?.zh).toContain('不在审计链中');
    expect(found.problem?.en).toContain('outside the chain');
  });

  test('an entry given the next number and a correct link, past the head, is forged', () => {
    const { items, head } = chain(3);
    const extra = auditPut(
      't',
      ORG,
      { ...ENTRY, target: 'beyond' },
      nextLink({ seq: 3, hash: items[2]!.hash as string }),
    ).Put.Item;
    expect(verifyChain(2006, [...items, extra], head).problem).toMatchObject({
      kind: 'forged',
      seq: 4,
      entry: { target: 'beyond' },
    });
  });

  test('a second entry in a taken place is forged, whichever sorts first', () => {
    const { items, head } = chain(3);
    for (const sk of ['0000', 'zzzz']) {
      const twin: Item = {
        ...auditPut('t', ORG, { ...ENTRY, target: 'twin' }, { seq: 2, prev: items[0]!.hash as string }).Put
          .Item,
        sk,
      };
      twin.hash = entryHash(twin);
      expect(verifyChain(2006, [...items, twin], head).problem).toMatchObject({
        kind: 'forged',
        seq: 2,
        entry: { target: 'twin' },
      });
    }
  });

  test('a deleted entry is named missing, the first, a middle and the last', () => {
    const { items, head } = chain(4);
    expect(verifyChain(2006, items.slice(1), head).problem).toMatchObject({ kind: 'missing', seq: 1 });
    expect(verifyChain(2006, [items[0]!, items[1]!, items[3]!], head).problem).toMatchObject({
      kind: 'missing',
      seq: 3,
    });
    expect(verifyChain(2006, items.slice(0, 3), head).problem).toMatchObject({ kind: 'missing', seq: 4 });
    expect(verifyChain(2006, [], head).problem).toMatchObject({ kind: 'missing' });
  });

  test('a changed field is named altered; a deleted head, broken', () => {
    const { items, head } = chain(3);
    const changed = items.map((i, k) => (k === 1 ? { ...i, who: 'someone-else' } : i));
    expect(verifyChain(2006, changed, head).problem).toMatchObject({
      kind: 'altered',
      seq: 2,
      entry: { who: 'someone-else' },
    });
    expect(verifyChain(2006, items, undefined).problem).toMatchObject({ kind: 'broken' });
  });

  test('an entry rewritten with a fresh hash breaks the link of the next', () => {
    const { items, head } = chain(3);
    const rewritten: Item = { ...items[1]!, who: 'x' };
    rewritten.hash = entryHash(rewritten);
    expect(verifyChain(2006, [items[0]!, rewritten, items[2]!], head).problem).toMatchObject({
      kind: 'broken',
      seq: 3,
    });
  });

  test('entries from before the chain are sealed by its first entry', () => {
    const legacy: Item[] = [
      { pk: 'p', sk: '2006-01-01T00:00:00.000Z#a', type: 'audit', ...ENTRY, target: 'old-1' },
      { pk: 'p', sk: '2006-01-02T00:00:00.000Z#b', type: 'audit', ...ENTRY, target: 'old-2' },
    ];
    const { items, head } = chain(2, legacy);
    expect(items[2]).toMatchObject({ seq: 1, legacy: 2, prev: legacyDigest(legacy) });
    expect(verifyChain(2006, items, head).ok).toBe(true);
    expect(verifyChain(2006, items.slice(1), head).problem).toMatchObject({ kind: 'missing' });
    const more = { pk: 'p', sk: '2006-03-01T00:00:00.000Z#c', type: 'audit', ...ENTRY, target: 'late' };
    expect(verifyChain(2006, [...items, more], head).problem).toMatchObject({
      kind: 'forged',
      entry: { target: 'late' },
    });
  });
});
