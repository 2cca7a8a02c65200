import { describe, expect, test } from 'vitest';
import { StoreError } from './entities/item';
import {
  auditPk,
  chunkSk,
  idempotencyPk,
  orgPrefix,
  parseSubmissionId,
  planPk,
  plansGsiPk,
  reminderPk,
  reminderSk,
  reviewSk,
  submissionId,
  submissionPk,
  userPk,
  versionSk,
  yearGsiPk,
} from './keys';
import { tableDefinition } from './table';

describe('keys', () => {
  test('versions sort in order as strings', () => {
    const sks = [1, 2, 10, 100, 9].map(versionSk).sort();
    expect(sks).toEqual([1, 2, 9, 10, 100].map(versionSk));
    expect(chunkSk(3, 2) > versionSk(3) && chunkSk(3, 2) < versionSk(4)).toBe(true);
    expect(reviewSk(1)).toBe('R#00000001');
  });

  test.each([
    ['2006.labor.2006-05', { year: 2006, unit: 'labor', period: '2006-05' }],
    ['2006.civil-affairs.2006-12', { year: 2006, unit: 'civil-affairs', period: '2006-12' }],
    ['2006.labor', undefined],
    ['2006.LABOR.2006-05', undefined],
    ['2006.labor.2006-05.x', undefined],
  ])('parseSubmissionId(%s)', (id, parsed) => {
    expect(parseSubmissionId(id)).toEqual(parsed);
    if (parsed) expect(submissionId(parsed.year, parsed.unit, parsed.period)).toBe(id);
  });

  test('reminders: one item per period, unit and state', () => {
    expect(reminderPk('district-a', 2006)).toBe('ORG#district-a#REMIND#2006');
    expect(reminderSk('2006-05', 'labor', 'late')).toBe('2006-05#labor#late');
    expect(reminderSk('2006-05', 'labor', 'missing')).not.toBe(reminderSk('2006-05', 'labor', 'late'));
  });

  test('every partition key starts with its organisation', () => {
    expect(orgPrefix('district-a')).toBe('ORG#district-a');
    expect(userPk('district-a')).toBe('ORG#district-a#USER');
    expect(planPk('district-a', 2006)).toBe('ORG#district-a#PLAN#2006');
    expect(plansGsiPk('district-a')).toBe('ORG#district-a#PLANS');
    expect(submissionPk('district-a', '2006.labor.2006-05')).toBe('ORG#district-a#SUB#2006.labor.2006-05');
    expect(yearGsiPk('district-a', 2006)).toBe('ORG#district-a#YEAR#2006');
    expect(idempotencyPk('district-a', 'labor', 'k-1')).toBe('ORG#district-a#IDEM#labor#k-1');
    expect(auditPk('district-a', 2006)).toBe('ORG#district-a#AUDIT#2006');
  });

  test.each([
    ['an id holding #', 'district-a#PLAN#2006'],
    ['a lone #', '#'],
    ['an id in uppercase', 'District-A'],
    ['an empty id', ''],
  ])('orgPrefix refuses %s', (_name, org) => {
    expect(() => orgPrefix(org)).toThrow(StoreError);
    expect(() => planPk(org, 2006)).toThrow(StoreError);
  });

  test('the table has its key and the byYear index', () => {
    const t = tableDefinition('shishi');
    expect(t.KeySchema?.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
    expect(t.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['byYear']);
    expect(t.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
