/**
 * Reading cells as bureau staff type them: quantities, dates, reporting months and
 * milestone words, each returning a value, "empty", or a coded bilingual error.
 */
export {
  type DateOptions,
  dateToExcelSerial,
  excelSerialToDate,
  type PeriodOptions,
  parseDate,
  parsePeriod,
} from './date';
export {
  type CellValue,
  EMPTY,
  type MessageContext,
  PARSE_ERROR_CODES,
  type Parsed,
  type ParseError,
  type ParseErrorCode,
  parsedValue,
  parseError,
} from './errors';
export { parseMilestone } from './milestone';
export {
  canonicalUnit,
  type FormatQuantityOptions,
  formatQuantity,
  isPercentFormat,
  parseQuantity,
  type Quantity,
  type QuantityOptions,
  UNITS,
  type UnitOfMeasure,
} from './number';
export {
  isBlankCell,
  looksLikeFormula,
  normalizeCellText,
  quoteFormula,
  toFullWidth,
  unquoteFormula,
} from './text';
