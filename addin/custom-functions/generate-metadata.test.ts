// @vitest-environment node
// (the generator reads and writes files: a build step, not browser code)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateMetadata, localizeMetadata } from './generate-metadata';
import { FUNCTIONS } from './table';

interface Meta {
  functions: Array<{
    id: string;
    name: string;
    description?: string;
    parameters: Array<{ name: string; type: string; optional?: boolean }>;
    result?: { type?: string };
  }>;
}

const PARAMETERS: Record<string, string[]> = {
  PARSE: ['text', 'unit'],
  EXPECTED: ['target', 'asOf', 'start?', 'deadline?'],
  PACE: ['progress', 'target', 'asOf', 'start?', 'deadline?'],
  COMPLETION: ['progress', 'target'],
  TARGET: ['id'],
  PROGRESS: ['id', 'asOf?'],
  STATUS: ['id'],
  VERDICT: ['unit?'],
};

describe('generate-metadata', () => {
  test('writes functions.json and functions.zh-CN.json listing the 8 functions with their parameters', async () => {
    // Prepare
    const dir = await mkdtemp(path.join(tmpdir(), 'shishi-meta-'));
    try {
      // Act
      const { files } = await generateMetadata(dir);
      const en = JSON.parse(await readFile(path.join(dir, 'functions.json'), 'utf8')) as Meta;
      const zh = JSON.parse(await readFile(path.join(dir, 'functions.zh-CN.json'), 'utf8')) as Meta;
      // Assess
      expect(files.map((f) => path.basename(f))).toEqual(['functions.json', 'functions.zh-CN.json']);
      expect(en.functions.map((f) => f.id).sort()).toEqual(Object.keys(FUNCTIONS).sort());
      for (const f of en.functions) {
        expect(f.name).toBe(f.id);
        expect(f.description).toBeTruthy();
        expect(f.parameters.map((p) => `${p.name}${p.optional ? '?' : ''}`)).toEqual(PARAMETERS[f.id]);
      }
      expect(en.functions.find((f) => f.id === 'TARGET')?.result?.type).toBe('number');
      expect(en.functions.find((f) => f.id === 'STATUS')?.result?.type).toBe('string');
      // Chinese: same ids, types and optionality; Chinese names of ≥ 3 letters
      expect(zh.functions.map((f) => f.id)).toEqual(en.functions.map((f) => f.id));
      for (const [i, f] of zh.functions.entries()) {
        expect(f.name).toMatch(/^\p{L}[\p{L}_.]{2,}$/u);
        expect(f.name).toMatch(/[\u4e00-\u9fff]/);
        expect(f.parameters.map((p) => [p.type, p.optional])).toEqual(
          en.functions[i]!.parameters.map((p) => [p.type, p.optional]),
        );
      }
      expect(new Set(zh.functions.map((f) => f.name)).size).toBe(8);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a function without its Chinese entry fails the build', () => {
    expect(() =>
      localizeMetadata({ functions: [{ id: 'NEWONE', name: 'NEWONE', parameters: [] }], enums: [] }),
    ).toThrow(/NEWONE/);
  });
});
