/**
 * The single table's keys, named after the access patterns they serve; the entities in ./entities/
 * build their requests from them. Pure: building keys needs no I/O and is tested as such.
 *
 * | item                      | pk                  | sk                      | byYear index (gsi1pk / gsi1sk) |
 * |---------------------------|---------------------|-------------------------|--------------------------------|
 * | plan head (current)       | PLAN#2006           | HEAD                    | PLANS / 2006                   |
 * | plan version (immutable)  | PLAN#2006           | V#00000001              |                                |
 * | submission head           | SUB#2006.labor.2006-05 | HEAD                 | YEAR#2006 / labor#2006-05      |
 * | submission version        | SUB#…               | V#00000001              |                                |
 * | body chunk of a version   | SUB#…               | V#00000001#C#0001       |                                |
 * | review of a version       | SUB#…               | R#00000001              |                                |
 * | idempotency record        | IDEM#<unit>#<key>   | IDEM                    |                                |
 * | audit entry (immutable)   | AUDIT#2006          | <ISO time>#<uuid>       |                                |
 * | reminder (immutable)      | REMIND#2006         | 2006-05#labor#late      |                                |
 */
import type { Period } from '../../domain/dates';

export const TABLE_INDEX_BY_YEAR = 'byYear';

const pad = (n: number, width = 8) => String(n).padStart(width, '0');

export const planPk = (year: number) => `PLAN#${year}`;
/** Every plan head is on the byYear index under one key, so the organisation's years are one Query. */
export const PLANS_GSI_PK = 'PLANS';
export const planGsiSk = (year: number) => pad(year, 4);
export const HEAD = 'HEAD';
export const versionSk = (v: number) => `V#${pad(v)}`;
export const chunkSk = (v: number, i: number) => `V#${pad(v)}#C#${pad(i, 4)}`;
export const reviewSk = (v: number) => `R#${pad(v)}`;

/** A submission's id names its year, unit and period: every version of one report shares it. */
export const submissionId = (year: number, unit: string, period: Period) => `${year}.${unit}.${period}`;
export function parseSubmissionId(id: string): { year: number; unit: string; period: Period } | undefined {
  const m = /^(\d{4})\.([a-z0-9][a-z0-9-]{0,62})\.(\d{4}-\d{2})$/.exec(id);
  return m ? { year: Number(m[1]), unit: m[2]!, period: m[3]! } : undefined;
}
export const submissionPk = (id: string) => `SUB#${id}`;
export const yearGsiPk = (year: number) => `YEAR#${year}`;
export const yearGsiSk = (unit: string, period: Period) => `${unit}#${period}`;

export const idempotencyPk = (scope: string, key: string) => `IDEM#${scope}#${key}`;
export const auditPk = (year: number) => `AUDIT#${year}`;

/** One reminder per unit, period and state: a rerun adds none; late → missing adds one. */
export const reminderPk = (year: number) => `REMIND#${year}`;
export const reminderSk = (period: Period, unit: string, state: string) => `${period}#${unit}#${state}`;
