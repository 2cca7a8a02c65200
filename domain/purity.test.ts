import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// domain/ is the pure core (DESIGN.md §5): no I/O, no clock, no AWS, React, Fluent or Office.
const domainDir = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Globals that reach the outside world or the clock. */
const FORBIDDEN = [
  /\bDate\.now\s*\(/,
  /\bnew Date\(\s*\)/,
  /\bperformance\.now\s*\(/,
  /\bMath\.random\s*\(/,
  /\bprocess\./,
  /\bfetch\s*\(/,
  /\bXMLHttpRequest\b/,
  /\blocalStorage\b/,
  /\bdocument\./,
  /\bwindow\./,
  /\bOffice\./,
  /\bExcel\./,
  /\bCustomFunctions\./,
  /\brequire\s*\(/,
  /\bglobalThis\b/,
  /\bconsole\./,
];

describe('domain/ purity', () => {
  const files = sourceFiles(domainDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [relative(domainDir, f), f]))(
    '%s imports only other domain/ modules',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
      for (const s of specifiers) {
        expect(s, `${file} imports ${s}`).toMatch(/^\.\.?\//);
        const target = resolve(dirname(file), s);
        expect(
          relative(domainDir, target).startsWith('..'),
          `${file} imports ${s} from outside domain/`,
        ).toBe(false);
      }
    },
  );

  it.each(files.map((f) => [relative(domainDir, f), f]))(
    '%s touches no clock, I/O or host globals',
    (_name, file) => {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const pattern of FORBIDDEN) expect(code, `${file} matches ${pattern}`).not.toMatch(pattern);
    },
  );

  it('the check itself catches an impure file', () => {
    const impure = "import { readFileSync } from 'node:fs';\nconst t = Date.now();";
    const specifiers = [...impure.matchAll(IMPORT)].map((m) => m[1]);
    expect(specifiers).toEqual(['node:fs']);
    expect(FORBIDDEN.some((p) => p.test(impure))).toBe(true);
  });
});
