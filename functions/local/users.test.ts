import { describe, expect, test } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { AsError, localTokenSettings, parseAs, sampleUsers, userFor } from './users';

describe('sample users', () => {
  test('the office, a leader, then one user per unit of the plan', () => {
    // Act
    const users = sampleUsers(SAMPLE_PLAN_2006);

    // Assess
    expect(users.map((u) => u.as)).toEqual([
      'office',
      'leader',
      ...SAMPLE_PLAN_2006.units.map((u) => `unit:${u.id}`),
    ]);
    expect(users).toHaveLength(2 + 12);
    expect(users[0]!.principal).toEqual({
      sub: 'local:sample-district:office',
      role: 'office',
      org: 'sample-district',
      name: '王静',
    });
    expect(users[1]!.principal).toMatchObject({ role: 'leader', name: '陈建国', org: 'sample-district' });
    expect(users[1]!.principal.unit).toBeUndefined();
  });

  test('a unit user reports for its own unit, named after its contact person', () => {
    // Act
    const labor = sampleUsers(SAMPLE_PLAN_2006).find((u) => u.as === 'unit:labor');

    // Assess
    expect(labor?.principal).toEqual({
      sub: 'local:sample-district:unit:labor',
      role: 'unit',
      unit: 'labor',
      org: 'sample-district',
      name: '孙丽',
    });
  });

  test('every user has a distinct subject', () => {
    // Act
    const subs = sampleUsers(SAMPLE_PLAN_2006).map((u) => u.principal.sub);

    // Assess
    expect(new Set(subs).size).toBe(subs.length);
  });

  test('local tokens are issued by shishi-local for the shishi audience', () => {
    expect(localTokenSettings).toEqual({ issuer: 'shishi-local', audience: 'shishi' });
  });
});

describe('parseAs', () => {
  test.each([
    ['office', 'office'],
    ['leader', 'leader'],
    ['unit:labor', 'unit:labor'],
    [' unit:family-planning ', 'unit:family-planning'],
  ])('accepts %j', (input, expected) => {
    expect(parseAs(input)).toBe(expected);
  });

  test.each(['', 'admin', 'unit:', 'unit', 'unit:Labor', 'unit:labor/x', 'office:x'])(
    'refuses %j',
    (input) => {
      // Act
      const attempt = () => parseAs(input);

      // Assess
      expect(attempt).toThrow(AsError);
      expect(attempt).toThrow(
        /office、leader、city 或 unit:<单位编号>.*expected office, leader, city or unit:<unit id>/,
      );
    },
  );

  test('with a plan, the unit must be one of its units', () => {
    // Act
    const attempt = () => parseAs('unit:police', SAMPLE_PLAN_2006);

    // Assess
    expect(attempt).toThrow(/计划中没有单位 "police".*no unit "police" in the plan/);
    expect(parseAs('unit:xinji', SAMPLE_PLAN_2006)).toBe('unit:xinji');
  });

  test('userFor finds the user, or says why not', () => {
    expect(userFor(SAMPLE_PLAN_2006, 'unit:hekou').principal.name).toBe('河口乡报送员');
    expect(() => userFor(SAMPLE_PLAN_2006, 'unit:nowhere')).toThrow(AsError);
  });
});
