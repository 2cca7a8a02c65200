import { describe, expect, test } from 'vitest';
import { type NewReview, reviewAudit, reviewOf, reviewPut } from './review';

const ORG = 'district-a';

const REVIEW: NewReview = {
  id: '2006.labor.2006-05',
  year: 2006,
  version: 2,
  decision: 'return',
  comment: '请补充 / please complete',
  at: '2006-05-04T00:00:00.000Z',
  actor: { sub: 'office-1', role: 'office' },
};

describe('review', () => {
  test('is one immutable item per version, under the submission', () => {
    // Act
    const { Put } = reviewPut('t', ORG, REVIEW);

    // Assess
    expect(Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Put.Item).toEqual({
      pk: 'ORG#district-a#SUB#2006.labor.2006-05',
      sk: 'R#00000002',
      type: 'review',
      id: REVIEW.id,
      version: 2,
      decision: 'return',
      comment: REVIEW.comment,
      by: 'office-1',
      at: REVIEW.at,
    });
  });

  test('reads back as it was put; a missing comment is empty', () => {
    // Arrange
    const { comment: _c, ...withoutComment } = reviewPut('t', ORG, REVIEW).Put.Item;

    // Act / Assess
    const { pk: _pk, sk: _sk, type: _type, ...record } = reviewPut('t', ORG, REVIEW).Put.Item;
    expect(reviewOf(reviewPut('t', ORG, REVIEW).Put.Item)).toEqual(record);
    expect(record).toMatchObject({ version: 2, by: 'office-1' });
    expect(reviewOf(withoutComment).comment).toBe('');
  });

  test('its audit entry carries the decision and a digest of decision and comment', () => {
    // Act
    const entry = reviewAudit(REVIEW);
    const other = reviewAudit({ ...REVIEW, comment: 'other' });

    // Assess
    expect(entry).toMatchObject({
      action: 'submission.review',
      target: '2006.labor.2006-05/v2',
      who: 'office-1',
      role: 'office',
      detail: 'return',
    });
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(other.sha256).not.toBe(entry.sha256);
  });
});
