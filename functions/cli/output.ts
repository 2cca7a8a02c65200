/** The files commands write (templates, summaries) and how they name them to the user. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Context } from './command';

/** Writes `bytes` to `out` (relative to the current folder), making its folder; answers the path. */
export async function saveFile(ctx: Context, out: string, bytes: Uint8Array): Promise<string> {
  const path = resolve(ctx.io.cwd, out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

/** A path as the user would type it: relative to the current folder when inside it. */
export function shown(ctx: Context, path: string): string {
  const r = relative(ctx.io.cwd, path);
  return r && !r.startsWith('..') ? r : path;
}
