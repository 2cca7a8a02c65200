/**
 * Test helpers for the custom functions (imported by tests and the bench only): a stand-in for
 * Excel's `CustomFunctions` runtime global, and a status answer made by the domain.
 */

import { type StatusView, statusView } from '../../api/views';
import type { IsoDate } from '../../domain/dates';
import type { Plan } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { computeStatus } from '../../domain/status';
import type { SubmissionRecord } from '../../domain/submission';

/** What the double records of `CustomFunctions.associate`. */
export const associated = new Map<string, unknown>();

class CustomFunctionsErrorDouble {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

const DOUBLE = {
  Error: CustomFunctionsErrorDouble,
  ErrorCode: {
    invalidValue: '#VALUE!',
    notAvailable: '#N/A',
    divisionByZero: '#DIV/0!',
    invalidNumber: '#NUM!',
    nullReference: '#NULL!',
    invalidName: '#NAME?',
    invalidReference: '#REF!',
  },
  associate: (id: string, fn: unknown) => {
    associated.set(id, fn);
  },
};

type Global = { CustomFunctions?: unknown };

/** Installs a minimal `CustomFunctions` global unless the real runtime is there. */
export function installCustomFunctionsDouble(): void {
  const g = globalThis as Global;
  if (g.CustomFunctions === undefined) g.CustomFunctions = DOUBLE;
}

export function removeCustomFunctionsDouble(): void {
  const g = globalThis as Global;
  if (g.CustomFunctions === DOUBLE) delete g.CustomFunctions;
}

/** The API's status answer (api/views.ts statusView), computed by the domain. */
export function makeStatusView(
  asOf: IsoDate = '2006-06-30',
  plan: Plan = SAMPLE_PLAN_2006,
  records: readonly SubmissionRecord[] = [],
): StatusView {
  return statusView(computeStatus(plan, records, asOf));
}
