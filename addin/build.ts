/**
 * `npm run build:addin`: the Vite build of the add-in's pages into `dist/addin` (vite.config.ts),
 * then the custom functions' metadata (`functions.json`) when its generator is there, and a
 * stamp that `npm start` compares with the sources to rebuild only when something changed.
 *
 * `npm start` runs it as `tsx addin/build.ts --if-stale` in a child process (the local stack
 * never imports the add-in): it builds only when the sources changed, and always writes
 * `manifest.xml` for SHISHI_ADDIN_BASE_URL (the https origin `npm start` serves).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateManifest, manifestOptionsFromEnv } from './manifest/generate';

export const REPO_ROOT = resolve(import.meta.dirname, '..');
export const ADDIN_OUT_DIR = join(REPO_ROOT, 'dist', 'addin');
export const BUILD_STAMP = '.built';
const METADATA_GENERATOR = join(REPO_ROOT, 'addin', 'custom-functions', 'generate-metadata.ts');

/** What the add-in's bundle is made of: its sources, the domain it imports, the build's config. */
const SOURCES = ['addin', 'domain', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : info.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Why the add-in needs building (`undefined` when `outDir` is up to date): a fast check by mtimes. */
export function addinBuildReason(outDir = ADDIN_OUT_DIR): string | undefined {
  const stamp = join(outDir, BUILD_STAMP);
  if (!existsSync(stamp)) return existsSync(outDir) ? 'no finished build there' : 'not built yet';
  const built = statSync(stamp).mtimeMs;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(REPO_ROOT, s))));
  return newest > built ? 'the sources changed since the last build' : undefined;
}

export interface BuildOptions {
  readonly outDir?: string;
  /** Skip the custom functions' metadata (the build test). */
  readonly metadata?: boolean;
}

/** Builds the add-in; throws with the build's message when it fails. */
export async function buildAddin(opts: BuildOptions = {}): Promise<void> {
  const outDir = opts.outDir ?? ADDIN_OUT_DIR;
  // The config imports TypeScript without extensions, which Vite's default loader bundles fine.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const { build } = await import('vite');
  await build({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
  });
  if (opts.metadata !== false && existsSync(METADATA_GENERATOR)) {
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const r = spawnSync(tsx, [METADATA_GENERATOR, outDir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, SHISHI_ADDIN_OUT_DIR: outDir },
    });
    if (r.status !== 0)
      throw new Error(`the custom functions' metadata failed (${r.status}):\n${r.stdout}${r.stderr}`);
  }
  writeFileSync(join(outDir, BUILD_STAMP), `${new Date().toISOString()}\n`);
}

/** The package's version, which the manifest carries. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The development manifest kept at the repository's root (for https://localhost:3443). */
export const DEV_MANIFEST = join(REPO_ROOT, 'manifest.xml');

/** The development manifest's text: what the root `manifest.xml` must hold. */
export function devManifest(): string {
  return generateManifest(manifestOptionsFromEnv({}, packageVersion()));
}

/**
 * Writes `outDir/manifest.xml` from the environment, as the Vite build does; `npm start` needs
 * it again when its https port differs from the last build's.
 */
export function writeManifest(outDir: string): string {
  const file = join(outDir, 'manifest.xml');
  writeFileSync(file, generateManifest(manifestOptionsFromEnv(process.env, packageVersion())));
  return file;
}

/** The first line `--if-stale` prints when it builds: `npm start` shows the reason. */
export const BUILDING_PREFIX = 'building: ';

/**
 * `tsx addin/build.ts [--if-stale] [outDir]` (default dist/addin). With `--if-stale` it builds
 * only when `addinBuildReason` gives a reason, and (re)writes the manifest either way.
 * `tsx addin/build.ts --dev-manifest` (`npm run manifest`) rewrites the root `manifest.xml`.
 */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const args = process.argv.slice(2);
  const ifStale = args.includes('--if-stale');
  const dir = args.find((a) => !a.startsWith('--'));
  const outDir = dir ? resolve(dir) : ADDIN_OUT_DIR;
  const reason = ifStale ? addinBuildReason(outDir) : 'asked';
  if (args.includes('--dev-manifest')) {
    writeFileSync(DEV_MANIFEST, devManifest());
    console.log(`${DEV_MANIFEST} written`);
  } else if (!reason) {
    writeManifest(outDir);
    console.log(`${outDir} is up to date`);
  } else {
    if (ifStale) console.log(`${BUILDING_PREFIX}${reason}`);
    buildAddin({ outDir }).then(
      () => console.log(`${outDir} built in ${((Date.now() - started) / 1000).toFixed(1)} s`),
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
      },
    );
  }
}
