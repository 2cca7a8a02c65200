/** Inputs of the summary tests and the bench: the 2006 sample with the May reports. */
import { FACTS_2005, SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { SAMPLE_REPORTS_2006_05 } from '../../domain/sample/reports2006-05';
import { computeStatus, type DistrictStatus } from '../../domain/status';
import type { Submission, SubmissionRecord } from '../../domain/submission';

/** Text that a spreadsheet program would run if it were written as a formula. */
export const HOSTILE_NOTE = '=HYPERLINK("http://x","y")';

/** A construction report whose texts start with =, +, - and @. */
export const HOSTILE_REPORT: Submission = {
  year: 2006,
  unit: 'construction',
  period: '2006-05',
  filledOn: '2006-06-04',
  rows: [
    {
      indicator: '6.1',
      thisPeriod: 100,
      cumulative: 100,
      progress: '+3 栋主体完工',
      note: HOSTILE_NOTE,
      explanation: {
        cause: '=1+1 拆迁未完成',
        remedy: '@SUM(A1) 加快拆迁',
        expectedCompletion: '2006-11-30',
      },
    },
    { indicator: '8.1', thisPeriod: 0, cumulative: 0, progress: '-未开工', note: '\t=cmd|"/c calc"!A1' },
  ],
};

export function sampleRecords(extra: readonly Submission[] = []): SubmissionRecord[] {
  return [...SAMPLE_REPORTS_2006_05, ...extra].map((submission) => ({
    id: `2006.${submission.unit}.${submission.period}`,
    version: 1,
    // civil affairs' May report awaits review, as in the demo
    state: submission.unit === 'civil-affairs' ? ('pending' as const) : ('accepted' as const),
    submittedAt: `${submission.filledOn ?? '2006-06-04'}T09:00:00+08:00`,
    submission,
  }));
}

export function sampleSummaryInput(asOf = '2006-06-10', extra: readonly Submission[] = [HOSTILE_REPORT]) {
  const records = sampleRecords(extra);
  const status: DistrictStatus = computeStatus(SAMPLE_PLAN_2006, records, asOf);
  return { status, records, plan: SAMPLE_PLAN_2006, facts2005: FACTS_2005 };
}
