/** Where the one-machine stack keeps its data: one rule for `npm start` and the CLI. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root: `.shishi` lives there when SHISHI_DATA_DIR is not set. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `SHISHI_DATA_DIR` (relative to `cwd`), else `.shishi` in the checkout. */
export function dataDir(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): string {
  return env.SHISHI_DATA_DIR ? resolve(cwd, env.SHISHI_DATA_DIR) : resolve(REPO_ROOT, '.shishi');
}
