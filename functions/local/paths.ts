/** Where the one-machine stack keeps its data: one rule for `npm start` and the CLI. */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root: `.shishi` lives there when SHISHI_DATA_DIR is not set. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `SHISHI_DATA_DIR` (relative to `cwd`), else `.shishi` in the checkout. */
export function dataDir(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): string {
  return env.SHISHI_DATA_DIR ? resolve(cwd, env.SHISHI_DATA_DIR) : resolve(REPO_ROOT, '.shishi');
}

/** Modes in the data folder: only its owner may read it (the database, keys, certificates, backups). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The umask that makes new folders 0700 and new files 0600. */
export const PRIVATE_UMASK = 0o077;

/**
 * Creates `dir` if missing and makes it and every folder under it 0700 and every file under it
 * 0600 — also what an earlier version left readable by others. Symbolic links are left alone
 * (neither changed nor followed).
 */
export function secureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const walk = (path: string): void => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o7777) !== PRIVATE_DIR_MODE) chmodSync(path, PRIVATE_DIR_MODE);
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if ((st.mode & 0o7777) !== PRIVATE_FILE_MODE) {
      chmodSync(path, PRIVATE_FILE_MODE);
    }
  };
  walk(dir);
}

/**
 * Sets this process's umask to 077, so that whatever it (and the processes it starts) creates
 * afterwards is 0700 or 0600. Returns the previous umask, or undefined where it cannot be set
 * (a worker thread).
 */
export function applyPrivateUmask(): number | undefined {
  try {
    return process.umask(PRIVATE_UMASK);
  } catch {
    return undefined;
  }
}
