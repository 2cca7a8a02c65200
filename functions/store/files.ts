/**
 * Generated files (summary workbooks): written once under a key such as
 * `summaries/2006/2006-06-10-20060610T093000123Z.xlsx`, never overwritten. On this machine a
 * folder (`SHISHI_FILES_DIR`, `<dataDir>/files` for `npm start`); on AWS an S3 bucket (later).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Config } from '../config';

export interface FileStore {
  /** Stores `bytes` under `key`; fails with `FileExistsError` when the key is taken. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or undefined. */
  get(key: string): Promise<Buffer | undefined>;
  /** Keys directly under `prefix` (a folder such as `summaries/2006/`), sorted. */
  list(prefix: string): Promise<string[]>;
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

const stores = new Map<string, FileStore>();

/** The configured file store; throws when none is configured (`SHISHI_FILES_DIR`). */
export function fileStoreFor(config: Config): FileStore {
  if (!config.filesDir) {
    throw new Error(
      'No file store configured: set SHISHI_FILES_DIR / 未配置文件存储：请设置 SHISHI_FILES_DIR',
    );
  }
  let store = stores.get(config.filesDir);
  if (!store) {
    store = localFileStore(config.filesDir);
    stores.set(config.filesDir, store);
  }
  return store;
}
