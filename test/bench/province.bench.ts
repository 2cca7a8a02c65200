/**
 * `npm run bench`: the status of a province of 3,000 districts × 14 indicators × 12 monthly
 * reports from 1–4 units each, computed in-process, then rolled up into 30 cities and the
 * province. In the same run two naive baselines compute the same statuses, and the figures
 * are printed as ratios to them:
 *  - "rescan district": for every indicator and unit, scan all of the district's reports again;
 *  - "rescan province": for every indicator and unit, scan all of the province's reports (a flat
 *    table with no index). It is too slow to run for 3,000 districts, so it runs on a sample of
 *    districts and its time is scaled up — said so in its line.
 *
 * Options: --districts N (default 3000), --cities N (default 30), --sample N (default 3).
 */
import { parseArgs } from 'node:util';
import { isoDate } from '../../domain/dates';
import {
  DEFAULT_THRESHOLDS,
  type Indicator,
  type Plan,
  reportingUnitIds,
  reportingUnits,
  type Unit,
} from '../../domain/plan';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import {
  computeStatus,
  type DistrictStatus,
  evaluate,
  type Figure,
  figureKey,
  reportStates,
} from '../../domain/status';
import type { SubmissionRecord } from '../../domain/submission';
import { seededRandom } from '../support/random';

const { values } = parseArgs({
  options: {
    districts: { type: 'string', default: '3000' },
    cities: { type: 'string', default: '30' },
    sample: { type: 'string', default: '3' },
  },
});
const DISTRICTS = Number(values.districts);
const CITIES = Number(values.cities);
const SAMPLE = Number(values.sample);
const AS_OF = '2006-12-31';

const UNIT_POOL: Unit[] = Array.from({ length: 12 }, (_, i) => ({
  id: `u${i}`,
  name: `单位${i}`,
  kind: 'bureau',
}));

function makeDistrict(index: number, rand: () => number): { plan: Plan; records: SubmissionRecord[] } {
  const id = `d${index}`;
  const indicators: Indicator[] = SAMPLE_PLAN_2006.indicators.map((base) => {
    const kind = base.kind === 'count' ? 'count' : base.kind;
    const n = kind === 'count' ? 1 + Math.floor(rand() * 4) : 1;
    const first = Math.floor(rand() * UNIT_POOL.length);
    const units = Array.from({ length: n }, (_, k) => UNIT_POOL[(first + k) % UNIT_POOL.length]!.id);
    const target = kind === 'count' ? 100 * n : base.target;
    return {
      ...base,
      kind,
      target,
      mainUnit: units[0]!,
      relatedUnits: [],
      ...(n > 1 ? { subTargets: units.map((unit) => ({ unit, target: 100 })) } : { subTargets: undefined }),
    };
  });
  const plan: Plan = {
    ...SAMPLE_PLAN_2006,
    organisation: { id, name: `${id}区`, level: 'district' },
    start: '2006-01-01',
    indicators,
    units: UNIT_POOL,
    reporting: { cadence: 'monthly', dueDay: 5, firstPeriod: '2006-01', lastPeriod: '2006-12' },
    thresholds: DEFAULT_THRESHOLDS,
  };
  const records: SubmissionRecord[] = [];
  const cumulative = new Map<string, number>();
  for (let month = 1; month <= 12; month++) {
    for (const unit of reportingUnitIds(plan)) {
      const rows = indicators
        .filter((ind) => reportingUnits(ind).includes(unit))
        .map((ind) => {
          const key = `${ind.id}/${unit}`;
          const step = ind.kind === 'milestone' ? (month >= 10 ? 1 : 0) : Math.round(rand() * 20 * 10) / 10;
          const value = ind.kind === 'milestone' ? step : (cumulative.get(key) ?? 0) + step;
          cumulative.set(key, value);
          return { indicator: ind.id, thisPeriod: step, cumulative: value };
        });
      const period = `2006-${String(month).padStart(2, '0')}`;
      records.push({
        id: `${id}-${unit}-${period}`,
        version: 1,
        state: rand() < 0.9 ? 'accepted' : 'pending',
        submittedAt: `${isoDate(month === 12 ? 2007 : 2006, month === 12 ? 1 : month + 1, 1 + Math.floor(rand() * 8))}T09:00:00Z`,
        submission: { year: 2006, unit, period, rows },
      });
    }
  }
  return { plan, records };
}

