/**
 * `shishi demo` end to end: the real handlers over DynamoDB Local (test/support/stack.ts), the
 * CLI minting its tokens from the stack's keys as it does against `npm start`.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView, SubmissionDetail } from '../../api/views';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { DEMO_STEPS } from './demo';
import { RETURN_COMMENT } from './demo-reports';
import { localDataDir, runCli } from './testing';

let stack: TestStack;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startTestStack();
  dataDir = localDataDir(tmpdir(), stack.keys, { apiUrl: stack.url });
  env = { SHISHI_DATA_DIR: dataDir };
}, 60_000);

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('shishi demo against the stack', () => {
  it('reports, reviews, returns and resubmits, then prints the district status', async () => {
    // Act
    const demo = await runCli(['demo'], { env, cwd: dataDir });

    // Assess
    expect(demo.err).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.out).toContain(
      `[ 1/${DEMO_STEPS.length}] 区劳动和社会保障局 报送 2006-04 报表 → 2006.labor.2006-04 第 1 版，待审核`,
    );
    expect(demo.out).toContain(`考核办退回 2006.chengguan.2006-05 第 1 版：${RETURN_COMMENT}`);
    expect(demo.out).toContain('城关镇 报送 2006-05 报表 → 2006.chengguan.2006-05 第 2 版，待审核');
    expect(demo.out).toContain('2006.civil-affairs.2006-05 留待审核');
    expect(demo.out).toContain('××区 2006年为民办实事 — 截至 2006-06-10 的进度');
    expect(demo.out).toContain('总体结论（一票否决）：严重滞后');
    expect(demo.out).toContain('领导阅读的汇总表（截至 2006-06-10）：out/summary-2006.xlsx');
    expect(
      readFileSync(join(dataDir, 'out', 'summary-2006.xlsx'))
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  }, 120_000);

  it('leaves the status the script meant: accepted figures, a provisional one, the resubmitted report', async () => {
    // Act
    const status = await runCli(['status', '--json', '--as-of', '2006-06-10'], { env });
    const chengguan = await runCli(['submissions', '2006.chengguan.2006-05', '--json'], { env });
    const s = JSON.parse(status.out) as StatusView;
    const d = JSON.parse(chengguan.out) as SubmissionDetail;
    const indicator = (id: string) => s.indicators.find((i) => i.id === id)!;

    // Assess
    expect(status.code).toBe(0);
    expect(indicator('1.1')).toMatchObject({ progress: 1820, provisional: 1820, status: 'on_track' });
    expect(indicator('3.1').progress).toBe(15.6);
    expect(indicator('4.1').contributions.find((c) => c.unit === 'chengguan')).toMatchObject({ value: 32 });
    expect(indicator('7.2')).toMatchObject({ progress: 7, provisional: 12 }); // civil affairs' May awaits review
    expect(d.versions.map((v) => [v.version, v.state, v.review?.comment ?? null])).toEqual([
      [1, 'returned', RETURN_COMMENT],
      [2, 'accepted', ''],
    ]);
    expect(d.versions[1]!.submission?.rows[0]).toMatchObject({ indicator: '4.1', cumulative: 32 });
    expect(d.acceptedVersion).toBe(2);
  }, 60_000);

  it('runs again without failing: resent reports are retries, reviewed versions are skipped', async () => {
    // Act
    const again = await runCli(['demo', '--lang', 'en'], { env, cwd: dataDir });
    const list = await runCli(['submissions', '--json'], { env });
    const items = (JSON.parse(list.out) as { items: Array<{ id: string; latestVersion: number }> }).items;

    // Assess
    expect(again.code).toBe(0);
    expect(again.out).toContain('2006.labor.2006-04 version 1 (sent before: first receipt)');
    expect(again.out).toContain('2006.labor.2006-04 version 1 already accepted: skipped');
    expect(again.out).toContain('2006.chengguan.2006-05 version 1 already returned: skipped');
    expect(again.out).not.toMatch(/The office (accepts|returns)/);
    expect(again.out).toContain('District verdict (one-vote veto): at risk');
    expect(items.map((h) => [h.id, h.latestVersion]).sort()).toEqual([
      ['2006.chengguan.2006-04', 1],
      ['2006.chengguan.2006-05', 2],
      ['2006.civil-affairs.2006-04', 1],
      ['2006.civil-affairs.2006-05', 1],
      ['2006.labor.2006-04', 1],
      ['2006.labor.2006-05', 1],
      ['2006.transport.2006-04', 1],
      ['2006.transport.2006-05', 1],
    ]);
  }, 120_000);
});
