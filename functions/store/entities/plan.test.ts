import { describe, expect, test } from 'vitest';
import { makePlan } from '../../../test/builders';
import {
  planAudit,
  planHeadKey,
  planHeadOf,
  planHeadUpdate,
  planPublishAudit,
  planPublishUpdate,
  planRecordOf,
  plansQuery,
  planVersionKey,
  planVersionPut,
  planYearOf,
  withState,
} from './plan';

const ORG = 'district-a';
const AT = '2006-01-05T00:00:00.000Z';
const ACTOR = { sub: 'office-1', role: 'office' };

describe('plan', () => {
  test('the first version creates the head; it must not exist yet', () => {
    // Act
    const { Update } = planHeadUpdate('t', ORG, 2006, 0, AT);

    // Assess
    expect(Update.Key).toEqual({ pk: 'ORG#district-a#PLAN#2006', sk: 'HEAD' });
    expect(Update.UpdateExpression).toBe(
      'SET version = :v, updatedAt = :at, gsi1pk = :gpk, gsi1sk = :gsk, publishedVersion = :v',
    );
    expect(Update.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Update.ExpressionAttributeValues).toEqual({
      ':v': 1,
      ':at': AT,
      ':gpk': 'ORG#district-a#PLANS',
      ':gsk': '2006',
    });
  });

  test('a later version moves the head only from the version it was read at', () => {
    // Act
    const { Update } = planHeadUpdate('t', ORG, 2006, 3, AT);

    // Assess
    expect(Update.ConditionExpression).toBe('version = :e');
    expect(Update.ExpressionAttributeValues).toEqual({
      ':v': 4,
      ':at': AT,
      ':e': 3,
      ':gpk': 'ORG#district-a#PLANS',
      ':gsk': '2006',
    });
  });

  test('a version is an immutable item that reads back as the plan', () => {
    // Arrange
    const plan = makePlan();
    const body = JSON.stringify(plan);

    // Act
    const { Put } = planVersionPut('t', ORG, { year: 2006, version: 2, body, at: AT, by: ACTOR.sub });

    // Assess
    expect(Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Put.Item).toEqual({
      ...planVersionKey(ORG, 2006, 2),
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
    expect(planHeadKey(ORG, 2006).pk).toBe(Put.Item.pk);
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
      detail: 'published',
    });
    expect(planAudit(2006, 3, '{}', ACTOR, AT, 'draft').detail).toBe('draft');
  });

  test('a first draft creates a head with nothing published', () => {
    // Act
    const { Update } = planHeadUpdate('t', ORG, 2007, 0, AT, 'draft');

    // Assess
    expect(Update.UpdateExpression).toBe(
      'SET version = :v, updatedAt = :at, gsi1pk = :gpk, gsi1sk = :gsk, publishedVersion = :none',
    );
    expect(Update.ExpressionAttributeValues).toMatchObject({ ':v': 1, ':none': 0 });
    expect(
      planHeadOf({ pk: 'ORG#district-a#PLAN#2007', sk: 'HEAD', version: 1, publishedVersion: 0 }),
    ).toEqual({
      year: 2007,
      version: 1,
    });
  });

  test('a later draft keeps the published version, on a head from before drafts the one it was at', () => {
    // Act
    const { Update } = planHeadUpdate('t', ORG, 2006, 2, AT, 'draft');

    // Assess
    expect(Update.UpdateExpression).toContain('publishedVersion = if_not_exists(publishedVersion, :e)');
    expect(Update.ConditionExpression).toBe('version = :e');
    expect(Update.ExpressionAttributeValues).toMatchObject({ ':v': 3, ':e': 2 });
  });

  test('a head from before drafts reads as published at its version', () => {
    // Act
    const legacy = planHeadOf({ pk: 'ORG#district-a#PLAN#2006', sk: 'HEAD', version: 3 });
    const drafted = planHeadOf({
      pk: 'ORG#district-a#PLAN#2006',
      sk: 'HEAD',
      version: 4,
      publishedVersion: 3,
    });

    // Assess
    expect(legacy).toEqual({ year: 2006, version: 3, publishedVersion: 3 });
    expect(drafted).toEqual({ year: 2006, version: 4, publishedVersion: 3 });
  });

  test('publishing moves the published version only while it is the newest, and is audited', () => {
    // Act
    const { Update } = planPublishUpdate('t', ORG, 2007, 2, AT);
    const audit = planPublishAudit(2007, 2, 'abc', ACTOR, AT);

    // Assess
    expect(Update.Key).toEqual({ pk: 'ORG#district-a#PLAN#2007', sk: 'HEAD' });
    expect(Update.UpdateExpression).toBe('SET publishedVersion = :v, updatedAt = :at');
    expect(Update.ConditionExpression).toBe('version = :v');
    expect(Update.ExpressionAttributeValues).toEqual({ ':v': 2, ':at': AT });
    expect(audit).toEqual({
      at: AT,
      year: 2007,
      action: 'plan.publish',
      target: 'plan/2007/v2',
      who: 'office-1',
      role: 'office',
      sha256: 'abc',
    });
  });

  test('a draft version keeps its state; a record reads its state from the head', () => {
    // Arrange
    const plan = makePlan();
    const { Put } = planVersionPut('t', ORG, {
      year: 2006,
      version: 4,
      body: JSON.stringify(plan),
      at: AT,
      by: 'o',
      state: 'draft',
    });
    const record = planRecordOf(2006, 4, Put.Item);

    // Act
    const asDraft = withState(record, { year: 2006, version: 4, publishedVersion: 3 });
    const asPublished = withState(record, { year: 2006, version: 4, publishedVersion: 4 });

    // Assess
    expect(Put.Item.state).toBe('draft');
    expect(asDraft.state).toBe('draft');
    expect(asPublished.state).toBe('published');
  });

  test('the years are one Query of the byYear index, newest first', () => {
    // Act
    const q = plansQuery('t', ORG);
    const year = planYearOf(
      { year: 2006, version: 4, publishedVersion: 3 },
      { year: 2006, version: 4, plan: makePlan(), createdAt: AT, by: 'o' },
    );

    // Assess
    expect(q).toMatchObject({
      IndexName: 'byYear',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ORG#district-a#PLANS' },
      ScanIndexForward: false,
    });
    expect(year).toEqual({
      year: 2006,
      title: makePlan().title,
      start: makePlan().start,
      end: makePlan().end,
      latestVersion: 4,
      publishedVersion: 3,
    });
  });
});
