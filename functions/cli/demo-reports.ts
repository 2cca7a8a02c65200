/**
 * The reports `shishi demo` sends: April and May 2006 for labor, transport and civil affairs
 * (May as the bureaus filled in the reference worksheets; April derived as cumulative − this
 * month), and 城关镇's biogas pits (4.1), whose first May report the office returns. SAMPLE data.
 */
import { targetFor } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { CIVIL_AFFAIRS_2006_05, LABOR_2006_05, TRANSPORT_2006_05 } from '../../domain/sample/reports2006-05';
import type { Submission, SubmissionRow } from '../../domain/submission';

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The month before `report`, when it is the first month reported: each row's cumulative less
 * this month, the completion ratio recomputed, no funding, progress or project details (they
 * describe May). `extra` adds to a row by indicator (an explanation when it was behind).
 */
export function previousMonthOf(
  report: Submission,
  period: string,
  filledOn: string,
  extra: Readonly<Record<string, Partial<SubmissionRow>>> = {},
): Submission {
  return {
    year: report.year,
    unit: report.unit,
    period,
    filledOn,
    rows: report.rows.map((r): SubmissionRow => {
      const cumulative = round((r.cumulative ?? 0) - (r.thisPeriod ?? 0));
      const indicator = SAMPLE_PLAN_2006.indicators.find((i) => i.id === r.indicator);
      const target = indicator && targetFor(indicator, report.unit);
      return {
        indicator: r.indicator,
        thisPeriod: cumulative,
        cumulative,
        ...(r.completionPercent !== undefined && target
          ? { completionPercent: round((cumulative / target) * 100, 2) }
          : {}),
        ...extra[r.indicator],
      };
    }),
    ...(report.reporter ? { reporter: report.reporter } : {}),
    ...(report.unitHead ? { unitHead: report.unitHead } : {}),
  };
}

export const LABOR_2006_04 = previousMonthOf(LABOR_2006_05, '2006-04', '2006-05-03');

/** No road was finished in April: behind the linear pace, so the sheet explains why. */
export const TRANSPORT_2006_04 = previousMonthOf(TRANSPORT_2006_05, '2006-04', '2006-05-04', {
  '3.1': {
    progress: '5条路均已完成招标，3条路基施工中',
    explanation: {
      cause: '4月为开工准备期，路基施工中，尚无建成路段',
      remedy: '5月集中完成城关镇、河口乡、石桥镇3条路面铺设',
      expectedCompletion: '2006-11-30',
    },
  },
});

export const CIVIL_AFFAIRS_2006_04 = previousMonthOf(CIVIL_AFFAIRS_2006_05, '2006-04', '2006-05-05');

const chengguan = (period: string, filledOn: string, row: Omit<SubmissionRow, 'indicator'>): Submission => ({
  year: 2006,
  unit: 'chengguan',
  period,
  filledOn,
  rows: [{ indicator: '4.1', ...row }],
  reporter: { name: '刘芳', phone: '0000-5554567' },
  unitHead: '卫国庆',
});

/** 城关镇's share of 4.1 (100 pits): 0.3万元 a pit, split higher : district : farmers = 1 : 0.5 : 1.5. */
const pits = (n: number) => ({
  higher: round(n * 0.1),
  district: round(n * 0.05),
  other: round(n * 0.15),
  total: round(n * 0.3),
});

export const CHENGGUAN_2006_04 = chengguan('2006-04', '2006-05-04', {
  thisPeriod: 12,
  cumulative: 12,
  completionPercent: 12,
  funding: pits(12),
  progress: '已建成12口',
});

/** First May report: counts 8 pits still being built. The office returns it. */
export const CHENGGUAN_2006_05_FIRST = chengguan('2006-05', '2006-06-03', {
  thisPeriod: 28,
  cumulative: 40,
  completionPercent: 40,
  funding: pits(40),
  progress: '已建成40口（含在建8口）',
});

export const RETURN_COMMENT =
  '累计完成只计已建成的沼气池，进展情况注明含在建8口，请更正后重新报送 / Count only finished pits: 8 are still being built';

/** The corrected May report. */
export const CHENGGUAN_2006_05 = chengguan('2006-05', '2006-06-06', {
  thisPeriod: 20,
  cumulative: 32,
  completionPercent: 32,
  funding: pits(32),
  progress: '已建成32口，另有8口在建',
  note: '按考核办意见更正：在建沼气池不计入累计完成',
});

export { CIVIL_AFFAIRS_2006_05, LABOR_2006_05, TRANSPORT_2006_05 };
