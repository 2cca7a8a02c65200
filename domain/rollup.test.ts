import { describe, expect, it } from 'vitest';
import {
  makeIndicator,
  makeLevelIndicator,
  makeLevelPlan,
  makePlan,
  makeRecord,
  makeRow,
  makeSubmission,
} from '../test/builders';
import type { Plan } from './plan';
import { rollUp } from './rollup';
import { computeStatus } from './status';

// Two districts with the same two indicators; their city adds them up.
const district = (id: string, target11: number) =>
  makePlan({
    organisation: { id, name: id, level: 'district', parent: { id: 'c1', name: '示例市', level: 'city' } },
    indicators: [makeIndicator({ target: target11 }), makePlan().indicators[1]!],
  });
const a = district('a', 1000);
const b = district('b', 3000);

const city: Plan = makePlan({
  organisation: {
    id: 'c1',
    name: '示例市',
    level: 'city',
    parent: { id: 'p1', name: '示例省', level: 'province' },
  },
  units: [
    { id: 'a', name: 'A区', kind: 'district', head: { name: 'A区长', title: '区长', unit: 'a' } },
    { id: 'b', name: 'B区', kind: 'district', head: { name: 'B区长', title: '区长', unit: 'b' } },
  ],
  indicators: [
    makeIndicator({
      mainUnit: 'a',
      target: 4000,
      subTargets: [
        { unit: 'a', target: 1000 },
        { unit: 'b', target: 3000 },
      ],
    }),
    makeIndicator({
      id: '3.1',
      pledge: '3',
      mainUnit: 'a',
      target: 200,
      subTargets: [
        { unit: 'a', target: 100 },
        { unit: 'b', target: 100 },
      ],
    }),
  ],
});

const report = (unit: string, id: string, cumulative: number) =>
  makeRecord(
    makeSubmission({
      unit,
      period: '2006-12',
      rows: [makeRow({ indicator: id, cumulative, thisPeriod: 0 })],
    }),
  );

describe('rollUp', () => {
  it('adds the districts’ progress and judges each district on its own target', () => {
    const sa = computeStatus(
      a,
      [report('labor', '1.1', 1000), report('transport', '3.1', 100)],
      '2006-12-31',
    );
    const sb = computeStatus(
      b,
      [report('labor', '1.1', 2999), report('transport', '3.1', 100)],
      '2006-12-31',
    );
    const status = rollUp(city, [sa, sb], '2006-12-31');
    const ind = status.indicators.find((i) => i.id === '1.1')!;
    expect(ind.progress).toBe(3999);
    expect(ind.contributions.map((c) => [c.unit, c.value, c.status])).toEqual([
      ['a', 1000, 'met'],
      ['b', 2999, 'failed'],
    ]);
    expect(status.verdict).toBe('failed');
    expect(status.units.find((u) => u.unit === 'b')!.verdict).toBe('failed');
    expect(status.units.find((u) => u.unit === 'b')!.failures[0]!.responsible[0]!.name).toBe('B区长');
    expect(status.organisation.level).toBe('city');
  });

  it('is met when every district meets its share', () => {
    const sa = computeStatus(
      a,
      [report('labor', '1.1', 1000), report('transport', '3.1', 100)],
      '2006-12-31',
    );
    const sb = computeStatus(
      b,
      [report('labor', '1.1', 3000), report('transport', '3.1', 120)],
      '2006-12-31',
    );
    expect(rollUp(city, [sa, sb], '2006-12-31').verdict).toBe('met');
  });

  it('carries the districts’ late and missing reports up', () => {
    const sa = computeStatus(a, [], '2006-04-10');
    const sb = computeStatus(b, [], '2006-04-10');
    const status = rollUp(city, [sa, sb], '2006-04-10');
    // January and February missing, March late, for both reporting units of each district
    expect(status.units.map((u) => [u.unit, u.late, u.missing])).toEqual([
      ['a', 2, 4],
      ['b', 2, 4],
    ]);
  });

  it('a rate must be reached by every district', () => {
    const g = (id: string) =>
      makePlan({
        organisation: { id, name: id, level: 'district' },
        indicators: [
          makeIndicator({ kind: 'growth', target: 15, base: 500, unitOfMeasure: '%' }),
          makePlan().indicators[1]!,
        ],
      });
    const gcity = makePlan({
      units: city.units,
      indicators: [
        makeIndicator({
          kind: 'growth',
          target: 15,
          base: 1000,
          unitOfMeasure: '%',
          mainUnit: 'a',
          subTargets: [
            { unit: 'a', target: 15 },
            { unit: 'b', target: 15 },
          ],
        }),
        city.indicators[1]!,
      ],
    });
    const sa = computeStatus(g('a'), [report('labor', '1.1', 20)], '2006-12-31');
    const sb = computeStatus(g('b'), [report('labor', '1.1', 12)], '2006-12-31');
    const ind = rollUp(gcity, [sa, sb], '2006-12-31').indicators[0]!;
    expect(ind.progress).toBe(12);
    expect(ind.status).toBe('failed');
  });
});

describe('rollUp of a level indicator', () => {
  const levelDistrict = (id: string) =>
    makeLevelPlan(makeLevelIndicator(), {
      organisation: { id, name: id, level: 'district', parent: { id: 'c1', name: '示例市', level: 'city' } },
    });
  const levelCity = makeLevelPlan(
    makeLevelIndicator({
      mainUnit: 'a',
      subTargets: [
        { unit: 'a', target: 85 },
        { unit: 'b', target: 85 },
      ],
    }),
    { organisation: city.organisation, units: city.units },
  );
  const rate = (plan: Plan, value: number) =>
    computeStatus(
      plan,
      [
        makeRecord(
          makeSubmission({
            unit: 'health',
            period: '2006-12',
            rows: [{ indicator: '5.1', cumulative: value }],
          }),
        ),
      ],
      '2006-12-31',
    );

  it('asks every district for the whole level: the city is as far as the district furthest behind', () => {
    const status = rollUp(
      levelCity,
      [rate(levelDistrict('a'), 86), rate(levelDistrict('b'), 84)],
      '2006-12-31',
    );
    const ind = status.indicators.find((i) => i.id === '5.1')!;
    expect(ind.progress).toBe(84);
    expect(ind.completion).toBeCloseTo(6 / 7, 10);
    expect(ind.contributions.map((c) => [c.unit, c.value, c.status])).toEqual([
      ['a', 86, 'met'],
      ['b', 84, 'failed'],
    ]);
  });
});

describe('rollUp with the sample city', () => {
  it('counts a district indicator under the city indicator its sub-target names', async () => {
    const { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND } = await import('./sample');
    // The district's roads are its 3.1, the county's its 2.1; the city's are 2.1.
    const sa = computeStatus(SAMPLE_PLAN_2006, [report('transport', '3.1', 20)], '2006-12-31');
    const sb = computeStatus(SAMPLE_PLAN_2006_SECOND, [report('transport', '2.1', 18)], '2006-12-31');
    const city = rollUp(SAMPLE_CITY_PLAN_2006, [sa, sb], '2006-12-31');
    const roads = city.indicators.find((i) => i.id === '2.1')!;
    expect(roads.progress).toBe(38);
    expect(roads.contributions.map((c) => [c.unit, c.value, c.status])).toEqual([
      ['sample-district', 20, 'failed'],
      ['sample-county', 18, 'met'],
    ]);
    // The district's 2.1 (pension insurance) contributes to nothing of the city's.
    expect(city.indicators.find((i) => i.id === '1.1')!.reported).toBe(false);
  });
});
