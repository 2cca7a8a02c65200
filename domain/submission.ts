/**
 * A unit's report for one period: the familiar progress worksheet (进度报表) as data.
 * Amounts of money are in 万元 (10,000 yuan), as on the worksheet.
 */
import type { IsoDate, Period } from './dates';
import type { IndicatorId, UnitId } from './plan';

/** 投入资金(万元) by source, cumulative to the end of the period. */
export interface Funding {
  /** 上级资金: project funds from higher levels of government. */
  readonly higher?: number;
  /** 区级配套: district matching funds. */
  readonly district?: number;
  /** 其他: bank credit, investment attracted, other. */
  readonly other?: number;
  /** 合计, when the sheet gives it (or only it). */
  readonly total?: number;
}

/** Required on a row that is behind schedule or at risk. */
export interface Explanation {
  /** 滞后原因 */
  readonly cause?: string;
  /** 整改措施 */
  readonly remedy?: string;
  /** 预计完成时间 */
  readonly expectedCompletion?: IsoDate;
}

export interface SubmissionRow {
  readonly indicator: IndicatorId;
  /** 本月完成. */
  readonly thisPeriod?: number;
  /**
   * 累计完成: count — in the indicator's unit; growth — the achieved growth in percent;
   * milestone — 1 when done, 0 when not.
   */
  readonly cumulative?: number;
  /** growth only: this year's amount, in the indicator's base unit (e.g. 万元). */
  readonly amount?: number;
  /** 完成比例 as written on the sheet, in percent (45.57 for 45.57%). */
  readonly completionPercent?: number;
  readonly funding?: Funding;
  /** 进展情况 */
  readonly progress?: string;
  /** 备注 */
  readonly note?: string;
  readonly explanation?: Explanation;
  /** milestone only: the day it was done. */
  readonly completedOn?: IsoDate;
}

/** 验收情况 of a construction project. */
export type AcceptanceState =
  | 'not_started'
  | 'in_progress'
  | 'completed'
  | 'awaiting_acceptance'
  | 'accepted';

/** One row of the 项目明细 sheet. Quantities in the indicator's unit. */
export interface ProjectDetail {
  readonly indicator: IndicatorId;
  readonly name: string;
  readonly township?: string;
  readonly village?: string;
  readonly planned?: number;
  readonly completed?: number;
  readonly start?: IsoDate;
  readonly finish?: IsoDate;
  readonly acceptance?: AcceptanceState;
  /** 万元 */
  readonly investment?: number;
  readonly note?: string;
}

export interface Submission {
  readonly year: number;
  readonly unit: UnitId;
  readonly period: Period;
  /** 填报日期 */
  readonly filledOn?: IsoDate;
  readonly rows: readonly SubmissionRow[];
  readonly details?: readonly ProjectDetail[];
  /** 填报人 and 联系电话 */
  readonly reporter?: { readonly name?: string; readonly phone?: string };
  /** 单位负责人 */
  readonly unitHead?: string;
}

/** The office's decision on a version. Only accepted versions count toward status. */
export type ReviewState = 'pending' | 'accepted' | 'returned';

/** A stored version of a submission, as status computation sees it. */
export interface SubmissionRecord {
  readonly id: string;
  readonly version: number;
  readonly state: ReviewState;
  /** ISO date-time the version was received: a report received after its due day was late. */
  readonly submittedAt?: string;
  /** ISO date-time of the review. */
  readonly reviewedAt?: string;
  readonly submission: Submission;
}

/** 合计 as given, or else the sum of the sources. */
export function fundingTotal(f: Funding | undefined): number {
  if (!f) return 0;
  return f.total ?? (f.higher ?? 0) + (f.district ?? 0) + (f.other ?? 0);
}
