/**
 * Test data builders: a small valid plan and submissions, each overridable. Tests say only
 * what matters to them.
 */
import type { Indicator, Plan, Unit } from '../domain/plan';
import { DEFAULT_THRESHOLDS } from '../domain/plan';
import type { ProjectDetail, Submission, SubmissionRecord, SubmissionRow } from '../domain/submission';

export function makeIndicator(overrides: Partial<Indicator> = {}): Indicator {
  return {
    id: '1.1',
    pledge: '1',
    name: '新增城镇就业',
    unitOfMeasure: '人',
    kind: 'count',
    target: 1000,
    deadline: '2006-12-31',
    mainUnit: 'labor',
    relatedUnits: [],
    responsible: [{ name: '赵文华', title: '局长', unit: 'labor' }],
    ...overrides,
  };
}

/**
 * A `level` indicator: 新型农村合作医疗参合率 from 78% at the plan's start to 85% by year end,
 * reported by the health bureau (`health`, in `makeLevelPlan`).
 */
export function makeLevelIndicator(overrides: Partial<Indicator> = {}): Indicator {
  return makeIndicator({
    id: '5.1',
    pledge: '5',
    name: '新型农村合作医疗参合率',
    unitOfMeasure: '%',
    kind: 'level',
    target: 85,
    base: 78,
    mainUnit: 'health',
    responsible: [{ name: '钱志明', title: '局长', unit: 'health' }],
    ...overrides,
  });
}

export const UNITS: readonly Unit[] = [
  { id: 'labor', name: '区劳动和社会保障局', kind: 'bureau' },
  { id: 'transport', name: '区交通局', kind: 'bureau' },
  { id: 'agriculture', name: '区农业局(能源办)', kind: 'bureau' },
  { id: 'east', name: '东镇', kind: 'township', head: { name: '东镇长', title: '镇长', unit: 'east' } },
  { id: 'west', name: '西乡', kind: 'township', head: { name: '西乡长', title: '乡长', unit: 'west' } },
];

/** A plan from 2006-01-01 to 2006-12-31 (so linear pacing is easy to reason about). */
export function makePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    year: 2006,
    organisation: {
      id: 'd1',
      name: '示例区',
      level: 'district',
      parent: { id: 'c1', name: '示例市', level: 'city' },
    },
    title: '示例区2006年为民办实事',
    start: '2006-01-01',
    end: '2006-12-31',
    pledges: [
      { id: '1', name: '扩大就业' },
      { id: '3', name: '农村公路建设' },
    ],
    indicators: [
      makeIndicator(),
      makeIndicator({
        id: '3.1',
        pledge: '3',
        name: '建成乡镇到村水泥路',
        unitOfMeasure: '公里',
        target: 100,
        mainUnit: 'transport',
        responsible: [{ name: '张国强', title: '局长', unit: 'transport' }],
      }),
    ],
    units: UNITS,
    reporting: { cadence: 'monthly', dueDay: 5, firstPeriod: '2006-01', lastPeriod: '2006-12' },
    thresholds: DEFAULT_THRESHOLDS,
    ...overrides,
  };
}

/**
 * `makePlan` with a pledge 5 (农村合作医疗) whose only indicator is `level` (by default
 * `makeLevelIndicator()`), its unit 区卫生局 (`health`) added to the units.
 */
export function makeLevelPlan(level: Indicator = makeLevelIndicator(), overrides: Partial<Plan> = {}): Plan {
  const plan = makePlan();
  return makePlan({
    pledges: [...plan.pledges, { id: '5', name: '农村合作医疗' }],
    indicators: [...plan.indicators, level],
    units: [...UNITS, { id: 'health', name: '区卫生局', kind: 'bureau' }],
    ...overrides,
  });
}

export function makeRow(overrides: Partial<SubmissionRow> = {}): SubmissionRow {
  return { indicator: '1.1', thisPeriod: 100, cumulative: 500, ...overrides };
}

export function makeSubmission(overrides: Partial<Submission> = {}): Submission {
  return {
    year: 2006,
    unit: 'labor',
    period: '2006-06',
    rows: [makeRow()],
    reporter: { name: '孙丽', phone: '0000-5552345' },
    ...overrides,
  };
}

let counter = 0;
export function makeRecord(
  submission: Submission,
  overrides: Partial<SubmissionRecord> = {},
): SubmissionRecord {
  counter += 1;
  return { id: `s${counter}`, version: 1, state: 'accepted', submission, ...overrides };
}

/**
 * `count` project-detail rows of indicator 3.1 (rural roads), numbered in their names
 * (`乡村道路第1段`…), the first `completedShare` of them completed. `extra` adds fields to every row
 * (say, a long `note` to make the report large).
 */
export function makeDetailRows(
  count: number,
  opts: { readonly completedShare?: number; readonly extra?: Partial<ProjectDetail> } = {},
): ProjectDetail[] {
  const done = Math.round(count * (opts.completedShare ?? 0.7));
  return Array.from({ length: count }, (_, i) => ({
    indicator: '3.1',
    name: `乡村道路第${i + 1}段`,
    township: '城关镇',
    planned: 0.01,
    completed: i < done ? 0.01 : 0,
    acceptance: 'in_progress' as const,
    ...opts.extra,
  }));
}

/**
 * A plan or report moved to another year: its `year`, and every date, period and `2006年` in
 * its text, so the 2006 sample can stand for 2007 (`shiftYear(SAMPLE_PLAN_2006, 2006, 2007)`).
 * The previous year's figures are dropped: another year compares with its stored predecessor.
 */
export function shiftYear<T extends { readonly year: number }>(value: T, from: number, to: number): T {
  const text = JSON.stringify({ ...value, previousYear: undefined }, (key, v) =>
    key === 'year' && v === from
      ? to
      : typeof v === 'string'
        ? v.replace(new RegExp(`^${from}(?=-\\d{2})|${from}(?=年)`, 'g'), String(to))
        : v,
  );
  return JSON.parse(text) as T;
}
