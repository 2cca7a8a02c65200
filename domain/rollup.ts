/**
 * Roll-up: a city consolidates its districts, a province its cities, with the same rules.
 * Each member's status is its contribution to the parent's indicator of the same id, or of the
 * id its sub-target names (`SubTarget.indicator`).
 */
import type { IsoDate } from './dates';
import type { Plan } from './plan';
import { type DistrictStatus, evaluate, type Figure, figureKey } from './status';

/**
 * The parent's status from its members' statuses. The parent plan's units are its members
 * (unit id = the member organisation's id) and each indicator's `subTargets` give every
 * member's target: counts add up, growth rates, levels and milestones must be reached by every member.
 *
 * @example rollUp(cityPlan, [districtA, districtB], '2006-12-31').verdict
 */
export function rollUp(parent: Plan, members: readonly DistrictStatus[], asOf: IsoDate): DistrictStatus {
  const accepted = new Map<string, Figure>();
  const provisional = new Map<string, Figure>();
  const backlog = new Map<string, { late: number; missing: number }>();
  // Which parent indicator each member's own indicator contributes to.
  const into = new Map<string, string>();
  for (const p of parent.indicators) {
    for (const s of p.subTargets ?? []) into.set(figureKey(s.indicator ?? p.id, s.unit), p.id);
  }
  for (const m of members) {
    const id = m.organisation.id;
    for (const ind of m.indicators) {
      const target = into.get(figureKey(ind.id, id));
      if (target === undefined) continue;
      const key = figureKey(target, id);
      const { higher, district, other, total } = ind.funding;
      const funding = { higher, district, other, total };
      if (ind.reported) accepted.set(key, { value: ind.progress, period: null, funding });
      if (ind.reported || ind.provisionalProgress !== ind.progress) {
        provisional.set(key, { value: ind.provisionalProgress, period: null });
      }
    }
    backlog.set(id, {
      late: m.units.reduce((n, u) => n + u.late, 0),
      missing: m.units.reduce((n, u) => n + u.missing, 0),
    });
  }
  const status = evaluate(parent, { accepted, provisional }, asOf);
  return {
    ...status,
    units: status.units.map((u) => ({ ...u, ...(backlog.get(u.unit) ?? {}) })),
  };
}
