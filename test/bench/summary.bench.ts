/**
 * Summary workbook generation: time and peak memory (RSS and heap, sampled every 5 ms) for
 *  - the district: the 2006 sample with the May reports, in memory (`buildSummary`) and streamed
 *    (`writeSummary`);
 *  - a province of 3,000 districts × 14 indicators, streamed (`writeProvinceSummary`); each
 *    district's status is computed in-process from generated monthly reports as it is written,
 *    so the statuses are never all held at once;
 *  - a city of as many districts, streamed (`writeCitySummary`): a city plan whose units are the
 *    generated districts and whose sub-targets are their targets; each district's status is
 *    computed and kept slim (what `rollUp` reads), the city's rolled up, then written.
 * Each figure after the first also prints its ratio to the streamed district (time, peak heap).
 *
 * Options: --districts N (default 3000). Run: npx tsx test/bench/summary.bench.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addMonths, type Period } from '../../domain/dates';
import { type Indicator, type Plan, reportingUnitIds, targetFor, type Unit } from '../../domain/plan';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { computeStatus, type DistrictStatus } from '../../domain/status';
import type { SubmissionRecord } from '../../domain/submission';
import {
  buildSummary,
  type ProvinceDistrict,
  writeCitySummary,
  writeProvinceSummary,
  writeSummary,
} from '../../functions/workbook/summary';
import { sampleSummaryInput } from '../../functions/workbook/summary.fixtures';
import { seededRandom } from '../support/random';

const { values } = parseArgs({ options: { districts: { type: 'string', default: '3000' } } });
const DISTRICTS = Number(values.districts);
const AS_OF = '2006-12-31';

/** District `index`: the sample plan under another name, with monthly reports April–November. */
function district(index: number, rand: () => number): { plan: Plan; records: SubmissionRecord[] } {
  const plan: Plan = {
    ...SAMPLE_PLAN_2006,
    organisation: { ...SAMPLE_PLAN_2006.organisation, id: `d${index}`, name: `第${index + 1}区` },
  };
  const records: SubmissionRecord[] = [];
  const pace = 0.6 + rand() * 0.6;
  for (const unit of reportingUnitIds(plan)) {
    const indicators = plan.indicators.filter((i) => targetFor(i, unit) !== undefined);
    for (let m = 0, p: Period = '2006-04'; p <= '2006-11'; m++, p = addMonths(p, 1)) {
      if (rand() < 0.05) continue; // a missing report now and then
      const share = Math.min(1, (pace * (m + 1)) / 9);
      records.push({
        id: `2006.${unit}.${p}`,
        version: 1,
        state: 'accepted',
        submittedAt: `${addMonths(p, 1)}-0${1 + Math.floor(rand() * 8)}T09:00:00+08:00`,
        submission: {
          year: 2006,
          unit,
          period: p,
          rows: indicators.map((i) => {
            const t = targetFor(i, unit)!;
            const cumulative =
              i.kind === 'milestone' ? (share >= 1 ? 1 : 0) : Math.round(t * share * 100) / 100;
            return {
              indicator: i.id,
              cumulative,
              ...(i.kind === 'milestone' && cumulative === 1 ? { completedOn: '2006-10-01' } : {}),
              funding: { higher: Math.round(rand() * 50), district: Math.round(rand() * 30) },
            };
          }),
        },
      });
    }
  }
  return { plan, records };
}

/**
 * A city over districts `0..n-1`: its units are the districts (unit id = district id) and each
 * indicator's sub-targets are every district's target of it (a count's target is their sum).
 */
function cityPlan(n: number): Plan {
  const units: Unit[] = [];
  for (let d = 0; d < n; d++) {
    units.push({
      id: `d${d}`,
      name: `第${d + 1}区`,
      kind: 'district',
      head: { name: `区长${d + 1}`, title: '区长', unit: `d${d}` },
    });
  }
  const indicators: Indicator[] = SAMPLE_PLAN_2006.indicators.map((i) => {
    // Counts add up; a schedule's figures with them, so that the city is paced as its districts.
    const times = i.kind === 'count' ? n : 1;
    return {
      ...i,
      target: i.target * times,
      ...(i.schedule
        ? { schedule: i.schedule.map((s) => ({ ...s, cumulative: s.cumulative * times })) }
        : {}),
      mainUnit: 'd0',
      relatedUnits: [],
      subTargets: units.map((u) => ({ unit: u.id, target: i.target })),
      responsible: [units[0]!.head!],
    };
  });
  return {
    ...SAMPLE_PLAN_2006,
    organisation: { id: 'bench-city', name: '第1市', level: 'city' },
    title: '第1市2006年为民办实事目标任务（区县分解）',
    indicators,
    units,
  };
}

