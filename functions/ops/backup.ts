/**
 * Backup and restore of the table as a JSON Lines file, for DynamoDB Local (`shishi backup`,
 * `shishi restore`) or any table the caller can scan. On AWS, point-in-time recovery does this
 * job (see README); this file is what a one-machine installation keeps.
 *
 * The file (`shishi.dynamodb-backup`, version 1), one JSON document per line, UTF-8:
 *
 *   line 1       header   {"format":"shishi.dynamodb-backup","version":1,"table":"shishi",
 *                          "exportedAt":"<ISO time>","keySchema":[…],"attributeDefinitions":[…],
 *                          "globalSecondaryIndexes":[…]}
 *   lines 2…n-1  items    {"Item":{"pk":{"S":"PLAN#2006"},…}} — DynamoDB's typed JSON, exactly as
 *                          the low-level API returns it (numbers as strings, binary as base64);
 *                          the same lines as AWS's DYNAMODB_JSON export and import
 *   line n       trailer  {"trailer":true,"items":<count>,"sha256":"<hex>"}
 *
 * The trailer's sha256 is over the item lines' bytes, each followed by its "\n". A restore reads
 * the whole file and checks header, every item line, count and digest before it writes
 * anything; it writes only into an empty (or new) table, so nothing already stored is ever
 * overwritten.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
  type TableDescription,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { ensureTable, tableDefinition } from '../store/table';

export const BACKUP_FORMAT = 'shishi.dynamodb-backup';
export const BACKUP_VERSION = 1;
/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;

export interface KeySchemaEntry {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: typeof BACKUP_VERSION;
  readonly table: string;
  readonly exportedAt: string;
  readonly keySchema: readonly KeySchemaEntry[];
  readonly attributeDefinitions?: readonly { AttributeName: string; AttributeType: string }[];
  readonly globalSecondaryIndexes?: readonly {
    IndexName: string;
    KeySchema: readonly KeySchemaEntry[];
  }[];
}

export interface BackupTrailer {
  readonly trailer: true;
  readonly items: number;
  readonly sha256: string;
}

/** A typed item as JSON: an AttributeValue map with binary as base64. */
export type JsonItem = Record<string, JsonAttributeValue>;
export type JsonAttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: JsonItem }
  | { L: JsonAttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

/** A backup file that cannot be restored, or a restore that must not be done. */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly code:
      | 'export.noTable'
      | 'backup.unreadable'
      | 'backup.empty'
      | 'backup.header'
      | 'backup.line'
      | 'backup.duplicate'
      | 'backup.trailer'
      | 'backup.truncated'
      | 'backup.count'
      | 'backup.digest'
      | 'backup.changed'
      | 'backup.keySchema'
      | 'restore.notEmpty'
      | 'restore.unprocessed',
    readonly zh: string,
    readonly en: string,
    /** The line of the file (from 1) the problem is on, when it is on one. */
    readonly line?: number,
  ) {
    super(`${zh} / ${en}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Typed JSON ⇄ AttributeValue

const b64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** An AttributeValue as JSON: the SDK's Uint8Array binaries become base64. */
export function attributeToJson(v: AttributeValue): JsonAttributeValue {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.B !== undefined) return { B: b64(v.B) };
  if (v.SS !== undefined) return { SS: [...v.SS] };
  if (v.NS !== undefined) return { NS: [...v.NS] };
  if (v.BS !== undefined) return { BS: v.BS.map(b64) };
  if (v.M !== undefined) return { M: itemToJson(v.M) };
  if (v.L !== undefined) return { L: v.L.map(attributeToJson) };
  if (v.NULL !== undefined) return { NULL: true };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  throw new Error(`unknown attribute value type: ${Object.keys(v).join(',')}`);
}

export function itemToJson(item: Record<string, AttributeValue>): JsonItem {
  const out: JsonItem = {};
  for (const [name, value] of Object.entries(item)) out[name] = attributeToJson(value);
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const fromB64 = (s: unknown, where: string): Uint8Array => {
  if (typeof s !== 'string' || s.length % 4 !== 0 || !BASE64.test(s)) {
    throw new TypeError(`${where}: binary is not base64`);
  }
  return new Uint8Array(Buffer.from(s, 'base64'));
};
const strings = (x: unknown, where: string): string[] => {
  if (!Array.isArray(x) || x.length === 0 || !x.every((s) => typeof s === 'string')) {
    throw new TypeError(`${where}: a set must be a non-empty list of strings`);
  }
  return x as string[];
};
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Typed JSON back to an AttributeValue; throws a TypeError naming the attribute when malformed. */
export function attributeFromJson(v: unknown, where: string): AttributeValue {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TypeError(`${where}: not a typed value`);
  }
  const keys = Object.keys(v);
  if (keys.length !== 1) throw new TypeError(`${where}: a typed value has exactly one type`);
  const type = keys[0]!;
  const x = (v as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      if (typeof x !== 'string') break;
      return { S: x };
    case 'N':
      if (typeof x !== 'string' || !NUMBER.test(x)) break;
      return { N: x };
    case 'B':
      return { B: fromB64(x, where) };
    case 'SS':
      return { SS: strings(x, where) };
    case 'NS': {
      const ns = strings(x, where);
      if (!ns.every((n) => NUMBER.test(n))) break;
      return { NS: ns };
    }
    case 'BS':
      return { BS: strings(x, where).map((s) => fromB64(s, where)) };
    case 'M':
      return { M: itemFromJson(x, where) };
    case 'L':
      if (!Array.isArray(x)) break;
      return { L: x.map((e, i) => attributeFromJson(e, `${where}[${i}]`)) };
    case 'NULL':
      if (x !== true) break;
      return { NULL: true };
    case 'BOOL':
      if (typeof x !== 'boolean') break;
      return { BOOL: x };
    default:
      throw new TypeError(`${where}: unknown type ${type}`);
  }
  throw new TypeError(`${where}: not a valid ${type} value`);
}

export function itemFromJson(x: unknown, where = 'Item'): Record<string, AttributeValue> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw new TypeError(`${where}: not a map of attributes`);
  }
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(x)) out[name] = attributeFromJson(value, `${where}.${name}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Export

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

async function describeKeys(client: DynamoDBClient, tableName: string) {
  let Table: TableDescription | undefined;
  try {
    ({ Table } = await client.send(new DescribeTableCommand({ TableName: tableName })));
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    throw new BackupError(
      'export.noTable',
      `没有名为 ${tableName} 的表，无从备份`,
      `There is no table named ${tableName} to back up`,
    );
  }
  return {
    keySchema: (Table?.KeySchema ?? []).map((k) => ({
      AttributeName: k.AttributeName!,
      KeyType: k.KeyType as 'HASH' | 'RANGE',
    })),
    attributeDefinitions: (Table?.AttributeDefinitions ?? []).map((a) => ({
      AttributeName: a.AttributeName!,
      AttributeType: a.AttributeType!,
    })),
    globalSecondaryIndexes: (Table?.GlobalSecondaryIndexes ?? []).map((g) => ({
      IndexName: g.IndexName!,
      KeySchema: (g.KeySchema ?? []).map((k) => ({
        AttributeName: k.AttributeName!,
        KeyType: k.KeyType as 'HASH' | 'RANGE',
      })),
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
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            ConsistentRead: true,
            ...(opts.pageSize ? { Limit: opts.pageSize } : {}),
            ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        const lines = (page.Items ?? []).map((item) => `${JSON.stringify({ Item: itemToJson(item) })}\n`);
        writing = writing.then(async () => {
          const text = lines.join('');
          hash.update(text, 'utf8');
          items += lines.length;
          if (text) await put(text);
        });
        await writing;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
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

// ---------------------------------------------------------------------------------------------
// Reading and checking a backup file

export interface CheckedBackup {
  readonly header: BackupHeader;
  readonly items: number;
  readonly sha256: string;
}

const lineNo = (n: number) => ({ zh: `第 ${n} 行`, en: `line ${n}` });

function parseJson(text: string, n: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupError(
      'backup.line',
      `备份文件${lineNo(n).zh}不是有效的 JSON（文件已损坏或被截断）`,
      `${cap(lineNo(n).en)} of the backup file is not valid JSON (the file is damaged or truncated)`,
      n,
    );
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function checkHeader(x: unknown): BackupHeader {
  if (!isObject(x) || x.format !== BACKUP_FORMAT) {
    throw new BackupError(
      'backup.header',
      `第 1 行不是实事备份文件的文件头（应有 "format":"${BACKUP_FORMAT}"）：这不是 shishi backup 生成的文件`,
      `Line 1 is not the header of a Shishi backup (expected "format":"${BACKUP_FORMAT}"): this is not a file made by shishi backup`,
      1,
    );
  }
  if (x.version !== BACKUP_VERSION) {
    throw new BackupError(
      'backup.header',
      `备份文件的格式版本为 ${String(x.version)}，本程序只能读取版本 ${BACKUP_VERSION}`,
      `The backup's format version is ${String(x.version)}; this program reads version ${BACKUP_VERSION} only`,
      1,
    );
  }
  const keySchema = x.keySchema;
  if (
    typeof x.table !== 'string' ||
    typeof x.exportedAt !== 'string' ||
    !Array.isArray(keySchema) ||
    !keySchema.every((k) => isObject(k) && typeof k.AttributeName === 'string')
  ) {
    throw new BackupError(
      'backup.header',
      '第 1 行的文件头不完整（缺少 table、exportedAt 或 keySchema）',
      'The header on line 1 is incomplete (table, exportedAt or keySchema is missing)',
      1,
    );
  }
  return x as unknown as BackupHeader;
}

const schemaText = (ks: readonly { AttributeName?: string; KeyType?: string }[]) =>
  ks.map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');

/** The key attributes a restored table (functions/store/table.ts) needs, with their types. */
function targetKeys(tableName: string) {
  const def = tableDefinition(tableName);
  const types = new Map((def.AttributeDefinitions ?? []).map((a) => [a.AttributeName!, a.AttributeType!]));
  const keySchema = def.KeySchema ?? [];
  return {
    keySchema,
    keys: keySchema.map((k) => ({ name: k.AttributeName!, type: types.get(k.AttributeName!) ?? 'S' })),
    indexKeys: (def.GlobalSecondaryIndexes ?? []).flatMap((g) =>
      (g.KeySchema ?? []).map((k) => ({ name: k.AttributeName!, type: types.get(k.AttributeName!) ?? 'S' })),
    ),
  };
}

/**
 * Reads the file line by line: the header, each item (as typed JSON, keyed as the table
 * needs), and the trailer, whose count and sha256 must match the item lines. `onItem` gets each
 * item in order. Throws a BackupError naming the line or what is wrong.
 */
async function readBackup(
  file: string,
  tableName: string,
  onItem?: (item: Record<string, AttributeValue>, line: number) => Promise<void> | void,
  seen?: Set<string>,
): Promise<CheckedBackup> {
  const target = targetKeys(tableName);
  let input: ReturnType<typeof createReadStream>;
  try {
    input = createReadStream(file);
    await new Promise<void>((done, fail) => {
      input.once('open', () => done());
      input.once('error', fail);
    });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'ENOENT' : (e as Error).message;
    throw new BackupError(
      'backup.unreadable',
      why === 'ENOENT' ? `找不到备份文件 ${file}` : `无法读取备份文件 ${file}：${why}`,
      why === 'ENOENT' ? `No backup file at ${file}` : `Cannot read the backup file ${file}: ${why}`,
    );
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  let items = 0;
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (trailer) {
        throw new BackupError(
          'backup.trailer',
          `第 ${n} 行在文件尾（第 ${n - 1} 行）之后：文件被改动过`,
          `Line ${n} comes after the trailer (line ${n - 1}): the file was altered`,
          n,
        );
      }
      const x = parseJson(text, n);
      if (n === 1) {
        header = checkHeader(x);
        if (schemaText(header.keySchema) !== schemaText(target.keySchema)) {
          throw new BackupError(
            'backup.keySchema',
            `备份的主键（${schemaText(header.keySchema)}）与实事的表（${schemaText(target.keySchema)}）不同`,
            `The backup's key schema (${schemaText(header.keySchema)}) is not Shishi's table's (${schemaText(target.keySchema)})`,
            1,
          );
        }
        continue;
      }
      if (isObject(x) && 'trailer' in x) {
        if (x.trailer !== true || typeof x.items !== 'number' || typeof x.sha256 !== 'string') {
          throw new BackupError(
            'backup.trailer',
            `第 ${n} 行的文件尾不完整（应有 items 和 sha256）`,
            `The trailer on line ${n} is incomplete (items and sha256 expected)`,
            n,
          );
        }
        trailer = x as unknown as BackupTrailer;
        continue;
      }
      if (!isObject(x) || !('Item' in x) || Object.keys(x).length !== 1) {
        throw new BackupError(
          'backup.line',
          `第 ${n} 行不是一条记录（应为 {"Item":{…}}）`,
          `Line ${n} is not an item (expected {"Item":{…}})`,
          n,
        );
      }
      let item: Record<string, AttributeValue>;
      try {
        item = itemFromJson(x.Item);
      } catch (e) {
        throw new BackupError(
          'backup.line',
          `第 ${n} 行的记录格式不对：${(e as Error).message}`,
          `The item on line ${n} is malformed: ${(e as Error).message}`,
          n,
        );
      }
      for (const k of [...target.keys, ...target.indexKeys]) {
        const v = item[k.name];
        const required = target.keys.includes(k);
        if ((v === undefined && required) || (v !== undefined && !(k.type in v))) {
          throw new BackupError(
            'backup.line',
            `第 ${n} 行的记录缺少键 ${k.name}（类型 ${k.type}）`,
            `The item on line ${n} lacks the key ${k.name} (of type ${k.type})`,
            n,
          );
        }
      }
      if (seen) {
        const key = JSON.stringify(target.keys.map((k) => item[k.name]));
        if (seen.has(key)) {
          throw new BackupError(
            'backup.duplicate',
            `第 ${n} 行的记录与前面某行的主键相同`,
            `The item on line ${n} has the same key as an earlier line`,
            n,
          );
        }
        seen.add(key);
      }
      hash.update(`${text}\n`, 'utf8');
      items++;
      await onItem?.(item, n);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (!header) {
    throw new BackupError('backup.empty', `备份文件 ${file} 是空的`, `The backup file ${file} is empty`);
  }
  if (!trailer) {
    throw new BackupError(
      'backup.truncated',
      `备份文件没有文件尾（最后一行是第 ${n} 行）：文件不完整，可能在导出或复制时被截断`,
      `The backup file has no trailer (its last line is line ${n}): it is incomplete, perhaps cut short while exported or copied`,
      n,
    );
  }
  const digest = hash.digest('hex');
  if (trailer.items !== items) {
    throw new BackupError(
      'backup.count',
      `文件尾记有 ${trailer.items} 条记录，文件中却有 ${items} 条：文件被改动过或不完整`,
      `The trailer counts ${trailer.items} items but the file holds ${items}: the file was altered or is incomplete`,
      n,
    );
  }
  if (trailer.sha256 !== digest) {
    throw new BackupError(
      'backup.digest',
      `记录的 sha256（${digest}）与文件尾所记（${trailer.sha256}）不符：有记录行被改动过`,
      `The items' sha256 (${digest}) is not the trailer's (${trailer.sha256}): an item line was altered`,
      n,
    );
  }
  return { header, items, sha256: digest };
}

/** Reads and checks a backup file without writing anything. */
export function verifyBackup(file: string, tableName = 'shishi'): Promise<CheckedBackup> {
  return readBackup(resolve(file), tableName, undefined, new Set());
}

// ---------------------------------------------------------------------------------------------
// Restore

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

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return false;
    throw e;
  }
}

async function holdsItems(client: DynamoDBClient, tableName: string): Promise<boolean> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        Limit: 1,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    if ((page.Items?.length ?? 0) > 0) return true;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
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

  const existed = await tableExists(client, tableName);
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
