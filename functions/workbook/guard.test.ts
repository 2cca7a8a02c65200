import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { progressWorkbookBytes } from '../../test/fixtures/hostile/progress';
import { readZip, replaceIn, writeZip } from '../../test/fixtures/hostile/zip';
import { DEFAULT_LIMITS, guardWorkbook, parseRange, precheckWorkbook } from './guard';
import { readWorkbook, readWorkbookIsolated } from './import';

const base = () => progressWorkbookBytes(SAMPLE_PLAN_2006, 'labor');
const codeOf = (r: ReturnType<typeof guardWorkbook>) => (r.ok ? 'ok' : r.error.code);

describe('guardWorkbook', () => {
  it('passes a filled worksheet and lists its sheets', async () => {
    const r = guardWorkbook(await base());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.sheets.map((s) => [s.name, s.state])).toEqual([['进度报表', 'visible']]);
  });

  it('applies the upload size limit', async () => {
    expect(codeOf(guardWorkbook(await base(), { ...DEFAULT_LIMITS, maxBytes: 1000 }))).toBe(
      'workbook.tooLarge',
    );
  });

  it('caps the number of zip entries from the central directory, without inflating', async () => {
    const parts = readZip(await base());
    const many = writeZip([
      ...parts,
      ...Array.from({ length: 1001 }, (_, i) => ({ name: `xl/media/x${i}.bin`, data: Buffer.from('x') })),
    ]);
    expect(precheckWorkbook(many)?.error.code).toBe('workbook.zipBomb');
  });

  it('reads only the cells that exist: a declared A1:XFD1048576 costs nothing', async () => {
    const bytes = writeZip(
      replaceIn(
        readZip(await base()),
        'xl/worksheets/sheet1.xml',
        /<dimension ref="[^"]*"\/>/,
        '<dimension ref="A1:XFD1048576"/>',
      ),
    );
    const started = performance.now();
    const read = await readWorkbook(bytes);
    expect(read.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses odd references without polluting objects', async () => {
    const bytes = writeZip([
      ...readZip(await base()),
      {
        name: 'xl/comments1.xml',
        data: Buffer.from('<comments><comment ref="__proto__"/><comment ref="constructor"/></comments>'),
      },
    ]);
    expect(codeOf(guardWorkbook(bytes))).toBe('workbook.invalidReference');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses ranges', () => {
    expect(parseRange('A1:XFD1048576')).toEqual({ top: 1, left: 1, bottom: 1048576, right: 16384 });
    expect(parseRange('__proto__')).toBeUndefined();
    expect(parseRange('B:C')).toEqual({ top: 1, left: 2, bottom: 1048576, right: 3 });
  });
});

describe('readWorkbookIsolated', () => {
  it('stops a read past its time limit', async () => {
    const r = await readWorkbookIsolated(await base(), { timeoutMs: 5 });
    expect(r.ok ? 'ok' : r.error.code).toBe('workbook.timeout');
    // The overrunning worker was replaced: the next read works.
    const next = await readWorkbookIsolated(await base());
    expect(next.ok).toBe(true);
  }, 30_000);

  it('answers a read that runs out of its memory limit, and stays usable', async () => {
    const r = await readWorkbookIsolated(await base(), { maxOldGenerationSizeMb: 4 });
    expect(r.ok ? 'ok' : r.error.code).toMatch(/workbook\.(tooComplex|unreadable)/);
    expect((await readWorkbookIsolated(await base())).ok).toBe(true);
  }, 30_000);
});
