/**
 * The SHISHI functions by their ids in functions.json (the `@customfunction` ids). The host binds
 * them to its runtime (Excel: addin/host/office/functions.ts); this table stays host-neutral.
 */
import { completionRatio, expected, paceLabel, parse, progress, status, target, verdict } from './functions';

export const FUNCTIONS = {
  PARSE: parse,
  EXPECTED: expected,
  PACE: paceLabel,
  COMPLETION: completionRatio,
  TARGET: target,
  PROGRESS: progress,
  STATUS: status,
  VERDICT: verdict,
} as const;
