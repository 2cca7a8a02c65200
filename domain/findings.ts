/**
 * Findings of submission validation: every expected problem has a code, a fixed severity
 * and a message in both languages. Errors block a submission; warnings are stored with it.
 */
import type { IndicatorId } from './plan';
import type { LocalizedText } from './result';

export type Severity = 'error' | 'warning';

export type FindingCode =
  | 'submission.wrongYear'
  | 'submission.unknownUnit'
  | 'submission.periodInvalid'
  | 'submission.periodOutsidePlan'
  | 'submission.periodInFuture'
  | 'submission.empty'
  | 'submission.missingIndicator'
  | 'submission.reporterMissing'
  | 'row.unknownIndicator'
  | 'row.wrongUnit'
  | 'row.duplicate'
  | 'row.missingValue'
  | 'row.notANumber'
  | 'row.negative'
  | 'row.milestoneValue'
  | 'row.milestoneDateMissing'
  | 'row.cumulativeMismatch'
  | 'row.cumulativeDecreased'
  | 'row.completionMismatch'
  | 'row.growthMismatch'
  | 'row.levelOutOfRange'
  | 'row.fundingMismatch'
  | 'row.explanationMissing'
  | 'row.expectedAfterDeadline'
  | 'row.implausible'
  | 'detail.unknownIndicator'
  | 'detail.negative'
  | 'detail.datesReversed'
  | 'detail.exceedsPlanned'
  | 'detail.sumMismatch';

/** Where a finding points: a caller maps (section, index, field) to a sheet and a cell. */
export interface Location {
  readonly section: 'submission' | 'row' | 'detail';
  /** Index into `rows` or `details`. */
  readonly index?: number;
  /** e.g. `cumulative`, `funding.total`, `explanation.cause`, `period`. */
  readonly field: string;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly indicator?: IndicatorId;
  readonly location: Location;
  readonly expected?: string | number;
  readonly found?: string | number;
  readonly message: LocalizedText;
}

/** Context a message is built from. */
export interface FindingContext {
  readonly indicator?: IndicatorId;
  readonly field?: string;
  readonly expected?: string | number;
  readonly found?: string | number;
  readonly detail?: string;
}

export const SEVERITY: Record<FindingCode, Severity> = {
  'submission.wrongYear': 'error',
  'submission.unknownUnit': 'error',
  'submission.periodInvalid': 'error',
  'submission.periodOutsidePlan': 'error',
  'submission.periodInFuture': 'error',
  'submission.empty': 'error',
  'submission.missingIndicator': 'error',
  'submission.reporterMissing': 'warning',
  'row.unknownIndicator': 'error',
  'row.wrongUnit': 'error',
  'row.duplicate': 'error',
  'row.missingValue': 'error',
  'row.notANumber': 'error',
  'row.negative': 'error',
  'row.milestoneValue': 'error',
  'row.milestoneDateMissing': 'warning',
  'row.cumulativeMismatch': 'error',
  'row.cumulativeDecreased': 'error',
  'row.completionMismatch': 'warning',
  'row.growthMismatch': 'error',
  'row.levelOutOfRange': 'error',
  'row.fundingMismatch': 'error',
  'row.explanationMissing': 'error',
  'row.expectedAfterDeadline': 'warning',
  'row.implausible': 'warning',
  'detail.unknownIndicator': 'error',
  'detail.negative': 'error',
  'detail.datesReversed': 'error',
  'detail.exceedsPlanned': 'warning',
  'detail.sumMismatch': 'error',
};

const FIELD_NAMES: Record<string, LocalizedText> = {
  thisPeriod: { zh: '本月完成', en: 'this month' },
  cumulative: { zh: '累计完成', en: 'cumulative' },
  amount: { zh: '本年金额', en: "this year's amount" },
  completionPercent: { zh: '完成比例', en: 'completion ratio' },
  'funding.higher': { zh: '上级资金', en: 'higher-level funds' },
  'funding.district': { zh: '区级配套', en: 'district matching funds' },
  'funding.other': { zh: '其他资金', en: 'other funds' },
  'funding.total': { zh: '投入资金合计', en: 'total funding' },
  'explanation.cause': { zh: '滞后原因', en: 'cause of delay' },
  'explanation.remedy': { zh: '整改措施', en: 'remedy' },
  'explanation.expectedCompletion': { zh: '预计完成时间', en: 'expected completion date' },
  completedOn: { zh: '完成日期', en: 'completion date' },
  planned: { zh: '计划数量', en: 'planned quantity' },
  completed: { zh: '完成数量', en: 'completed quantity' },
  investment: { zh: '投资', en: 'investment' },
  start: { zh: '开工日期', en: 'start date' },
  finish: { zh: '完工日期', en: 'finish date' },
  period: { zh: '报送期', en: 'period' },
  year: { zh: '年度', en: 'year' },
  unit: { zh: '填报单位', en: 'reporting unit' },
  reporter: { zh: '填报人', en: 'reporter' },
  indicator: { zh: '考核指标', en: 'indicator' },
};

