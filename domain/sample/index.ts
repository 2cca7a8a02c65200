/**
 * The sample city and its two sample districts, in order (first district first), for seeding,
 * the demo and tests. Only those may import domain/sample (.dependency-cruiser.cjs).
 */
import type { Organisation, Plan } from '../plan';
import { SAMPLE_CITY_PLAN_2006 } from './city';
import { SAMPLE_PLAN_2006 } from './plan2006';
import { SAMPLE_PLAN_2006_SECOND } from './second-district';

export { SAMPLE_CITY_INDICATORS_2006, SAMPLE_CITY_PLAN_2006, SAMPLE_CITY_UNITS } from './city';
export { FACTS_2005, SAMPLE_INDICATORS_2006, SAMPLE_PLAN_2006, SAMPLE_UNITS } from './plan2006';
export {
  SAMPLE_INDICATORS_2006_SECOND,
  SAMPLE_PLAN_2006_SECOND,
  SAMPLE_UNITS_SECOND,
} from './second-district';

/** The sample city both sample districts belong to. */
export const SAMPLE_CITY: Organisation = { ...SAMPLE_PLAN_2006.organisation.parent!, level: 'city' };

/** Both sample districts' 2006 plans, first district first. */
export const SAMPLE_PLANS: readonly Plan[] = [SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND];

/** Both sample districts, in the order of SAMPLE_PLANS. */
export const SAMPLE_DISTRICTS: readonly Organisation[] = SAMPLE_PLANS.map((p) => p.organisation);

/** The sample city's own 2006 plan: its districts as units, their shares as sub-targets. */
export const SAMPLE_CITY_PLANS: readonly Plan[] = [SAMPLE_CITY_PLAN_2006];
