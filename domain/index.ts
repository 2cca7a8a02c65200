/**
 * The pure core of Shishi: what the district's pledges are, how reports are read and checked,
 * and how status and the one-vote veto follow from them. Imported by functions/ and addin/.
 */

export * from './assessment';
export * from './dates';
export * from './findings';
export * from './kinds';
export * from './labels';
export * from './pacing';
export * from './parse';
export {
  DEFAULT_THRESHOLDS,
  type Indicator,
  type IndicatorId,
  type IndicatorKind,
  indicatorsReportedBy,
  type Milestone,
  type Organisation,
  type Person,
  type Plan,
  type PlanError,
  type PlanErrorCode,
  type Pledge,
  type PledgeId,
  type ReportingCadence,
  reportingUnitIds,
  reportingUnits,
  type ScheduleStep,
  type SubTarget,
  type Thresholds,
  targetFor,
  type Unit,
  type UnitId,
  validatePlan,
} from './plan';
export * from './result';
export * from './rollup';
export * from './status';
export * from './submission';
export * from './validate';