/** The name of a field in both languages (`funding.total` → 投入资金合计 / total funding). */
export function fieldName(field: string | undefined): LocalizedText {
  return (field && FIELD_NAMES[field]) || { zh: field ?? '', en: field ?? '' };
}

const ind = (c: FindingContext) => (c.indicator ? `指标 ${c.indicator} ` : '');
const indEn = (c: FindingContext) => (c.indicator ? `Indicator ${c.indicator}: ` : '');

const MESSAGES: Record<FindingCode, (c: FindingContext) => LocalizedText> = {
  'submission.wrongYear': (c) => ({
    zh: `报表年度 ${c.found} 与计划年度 ${c.expected} 不符`,
    en: `The report is for ${c.found}, but the plan is for ${c.expected}`,
  }),
  'submission.unknownUnit': (c) => ({
    zh: `填报单位“${c.found}”不在本年度计划中`,
    en: `Reporting unit "${c.found}" is not in this year's plan`,
  }),
  'submission.periodInvalid': (c) => ({
    zh: `报送期“${c.found}”无效，应为“2006年5月”或“2006-05”的形式`,
    en: `Period "${c.found}" is not valid; write it as 2006年5月 or 2006-05`,
  }),
  'submission.periodOutsidePlan': (c) => ({
    zh: `报送期 ${c.found} 不在计划报送期 ${c.expected} 之内`,
    en: `Period ${c.found} is outside the plan's reporting periods ${c.expected}`,
  }),
  'submission.periodInFuture': (c) => ({
    zh: `报送期 ${c.found} 尚未开始`,
    en: `Period ${c.found} has not started yet`,
  }),
  'submission.empty': () => ({ zh: '报表中没有任何指标行', en: 'The report has no indicator rows' }),
  'submission.missingIndicator': (c) => ({
    zh: `缺少本单位负责的指标 ${c.indicator} 的数据行`,
    en: `The row for indicator ${c.indicator}, which this unit reports, is missing`,
  }),
  'submission.reporterMissing': () => ({
    zh: '未填写填报人或联系电话',
    en: 'The reporter or phone number is missing',
  }),
  'row.unknownIndicator': (c) => ({
    zh: `指标“${c.found}”不在本年度计划中`,
    en: `Indicator "${c.found}" is not in this year's plan`,
  }),
  'row.wrongUnit': (c) => ({
    zh: `${ind(c)}不由本单位填报（应由 ${c.expected} 填报）`,
    en: `${indEn(c)}this unit does not report it (reported by ${c.expected})`,
  }),
  'row.duplicate': (c) => ({
    zh: `${ind(c)}在报表中出现了不止一次`,
    en: `${indEn(c)}the indicator appears more than once`,
  }),
  'row.missingValue': (c) => ({
    zh: `${ind(c)}未填写“${fieldName(c.field).zh}”`,
    en: `${indEn(c)}${fieldName(c.field).en} is missing`,
  }),
  'row.notANumber': (c) => ({
    zh: `${ind(c)}“${fieldName(c.field).zh}”不是有效数字：${c.found}`,
    en: `${indEn(c)}${fieldName(c.field).en} is not a valid number: ${c.found}`,
  }),
  'row.negative': (c) => ({
    zh: `${ind(c)}“${fieldName(c.field).zh}”不能为负数（${c.found}）`,
    en: `${indEn(c)}${fieldName(c.field).en} cannot be negative (${c.found})`,
  }),
  'row.milestoneValue': (c) => ({
    zh: `${ind(c)}只能填“已完成”或“未完成”（得到 ${c.found}）`,
    en: `${indEn(c)}write done or not done (found ${c.found})`,
  }),
  'row.milestoneDateMissing': (c) => ({
    zh: `${ind(c)}已完成，但未填写完成日期`,
    en: `${indEn(c)}done, but the completion date is missing`,
  }),
  'row.cumulativeMismatch': (c) => ({
    zh: `${ind(c)}累计完成应为上期累计加本月完成 = ${c.expected}，实际填写 ${c.found}`,
    en: `${indEn(c)}cumulative should be the previous cumulative plus this month = ${c.expected}, found ${c.found}`,
  }),
  'row.cumulativeDecreased': (c) => ({
    zh: `${ind(c)}累计完成 ${c.found} 小于上期已确认的累计 ${c.expected}`,
    en: `${indEn(c)}cumulative ${c.found} is below the previously accepted cumulative ${c.expected}`,
  }),
  'row.completionMismatch': (c) => ({
    zh: `${ind(c)}完成比例应为 ${c.expected}%，填写的是 ${c.found}%`,
    en: `${indEn(c)}completion ratio should be ${c.expected}%, found ${c.found}%`,
  }),
  'row.growthMismatch': (c) => ({
    zh: `${ind(c)}按本年金额计算的增长率为 ${c.expected}%，填写的是 ${c.found}%`,
    en: `${indEn(c)}growth computed from this year's amount is ${c.expected}%, found ${c.found}%`,
  }),
  'row.levelOutOfRange': (c) => ({
    zh: `${ind(c)}累计完成应填达到的水平，在 ${c.expected} 之间（填写的是 ${c.found}）`,
    en: `${indEn(c)}cumulative is the level reached, within ${c.expected} (found ${c.found})`,
  }),
  'row.fundingMismatch': (c) => ({
    zh: `${ind(c)}投入资金合计 ${c.found} 万元不等于各来源之和 ${c.expected} 万元`,
    en: `${indEn(c)}total funding ${c.found} (10k yuan) is not the sum of its sources ${c.expected}`,
  }),
  'row.explanationMissing': (c) => ({
    zh: `${ind(c)}进度${c.detail === 'at_risk' ? '严重滞后' : '滞后'}，须填写“${fieldName(c.field).zh}”`,
    en: `${indEn(c)}${c.detail === 'at_risk' ? 'at risk' : 'behind schedule'}: ${fieldName(c.field).en} is required`,
  }),
  'row.expectedAfterDeadline': (c) => ({
    zh: `${ind(c)}预计完成时间 ${c.found} 晚于完成期限 ${c.expected}`,
    en: `${indEn(c)}the expected completion ${c.found} is after the deadline ${c.expected}`,
  }),
  'row.implausible': (c) => ({
    zh: `${ind(c)}累计完成 ${c.found} 远超年度目标 ${c.expected}，请核实单位和数量级`,
    en: `${indEn(c)}cumulative ${c.found} is far above the target ${c.expected}; check the unit and magnitude`,
  }),
  'detail.unknownIndicator': (c) => ({
    zh: `项目明细所属指标“${c.found}”不在本报表中`,
    en: `A project detail names indicator "${c.found}", which this report does not contain`,
  }),
  'detail.negative': (c) => ({
    zh: `项目明细“${c.detail}”的“${fieldName(c.field).zh}”不能为负数`,
    en: `Project "${c.detail}": ${fieldName(c.field).en} cannot be negative`,
  }),
  'detail.datesReversed': (c) => ({
    zh: `项目明细“${c.detail}”的完工日期早于开工日期`,
    en: `Project "${c.detail}" finishes before it starts`,
  }),
  'detail.exceedsPlanned': (c) => ({
    zh: `项目明细“${c.detail}”的完成数量 ${c.found} 超过计划数量 ${c.expected}`,
    en: `Project "${c.detail}": completed ${c.found} exceeds the planned ${c.expected}`,
  }),
  'detail.sumMismatch': (c) => ({
    zh: `${ind(c)}项目明细完成数量之和 ${c.found} 与累计完成 ${c.expected} 不符`,
    en: `${indEn(c)}the project details add up to ${c.found}, but cumulative is ${c.expected}`,
  }),
};

/** Builds a finding with its fixed severity and its message. */
export function finding(
  code: FindingCode,
  location: Location,
  context: Omit<FindingContext, 'field'> = {},
): Finding {
  const c: FindingContext = { ...context, field: location.field };
  return {
    code,
    severity: SEVERITY[code],
    ...(context.indicator !== undefined ? { indicator: context.indicator } : {}),
    location,
    ...(context.expected !== undefined ? { expected: context.expected } : {}),
    ...(context.found !== undefined ? { found: context.found } : {}),
    message: MESSAGES[code](c),
  };
}

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'error');
