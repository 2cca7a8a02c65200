import { describe, expect, test } from 'vitest';
import {
  chunkSk,
  parseSubmissionId,
  reminderPk,
  reminderSk,
  reviewSk,
  submissionId,
  versionSk,
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
    expect(reminderPk(2006)).toBe('REMIND#2006');
    expect(reminderSk('2006-05', 'labor', 'late')).toBe('2006-05#labor#late');
    expect(reminderSk('2006-05', 'labor', 'missing')).not.toBe(reminderSk('2006-05', 'labor', 'late'));
  });

  test('the table has its key and the byYear index', () => {
    const t = tableDefinition('shishi');
    expect(t.KeySchema?.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
    expect(t.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['byYear']);
    expect(t.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
