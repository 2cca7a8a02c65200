/**
 * What the one-machine stack seeds: the sample organisations' plans (the 2006 district of the
 * speech, a second district under the same city, and the city's own plan of its districts'
 * shares) and their sample people. The only place
 * outside the demo and the tests that names the sample (the lint keeps it so:
 * `.dependency-cruiser.cjs`, rule `sample-only-in-seeding-demo-tests`).
 */
import type { Plan } from '../../domain/plan';
import { SAMPLE_CITY_PLANS, SAMPLE_PLAN_2006, SAMPLE_PLANS } from '../../domain/sample';
import { type Deps, localDate } from '../runtime';
import type { Actor } from '../store/entities/audit';
import { type SampleUser, sampleUsers } from './users';

/** The first sample organisation's plan: the demo, the CLI's defaults and the README use it. */
export const SEED_PLAN: Plan = SAMPLE_PLAN_2006;

/** The sample districts' plans, one per district, the first one first. */
export const SEED_PLANS: readonly Plan[] = SAMPLE_PLANS;

/** The sample city's plan: its districts as units (read-only, rolled up from theirs). */
export const SEED_CITY_PLANS: readonly Plan[] = SAMPLE_CITY_PLANS;

/** Every plan the local stack seeds: the districts' first, then the city's. */
export const SEED_ALL_PLANS: readonly Plan[] = [...SEED_PLANS, ...SEED_CITY_PLANS];

const SEED_ACTOR: Actor = { sub: 'system:seed', role: 'system', name: '示例数据 / sample data' };

/** The local stack's sample people of every sample organisation (office, leader, one per unit). */
export const seedUsers = (): SampleUser[] => SEED_ALL_PLANS.flatMap((plan) => sampleUsers(plan));

/**
 * Stores each sample plan when its organisation has no plan for that year, and each sample
 * person not stored yet; never replaces anything. Answers whether the first plan was stored now.
 */
export async function seedSamplePlan(deps: Deps): Promise<'created' | 'exists'> {
  const at = deps.now().toISOString();
  const outcomes: Array<'created' | 'exists'> = [];
  for (const plan of SEED_ALL_PLANS) {
    const store = deps.store.forOrg(plan.organisation.id);
    if (await store.getPlanHead(plan.year)) outcomes.push('exists');
    else {
      const out = await store.putPlan(plan.year, plan, 0, SEED_ACTOR, at);
      outcomes.push(out.outcome === 'ok' ? 'created' : 'exists');
    }
    // A person stored already is left as they are: the put's condition refuses it ('exists').
    for (const { principal: p, as } of sampleUsers(plan)) {
      const phone = p.unit ? plan.units.find((u) => u.id === p.unit)?.contact?.phone : undefined;
      await store.putPerson(
        {
          sub: p.sub,
          org: p.org,
          name: p.name ?? as,
          ...(phone ? { phone } : {}),
          role: p.role,
          ...(p.unit ? { unit: p.unit } : {}),
          state: 'active',
          createdAt: at,
          createdBy: SEED_ACTOR.sub,
          username: as,
        },
        SEED_ACTOR,
        // People are audited in the calendar year they were added, like those the office adds.
        Number(localDate(deps.now()).slice(0, 4)),
      );
    }
  }
  return outcomes[0] ?? 'exists';
}
