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
    expect(mayActFor({ org: 'a', role: 'office' }, 'a')).toBe(true);
    expect(mayActFor({ org: 'a', role: 'office' }, 'b')).toBe(false);
    expect(mayActFor({ org: 'a', role: 'office' }, 'a#x')).toBe(false);
  });

  test("a city's office acts for its own districts, and no one else's", () => {
    expect(mayActFor({ org: 'c', role: 'city' }, 'd', 'c')).toBe(true);
    expect(mayActFor({ org: 'c', role: 'city' }, 'd', 'other-city')).toBe(false);
    expect(mayActFor({ org: 'c', role: 'city' }, 'd', undefined)).toBe(false);
    expect(mayActFor({ org: 'c', role: 'city' }, 'd#x', 'c')).toBe(false);
    // Only the city role reaches below its own organisation.
    expect(mayActFor({ org: 'c', role: 'office' }, 'd', 'c')).toBe(false);
    expect(mayActFor({ org: 'c', role: 'leader' }, 'd', 'c')).toBe(false);
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
    [{ 'cognito:groups': ['city'] }, { role: 'city' }],
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
    ['public', [true, true, true, true]],
    ['any', [true, true, true, true]],
    ['office', [false, true, false, false]],
    ['unit', [true, false, false, false]],
    ['office-or-unit', [true, true, false, false]],
    ['reader', [false, true, true, true]],
  ] as const)('%s lets unit, office, leader, city: %j', (rule, expected) => {
    expect(ROLES.map((role) => allowed(rule, { role }))).toEqual(expected);
  });

  test.each(['leader', 'city'] as const)('no route lets a %s write', (role) => {
    const writes = ROUTES.filter((r) => r.access === 'write' && allowed(r.auth, { role }));
    expect(writes).toEqual([]);
  });
});
