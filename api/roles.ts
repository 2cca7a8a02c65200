/**
 * Who calls the API: the three roles, the principal a verified token stands for, reading the
 * token's claims (the server after verifying the signature, the task pane for display only),
 * and the rule each route's `auth` names.
 */
import type { RouteAuth } from './routes';

export const ROLES = ['unit', 'office', 'leader'] as const;
export type Role = (typeof ROLES)[number];

/** What the claims say of the caller: enough to choose the task pane's view. */
export interface Identity {
  readonly role: Role;
  /** Set for role `unit`. */
  readonly unit?: string;
  readonly name?: string;
}

/** The caller of a request, from a verified token. */
export interface Principal extends Identity {
  readonly sub: string;
  readonly district: string;
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
  };
}

/**
 * The principal of verified claims: an identity, the subject and the district (`district`, or
 * Cognito's `custom:district`).
 *
 * @example principalFromClaims({ sub: 's', role: 'leader', district: 'd' }) // → { sub: 's', role: 'leader', district: 'd' }
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal | undefined {
  const who = identityFromClaims(claims);
  const district = typeof claims.district === 'string' ? claims.district : claims['custom:district'];
  if (!who || typeof claims.sub !== 'string' || !claims.sub || typeof district !== 'string' || !district) {
    return undefined;
  }
  return { sub: claims.sub, district, ...who };
}

/**
 * The route rules each role passes. A `Record` over the roles, so that a new role does not
 * compile until it says what it may call.
 */
const PASSES: Readonly<Record<Role, readonly RouteAuth[]>> = {
  unit: ['public', 'any', 'unit', 'office-or-unit'],
  office: ['public', 'any', 'office', 'office-or-unit', 'office-or-leader'],
  leader: ['public', 'any', 'office-or-leader'],
};

/**
 * Whether a caller of `role` may call a route whose rule is `rule`.
 *
 * @example allowed('office-or-unit', { role: 'leader' }) // → false
 */
export function allowed(rule: RouteAuth, who: Pick<Identity, 'role'>): boolean {
  return PASSES[who.role].includes(rule);
}
