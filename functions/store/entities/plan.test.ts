import { describe, expect, test } from 'vitest';
import { makePlan } from '../../../test/builders';
import { planAudit, planHeadKey, planHeadUpdate, planRecordOf, planVersionKey, planVersionPut } from './plan';

const AT = '2006-01-05T00:00:00.000Z';
const ACTOR = { sub: 'office-1', role: 'office' };

describe('plan', () => {
  test('the first version creates the head; it must not exist yet', () => {
    // Act
    const { Update } = planHeadUpdate('t', 2006, 0, AT);

    // Assess
    expect(Update.Key).toEqual({ pk: 'PLAN#2006', sk: 'HEAD' });
    expect(Update.UpdateExpression).toBe('SET version = :v, updatedAt = :at');
    expect(Update.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Update.ExpressionAttributeValues).toEqual({ ':v': 1, ':at': AT });
  });

  test('a later version moves the head only from the version it was read at', () => {
    // Act
    const { Update } = planHeadUpdate('t', 2006, 3, AT);

    // Assess
    expect(Update.ConditionExpression).toBe('version = :e');
    expect(Update.ExpressionAttributeValues).toEqual({ ':v': 4, ':at': AT, ':e': 3 });
  });

  test('a version is an immutable item that reads back as the plan', () => {
    // Arrange
    const plan = makePlan();
    const body = JSON.stringify(plan);

    // Act
    const { Put } = planVersionPut('t', { year: 2006, version: 2, body, at: AT, by: ACTOR.sub });

    // Assess
    expect(Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Put.Item).toEqual({
      ...planVersionKey(2006, 2),
      type: 'planVersion',
      year: 2006,
      version: 2,
      body,
      createdAt: AT,
      by: 'office-1',
    });
    expect(Put.Item.sk).toBe('V#00000002');
    expect(planRecordOf(2006, 2, Put.Item)).toEqual({
      year: 2006,
      version: 2,
      plan,
      createdAt: AT,
      by: 'office-1',
    });
    expect(planHeadKey(2006).pk).toBe(Put.Item.pk);
  });

  test('its audit entry names the version and the body’s digest', () => {
    expect(planAudit(2006, 2, '{}', ACTOR, AT)).toEqual({
      at: AT,
      year: 2006,
      action: 'plan.put',
      target: 'plan/2006/v2',
      who: 'office-1',
      role: 'office',
      sha256: '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    });
  });
});
