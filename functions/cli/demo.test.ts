/**
 * `shishi demo` end to end: the real handlers over DynamoDB Local (test/support/stack.ts), the
 * CLI minting its tokens from the stack's keys as it does against `npm start`.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView, SubmissionDetail, SubmissionHead } from '../../api/views';
import type { Submission } from '../../domain/submission';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { DEMO_STEPS } from './demo';
import { LABOR_2006_05, RETURN_COMMENT, TRANSPORT_2006_05 } from './demo-reports';
import { contentKey, requestBody } from './input';
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

/** A unit sends `report` through the API, as a person of the unit would. */
async function sendAsUnit(report: Submission): Promise<number> {
  const body = requestBody(report);
  const res = await stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as: `unit:${report.unit}`,
    json: report,
    headers: { 'idempotency-key': contentKey(body) },
  });
  return res.status;
}

/** The year's reports and the versions stored of them. */
async function stored(): Promise<{ reports: number; versions: number }> {
  const list = await stack.fetchJson('/v1/submissions?year=2006', { as: 'office' });
  const items = (list.body as { items: SubmissionHead[] }).items;
  return { reports: items.length, versions: items.reduce((n, h) => n + h.latestVersion, 0) };
}

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

  it('refuses a stack holding reports it did not make: exit 1, nothing written, --force named in both languages', async () => {
    // Arrange: transport corrects its May report (a second version of a report the demo made),
    // labor sends June (an id the demo never writes).
    const corrected: Submission = {
      ...TRANSPORT_2006_05,
      rows: TRANSPORT_2006_05.rows.map((r, i) => (i === 0 ? { ...r, note: '更正：补记一条路段' } : r)),
    };
    const june: Submission = {
      ...LABOR_2006_05,
      period: '2006-06',
      filledOn: '2006-07-04',
      rows: LABOR_2006_05.rows.map((r) => ({ ...r, thisPeriod: 0 })),
    };
    expect(await sendAsUnit(corrected)).toBe(201);
    expect(await sendAsUnit(june)).toBe(201);
    const before = await stored();

    // Act
    const zh = await runCli(['demo'], { env, cwd: dataDir });
    const en = await runCli(['demo', '--lang', 'en'], { env, cwd: dataDir });

    // Assess
    expect(zh.code).toBe(1);
    expect(zh.out).toBe('');
    expect(zh.err).toContain(
      '已有 2 份不是演示写入的 2006 年报表（2006.labor.2006-06、2006.transport.2006-05）',
    );
    expect(zh.err).toContain('什么也没有写。确要写入，请加 --force。');
    expect(en.code).toBe(1);
    expect(en.out).toBe('');
    expect(en.err).toContain(
      'holds 2 report(s) of 2006 the demo did not make (2006.labor.2006-06, 2006.transport.2006-05)',
    );
    expect(en.err).toContain('nothing was written. To write anyway, pass --force.');
    expect(await stored()).toEqual(before);
    expect(before).toEqual({ reports: 9, versions: 11 });
  }, 60_000);

  it('writes anyway with --force', async () => {
    // Act
    const forced = await runCli(['demo', '--force', '--lang', 'en'], { env, cwd: dataDir });

    // Assess
    expect(forced.err).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('2006.transport.2006-05 version 1 (sent before: first receipt)');
    expect(forced.out).toContain('District verdict (one-vote veto)');
    expect(forced.out).toContain('The leaders’ summary workbook (as of 2006-06-10): out/summary-2006.xlsx');
  }, 60_000);
});