/**
 * The naive way: for every indicator and unit, scan `all` reports again for the latest one.
 * `all` is the district's reports, or the whole province's with `district` filtering them.
 */
function naiveStatus(
  plan: Plan,
  all: readonly SubmissionRecord[],
  asOf: string,
  district?: { readonly of: readonly string[]; readonly id: string },
): DistrictStatus {
  const accepted = new Map<string, Figure>();
  const provisional = new Map<string, Figure>();
  const mine = (r: SubmissionRecord, i: number) =>
    (!district || district.of[i] === district.id) && `${r.submission.period}-01` <= asOf;
  for (const ind of plan.indicators) {
    for (const unit of reportingUnits(ind)) {
      let bestA: SubmissionRecord | undefined;
      let bestP: SubmissionRecord | undefined;
      const better = (r: SubmissionRecord, b: SubmissionRecord | undefined) =>
        !b ||
        r.submission.period > b.submission.period ||
        (r.submission.period === b.submission.period && r.version > b.version);
      all.forEach((r, i) => {
        if (r.submission.unit !== unit || r.state === 'returned' || !mine(r, i)) return;
        const row = r.submission.rows.find((x) => x.indicator === ind.id);
        if (row?.cumulative === undefined) return;
        if (better(r, bestP)) bestP = r;
        if (r.state === 'accepted' && better(r, bestA)) bestA = r;
      });
      for (const [map, best] of [
        [accepted, bestA],
        [provisional, bestP],
      ] as const) {
        const row = best?.submission.rows.find((x) => x.indicator === ind.id);
        if (best && row?.cumulative !== undefined) {
          map.set(figureKey(ind.id, unit), { value: row.cumulative, period: best.submission.period });
        }
      }
    }
  }
  const visible = all.filter(mine);
  return evaluate(plan, { accepted, provisional }, asOf, reportStates(plan, visible, asOf));
}

function parentPlan(id: string, level: 'city' | 'province', members: DistrictStatus[]): Plan {
  const first = members[0]!;
  return {
    ...SAMPLE_PLAN_2006,
    organisation: { id, name: id, level },
    start: '2006-01-01',
    units: members.map((m) => ({
      id: m.organisation.id,
      name: m.organisation.name,
      kind: level === 'city' ? 'district' : 'city',
    })),
    indicators: first.indicators.map((ind) => {
      const base = SAMPLE_PLAN_2006.indicators.find((i) => i.id === ind.id)!;
      const subTargets = members.map((m) => ({
        unit: m.organisation.id,
        target: m.indicators.find((i) => i.id === ind.id)!.target,
      }));
      const target = ind.kind === 'count' ? subTargets.reduce((n, s) => n + s.target, 0) : ind.target;
      return {
        ...base,
        kind: ind.kind,
        target,
        mainUnit: members[0]!.organisation.id,
        relatedUnits: [],
        subTargets,
      };
    }),
  };
}

function measure<T>(
  label: string,
  work: () => T,
): { label: string; ms: number; heapPeakMb: number; result: T } {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sample = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 5);
  const t0 = performance.now();
  const result = work();
  const ms = performance.now() - t0;
  clearInterval(sample);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  return { label, ms, heapPeakMb: (heapPeak - heapBefore) / 2 ** 20, result };
}

