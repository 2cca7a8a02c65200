/**
 * Backup of the table as a JSON Lines file (./backup-file.ts describes it), for DynamoDB Local
 * (`shishi backup`) or any table the caller can scan. On AWS, point-in-time recovery does this
 * job (see README); this file is what a one-machine installation keeps.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { DynamoDBClient, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  type BackupHeader,
  type BackupTrailer,
  itemToJson,
  type KeySchemaEntry,
} from './backup-file';
import { describeTable, scanPages } from './dynamodb';

export interface ExportOptions {
  /** Parallel scan segments (1 by default). */
  readonly segments?: number;
  /** Items per scan page (DynamoDB's 1 MB page by default). */
  readonly pageSize?: number;
  readonly now?: () => Date;
}

export interface ExportResult {
  readonly table: string;
  readonly items: number;
  readonly sha256: string;
  readonly exportedAt: string;
  /** The file written, when `out` was a path. */
  readonly file?: string;
}

/** Writes `text`, waiting when the stream asks to (backpressure). */
async function write(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return;
  await new Promise<void>((done, fail) => {
    const onError = (e: Error) => {
      stream.off('drain', onDrain);
      fail(e);
    };
    const onDrain = () => {
      stream.off('error', onError);
      done();
    };
    stream.once('error', onError);
    stream.once('drain', onDrain);
  });
}

const keySchemaOf = (ks: readonly KeySchemaElement[] = []): KeySchemaEntry[] =>
  ks.map((k) => ({ AttributeName: k.AttributeName!, KeyType: k.KeyType as 'HASH' | 'RANGE' }));

/** The key schema and indexes the header records, so that a restore can check them. */
async function describeKeys(client: DynamoDBClient, tableName: string) {
  const table = await describeTable(client, tableName);
  if (!table) {
    throw new BackupError(
      'export.noTable',
      `没有名为 ${tableName} 的表，无从备份`,
      `There is no table named ${tableName} to back up`,
    );
  }
  return {
    keySchema: keySchemaOf(table.KeySchema),
    attributeDefinitions: (table.AttributeDefinitions ?? []).map((a) => ({
      AttributeName: a.AttributeName!,
      AttributeType: a.AttributeType!,
    })),
    globalSecondaryIndexes: (table.GlobalSecondaryIndexes ?? []).map((g) => ({
      IndexName: g.IndexName!,
      KeySchema: keySchemaOf(g.KeySchema),
    })),
  };
}

/**
 * Exports every item of `tableName` (consistent reads, paged) to `out`: a path (written to a
 * temporary file beside it, then renamed, so a failed export leaves no file that looks whole)
 * or a writable stream (not ended).
 */
export async function exportTable(
  client: DynamoDBClient,
  tableName: string,
  out: string | Writable,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const segments = opts.segments ?? 1;
  if (!Number.isInteger(segments) || segments < 1 || segments > 1_000_000) {
    throw new RangeError(`segments must be a whole number ≥ 1 (got ${segments})`);
  }
  const keys = await describeKeys(client, tableName);
  const exportedAt = (opts.now?.() ?? new Date()).toISOString();
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    table: tableName,
    exportedAt,
    ...keys,
  };

  const file = typeof out === 'string' ? resolve(out) : undefined;
  const partial = file ? `${file}.partial` : undefined;
  let stream: Writable;
  if (file && partial) {
    await mkdir(dirname(file), { recursive: true });
    // The backup holds what every unit sent: readable by its owner only.
    stream = createWriteStream(partial, { mode: 0o600 });
  } else {
    stream = out as Writable;
  }
  // A write error (a full disk, a folder not writable) is kept and thrown at the next write.
  let streamError: Error | undefined;
  const onStreamError = (e: Error) => {
    streamError ??= e;
  };
  stream.on('error', onStreamError);
  const put = async (text: string) => {
    if (streamError) throw streamError;
    await write(stream, text);
    if (streamError) throw streamError;
  };

  const hash = createHash('sha256');
  let items = 0;
  try {
    await put(`${JSON.stringify(header)}\n`);
    // Segments scan in parallel; each page's lines are written together, one page at a time.
    let writing = Promise.resolve();
    const scanSegment = async (segment: number) => {
      const pages = scanPages(client, {
        TableName: tableName,
        ...(opts.pageSize ? { Limit: opts.pageSize } : {}),
        ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
      });
      for await (const page of pages) {
        const lines = page.map((item) => `${JSON.stringify({ Item: itemToJson(item) })}\n`);
        writing = writing.then(async () => {
          const text = lines.join('');
          hash.update(text, 'utf8');
          items += lines.length;
          if (text) await put(text);
        });
        await writing;
      }
    };
    await Promise.all(Array.from({ length: segments }, (_, i) => scanSegment(i)));
    await writing;
    const digest = hash.digest('hex');
    const trailer: BackupTrailer = { trailer: true, items, sha256: digest };
    await put(`${JSON.stringify(trailer)}\n`);
    if (file && partial) {
      stream.end();
      await finished(stream);
      await rename(partial, file);
    }
    return { table: tableName, items, sha256: digest, exportedAt, ...(file ? { file } : {}) };
  } catch (e) {
    if (partial) {
      stream.destroy();
      await rm(partial, { force: true });
    }
    throw e;
  } finally {
    // The file's stream is ours and keeps its listener; the caller's gets its own back.
    if (!partial) stream.off('error', onStreamError);
  }
}
