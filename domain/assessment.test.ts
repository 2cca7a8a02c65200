import { describe, expect, it } from 'vitest';
import { makeIndicator, makePlan, makeRecord, makeRow, makeSubmission } from '../test/builders';
import { appraise, assess } from './assessment';
import type { Plan } from './plan';
import { computeStatus } from './status';

const report = (unit: string, id: string, cumulative: number) =>
  makeRecord(
    makeSubmission({
      unit,
      period: '2006-12',
      rows: [makeRow({ indicator: id, cumulative, thisPeriod: 0 })],
    }),
  );

// 1.1 (labor, target 1000) and 3.1 (transport, target 100).
const district = (id: string): Plan =>
  makePlan({
    organisation: {
      id,
      name: `${id}区`,
      level: 'district',
      parent: { id: 'c1', name: '示例市', level: 'city' },
    },
    indicators: [makeIndicator({ target: 1000 }), makePlan().indicators[1]!],
  });

const city: Plan = makePlan({
  organisation: { id: 'c1', name: '示例市', level: 'city' },
  units: [
    { id: 'a', name: 'A区', kind: 'district', head: { name: 'A区长', title: '区长', unit: 'a' } },
    { id: 'b', name: 'B区', kind: 'district', head: { name: 'B区长', title: '区长', unit: 'b' } },
  ],
  indicators: [
    makeIndicator({
      mainUnit: 'a',
      target: 2000,
      subTargets: [
        { unit: 'a', target: 1000 },
        { unit: 'b', target: 1000 },
      ],
    }),
  ],
});

describe('assess', () => {
  it('passes a unit only when it met every indicator; each failure names its first responsible persons', () => {
    // Arrange: labor meets 1.1, transport falls short on 3.1
    const status = computeStatus(
      district('a'),
      [report('labor', '1.1', 1000), report('transport', '3.1', 60)],
      '2006-12-31',
    );

    // Act
    const a = assess(status);

    // Assess
    expect(a.verdict).toBe('failed');
    expect(a.units.map((u) => [u.unit, u.result])).toEqual([
      ['labor', 'pass'],
      ['transport', 'fail'],
    ]);
    expect(a.accountability).toEqual([
      {
        indicator: '3.1',
        name: '建成乡镇到村水泥路',
        unit: 'transport',
        unitName: '区交通局',
        responsible: [{ name: '张国强', title: '局长', unit: 'transport' }],
      },
    ]);
    expect(a.commended).toEqual([{ unit: 'labor', name: '区劳动和社会保障局' }]);
    expect(a.status).toBe(status);
  });

  it('commends nobody and lists every failure when nothing was reported', () => {
    // Act
    const a = assess(computeStatus(district('a'), [], '2006-12-31'));

    // Assess
    expect(a.units.every((u) => u.result === 'fail')).toBe(true);
    expect(a.commended).toEqual([]);
    expect(a.accountability.map((f) => f.indicator).sort()).toEqual(['1.1', '3.1']);
  });
});

describe('appraise', () => {
  const closed = (id: string, labor: number, transport: number) =>
    assess(
      computeStatus(
        district(id),
        [report('labor', '1.1', labor), report('transport', '3.1', transport)],
        '2006-12-31',
      ),
    );

  it('ranks only the districts that closed, and waits for the others', () => {
    // Act
    const p = appraise(city, [{ org: 'a', assessment: closed('a', 1000, 100) }, { org: 'b' }]);

    // Assess
    expect(p.complete).toBe(false);
    expect(p.districts.map((d) => [d.org, d.closed, d.rank])).toEqual([
      ['a', true, 1],
      ['b', false, undefined],
    ]);
    // The city's total is judged on the closed districts only: provisional until all have closed.
    expect(p.status.indicators[0]!.progress).toBe(1000);
  });

  it("names as 先进单位 candidates only districts that met the city's share and all their own indicators", () => {
    // Arrange: both meet the city's 1.1 share (completion is capped at 100%); b fails its own 3.1
    const a = closed('a', 1000, 100);
    const b = closed('b', 1200, 50);

    // Act
    const p = appraise(city, [
      { org: 'a', assessment: a },
      { org: 'b', assessment: b },
    ]);

    // Assess
    expect(p.complete).toBe(true);
    expect(p.districts.map((d) => [d.org, d.verdict, d.districtVerdict, d.advanced])).toEqual([
      ['a', 'met', 'met', true],
      ['b', 'met', 'failed', false],
    ]);
    expect(p.districts.map((d) => d.rank)).toEqual([1, 2]);
    expect(p.advanced.map((d) => d.org)).toEqual(['a']);
  });
});
