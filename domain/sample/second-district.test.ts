import { describe, expect, it } from 'vitest';
import { INDICATOR_KINDS, validatePlan } from '../plan';
import { SAMPLE_CITY, SAMPLE_DISTRICTS, SAMPLE_PLANS } from './index';
import { SAMPLE_PLAN_2006 } from './plan2006';
import { SAMPLE_PLAN_2006_SECOND } from './second-district';

const plan = SAMPLE_PLAN_2006_SECOND;
const unitIds = (p: typeof plan) => p.units.map((u) => u.id);

describe('the second 2006 sample district', () => {
  it('is a valid plan', () => {
    expect(validatePlan(plan)).toEqual([]);
  });

  it('is a 2006 plan with 3-4 units and 4-6 indicators covering every kind', () => {
    expect(plan.year).toBe(2006);
    expect(plan.units.length).toBeGreaterThanOrEqual(3);
    expect(plan.units.length).toBeLessThanOrEqual(4);
    expect(plan.indicators.length).toBeGreaterThanOrEqual(4);
    expect(plan.indicators.length).toBeLessThanOrEqual(6);
    expect(new Set(plan.indicators.map((i) => i.kind))).toEqual(new Set(INDICATOR_KINDS));
  });

  it('has a slug organisation id distinct from the first district', () => {
    expect(plan.organisation.id).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
    expect(plan.organisation.id).not.toBe(SAMPLE_PLAN_2006.organisation.id);
  });

  it('shares the first district parent city', () => {
    expect(plan.organisation.parent?.id).toBe('sample-city');
    expect(plan.organisation.parent).toEqual(SAMPLE_PLAN_2006.organisation.parent);
  });

  it('reuses a unit id of the first district (labor) so cross-organisation code must key by organisation too', () => {
    expect(unitIds(plan)).toContain('labor');
    expect(unitIds(SAMPLE_PLAN_2006)).toContain('labor');
  });

  it('has a unit id the first district lacks (water), so per-organisation unit lists differ', () => {
    expect(unitIds(plan).filter((id) => !unitIds(SAMPLE_PLAN_2006).includes(id))).toContain('water');
  });
});

describe('the sample city and its districts', () => {
  it('is the city level parent of every sample plan', () => {
    expect(SAMPLE_CITY).toEqual({ id: 'sample-city', name: '××市', level: 'city' });
    for (const p of SAMPLE_PLANS) expect(p.organisation.parent?.id).toBe(SAMPLE_CITY.id);
  });

  it('lists the first district first, then the second, with distinct ids', () => {
    expect(SAMPLE_PLANS).toEqual([SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND]);
    expect(SAMPLE_DISTRICTS.map((d) => d.id)).toEqual(['sample-district', 'sample-county']);
  });

  it('has every sample plan valid', () => {
    for (const p of SAMPLE_PLANS) expect(validatePlan(p), p.organisation.id).toEqual([]);
  });
});
