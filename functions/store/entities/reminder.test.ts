import { describe, expect, test } from 'vitest';
import { type Reminder, reminderAudit, reminderOf, reminderPut, remindersQuery } from './reminder';

const ORG = 'district-a';

const REMINDER: Reminder = {
  year: 2006,
  unit: 'labor',
  period: '2006-05',
  due: '2006-06-05',
  state: 'late',
  asOf: '2006-06-06',
  createdAt: '2006-06-06T01:00:00.000Z',
};

describe('reminder', () => {
  test('is one immutable item per period, unit and state', () => {
    // Act
    const { Put } = reminderPut('t', ORG, REMINDER);

    // Assess
    expect(Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Put.Item).toEqual({
      pk: 'ORG#district-a#REMIND#2006',
      sk: '2006-05#labor#late',
      type: 'reminder',
      ...REMINDER,
    });
    expect(reminderPut('t', ORG, { ...REMINDER, state: 'missing' }).Put.Item.sk).toBe(
      '2006-05#labor#missing',
    );
    expect(reminderOf(Put.Item)).toEqual(REMINDER);
  });

  test('its audit entry is the unit’s, naming the reminder', () => {
    expect(reminderAudit(ORG, REMINDER, { sub: 'job', role: 'system' })).toMatchObject({
      at: REMINDER.createdAt,
      year: 2006,
      action: 'reminder.create',
      target: 'reminder/2006/2006-05#labor#late',
      who: 'job',
      role: 'system',
      unit: 'labor',
      detail: 'late',
    });
  });

  test('a year’s reminders are read consistently by their partition', () => {
    expect(remindersQuery('t', ORG, 2006)).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ORG#district-a#REMIND#2006' },
      ConsistentRead: true,
    });
  });
});
