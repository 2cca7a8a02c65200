/** Reading the city's 目标任务分解表 (and the office's plan workbook) into a draft plan. */
export { fnv1a, newUnitId } from './hash';
export { PLAN_HEADERS, PLAN_WORKBOOK_MARK, recognisePlanSheet } from './recognise';
export * from './types';
export { ALL_TOWNSHIPS, UnitMatcher, unitKey } from './units';
export {
  baseUnit,
  type Conversion,
  readDeadline,
  readFigure,
  readMilestones,
  readPeople,
  readTarget,
  scaled,
  smallNumeral,
  writeDeadline,
  writeMilestones,
  writePeople,
} from './values';
