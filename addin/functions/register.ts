/**
 * Binds the SHISHI functions to their ids in functions.json. Loaded by the shared runtime's page;
 * does nothing where there is no custom functions runtime (a browser preview, tests).
 */
import { completionRatio, expected, paceLabel, parse, progress, status, target, verdict } from './functions';

/** The ids of functions.json (the `@customfunction` ids) and their implementations. */
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

/** Registers every function; false when there is no `CustomFunctions` runtime. */
export function registerFunctions(): boolean {
  if (typeof CustomFunctions === 'undefined' || typeof CustomFunctions.associate !== 'function') return false;
  for (const [id, fn] of Object.entries(FUNCTIONS)) CustomFunctions.associate(id, fn);
  return true;
}

registerFunctions();
