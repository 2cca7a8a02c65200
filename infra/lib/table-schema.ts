/**
 * The single table's key schema as infra declares it (infra imports no code of functions/);
 * stack.test.ts holds it to the store's own table definition, so the two cannot drift.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** The index of a year's submission heads (the store's `byYear`). */
  byYear: { indexName: 'byYear', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/**
 * Audit entries live in the partitions `ORG#<org>#AUDIT#<year>` (docs/decisions/0003; before it,
 * `AUDIT#<year>`, kept until the migration's clean-up): no function may update or delete them.
 * An organisation id, a unit id and an idempotency key hold no `#`, so only an audit partition
 * has `#AUDIT#` after its organisation.
 */
export const AUDIT_PARTITION_PATTERNS = ['ORG#*#AUDIT#*', 'AUDIT#*'] as const;