function main() {
  const rand = seededRandom(2006);
  const t0 = performance.now();
  const districts = Array.from({ length: DISTRICTS }, (_, i) => makeDistrict(i, rand));
  const reports = districts.reduce((n, d) => n + d.records.length, 0);
  const rows = districts.reduce((n, d) => n + d.records.reduce((m, r) => m + r.submission.rows.length, 0), 0);
  console.log(
    `Province: ${DISTRICTS} districts in ${CITIES} cities × 14 indicators × 12 months: ${reports.toLocaleString('en-US')} reports, ${rows.toLocaleString('en-US')} rows (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const perCity = Math.ceil(DISTRICTS / CITIES);
  const province = (statusOf: (d: (typeof districts)[number]) => DistrictStatus) => {
    const statuses = districts.map(statusOf);
    const cities: DistrictStatus[] = [];
    for (let c = 0; c < CITIES; c++) {
      const members = statuses.slice(c * perCity, (c + 1) * perCity);
      if (members.length > 0) cities.push(rollUp(parentPlan(`c${c}`, 'city', members), members, AS_OF));
    }
    return { statuses, top: rollUp(parentPlan('p', 'province', cities), cities, AS_OF) };
  };

  // Warm up both paths on a few districts so the JIT does not favour the one measured second.
  for (const d of districts.slice(0, 50)) {
    computeStatus(d.plan, d.records, AS_OF);
    naiveStatus(d.plan, d.records, AS_OF);
  }
  // Alternate the two runs and keep each one's best, so neither pays for the other's garbage.
  const best = <T>(a: ReturnType<typeof measure<T>>, b: ReturnType<typeof measure<T>>) =>
    a.ms <= b.ms ? a : b;
  const runFast = () =>
    measure('indexed (domain computeStatus)', () => province((d) => computeStatus(d.plan, d.records, AS_OF)));
  const runNaive = () =>
    measure('naive: rescan district', () => province((d) => naiveStatus(d.plan, d.records, AS_OF)));
  const fast1 = runFast();
  const naive1 = runNaive();
  const fast = best(fast1, runFast());
  const naive = best(naive1, runNaive());

  // Province-wide rescan on a sample, scaled to all districts.
  const flat = districts.flatMap((d) => d.records);
  const of = districts.flatMap((d) => d.records.map(() => d.plan.organisation.id));
  const sample = districts.slice(0, Math.min(SAMPLE, DISTRICTS));
  const flatRun = measure('naive: rescan province', () =>
    sample.map((d) => naiveStatus(d.plan, flat, AS_OF, { of, id: d.plan.organisation.id })),
  );
  const flatMs = (flatRun.ms * DISTRICTS) / sample.length;

  // All must agree, or the comparison means nothing.
  const agree = (a: DistrictStatus, b: DistrictStatus) =>
    a.verdict === b.verdict && a.indicators.every((x, j) => x.progress === b.indicators[j]!.progress);
  const same =
    fast.result.statuses.every((s, i) => agree(s, naive.result.statuses[i]!)) &&
    flatRun.result.every((s, i) => agree(s, fast.result.statuses[i]!)) &&
    fast.result.top.verdict === naive.result.top.verdict;
  if (!same) {
    console.error('The indexed and naive computations disagree: the benchmark is invalid.');
    process.exitCode = 1;
    return;
  }

  const rate = (ms: number) => `${Math.round(reports / (ms / 1000)).toLocaleString('en-US')} reports/s`;
  const lines = [
    [
      fast.label,
      `${(fast.ms / 1000).toFixed(2)} s`,
      rate(fast.ms),
      `${fast.heapPeakMb.toFixed(0)} MB heap peak`,
    ],
    [
      naive.label,
      `${(naive.ms / 1000).toFixed(2)} s`,
      rate(naive.ms),
      `${naive.heapPeakMb.toFixed(0)} MB heap peak`,
    ],
    [
      flatRun.label,
      `${(flatMs / 1000).toFixed(0)} s (scaled from ${sample.length} districts in ${(flatRun.ms / 1000).toFixed(2)} s)`,
      rate(flatMs),
      '',
    ],
  ];
  for (const l of lines) console.log(`  ${l.filter(Boolean).join('  |  ')}`);
  console.log(`  peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log(
    `  province verdict: ${fast.result.top.verdict}; completion rate ${(fast.result.top.completionRate * 100).toFixed(1)}%`,
  );
  console.log(`Ratio to naive (rescan district): ${(fast.ms / naive.ms).toFixed(2)}× the time`);
  console.log(
    `Ratio to naive (rescan province): ${(fast.ms / flatMs).toExponential(2)}× the time (${Math.round(flatMs / fast.ms).toLocaleString('en-US')}× faster)`,
  );
}

main();
