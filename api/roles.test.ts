import { describe, expect, test } from 'vitest';
import { allowed, identityFromClaims, principalFromClaims, ROLES } from './roles';
import { ROUTES } from './routes';

describe('principalFromClaims', () => {
  test.each([
    [
      { sub: 's', role: 'leader', org: 'd' },
      { sub: 's', role: 'leader', org: 'd' },
    ],
    [
      { sub: 's', role: 'leader', district: 'd' },
      { sub: 's', role: 'leader', org: 'd' },
    ],
    [
      { sub: 's', 'cognito:groups': ['unit:labor'], 'custom:district': 'd' },
      { sub: 's', role: 'unit', unit: 'labor', org: 'd' },
    ],
    [
      { sub: 's', 'cognito:groups': ['office'], 'custom:district': 'd' },
      { sub: 's', role: 'office', org: 'd' },
    ],
    [{ sub: 's', role: 'admin', district: 'd' }, undefined],
    [{ sub: 's', role: 'office' }, undefined],
    [{ sub: 's', role: 'office', org: 'd#PLAN' }, undefined],
    [{ sub: 's', role: 'office', org: 'D' }, undefined],
  ])('%j → %j', (claims, principal) => {
    expect(principalFromClaims(claims)).toEqual(principal);
  });
});

describe('identityFromClaims', () => {
  test.each([
    [
      { role: 'unit', unit: 'labor', name: '劳动局' },
      { role: 'unit', unit: 'labor', name: '劳动局' },
    ],
    [{ role: 'leader', unit: 'labor' }, { role: 'leader' }],
    [{ 'cognito:groups': ['leader', 'unit:labor'] }, { role: 'leader' }],
    [{ 'cognito:groups': [7, 'unit:labor'] }, { role: 'unit', unit: 'labor' }],
    [{ role: 'unit' }, undefined],
    [{ 'cognito:groups': 'office' }, undefined],
    [{}, undefined],
  ])('%j → %j', (claims, identity) => {
    expect(identityFromClaims(claims)).toEqual(identity);
  });
});

describe('allowed', () => {
  test.each([
    ['public', [true, true, true]],
    ['any', [true, true, true]],
    ['office', [false, true, false]],
    ['unit', [true, false, false]],
    ['office-or-unit', [true, true, false]],
    ['office-or-leader', [false, true, true]],
  ] as const)('%s lets unit, office, leader: %j', (rule, expected) => {
    expect(ROLES.map((role) => allowed(rule, { role }))).toEqual(expected);
  });

  test('no route lets a leader write', () => {
    const leaderWrites = ROUTES.filter((r) => r.access === 'write' && allowed(r.auth, { role: 'leader' }));
    expect(leaderWrites).toEqual([]);
  });
});
