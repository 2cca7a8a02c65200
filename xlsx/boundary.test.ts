import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// xlsx/ is shared by the add-in (a browser) and the server (Node), DESIGN.md §5: it imports only
// domain/, its own modules and exceljs, and uses no Node global.
const xlsxDir = dirname(fileURLToPath(import.meta.url));
const domainDir = resolve(xlsxDir, '../domain');
const files = readdirSync(xlsxDir)
  .filter((n) => /\.ts$/.test(n) && !/\.test\.ts$/.test(n))
  .map((n) => join(xlsxDir, n));

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const NODE_GLOBALS = [/\bBuffer\b/, /\bprocess\./, /\brequire\s*\(/, /\b__dirname\b/];

/** Why `specifier`, imported from `file`, is not allowed; undefined when it is. */
function refused(file: string, specifier: string): string | undefined {
  if (specifier === 'exceljs') return undefined;
  if (!/^\.\.?\//.test(specifier)) return `${specifier} is a package other than exceljs`;
  const target = resolve(dirname(file), specifier);
  const inside = (dir: string) => !relative(dir, target).startsWith('..');
  return inside(xlsxDir) || inside(domainDir) ? undefined : `${specifier} is outside xlsx/ and domain/`;
}

describe('xlsx/ boundary', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [relative(xlsxDir, f), f]))('%s imports only domain/ and exceljs', (_n, file) => {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) expect(refused(file, m[1] ?? m[2] ?? '')).toBeUndefined();
  });

  it.each(files.map((f) => [relative(xlsxDir, f), f]))('%s uses no Node global', (_n, file) => {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1');
    for (const p of NODE_GLOBALS) expect(code, `${file} matches ${p}`).not.toMatch(p);
  });

  it('the check itself refuses Node, the server and the add-in', () => {
    const file = join(xlsxDir, 'grid.ts');
    expect(refused(file, 'node:fs')).toBeDefined();
    expect(refused(file, '../functions/workbook/guard')).toBeDefined();
    expect(refused(file, '../addin/excel/address')).toBeDefined();
    expect(refused(file, '../domain/worksheet')).toBeUndefined();
    expect(NODE_GLOBALS.some((p) => p.test('Buffer.from(bytes)'))).toBe(true);
  });
});