/** What `rollUp` reads of a district's status: its indicators' figures and its reports' backlog. */
function slim(s: DistrictStatus): DistrictStatus {
  return {
    ...s,
    failures: [],
    pledges: [],
    indicators: s.indicators.map((i) => ({ ...i, contributions: [], responsible: [] })),
    units: s.units.map((u) => ({ ...u, indicators: [], failures: [], reports: [] })),
  };
}

interface Measured<T> {
  readonly value: T;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
}

async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  (globalThis as { gc?: () => void }).gc?.();
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 5);
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  clearInterval(timer);
  const m = process.memoryUsage();
  return {
    value,
    ms,
    peakRssMb: Math.max(rss, m.rss) / 2 ** 20,
    peakHeapMb: Math.max(heap, m.heapUsed) / 2 ** 20,
  };
}

const ratio = (r: Measured<unknown>, base: Measured<unknown>) =>
  `   ×${(r.ms / base.ms).toFixed(0)} time, ×${(r.peakHeapMb / base.peakHeapMb).toFixed(1)} heap of the streamed district`;

const line = (name: string, r: Measured<unknown>, more = '') =>
  console.log(
    `${name.padEnd(38)} ${r.ms.toFixed(0).padStart(7)} ms   peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB   peak heap ${r.peakHeapMb.toFixed(0).padStart(5)} MB${more}`,
  );

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'shishi-bench-summary-'));
  try {
    console.log(`summary workbook — node ${process.version}`);
    const input = sampleSummaryInput();
    await buildSummary(input.status, input.records, input.plan, input.facts2005); // warm up
    const runs = 20;
    const inMemory = await measure(async () => {
      let size = 0;
      for (let k = 0; k < runs; k++) {
        size = (await buildSummary(input.status, input.records, input.plan, input.facts2005)).length;
      }
      return size;
    });
    line(
      `district, in memory (mean of ${runs})`,
      { ...inMemory, ms: inMemory.ms / runs },
      `   ${(inMemory.value / 1024).toFixed(0)} KB`,
    );
    const streamedFile = join(dir, 'district.xlsx');
    const streamed = await measure(() => writeSummary(input, streamedFile));
    line('district, streamed', streamed, `   ${(statSync(streamedFile).size / 1024).toFixed(0)} KB`);

    const provinceFile = join(dir, 'province.xlsx');
    const rand = seededRandom(2006);
    let statusMs = 0;
    function* districts(): Generator<ProvinceDistrict> {
      for (let d = 0; d < DISTRICTS; d++) {
        const { plan, records } = district(d, rand);
        const t = performance.now();
        const status = computeStatus(plan, records, AS_OF);
        statusMs += performance.now() - t;
        yield { status, city: `第${Math.floor(d / 100) + 1}市` };
      }
    }
    const province = await measure(() =>
      writeProvinceSummary('××省2006年为民办实事进度汇总', AS_OF, districts(), provinceFile),
    );
    line(
      `province of ${DISTRICTS} districts, streamed`,
      province,
      `   ${(statSync(provinceFile).size / 2 ** 20).toFixed(1)} MB, ${province.value.rows} indicator rows; of the time ${statusMs.toFixed(0)} ms computing statuses`,
    );
    console.log(`${''.padEnd(38)}${ratio(province, streamed)}`);

    const cityFile = join(dir, 'city.xlsx');
    const cityRand = seededRandom(2006);
    const timing = { districts: 0, rollUp: 0 };
    const city = await measure(async () => {
      const plan = cityPlan(DISTRICTS);
      let t = performance.now();
      const members: DistrictStatus[] = [];
      for (let d = 0; d < DISTRICTS; d++) {
        const { plan: p, records } = district(d, cityRand);
        members.push(slim(computeStatus(p, records, AS_OF)));
      }
      timing.districts = performance.now() - t;
      t = performance.now();
      const status = rollUp(plan, members, AS_OF);
      timing.rollUp = performance.now() - t;
      members.length = 0;
      await writeCitySummary({ status, plan }, cityFile);
      return status;
    });
    line(
      `city of ${DISTRICTS} districts, streamed`,
      city,
      `   ${(statSync(cityFile).size / 2 ** 20).toFixed(1)} MB, verdict ${city.value.verdict}; of the time ${timing.districts.toFixed(0)} ms district statuses, ${timing.rollUp.toFixed(0)} ms roll-up`,
    );
    console.log(`${''.padEnd(38)}${ratio(city, streamed)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
