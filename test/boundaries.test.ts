/**
 * The layout's boundaries (.dependency-cruiser.cjs, docs/decisions/0001) really fail a
 * violating import: a small tree with one file per rule is cruised with the project's config,
 * and each rule must name its file — while the imports the layout allows pass.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

/** Files of the probe tree: path → its imports (each target file is created too). */
const VIOLATIONS: ReadonlyArray<readonly [rule: string, from: string, to: string]> = [
  ['domain-is-pure', 'domain/status.ts', 'api/views.ts'],
  ['api-imports-domain-only', 'api/client.ts', 'functions/config.ts'],
  ['xlsx-imports-domain-only', 'xlsx/grid.ts', 'addin/host/port.ts'],
  ['functions-not-addin', 'functions/local/start.ts', 'addin/build.ts'],
  ['addin-not-functions', 'addin/taskpane/App.tsx', 'functions/cli/api.ts'],
  ['infra-reads-the-contract', 'infra/lib/stack.ts', 'functions/store/keys.ts'],
  ['sample-only-in-seeding-demo-tests', 'functions/usecases/summaries.ts', 'domain/sample/plan2006.ts'],
  ['nothing-imports-test', 'functions/runtime.ts', 'test/support/stack.ts'],
  ['cli-is-a-leaf', 'functions/workbook/summary.ts', 'functions/cli/format.ts'],
  ['use-cases-below-http', 'functions/usecases/plans.ts', 'functions/http/problem.ts'],
  ['handlers-not-local', 'functions/handlers/plans.ts', 'functions/local/dynamodb.ts'],
];

/** Imports the layout allows, including a folder named like a top-level one (addin/functions). */
const ALLOWED: ReadonlyArray<readonly [from: string, to: string]> = [
  ['addin/host/office.ts', 'addin/functions/register.ts'],
  ['addin/functions/batch.ts', 'api/client.ts'],
  ['functions/handlers/status.ts', 'functions/usecases/status.ts'],
  ['functions/usecases/status.ts', 'api/views.ts'],
  ['api/views.ts', 'domain/pacing.ts'],
  ['functions/local/seed.ts', 'domain/sample/plan2006.ts'],
  ['functions/cli/commands/demo.ts', 'domain/sample/reports2006-05.ts'],
  ['functions/usecases/status.test.ts', 'test/builders.ts'],
  ['infra/lib/api.ts', 'api/routes.ts'],
  ['xlsx/grid.test.ts', 'domain/worksheet/grid.ts'],
];

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

let dir: string;
let violations: Violation[];

function importLine(from: string, to: string): string {
  let rel = join(relativeDir(from), to).replace(/\.tsx?$/, '');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return `import { x as ${`v${Math.random().toString(36).slice(2)}`} } from '${rel}';\n`;
}

function relativeDir(from: string): string {
  const depth = from.split('/').length - 1;
  return depth === 0 ? '.' : Array(depth).fill('..').join('/');
}

function write(file: string, text: string): void {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { flag: 'a' });
}

beforeAll(() => {
  // Prepare: the probe tree, shaped like the repository.
  dir = mkdtempSync(join(tmpdir(), 'shishi-boundaries-'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', jsx: 'react-jsx' } }),
  );
  const files = new Set<string>();
  for (const [, from, to] of VIOLATIONS) {
    write(from, importLine(from, to));
    files.add(from).add(to);
  }
  for (const [from, to] of ALLOWED) {
    write(from, importLine(from, to));
    files.add(from).add(to);
  }
  for (const f of files) write(f, 'export const x = 1;\n');
  // A cycle: a → b → a.
  write('functions/store/a.ts', "import { y } from './b';\nexport const z = y;\n");
  write('functions/store/b.ts', "import { z } from './a';\nexport const y = () => z;\n");

  // Act: cruise it with the project's rules.
  const r = spawnSync(
    DEPCRUISE,
    [
      '--config',
      join(ROOT, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
      'api',
      'domain',
      'xlsx',
      'functions',
      'addin',
      'infra',
      'test',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(r.stdout, r.stderr).not.toBe('');
  const out = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  violations = out.summary.violations;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the boundaries lint', () => {
  test.each(VIOLATIONS)('%s fails %s → %s', (rule, from, to) => {
    // Assess
    expect(violations).toContainEqual(
      expect.objectContaining({ from, to, rule: expect.objectContaining({ name: rule }) }),
    );
  });

  test.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(violations.filter((v) => v.from === from && v.to === to)).toEqual([]);
  });

  test('fails a cycle', () => {
    expect(
      violations.some((v) => v.rule.name === 'no-circular' && v.from.startsWith('functions/store/')),
    ).toBe(true);
  });
});

describe('the pane reaches Office only through addin/host/', () => {
  test.each([
    ['addin/taskpane', 1],
    ['addin/host', 0],
  ])('Office.* in %s gives %i lint errors', (folder, errors) => {
    // Prepare: a probe file in the folder (Biome matches its overrides on real paths).
    const probe = join(ROOT, folder, `boundary-probe-${process.pid}.ts`);
    writeFileSync(probe, 'export const ready = Office.onReady();\n');
    try {
      // Act
      const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['lint', '--reporter=json', probe], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      // Assess
      const report = JSON.parse(r.stdout) as { summary: { errors: number } };
      expect(report.summary.errors, r.stdout).toBe(errors);
    } finally {
      rmSync(probe, { force: true });
    }
  });
});
