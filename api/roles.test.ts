import { describe, expect, test } from 'vitest';
import { allowed, identityFromClaims, mayActFor, principalFromClaims, ROLES } from './roles';
import { ROUTES } from './routes';

describe('principalFromClaims', () => {
  test.each([
    [
      { sub: 's', role: 'leader', org: 'd' },
      { sub: 's', role: 'leader', org: 'd' },
    ],
    // Local tokens from before issue 13 name the organisation `district`.
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
    [{ sub: 's', role: 'admin', org: 'd' }, undefined],
    [{ sub: 's', role: 'office' }, undefined],
    // An organisation id that could reach into another's keys is no organisation.
    [{ sub: 's', role: 'office', org: 'd#USER' }, undefined],
    [{ sub: 's', role: 'office', org: 'D' }, undefined],
  ])('%j → %j', (claims, principal) => {
    expect(principalFromClaims(claims)).toEqual(principal);
  });
});

describe('mayActFor', () => {
  test('a principal acts for their own organisation only', () => {
    expect(mayActFor({ org: 'a' }, 'a')).toBe(true);
    expect(mayActFor({ org: 'a' }, 'b')).toBe(false);
    expect(mayActFor({ org: 'a' }, 'a#x')).toBe(false);
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
