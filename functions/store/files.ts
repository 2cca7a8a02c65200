/**
 * Generated files (summary workbooks): written once under a key such as
 * `summaries/2006/2006-06-10-20060610T093000123Z.xlsx`, never overwritten. On this machine a
 * folder (`SHISHI_FILES_DIR`, `<dataDir>/files` for `npm start`); on AWS an S3 bucket
 * (`SHISHI_FILES_BUCKET`), written with `If-None-Match: *` and read through presigned links.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config';
import { attachment } from '../workbook/xlsx-util';

export interface FileStore {
  /** Stores `bytes` under `key`; fails with `FileExistsError` when the key is taken. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or undefined. */
  get(key: string): Promise<Buffer | undefined>;
  /** Keys directly under `prefix` (a folder such as `summaries/2006/`), sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * A time-limited download link for `key` (S3: a presigned GET). Absent for the local folder,
   * whose files the API serves itself.
   */
  link?(key: string): Promise<string>;
}

export class FileExistsError extends Error {
  override name = 'FileExistsError';
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*\/?$/;

/** Keys are relative paths of plain names: no `..`, no leading slash, no backslash. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.')) {
    throw new Error(`invalid file key: ${JSON.stringify(key)}`);
  }
  return key;
}

/** A FileStore in a folder of this machine. */
export function localFileStore(dir: string): FileStore {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    const p = resolve(root, ...checkKey(key).split('/'));
    if (p !== root && !p.startsWith(root + sep)) throw new Error(`invalid file key: ${key}`);
    return p;
  };
  return {
    async put(key, bytes) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      try {
        await writeFile(p, bytes, { flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(key);
        throw e;
      }
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async list(prefix) {
      const folder = prefix.replace(/\/+$/, '');
      try {
        const entries = await readdir(join(root, ...checkKey(folder).split('/')), { withFileTypes: true });
        return entries
          .filter((e) => e.isFile())
          .map((e) => `${folder}/${e.name}`)
          .sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
    },
  };
}

/** How long a presigned download link is valid: 15 minutes. */
export const LINK_SECONDS = 15 * 60;

/** Signs a GET (`getSignedUrl` of `@aws-sdk/s3-request-presigner`; replaceable in tests). */
export type Presign = (
  client: S3Client,
  command: GetObjectCommand,
  options: { expiresIn: number },
) => Promise<string>;

export interface S3FileStoreOptions {
  readonly bucket: string;
  /** A client of the bucket's region; by default one for `region` (or the environment's). */
  readonly client?: S3Client;
  readonly region?: string;
  readonly presign?: Presign;
  /** Seconds a link is valid; 15 minutes by default. */
  readonly linkSeconds?: number;
}

const errorName = (e: unknown) => (e as { name?: string })?.name;
const httpStatus = (e: unknown) =>
  (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

/** A FileStore in an S3 bucket: conditional writes, so nothing is overwritten. */
export function createS3FileStore(opts: S3FileStoreOptions): FileStore {
  const { bucket } = opts;
  const client = opts.client ?? new S3Client(opts.region ? { region: opts.region } : {});
  const presign: Presign = opts.presign ?? ((c, command, o) => getSignedUrl(c, command, o));
  const linkSeconds = opts.linkSeconds ?? LINK_SECONDS;
  return {
    async put(key, bytes) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: checkKey(key),
            Body: bytes,
            IfNoneMatch: '*',
            ...(key.endsWith('.xlsx')
              ? { ContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
              : {}),
          }),
        );
      } catch (e) {
        // 412: the key is taken; 409: another conditional write of the key is in flight.
        if (
          errorName(e) === 'PreconditionFailed' ||
          errorName(e) === 'ConditionalRequestConflict' ||
          httpStatus(e) === 412 ||
          httpStatus(e) === 409
        )
          throw new FileExistsError(key);
        throw e;
      }
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: checkKey(key) }));
        if (!out.Body) return undefined;
        return Buffer.from(await out.Body.transformToByteArray());
      } catch (e) {
        if (errorName(e) === 'NoSuchKey' || httpStatus(e) === 404) return undefined;
        throw e;
      }
    },
    async list(prefix) {
      const folder = `${checkKey(prefix.replace(/\/+$/, ''))}/`;
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: folder,
            Delimiter: '/',
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const o of out.Contents ?? []) if (o.Key && o.Key !== folder) keys.push(o.Key);
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async link(key) {
      const name = checkKey(key).split('/').at(-1)!;
      return presign(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition: attachment(name, name),
        }),
        { expiresIn: linkSeconds },
      );
    },
  };
}

const stores = new Map<string, FileStore>();

/**
 * The configured file store: the S3 bucket when `SHISHI_FILES_BUCKET` is set, else the local
 * folder (`SHISHI_FILES_DIR`); throws when neither is configured.
 */
export function fileStoreFor(config: Config): FileStore {
  if (config.filesBucket) {
    const id = `s3:${config.region}:${config.filesBucket}`;
    let store = stores.get(id);
    if (!store) {
      store = createS3FileStore({ bucket: config.filesBucket, region: config.region });
      stores.set(id, store);
    }
    return store;
  }
  if (!config.filesDir) {
    throw new Error(
      'No file store configured: set SHISHI_FILES_BUCKET or SHISHI_FILES_DIR / 未配置文件存储：请设置 SHISHI_FILES_BUCKET 或 SHISHI_FILES_DIR',
    );
  }
  let store = stores.get(config.filesDir);
  if (!store) {
    store = localFileStore(config.filesDir);
    stores.set(config.filesDir, store);
  }
  return store;
}
