/**
 * Restore of a backup file (./backup-file.ts describes it) into a new or empty table, for
 * DynamoDB Local (`shishi restore`) or any table the caller can write. Nothing already stored is
 * ever overwritten.
 */
import { resolve } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../store/table';
import { BackupError, type CheckedBackup, readBackup } from './backup-file';
import { describeTable, scanPages } from './dynamodb';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;

export interface RestoreOptions {
  /** Batches written at once (4 by default). */
  readonly concurrency?: number;
  /** Attempts for one batch's unprocessed items before giving up (12 by default). */
  readonly maxAttempts?: number;
  /** First backoff in ms, doubled on each retry, with jitter (50 by default; capped at 5 s). */
  readonly backoffMs?: number;
}

export interface RestoreResult {
  readonly table: string;
  /** Whether the table was created (else it existed, empty). */
  readonly created: boolean;
  readonly items: number;
  readonly batches: number;
  /** BatchWriteItem calls repeated for unprocessed items. */
  readonly retries: number;
  readonly sha256: string;
  /** The table the backup was taken of, and when. */
  readonly source: { readonly table: string; readonly exportedAt: string };
}

/** Whether the table holds any item: one consistent item is enough to say so. */
async function holdsItems(client: DynamoDBClient, tableName: string): Promise<boolean> {
  for await (const page of scanPages(client, { TableName: tableName, Limit: 1 })) {
    if (page.length > 0) return true;
  }
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Restores a backup into `tableName`: checks the whole file first (header, every line, count,
 * sha256) and refuses a table that holds any item, then creates the table if missing and
 * writes the items with BatchWriteItem, 25 at a time, retrying unprocessed items with backoff.
 * The file is read twice, line by line; a file that changes in between is reported.
 */
export async function restoreTable(
  client: DynamoDBClient,
  tableName: string,
  file: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const path = resolve(file);
  const checked = await readBackup(path, tableName, undefined, new Set());

  const existed = (await describeTable(client, tableName)) !== undefined;
  if (existed && (await holdsItems(client, tableName))) {
    throw new BackupError(
      'restore.notEmpty',
      `表 ${tableName} 已有数据：恢复只写入空表或新表，绝不覆盖已存的报表。请指定一个新的表名。`,
      `The table ${tableName} already holds items: a restore only writes into an empty or new table and never overwrites what is stored. Name a new table.`,
    );
  }
  if (!existed) await ensureTable(client, tableName);

  const concurrency = opts.concurrency ?? 4;
  const maxAttempts = opts.maxAttempts ?? 12;
  const backoffMs = opts.backoffMs ?? 50;
  let batches = 0;
  let retries = 0;

  const writeBatch = async (requests: WriteRequest[], firstLine: number) => {
    let pending = requests;
    for (let attempt = 1; ; attempt++) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      const left = out.UnprocessedItems?.[tableName] ?? [];
      if (left.length === 0) return;
      if (attempt >= maxAttempts) {
        throw new BackupError(
          'restore.unprocessed',
          `从第 ${firstLine} 行起的一批记录重试 ${attempt} 次后仍有 ${left.length} 条未写入（数据库持续限流）。表 ${tableName} 只恢复了一部分：删除它后重试。`,
          `${left.length} items of the batch from line ${firstLine} were still unprocessed after ${attempt} attempts (the database keeps throttling). The table ${tableName} is only partly restored: delete it and try again.`,
          firstLine,
        );
      }
      retries++;
      pending = left;
      const cap = Math.min(5_000, backoffMs * 2 ** (attempt - 1));
      await sleep(cap / 2 + Math.random() * (cap / 2));
    }
  };

  const running = new Set<Promise<void>>();
  let failed: unknown;
  let batch: WriteRequest[] = [];
  let batchLine = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const requests = batch;
    const line = batchLine;
    batch = [];
    batches++;
    const p = writeBatch(requests, line).then(
      () => {
        running.delete(p);
      },
      (e: unknown) => {
        running.delete(p);
        failed ??= e;
      },
    );
    running.add(p);
    if (running.size >= concurrency) await Promise.race(running);
    if (failed) throw failed;
  };

  const changed = () =>
    new BackupError(
      'backup.changed',
      `备份文件在恢复过程中被改动了；表 ${tableName} 的内容不可信：删除它后重试。`,
      `The backup file changed while it was being restored; the table ${tableName} cannot be trusted: delete it and try again.`,
    );
  let second: CheckedBackup;
  try {
    second = await readBackup(path, tableName, async (item, line) => {
      if (batch.length === 0) batchLine = line;
      batch.push({ PutRequest: { Item: item } });
      if (batch.length === BATCH_SIZE) await flush();
    });
    await flush();
  } catch (e) {
    // The file was whole a moment ago: a problem now means it changed meanwhile.
    throw e instanceof BackupError && e.code.startsWith('backup.') ? changed() : e;
  } finally {
    await Promise.all(running);
  }
  if (failed) throw failed;
  if (second.sha256 !== checked.sha256 || second.items !== checked.items) throw changed();
  return {
    table: tableName,
    created: !existed,
    items: checked.items,
    batches,
    retries,
    sha256: checked.sha256,
    source: { table: checked.header.table, exportedAt: checked.header.exportedAt },
  };
}
