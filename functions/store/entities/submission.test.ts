import { describe, expect, test } from 'vitest';
import {
  CHUNK_CHARS,
  chunkKeys,
  headCreateUpdate,
  headMatches,
  headOf,
  headReviewUpdate,
  headsQuery,
  MAX_BODY_CHARS,
  type NewVersion,
  type SubmissionHead,
  splitBody,
  submissionQuery,
  versionAudit,
  versionOf,
  versionPuts,
} from './submission';

const ORG = 'district-a';
const AT = '2006-05-03T01:02:03.000Z';
const ID = '2006.labor.2006-05';

const makeVersion = (overrides: Partial<NewVersion> = {}): NewVersion => ({
  id: ID,
  year: 2006,
  unit: 'labor',
  period: '2006-05',
  version: 1,
  findings: [],
  at: AT,
  actor: { sub: 'u-1', role: 'unit', unit: 'labor' },
  sha256: 'abc',
  idempotencyKey: 'k-1',
  ...overrides,
});

describe('splitBody', () => {
  test.each([
    ['an empty body', 0, [0]],
    ['a short body', 10, [10]],
    ['a body of exactly one chunk', CHUNK_CHARS, [CHUNK_CHARS]],
    ['a body one character longer', CHUNK_CHARS + 1, [CHUNK_CHARS, 1]],
    ['the largest body', MAX_BODY_CHARS, Array(MAX_BODY_CHARS / CHUNK_CHARS).fill(CHUNK_CHARS)],
  ])('%s', (_name, length, sizes) => {
    // Arrange
    const body = 'x'.repeat(length);

    // Act
    const parts = splitBody(body);

    // Assess
    expect(parts.map((p) => p.length)).toEqual(sizes);
    expect(parts.join('')).toBe(body);
  });

  test('refuses a body one transaction cannot carry', () => {
    expect(() => splitBody('x'.repeat(MAX_BODY_CHARS + 1))).toThrow('body too large');
  });
});

describe('submission head', () => {
  test('version 1 creates the head, on the byYear index, pending review', () => {
    // Act
    const { Update } = headCreateUpdate('t', ORG, makeVersion());

    // Assess
    expect(Update.Key).toEqual({ pk: `ORG#district-a#SUB#${ID}`, sk: 'HEAD' });
    expect(Update.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Update.UpdateExpression).toContain('firstSubmittedAt = if_not_exists(firstSubmittedAt, :at)');
    expect(Update.ExpressionAttributeValues).toEqual({
      ':type': 'submissionHead',
      ':id': ID,
      ':year': 2006,
      ':unit': 'labor',
      ':period': '2006-05',
      ':g1': 'ORG#district-a#YEAR#2006',
      ':g2': 'labor#2006-05',
      ':v': 1,
      ':pending': 'pending',
      ':at': AT,
      ':sha': makeVersion().sha256,
    });
    expect(Update.UpdateExpression).toContain('latestSha256 = :sha');
  });

  test('a later version moves the head only from the one before', () => {
    const { Update } = headCreateUpdate('t', ORG, makeVersion({ version: 3 }));
    expect(Update.ConditionExpression).toBe('latestVersion = :prev');
    expect(Update.ExpressionAttributeValues).toMatchObject({ ':v': 3, ':prev': 2 });
  });

  test.each([
    ['accept', 'accepted', 'SET latestState = :s, reviewedAt = :at, acceptedVersion = :v'],
    ['return', 'returned', 'SET latestState = :s, reviewedAt = :at'],
  ] as const)(
    'a review (%s) moves the head only while the version is latest and pending',
    (decision, state, set) => {
      // Act
      const { Update } = headReviewUpdate('t', ORG, { id: ID, version: 2, decision, at: AT });

      // Assess
      expect(Update.Key).toEqual({ pk: `ORG#district-a#SUB#${ID}`, sk: 'HEAD' });
      expect(Update.UpdateExpression).toBe(set);
      expect(Update.ConditionExpression).toBe('latestVersion = :v AND latestState = :pending');
      expect(Update.ExpressionAttributeValues).toEqual({
        ':s': state,
        ':at': AT,
        ':v': 2,
        ':pending': 'pending',
      });
    },
  );

  test('reads back from the head item, leaving out what is not set', () => {
    // Arrange
    const item = {
      pk: `ORG#district-a#SUB#${ID}`,
      sk: 'HEAD',
      type: 'submissionHead',
      id: ID,
      year: 2006,
      unit: 'labor',
      period: '2006-05',
      gsi1pk: 'ORG#district-a#YEAR#2006',
      latestVersion: 2,
      latestState: 'accepted',
      acceptedVersion: 2,
      firstSubmittedAt: AT,
      latestSubmittedAt: AT,
    };

    // Act
    const head = headOf(item);

    // Assess
    expect(head).toEqual({
      id: ID,
      year: 2006,
      unit: 'labor',
      period: '2006-05',
      latestVersion: 2,
      latestState: 'accepted',
      acceptedVersion: 2,
      firstSubmittedAt: AT,
      latestSubmittedAt: AT,
    });
    expect('reviewedAt' in head).toBe(false);
  });

  test.each([
    [{}, 'gsi1pk = :pk', undefined],
    [{ unit: 'labor' }, 'gsi1pk = :pk AND begins_with(gsi1sk, :p)', 'labor#'],
    [{ unit: 'labor', period: '2006-05' }, 'gsi1pk = :pk AND begins_with(gsi1sk, :p)', 'labor#2006-05'],
    [{ period: '2006-05' }, 'gsi1pk = :pk', undefined],
  ])('heads of a year for %o', (filter, condition, prefix) => {
    // Act
    const q = headsQuery('t', ORG, 2006, filter);

    // Assess
    expect(q.IndexName).toBe('byYear');
    expect(q.KeyConditionExpression).toBe(condition);
    expect(q.ExpressionAttributeValues?.[':pk']).toBe('ORG#district-a#YEAR#2006');
    expect(q.ExpressionAttributeValues?.[':p']).toBe(prefix);
  });

  test('a period without a unit is kept after the query', () => {
    // Arrange
    const head = (period: string): SubmissionHead => ({
      id: `2006.labor.${period}`,
      year: 2006,
      unit: 'labor',
      period,
      latestVersion: 1,
      latestState: 'pending',
      firstSubmittedAt: AT,
      latestSubmittedAt: AT,
    });

    // Act / Assess
    expect(headMatches({ period: '2006-05' })(head('2006-05'))).toBe(true);
    expect(headMatches({ period: '2006-05' })(head('2006-06'))).toBe(false);
    expect(headMatches({ unit: 'labor', period: '2006-05' })(head('2006-06'))).toBe(true);
    expect(headMatches({})(head('2006-06'))).toBe(true);
  });
});

