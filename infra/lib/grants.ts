/**
 * What each function's code does to the table and the files bucket, written out action by action,
 * so that a role allows exactly that. Read off the handlers (functions/handlers/), the use cases
 * they call and the store (functions/store/repository.ts):
 *
 * - every authenticated request `GetItem`s the caller's person (is it disabled?) and, with
 *   `?org=`, the organisation asked for (functions/http/handler.ts);
 * - `Query` of the byYear index: `listPlans`, `listHeads` (a year's reports), `listOrganisations`;
 *   of the table itself: `getHistory`, `listAssessments`, `listAudit`, `listPeople`;
 * - `BatchGetItem`: `listPlans` (the newest versions) and `getVersions` (reports' bodies);
 * - writes are transactions (`TransactWriteItems`), allowed by their parts: a `Put`, an `Update`,
 *   a `ConditionCheck` (the year is still open, when a report or a review lands in it); a unit's
 *   send limits are counted by `UpdateItem` alone (`countUse`). Nothing deletes, nothing writes
 *   in batches (and every writer is denied both, shishi-function.ts);
 * - every write is audited, and an audit entry is appended to its year's chain
 *   (functions/store/entities/audit.ts, decision record 0005): the chain's head is read
 *   (`GetItem`; a chain without a head is found by a `Query` of its partition), the entry put and
 *   the head updated in the write's transaction (`AUDIT_APPEND`).
 *
 * The route table's `access` (api/routes.ts `groupAccess`) must agree: `checkGrants` fails the
 * synthesis when a group whose routes write is given no write, or a read-only group a write.
 */
import { groupAccess, type RouteGroup, routeGroups } from '../../api/routes';

/** The item actions a function may take on the table (`dynamodb:<action>`). */
export type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'ConditionCheckItem';

export interface TableUse {
  /** Actions on the table itself. */
  readonly table: readonly ItemAction[];
  /** Whether the code queries the byYear index (`Query` on the index). */
  readonly queriesIndex: boolean;
}

/** The functions: a route group's, or the reminders job. */
export type FunctionName = RouteGroup | 'reminders';

const WRITES: readonly ItemAction[] = ['PutItem', 'UpdateItem', 'ConditionCheckItem'];

/**
 * What appending an audit entry takes: the chain's head read (and, without one, its partition
 * queried), the entry put and the head moved, in the transaction of what it records.
 */
const AUDIT_APPEND: readonly ItemAction[] = ['GetItem', 'Query', 'PutItem', 'UpdateItem'];

const use = (table: readonly ItemAction[], queriesIndex: boolean): TableUse => ({
  table: [...new Set(table)],
  queriesIndex,
});

export const TABLE_USE: Readonly<Record<FunctionName, TableUse>> = {
  // Public: the handler gives it no store.
  health: use([], false),
  // GET /v1/audit: `listAudit`; GET /v1/audit/verify: `verifyAudit` (the partition and its head).
  audit: use(['GetItem', 'Query'], false),
  // GET /v1/status/{year}: the plan, the year's reports (`listHeads`, `getVersions`).
  status: use(['GetItem', 'BatchGetItem'], true),
  // GET /v1/templates/…: the plan and the unit's reports so far.
  templates: use(['GetItem', 'BatchGetItem'], true),
  // A report (`createVersion`: the head updated, the version and its idempotency record put, the
  // year checked open; `countUse`, the unit's limits), a review (`review`: likewise), and their
  // reads (`listHeads`, `getHistory`, `getVersionPage`, `getVersions`, `getIdempotency`, `getHead`).
  submissions: use(
    ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem', ...AUDIT_APPEND],
    true,
  ),
  // An uploaded worksheet is submitted exactly as a report (`submit`); `listPlans` finds its year.
  workbooks: use(
    ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem', ...AUDIT_APPEND],
    true,
  ),
  // Plans (`putPlan`: head and organisation updated, version put; `publishPlan`), the year's close
  // and reopening (`closeYear`, `reopenYear`), their reads (`listPlans`, `listAssessments`).
  plans: use(['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', ...AUDIT_APPEND], true),
  // The workbook is a file; the table only gets the audit entry of its making (`audit`): nothing
  // of its own is updated, only the chain's head.
  summaries: use(['GetItem', 'BatchGetItem', ...AUDIT_APPEND], true),
  // People (`putPerson`, `updatePerson`, `listPeople`) and the published plans' units (`listPlans`).
  users: use(['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', ...AUDIT_APPEND], true),
  // `listOrganisations`, each one's plan and reports, and a reminder put with its audit entry
  // (`putReminder`); a reminder is never updated (the chain's head is).
  reminders: use(['GetItem', 'BatchGetItem', 'PutItem', ...AUDIT_APPEND], true),
};

export interface FilesUse {
  /** The key prefix the function's files are under (`assessments/`). */
  readonly prefix: string;
  /** `GetObject` (and presigned links) and `PutObject` (`If-None-Match: *`) under the prefix. */
  readonly objects: readonly ('s3:GetObject' | 's3:PutObject')[];
  /**
   * `ListBucket`: `prefix`, listing under the prefix only (`files.list`); `bucket`, on the bucket
   * without a condition, which is what makes S3 answer 404 rather than 403 for a missing key —
   * the code reads a file that may not be there yet (`files.get` → undefined).
   */
  readonly list?: 'prefix' | 'bucket';
}

/** Who keeps files, and how: nobody else touches the bucket (no delete, no overwrite anywhere). */
export const FILES_USE: Readonly<Partial<Record<FunctionName, FilesUse>>> = {
  // The 年终考核 workbook a close keeps, read back (or made again when missing) on download
  // (functions/usecases/year-end.ts).
  plans: { prefix: 'assessments/', objects: ['s3:GetObject', 's3:PutObject'], list: 'bucket' },
  // A summary is put, the newest found by listing the year's folder and read, or linked
  // (functions/usecases/summaries.ts).
  summaries: { prefix: 'summaries/', objects: ['s3:GetObject', 's3:PutObject'], list: 'prefix' },
  // The workbook a unit uploads, kept by its hash before its version is stored
  // (functions/usecases/workbooks.ts); put only, never read back there.
  workbooks: { prefix: 'workbooks/', objects: ['s3:PutObject'] },
  // That workbook, read for the review's download (`getVersionWorkbook`); a missing one is a 404.
  submissions: { prefix: 'workbooks/', objects: ['s3:GetObject'], list: 'bucket' },
};

/** Whether a use writes the table. */
export const writes = (u: TableUse): boolean => u.table.some((a) => WRITES.includes(a));

/**
 * Holds the grants to the route table: a group whose routes write must write, a read-only group
 * must not, a public group must not touch the table. Throws naming the group otherwise.
 */
export function checkGrants(table: Readonly<Record<FunctionName, TableUse>> = TABLE_USE): void {
  for (const group of routeGroups()) {
    const access = groupAccess(group);
    const u = table[group];
    const none = u.table.length === 0 && !u.queriesIndex;
    const problem =
      access === 'none'
        ? !none && 'its routes are public, yet it is given the table'
        : access === 'read'
          ? writes(u) && 'its routes only read, yet it is given a write'
          : !writes(u) && 'one of its routes writes, yet it is given no write';
    if (problem) throw new Error(`infra/lib/grants.ts: ${group}: ${problem} (api/routes.ts)`);
  }
}
