/**
 * The single table's keys, named after the access patterns they serve; the entities in ./entities/
 * build their requests from them. Every partition key starts with the organisation
 * (docs/decisions/0003): a key of one organisation can never name another's item, because an
 * organisation id is a slug without `#` (`ORG_ID`). Pure: building keys needs no I/O.
 *
 * | item                      | pk                              | sk                   | byYear index (gsi1pk / gsi1sk)   |
 * |---------------------------|---------------------------------|----------------------|----------------------------------|
 * | organisation              | ORG#<org>                       | ORG                  | ORGS / <org>                     |
 * | person                    | ORG#<org>#USER                  | <sub>                |                                  |
 * | plan head (current)       | ORG#<org>#PLAN#<year>           | HEAD                 | ORG#<org>#PLANS / <year>         |
 * | plan version (immutable)  | ORG#<org>#PLAN#<year>           | V#00000001           |                                  |
 * | submission head           | ORG#<org>#SUB#<year>.<unit>.<period> | HEAD            | ORG#<org>#YEAR#<year> / <unit>#<period> |
 * | submission version        | ORG#<org>#SUB#…                 | V#00000001           |                                  |
 * | body chunk of a version   | ORG#<org>#SUB#…                 | V#00000001#C#0001    |                                  |
 * | review of a version       | ORG#<org>#SUB#…                 | R#00000001           |                                  |
 * | idempotency record        | ORG#<org>#IDEM#<unit>#<key>     | IDEM                 |                                  |
 * | audit entry (immutable)   | ORG#<org>#AUDIT#<year>          | <ISO time>#<uuid>    |                                  |
 * | audit chain head (current)| ORG#<org>#AUDITHEAD#<year>      | HEAD                 |                                  |
 * | use counter (current)     | ORG#<org>#LIMIT#<what>          | LIMIT                |                                  |
 * | reminder (immutable)      | ORG#<org>#REMIND#<year>         | <period>#<unit>#late |                                  |
 * | year close (current)      | ORG#<org>#CLOSE#<year>          | HEAD                 |                                  |
 * | frozen assessment (immut.)| ORG#<org>#CLOSE#<year>          | A#00000001           |                                  |
 * | body chunk of an assessment | ORG#<org>#CLOSE#<year>        | A#00000001#C#0001    |                                  |
 */

import { ORG_ID } from '../../api/roles';
import { submissionIdOf } from '../../api/views';
import type { Period } from '../../domain/dates';
import { StoreError } from './entities/item';

export const TABLE_INDEX_BY_YEAR = 'byYear';

const pad = (n: number, width = 8) => String(n).padStart(width, '0');

/**
 * The organisation's prefix of every partition key. Refuses an id that is not a slug, so that
 * no caller can reach across organisations with an id holding `#`.
 */
export function orgPrefix(org: string): string {
  if (!ORG_ID.test(org)) throw new StoreError(`not an organisation id: ${JSON.stringify(org)}`);
  return `ORG#${org}`;
}

export const orgPk = (org: string) => orgPrefix(org);
export const ORG_SK = 'ORG';
/** Every organisation is on the byYear index under one key, so listing them is one Query. */
export const ORGS_GSI_PK = 'ORGS';

export const userPk = (org: string) => `${orgPrefix(org)}#USER`;

export const planPk = (org: string, year: number) => `${orgPrefix(org)}#PLAN#${year}`;
/** Every plan head of an organisation is on the byYear index under one key: its years are one Query. */
export const plansGsiPk = (org: string) => `${orgPrefix(org)}#PLANS`;
export const planGsiSk = (year: number) => pad(year, 4);
export const HEAD = 'HEAD';
export const versionSk = (v: number) => `V#${pad(v)}`;
export const chunkSk = (v: number, i: number) => `V#${pad(v)}#C#${pad(i, 4)}`;
export const reviewSk = (v: number) => `R#${pad(v)}`;

/** A submission's id names its year, unit and period: every version of one report shares it. */
/** A report's id, as the API names it (api/views.ts). */
export const submissionId = submissionIdOf;
export function parseSubmissionId(id: string): { year: number; unit: string; period: Period } | undefined {
  const m = /^(\d{4})\.([a-z0-9][a-z0-9-]{0,62})\.(\d{4}-\d{2})$/.exec(id);
  return m ? { year: Number(m[1]), unit: m[2]!, period: m[3]! } : undefined;
}
/** The organisation comes from the principal, never from the id: it is joined here only. */
export const submissionPk = (org: string, id: string) => `${orgPrefix(org)}#SUB#${id}`;
export const yearGsiPk = (org: string, year: number) => `${orgPrefix(org)}#YEAR#${year}`;
export const yearGsiSk = (unit: string, period: Period) => `${unit}#${period}`;

export const idempotencyPk = (org: string, scope: string, key: string) =>
  `${orgPrefix(org)}#IDEM#${scope}#${key}`;
export const auditPk = (org: string, year: number) => `${orgPrefix(org)}#AUDIT#${year}`;
/** The head of the year's audit chain: its newest entry's number and hash (entities/audit.ts). */
export const auditHeadPk = (org: string, year: number) => `${orgPrefix(org)}#AUDITHEAD#${year}`;

/** A use counter (entities/limit.ts): `what` is e.g. `submit#<unit>` or `versions#<report id>`. */
export const limitPk = (org: string, what: string) => `${orgPrefix(org)}#LIMIT#${what}`;

/** One reminder per unit, period and state: a rerun adds none; late → missing adds one. */
export const reminderPk = (org: string, year: number) => `${orgPrefix(org)}#REMIND#${year}`;
export const reminderSk = (period: Period, unit: string, state: string) => `${period}#${unit}#${state}`;

/** The year's close: its head and its frozen assessments (entities/year.ts). */
export const closePk = (org: string, year: number) => `${orgPrefix(org)}#CLOSE#${year}`;
export const assessmentSk = (v: number) => `A#${pad(v)}`;
export const assessmentChunkSk = (v: number, i: number) => `A#${pad(v)}#C#${pad(i, 4)}`;
