/**
 * The annual plan: the pledges (实事) a government promised, broken into indicators
 * (考核指标) that are assigned to responsible units (责任单位).
 */
import { compareDates, type IsoDate, isIsoDate, isPeriod, type Period, periodOf } from './dates';
import { KINDS } from './kinds';
import type { LocalizedText } from './result';

export type UnitId = string;
export type IndicatorId = string;
export type PledgeId = string;

/**
 * - `count`: cumulative progress toward a target, in the indicator's unit of measure.
 * - `growth`: this year's amount against last year's base; target and progress in percent.
 * - `milestone`: done or not done, with a date and evidence.
 * - `level`: a rate or level reached by the latest value (新型农村合作医疗参合率 85%), paced
 *   from the level at the plan's start (`base`).
 */
export const INDICATOR_KINDS = ['count', 'growth', 'milestone', 'level'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface Person {
  readonly name: string;
  /** e.g. 局长, or 施工单位负责人 for the builder's head on a construction project. */
  readonly title: string;
  readonly unit?: UnitId;
  readonly phone?: string;
}

export interface Unit {
  readonly id: UnitId;
  readonly name: string;
  readonly kind: 'bureau' | 'township' | 'district' | 'city';
  /** The administrative head: first responsible person for the unit's own share. */
  readonly head?: Person;
  readonly contact?: { readonly person?: string; readonly phone?: string };
}

export interface Pledge {
  readonly id: PledgeId;
  readonly name: string;
}

/** Expected cumulative progress at the end of a month (a monthly schedule). */
export interface ScheduleStep {
  readonly period: Period;
  readonly cumulative: number;
}

/**
 * A step in a small project's life (开工, 主体完工, 验收): from `date` on, `share` of the
 * target (0..1) is expected. Small-count indicators are paced by these, not linearly.
 */
export interface Milestone {
  readonly date: IsoDate;
  readonly share: number;
  readonly label: LocalizedText;
}

export interface SubTarget {
  readonly unit: UnitId;
  readonly target: number;
  /**
   * In a city's (or province's) plan, where `unit` is a member organisation: the id of the
   * member's own indicator that contributes, when its plan numbers it differently (the city's
   * 2.1 roads may be a district's 3.1). Absent: the same id.
   */
  readonly indicator?: IndicatorId;
}

export interface Indicator {
  readonly id: IndicatorId;
  readonly pledge: PledgeId;
  readonly name: string;
  /** 计量单位: 人, 公里, 口, 所, 平方米, 米, %, or '' for a milestone. */
  readonly unitOfMeasure: string;
  readonly kind: IndicatorKind;
  /** count and level: in the unit of measure; growth: percent; milestone: 1. */
  readonly target: number;
  /**
   * growth: last year's amount, in `baseUnit`. level: the level at the plan's start, in the
   * target's unit (78 for 78% when the target is 85%); completion is the share of the gap
   * from it to the target, so it must be below the target. Absent for a level: paced from 0.
   */
  readonly base?: number;
  readonly baseUnit?: string;
  readonly deadline: IsoDate;
  readonly schedule?: readonly ScheduleStep[];
  readonly milestones?: readonly Milestone[];
  readonly mainUnit: UnitId;
  readonly relatedUnits: readonly UnitId[];
  /**
   * 分解: when present, each of these units reports its own share and is judged on it. For a
   * count the sub-targets add up to the target; for growth, levels and milestones each unit must
   * reach the whole target (used when a city rolls up its districts).
   */
  readonly subTargets?: readonly SubTarget[];
  /** 第一责任人. */
  readonly responsible: readonly Person[];
}

/** Status thresholds in percentage points below the expected completion (DESIGN.md §3). */
export interface Thresholds {
  /** completion ≥ expected − onTrack → on_track. Default 5. */
  readonly onTrack: number;
  /** completion ≥ expected − behind → behind, else at_risk. Default 20. */
  readonly behind: number;
  /** count indicators with a target up to this are paced by milestones, not linearly. Default 5. */
  readonly smallCount: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { onTrack: 5, behind: 20, smallCount: 5 };

export interface ReportingCadence {
  readonly cadence: 'monthly';
  /** Reports for a month are due on this day of the next month. Default 5. */
  readonly dueDay: number;
  readonly firstPeriod: Period;
  readonly lastPeriod: Period;
}

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly level: 'district' | 'city' | 'province';
  readonly parent?: { readonly id: string; readonly name: string; readonly level: 'city' | 'province' };
}

export interface Plan {
  readonly year: number;
  readonly organisation: Organisation;
  readonly title: string;
  /** The day the plan starts (the city's assignment); linear pacing starts here. */
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly pledges: readonly Pledge[];
  readonly indicators: readonly Indicator[];
  readonly units: readonly Unit[];
  readonly reporting: ReportingCadence;
  readonly thresholds: Thresholds;
  /** Set when any part of the plan is sample data rather than an official assignment. */
  readonly sample?: LocalizedText;
  /** Last year's facts, for the summary's comparison; absent when the office has not given them. */
  readonly previousYear?: PreviousYearFacts;
}

/** What the summary compares this year's funding with. Amounts in 万元. */
export interface PreviousYearFacts {
  readonly year: number;
  /** 投入资金合计 */
  readonly investedWan: number;
  /** 区级配套 */
  readonly districtMatchingWan: number;
}

/** The units that report figures for an indicator: its sub-target units, or else its main unit. */
export function reportingUnits(indicator: Indicator): readonly UnitId[] {
  return indicator.subTargets?.map((s) => s.unit) ?? [indicator.mainUnit];
}

/** The target a unit is judged on for an indicator, or undefined when it does not report it. */
export function targetFor(indicator: Indicator, unit: UnitId): number | undefined {
  if (indicator.subTargets) return indicator.subTargets.find((s) => s.unit === unit)?.target;
  return indicator.mainUnit === unit ? indicator.target : undefined;
}

/** The indicators a unit reports figures for (its own, or its sub-targets). */
export function indicatorsReportedBy(plan: Plan, unit: UnitId): Indicator[] {
  return plan.indicators.filter((i) => reportingUnits(i).includes(unit));
}

/** Units that must send reports: every unit that reports at least one indicator. */
export function reportingUnitIds(plan: Plan): UnitId[] {
  const ids = new Set<UnitId>();
  for (const i of plan.indicators) for (const u of reportingUnits(i)) ids.add(u);
  return plan.units.map((u) => u.id).filter((id) => ids.has(id));
}

// ---------------------------------------------------------------------------------------------
// Plan validation

export type PlanErrorCode =
  | 'plan.yearInvalid'
  | 'plan.datesInvalid'
  | 'plan.duplicateUnit'
  | 'plan.duplicatePledge'
  | 'plan.duplicateIndicator'
  | 'plan.unknownPledge'
  | 'plan.emptyPledge'
  | 'plan.missingMainUnit'
  | 'plan.unknownUnit'
  | 'plan.targetNotPositive'
  | 'plan.growthWithoutBase'
  | 'plan.milestoneTarget'
  | 'plan.levelBaseNotBelowTarget'
  | 'plan.deadlineOutsideYear'
  | 'plan.subTargetsMismatch'
  | 'plan.duplicateSubTarget'
  | 'plan.scheduleInvalid'
  | 'plan.milestonesInvalid'
  | 'plan.reportingInvalid'
  | 'plan.noResponsible';

export interface PlanError {
  readonly code: PlanErrorCode;
  /** Path to the field, e.g. `indicators[3].target`. */
  readonly field: string;
  readonly indicator?: IndicatorId;
  readonly message: LocalizedText;
}

const planMessages: Record<PlanErrorCode, (c: { id?: string; detail?: string }) => LocalizedText> = {
  'plan.yearInvalid': () => ({ zh: '计划年度无效', en: 'The plan year is not valid' }),
  'plan.datesInvalid': (c) => ({
    zh: `计划起止日期无效：${c.detail}`,
    en: `The plan's start and end dates are not valid: ${c.detail}`,
  }),
  'plan.duplicateUnit': (c) => ({
    zh: `责任单位编号“${c.detail}”重复`,
    en: `Unit id "${c.detail}" appears twice`,
  }),
  'plan.duplicatePledge': (c) => ({
    zh: `实事编号“${c.detail}”重复`,
    en: `Pledge id "${c.detail}" appears twice`,
  }),
  'plan.duplicateIndicator': (c) => ({
    zh: `指标编号“${c.id}”重复`,
    en: `Indicator id "${c.id}" appears twice`,
  }),
  'plan.unknownPledge': (c) => ({
    zh: `指标 ${c.id} 所属的实事“${c.detail}”不存在`,
    en: `Indicator ${c.id} belongs to pledge "${c.detail}", which is not in the plan`,
  }),
  'plan.emptyPledge': (c) => ({
    zh: `实事 ${c.detail} 没有任何指标`,
    en: `Pledge ${c.detail} has no indicators`,
  }),
  'plan.missingMainUnit': (c) => ({
    zh: `指标 ${c.id} 没有主要责任单位`,
    en: `Indicator ${c.id} has no main responsible unit`,
  }),
  'plan.unknownUnit': (c) => ({
    zh: `指标 ${c.id} 引用的单位“${c.detail}”不在单位列表中`,
    en: `Indicator ${c.id} names unit "${c.detail}", which is not in the plan's units`,
  }),
  'plan.targetNotPositive': (c) => ({
    zh: `指标 ${c.id} 的年度目标必须大于 0`,
    en: `Indicator ${c.id} needs a target above 0`,
  }),
  'plan.growthWithoutBase': (c) => ({
    zh: `增长类指标 ${c.id} 缺少上年基数（必须大于 0）`,
    en: `Growth indicator ${c.id} needs last year's base amount (above 0)`,
  }),
  'plan.milestoneTarget': (c) => ({
    zh: `节点类指标 ${c.id} 的目标必须为 1（完成）`,
    en: `Milestone indicator ${c.id} must have target 1 (done)`,
  }),
  'plan.levelBaseNotBelowTarget': (c) => ({
    zh: `水平类指标 ${c.id} 的基期水平必须低于年度目标（${c.detail}）`,
    en: `Level indicator ${c.id} must start below its target (${c.detail})`,
  }),
  'plan.deadlineOutsideYear': (c) => ({
    zh: `指标 ${c.id} 的完成期限 ${c.detail} 不在计划期内`,
    en: `Indicator ${c.id} has its deadline ${c.detail} outside the plan's dates`,
  }),
  'plan.subTargetsMismatch': (c) => ({
    zh: `指标 ${c.id} 分解到各单位的目标之和 ${c.detail}`,
    en: `The sub-targets of indicator ${c.id} ${c.detail}`,
  }),
  'plan.duplicateSubTarget': (c) => ({
    zh: `指标 ${c.id} 对单位“${c.detail}”分解了两次`,
    en: `Indicator ${c.id} gives unit "${c.detail}" two sub-targets`,
  }),
  'plan.scheduleInvalid': (c) => ({
    zh: `指标 ${c.id} 的月度计划无效：${c.detail}`,
    en: `Indicator ${c.id} has an invalid monthly schedule: ${c.detail}`,
  }),
  'plan.milestonesInvalid': (c) => ({
    zh: `指标 ${c.id} 的节点计划无效：${c.detail}`,
    en: `Indicator ${c.id} has invalid milestones: ${c.detail}`,
  }),
  'plan.reportingInvalid': (c) => ({
    zh: `报送安排无效：${c.detail}`,
    en: `The reporting cadence is not valid: ${c.detail}`,
  }),
  'plan.noResponsible': (c) => ({
    zh: `指标 ${c.id} 没有第一责任人`,
    en: `Indicator ${c.id} names no first responsible person`,
  }),
};

/**
 * Checks a plan's internal consistency. Returns every problem found, or `[]`.
 *
 * @example validatePlan(samplePlan2006) // → []
 */
export function validatePlan(plan: Plan): PlanError[] {
  const errors: PlanError[] = [];
  const add = (code: PlanErrorCode, field: string, c: { id?: string; detail?: string } = {}) =>
    errors.push({ code, field, ...(c.id ? { indicator: c.id } : {}), message: planMessages[code](c) });

  if (!Number.isInteger(plan.year) || plan.year < 1949 || plan.year > 9999) add('plan.yearInvalid', 'year');
  if (!isIsoDate(plan.start) || !isIsoDate(plan.end) || compareDates(plan.start, plan.end) >= 0) {
    add('plan.datesInvalid', 'start', { detail: `${plan.start} – ${plan.end}` });
  }
  const r = plan.reporting;
  if (!isPeriod(r.firstPeriod) || !isPeriod(r.lastPeriod) || r.firstPeriod > r.lastPeriod) {
    add('plan.reportingInvalid', 'reporting', { detail: `${r.firstPeriod} – ${r.lastPeriod}` });
  } else if (isIsoDate(plan.start) && isIsoDate(plan.end)) {
    if (r.firstPeriod < periodOf(plan.start) || r.lastPeriod > periodOf(plan.end)) {
      add('plan.reportingInvalid', 'reporting', { detail: `${r.firstPeriod} – ${r.lastPeriod}` });
    }
  }
  if (!Number.isInteger(r.dueDay) || r.dueDay < 1 || r.dueDay > 28) {
    add('plan.reportingInvalid', 'reporting.dueDay', { detail: `dueDay ${r.dueDay}` });
  }

  const unitIds = new Set<string>();
  plan.units.forEach((u, i) => {
    if (unitIds.has(u.id)) add('plan.duplicateUnit', `units[${i}].id`, { detail: u.id });
    unitIds.add(u.id);
  });

  const pledgeIds = new Set<string>();
  plan.pledges.forEach((p, i) => {
    if (pledgeIds.has(p.id)) add('plan.duplicatePledge', `pledges[${i}].id`, { detail: p.id });
    pledgeIds.add(p.id);
  });

  const indicatorIds = new Set<string>();
  plan.indicators.forEach((ind, i) => {
    const at = (f: string) => `indicators[${i}].${f}`;
    const id = ind.id;
    if (indicatorIds.has(id)) add('plan.duplicateIndicator', at('id'), { id, detail: id });
    indicatorIds.add(id);
    if (!pledgeIds.has(ind.pledge)) add('plan.unknownPledge', at('pledge'), { id, detail: ind.pledge });
    if (!ind.mainUnit) add('plan.missingMainUnit', at('mainUnit'), { id });
    else if (!unitIds.has(ind.mainUnit))
      add('plan.unknownUnit', at('mainUnit'), { id, detail: ind.mainUnit });
    ind.relatedUnits.forEach((u, j) => {
      if (!unitIds.has(u)) add('plan.unknownUnit', at(`relatedUnits[${j}]`), { id, detail: u });
    });
    if (!(Number.isFinite(ind.target) && ind.target > 0)) add('plan.targetNotPositive', at('target'), { id });
    for (const c of KINDS[ind.kind].checkPlan(ind)) add(c.code, at(c.field), { id, detail: c.detail });
    if (
      !isIsoDate(ind.deadline) ||
      compareDates(ind.deadline, plan.start) <= 0 ||
      compareDates(ind.deadline, plan.end) > 0
    ) {
      add('plan.deadlineOutsideYear', at('deadline'), { id, detail: String(ind.deadline) });
    }
    if (ind.responsible.length === 0) add('plan.noResponsible', at('responsible'), { id });
    if (ind.subTargets) {
      const seen = new Set<string>();
      let sum = 0;
      ind.subTargets.forEach((s, j) => {
        if (!unitIds.has(s.unit))
          add('plan.unknownUnit', at(`subTargets[${j}].unit`), { id, detail: s.unit });
        if (seen.has(s.unit))
          add('plan.duplicateSubTarget', at(`subTargets[${j}].unit`), { id, detail: s.unit });
        seen.add(s.unit);
        if (!(Number.isFinite(s.target) && s.target > 0))
          add('plan.targetNotPositive', at(`subTargets[${j}].target`), { id });
        sum += s.target;
      });
      if (KINDS[ind.kind].subTargets === 'each') {
        // A growth rate or a milestone is not split but required of every unit alike.
        const odd = ind.subTargets.find((s) => s.target !== ind.target);
        if (odd)
          add('plan.subTargetsMismatch', at('subTargets'), { id, detail: `${odd.target} ≠ ${ind.target}` });
      } else if (Math.abs(sum - ind.target) > 1e-9 * Math.max(1, ind.target)) {
        add('plan.subTargetsMismatch', at('subTargets'), { id, detail: `${sum} ≠ ${ind.target}` });
      }
    }
    if (ind.schedule) {
      let prev = -Infinity;
      let prevPeriod = '';
      ind.schedule.forEach((s, j) => {
        if (!isPeriod(s.period) || s.period <= prevPeriod || s.cumulative < prev || s.cumulative < 0) {
          add('plan.scheduleInvalid', at(`schedule[${j}]`), { id, detail: `${s.period}: ${s.cumulative}` });
        }
        prev = s.cumulative;
        prevPeriod = s.period;
      });
    }
    if (ind.milestones) {
      let prevShare = -Infinity;
      let prevDate = '';
      ind.milestones.forEach((m, j) => {
        if (!isIsoDate(m.date) || m.date <= prevDate || m.share < prevShare || m.share < 0 || m.share > 1) {
          add('plan.milestonesInvalid', at(`milestones[${j}]`), { id, detail: `${m.date}: ${m.share}` });
        }
        prevShare = m.share;
        prevDate = m.date;
      });
    }
  });

  plan.pledges.forEach((p, i) => {
    if (!plan.indicators.some((ind) => ind.pledge === p.id))
      add('plan.emptyPledge', `pledges[${i}]`, { detail: p.id });
  });
  return errors;
}
