/**
 * The backup file of the table (`shishi backup`, `shishi restore`): its format, the typed JSON
 * of its items, and reading and checking it. Written by ./backup.ts, read back by ./restore.ts.
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
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../store/table';

export const BACKUP_FORMAT = 'shishi.dynamodb-backup';
export const BACKUP_VERSION = 1;

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

/**
 * JSON with every map's keys in order, so that two equal values have one text (attribute order
 * does not matter): how the migration and the tests compare items.
 */
export function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (typeof x !== 'object' || x === null) return x;
  return Object.fromEntries(
    Object.keys(x)
      .sort()
      .map((k) => [k, canonical((x as Record<string, unknown>)[k])]),
  );
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
  const typed = (k: { AttributeName?: string }) => ({
    name: k.AttributeName!,
    type: types.get(k.AttributeName!) ?? 'S',
  });
  return {
    keySchema,
    keys: keySchema.map(typed),
    indexKeys: (def.GlobalSecondaryIndexes ?? []).flatMap((g) => (g.KeySchema ?? []).map(typed)),
  };
}

/**
 * Reads the file line by line: the header, each item (as typed JSON, keyed as the table
 * needs), and the trailer, whose count and sha256 must match the item lines. `onItem` gets each
 * item in order. Throws a BackupError naming the line or what is wrong.
 */
export async function readBackup(
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