describe('submission version', () => {
  test('is one immutable item with the first part, and one per further chunk', () => {
    // Arrange
    const v = makeVersion({ version: 2 });

    // Act
    const puts = versionPuts('t', ORG, v, ['ab', 'cd', 'e']);

    // Assess
    expect(puts.map((p) => p.Put.ConditionExpression)).toEqual(Array(3).fill('attribute_not_exists(pk)'));
    expect(puts[0]?.Put.Item).toEqual({
      pk: `ORG#district-a#SUB#${ID}`,
      sk: 'V#00000002',
      type: 'submissionVersion',
      id: ID,
      version: 2,
      submittedAt: AT,
      by: 'u-1',
      sha256: 'abc',
      findings: [],
      idempotencyKey: 'k-1',
      chunks: 3,
      part: 'ab',
    });
    expect(puts.slice(1).map((p) => p.Put.Item)).toEqual([
      { pk: `ORG#district-a#SUB#${ID}`, sk: 'V#00000002#C#0001', type: 'chunk', part: 'cd' },
      { pk: `ORG#district-a#SUB#${ID}`, sk: 'V#00000002#C#0002', type: 'chunk', part: 'e' },
    ]);
  });

  test('reads back whole from its item and chunks', () => {
    // Arrange
    const [first, ...chunks] = versionPuts('t', ORG, makeVersion(), ['ab', 'cd', 'e']).map((p) => p.Put.Item);
    const parts = new Map(chunks.map((c) => [c.sk, c.part as string]));

    // Act
    const keys = chunkKeys([first!]);
    const version = versionOf(first!, (sk) => parts.get(sk) ?? '');

    // Assess
    expect(keys).toEqual([
      { pk: `ORG#district-a#SUB#${ID}`, sk: 'V#00000001#C#0001' },
      { pk: `ORG#district-a#SUB#${ID}`, sk: 'V#00000001#C#0002' },
    ]);
    expect(version).toEqual({
      id: ID,
      version: 1,
      submittedAt: AT,
      by: 'u-1',
      sha256: 'abc',
      findings: [],
      chunks: 3,
      body: 'abcde',
    });
  });

  test('a body in one part has no chunks to read', () => {
    const [item] = versionPuts('t', ORG, makeVersion(), ['abc']).map((p) => p.Put.Item);
    expect(chunkKeys([item!])).toEqual([]);
    expect(versionOf(item!, () => 'never').body).toBe('abc');
  });

  test('its audit entry names the version and, for a unit, the unit', () => {
    expect(versionAudit(makeVersion())).toEqual({
      at: AT,
      year: 2006,
      action: 'submission.create',
      target: `${ID}/v1`,
      who: 'u-1',
      role: 'unit',
      unit: 'labor',
      sha256: 'abc',
    });
    expect('unit' in versionAudit(makeVersion({ actor: { sub: 'o-1', role: 'office' } }))).toBe(false);
  });

  test('the whole submission is read consistently by its partition', () => {
    expect(submissionQuery('t', ORG, ID)).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ORG#district-a#SUB#${ID}` },
      ConsistentRead: true,
    });
  });
});
