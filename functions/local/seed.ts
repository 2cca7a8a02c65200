/**
 * What the one-machine stack seeds: the sample plan of the 2006 speech and its sample users.
 * The only place outside the demo and the tests that names the sample (the lint keeps it so:
 * `.dependency-cruiser.cjs`, rule `sample-only-in-seeding-demo-tests`).
 */
import type { Plan } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import type { Deps } from '../runtime';
import { type SampleUser, sampleUsers } from './users';

/** The plan the local stack seeds when its table has none for that year. */
export const SEED_PLAN: Plan = SAMPLE_PLAN_2006;

/** The local stack's users: the office, a leader and one reporter per unit of the seeded plan. */
export const seedUsers = (): SampleUser[] => sampleUsers(SEED_PLAN);

/** Stores the seeded plan when its organisation has no plan for that year; never replaces one. */
export async function seedSamplePlan(deps: Deps): Promise<'created' | 'exists'> {
  const store = deps.store.forOrg(SEED_PLAN.organisation.id);
  if (await store.getPlanHead(SEED_PLAN.year)) return 'exists';
  const out = await store.putPlan(
    SEED_PLAN.year,
    SEED_PLAN,
    0,
    { sub: 'system:seed', role: 'system' },
    deps.now().toISOString(),
  );
  return out.outcome === 'ok' ? 'created' : 'exists';
}
