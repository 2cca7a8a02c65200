/**
 * The sample people of the local stack, per sample organisation: at a district the assessment
 * office, a leader, and one reporter per unit of the organisation's plan; at a city its
 * assessment office (`city`, which reads its districts). `as` names them on the command line and
 * in tests (`office`, `leader`, `city`, `unit:<id>`, with the organisation); their subjects are
 * `local:<org>:<as>`. They are seeded into the table as people (functions/local/seed.ts), like
 * the people the office adds.
 */

import type { Principal, Role } from '../../api/roles';
import type { Plan } from '../../domain/plan';
import type { TokenSettings } from '../auth/tokens';

/** Issuer and audience of the tokens the local stack signs. */
export const localTokenSettings: TokenSettings = { issuer: 'shishi-local', audience: 'shishi' };

/** A local user by role; unit staff by their unit: `office`, `leader`, `unit:labor`. */
export type As = Exclude<Role, 'unit'> | `unit:${string}`;

export interface SampleUser {
  readonly as: As;
  readonly principal: Principal;
}

/** The subject of a sample person's tokens. */
export const sampleSub = (org: string, as: As) => `local:${org}:${as}`;

/**
 * The office, the leader, then one reporter per unit in the plan's order, each named as a person
 * (a unit's contact when the plan names one).
 */
export function sampleUsers(plan: Pick<Plan, 'organisation' | 'units'>): SampleUser[] {
  const org = plan.organisation.id;
  const user = (as: As, p: Omit<Principal, 'sub' | 'org'>): SampleUser => ({
    as,
    principal: { sub: sampleSub(org, as), org, ...p },
  });
  if (plan.organisation.level !== 'district') return [user('city', { role: 'city', name: '刘洋' })];
  return [
    user('office', { role: 'office', name: '王静' }),
    user('leader', { role: 'leader', name: '陈建国' }),
    ...plan.units.map((u) =>
      user(`unit:${u.id}`, { role: 'unit', unit: u.id, name: u.contact?.person ?? `${u.name}报送员` }),
    ),
  ];
}

export class AsError extends Error {
  override name = 'AsError';
}

/**
 * Validates an `as` string: `office`, `leader`, `city` or `unit:<id>`; with `plan`, the unit must
 * be one of its units.
 *
 * @throws AsError with a bilingual message.
 */
export function parseAs(s: string, plan?: Pick<Plan, 'units'>): As {
  const v = s.trim();
  if (v === 'office' || v === 'leader' || v === 'city') return v;
  const m = /^unit:([a-z0-9][a-z0-9-]*)$/.exec(v);
  if (!m) {
    throw new AsError(
      `身份应为 office、leader、city 或 unit:<单位编号>，收到 "${s}" / ` +
        `expected office, leader, city or unit:<unit id>, got "${s}"`,
    );
  }
  const unit = m[1]!;
  if (plan && !plan.units.some((u) => u.id === unit)) {
    const known = plan.units.map((u) => u.id).join(', ');
    throw new AsError(
      `计划中没有单位 "${unit}"（可选：${known}）/ no unit "${unit}" in the plan (known: ${known})`,
    );
  }
  return `unit:${unit}`;
}

/** The sample user for `as`, if the plan has it. */
export function userFor(plan: Pick<Plan, 'organisation' | 'units'>, as: string): SampleUser {
  const wanted = parseAs(as, plan);
  const user = sampleUsers(plan).find((u) => u.as === wanted);
  if (!user) {
    const known = sampleUsers(plan)
      .map((u) => u.as)
      .filter((a) => !a.startsWith('unit:'));
    throw new AsError(
      `${plan.organisation.name}没有身份 "${as}"（可选：${known.join('、')}）/ ${plan.organisation.id} has no user "${as}" (known: ${known.join(', ')})`,
    );
  }
  return user;
}
