/**
 * Who calls the API: the four roles, the principal a verified token stands for, reading the
 * token's claims (the server after verifying the signature, the task pane for display only),
 * and the rule each route's `auth` names.
 */
import type { RouteAuth } from './routes';

export const ROLES = ['unit', 'office', 'leader', 'city'] as const;
export type Role = (typeof ROLES)[number];

/** What the claims say of the caller: enough to choose the task pane's view. */
export interface Identity {
  readonly role: Role;
  /** Set for role `unit`. */
  readonly unit?: string;
  readonly name?: string;
  /** The person's subject, when the claims name one (the pane: to know which person is itself). */
  readonly sub?: string;
}

/** The caller of a request, from a verified token. */
export interface Principal extends Identity {
  readonly sub: string;
  /**
   * The organisation whose records the request reads and writes: the caller's own, or for a
   * city's office one of its districts that the request names (`?org=`; then `via` is the city).
   */
  readonly org: string;
  /** The caller's own organisation, when the request reads one of its districts. */
  readonly via?: string;
}

const isRole = (x: unknown): x is Role => typeof x === 'string' && (ROLES as readonly string[]).includes(x);

/**
 * Role, unit and name from our own claims (`role`, `unit`), or from Cognito groups (`office`,
 * `leader`, `unit:<id>`) when there is no `role` claim; undefined when they name no role, or a
 * unit's role without its unit.
 *
 * @example identityFromClaims({ 'cognito:groups': ['unit:labor'] }) // → { role: 'unit', unit: 'labor' }
 */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>): Identity | undefined {
  const raw = claims['cognito:groups'];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : [];
  let role: unknown = claims.role;
  let unit = typeof claims.unit === 'string' ? claims.unit : undefined;
  if (typeof role !== 'string') {
    const unitGroup = groups.find((g) => g.startsWith('unit:'));
    role = groups.includes('office')
      ? 'office'
      : groups.includes('leader')
        ? 'leader'
        : groups.includes('city')
          ? 'city'
          : unitGroup
            ? 'unit'
            : undefined;
    unit ??= unitGroup?.slice(5);
  }
  if (!isRole(role) || (role === 'unit' && !unit)) return undefined;
  return {
    role,
    ...(role === 'unit' ? { unit } : {}),
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    ...(typeof claims.sub === 'string' && claims.sub ? { sub: claims.sub } : {}),
  };
}

/** An organisation's id: a lowercase slug without `#`, so no key can be forged across organisations. */
export const ORG_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The principal of verified claims: an identity, the subject and the organisation (`org`; tokens
 * from before issue 13 say `district`; Cognito's user attribute is `custom:district`).
 *
 * @example principalFromClaims({ sub: 's', role: 'leader', org: 'd' }) // → { sub: 's', role: 'leader', org: 'd' }
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal | undefined {
  const who = identityFromClaims(claims);
  const org = [claims.org, claims.district, claims['custom:district']].find((c) => typeof c === 'string');
  if (!who || typeof claims.sub !== 'string' || !claims.sub || typeof org !== 'string' || !ORG_ID.test(org)) {
    return undefined;
  }
  return { sub: claims.sub, org, ...who };
}

/**
 * Whether the principal may act for organisation `org`: their own; and for a city's office
 * (`city`, read-only by its routes) a district whose parent is that city (`parent`: the parent
 * the district's own record names, undefined when there is no such district). The handler asks
 * it of every `?org=` before any read, and answers the same 403 whether that organisation
 * exists or not.
 *
 * @example mayActFor({ org: 'a', role: 'office' }, 'b') // → false
 * @example mayActFor({ org: 'c', role: 'city' }, 'd', 'c') // → true
 */
export function mayActFor(principal: Pick<Principal, 'org' | 'role'>, org: string, parent?: string): boolean {
  if (!ORG_ID.test(org)) return false;
  return principal.org === org || (principal.role === 'city' && parent === principal.org);
}

/**
 * The route rules each role passes. A `Record` over the roles, so that a new role does not
 * compile until it says what it may call.
 */
const PASSES: Readonly<Record<Role, readonly RouteAuth[]>> = {
  unit: ['public', 'any', 'unit', 'office-or-unit'],
  office: ['public', 'any', 'office', 'office-or-unit', 'reader'],
  leader: ['public', 'any', 'reader'],
  city: ['public', 'any', 'reader'],
};

/**
 * Whether a caller of `role` may call a route whose rule is `rule`.
 *
 * @example allowed('office-or-unit', { role: 'leader' }) // → false
 */
export function allowed(rule: RouteAuth, who: Pick<Identity, 'role'>): boolean {
  return PASSES[who.role].includes(rule);
}
