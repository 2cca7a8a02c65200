/**
 * The year in the CLI: `plan list`, `plan publish`, the default year and as-of day from
 * GET /v1/plans, and `submit FILE.xlsx` reading the workbook against its year's stored plan.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PlanYear } from '../../api/views';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { shiftYear } from '../../test/builders';
import {
  type FakeAnswer,
  type FakeApi,
  problemBody,
  runCli,
  type SeenRequest,
  startFakeApi,
} from './testing';

const dir = mkdtempSync(join(tmpdir(), 'shishi-cli-plans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const PLAN_2007 = shiftYear(SAMPLE_PLAN_2006, 2006, 2007);

const entry = (year: number, latestVersion: number, publishedVersion?: number): PlanYear => ({
  year,
  title: `××区${year}年为民办8件实事`,
  start: `${year}-01-01`,
  end: `${year}-12-31`,
  latestVersion,
  ...(publishedVersion !== undefined ? { publishedVersion } : {}),
});

async function fakeApi(routes: Record<string, (req: SeenRequest) => FakeAnswer>): Promise<FakeApi> {
  api = await startFakeApi((req) => {
    const route = routes[`${req.method} ${req.url.split('?')[0]}`];
    return route
      ? route(req)
      : { status: 404, body: problemBody(404, 'http.notFound', '没有这个接口', 'No such route') };
  });
  return api;
}

/** The CLI against `url` with a token, on the given day. */
const cli = (url: string, argv: string[], today = '2007-03-15T04:00:00Z') =>
  runCli([...argv, '--api', url], {
    env: { SHISHI_TOKEN: 'test-token' },
    cwd: dir,
    now: () => new Date(today),
  });

describe('shishi plan list', () => {
  it('lists the years newest first with their versions, as text and as JSON', async () => {
    // Prepare
    const items = [entry(2008, 1), entry(2007, 3, 2), entry(2006, 1, 1)];
    const { url } = await fakeApi({ 'GET /v1/plans': () => ({ body: { items } }) });

    // Act
    const zh = await cli(url, ['plan', 'list']);
    const en = await cli(url, ['plan', 'list', '--lang', 'en']);
    const json = await cli(url, ['plan', 'list', '--json']);

    // Assess
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/2008\s+××区2008年为民办8件实事\s+2008-01-01 – 2008-12-31\s+1\s+未发布（草稿）/);
    expect(zh.out).toMatch(/2007\s.*\s3\s+2（另有草稿）/);
    expect(en.out).toMatch(/2006\s.*\s1\s+1\n/);
    expect(en.out).toContain('none (draft)');
    expect(JSON.parse(json.out)).toEqual({ items });
  });
});

describe('shishi plan publish', () => {
  it('publishes the newest version by default, or the one given', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/plans/2007': () => ({
        body: { year: 2007, version: 3, plan: PLAN_2007, createdAt: 'x', by: 'o', state: 'draft' },
      }),
      'POST /v1/plans/2007/publish': (req) => ({
        body: { year: 2007, version: JSON.parse(req.body).version },
      }),
    });

    // Act
    const newest = await cli(url, ['plan', 'publish', '--year', '2007']);
    const given = await cli(url, [
      'plan',
      'publish',
      '--year',
      '2007',
      '--version',
      '3',
      '--json',
      '--lang',
      'en',
    ]);

    // Assess
    expect(newest.code, newest.err).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/plans/2007?version=latest',
      'POST /v1/plans/2007/publish',
      'POST /v1/plans/2007/publish',
    ]);
    expect(JSON.parse(requests[1]!.body)).toEqual({ version: 3 });
    expect(newest.out).toContain('已发布 2007 年度计划第 3 版');
    expect(JSON.parse(given.out)).toEqual({ year: 2007, version: 3 });
  });

  it('lists what is missing and exits 1 when the plan is incomplete; a stale version exits 3', async () => {
    // Prepare
    const errors = [
      {
        code: 'plan.noResponsible',
        field: 'indicators[0].responsible',
        indicator: '1.1',
        message: { zh: '指标 1.1 没有第一责任人', en: 'Indicator 1.1 names no first responsible person' },
      },
    ];
    const { url } = await fakeApi({
      'POST /v1/plans/2007/publish': (req) =>
        JSON.parse(req.body).version === 1
          ? {
              status: 409,
              body: problemBody(
                409,
                'plan.staleVersion',
                '计划已有更新的第 2 版',
                'The plan has a newer version 2',
              ),
            }
          : {
              status: 422,
              body: problemBody(422, 'plan.invalid', '计划有 1 处错误', 'The plan has 1 problem(s)', {
                errors,
              }),
            },
    });

    // Act
    const invalid = await cli(url, ['plan', 'publish', '--year', '2007', '--version', '2']);
    const stale = await cli(url, ['plan', 'publish', '--year', '2007', '--version', '1', '--lang', 'en']);

    // Assess
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('指标 1.1 没有第一责任人');
    expect(stale.code).not.toBe(0);
    expect(stale.err).toContain('The plan has a newer version 2');
  });

  it('takes --version only for publish', async () => {
    // Act
    const { code, err } = await runCli(['plan', 'show', '--version', '2'], { cwd: dir });

    // Assess
    expect(code).toBe(2);
    expect(err).toContain('--version 只用于 plan publish');
  });
});

describe('the default year and as-of day', () => {
  it('is the published plan that contains today, with today as the as-of day', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/plans': () => ({ body: { items: [entry(2008, 1), entry(2007, 2, 2), entry(2006, 1, 1)] } }),
      'GET /v1/status/2007': () => ({
        status: 503,
        headers: { 'retry-after': '0' },
        body: problemBody(503, 'store.unavailable', '不可用', 'unavailable'),
      }),
    });

    // Act
    await cli(url, ['status', '--json'], '2007-03-15T04:00:00Z');

    // Assess
    expect(requests[0]!.url).toBe('/v1/plans');
    expect(requests[1]!.url).toBe('/v1/status/2007?asOf=2007-03-15');
  });

  it('is else the newest published plan, as of its end', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/plans': () => ({ body: { items: [entry(2008, 1), entry(2006, 1, 1)] } }),
      'GET /v1/plans/2006': () => ({
        body: { year: 2006, version: 1, plan: SAMPLE_PLAN_2006, createdAt: 'x', by: 'o', state: 'published' },
      }),
    });

    // Act
    const show = await cli(url, ['plan', 'show'], '2026-12-02T04:00:00Z');
    const given = await cli(url, ['status', '--year', '2008', '--as-of', '2008-02-01']);

    // Assess
    expect(show.code).toBe(0);
    expect(requests.map((r) => r.url)).toEqual([
      '/v1/plans',
      '/v1/plans/2006',
      '/v1/status/2008?asOf=2008-02-01',
    ]);
    expect(given.code).not.toBe(0); // the fake has no status: only that nothing more was asked matters
  });

  it('takes the plan’s end when it is earlier than today, also with --year', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/plans': () => ({ body: { items: [entry(2007, 2, 2), entry(2006, 1, 1)] } }),
    });

    // Act
    await cli(url, ['status', '--year', '2006'], '2007-03-15T04:00:00Z');

    // Assess
    expect(requests.map((r) => r.url)).toEqual(['/v1/plans', '/v1/status/2006?asOf=2006-12-31']);
  });

  it('says so when there is no plan at all', async () => {
    // Prepare
    const { url } = await fakeApi({ 'GET /v1/plans': () => ({ body: { items: [] } }) });

    // Act
    const zh = await cli(url, ['status']);
    const en = await cli(url, ['plan', 'show', '--lang', 'en']);

    // Assess
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('还没有任何年度计划');
    expect(en.err).toContain('There is no plan yet; set one up first, or give --year');
  });
});

describe('shishi submit FILE.xlsx', () => {
  it('reads the workbook against the stored published plan of its year', async () => {
    // Prepare
    const file = join(dir, 'labor.xlsx');
    copyFileSync(new URL('../../test/fixtures/reference/progress-2006-05-labor.xlsx', import.meta.url), file);
    const { url, requests } = await fakeApi({
      'GET /v1/plans/2006': () => ({
        body: { year: 2006, version: 1, plan: SAMPLE_PLAN_2006, createdAt: 'x', by: 'o', state: 'published' },
      }),
      'POST /v1/workbooks': () => ({
        status: 201,
        body: { id: '2006.labor.2006-05', version: 1, state: 'pending', submittedAt: 'x', findings: [] },
      }),
    });

    // Act
    const { code, err } = await cli(url, ['submit', file]);

    // Assess
    expect(code, err).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/plans/2006', 'POST /v1/workbooks']);
  });

  it('says so when the year’s plan is not published', async () => {
    // Prepare
    const file = join(dir, 'labor2.xlsx');
    copyFileSync(new URL('../../test/fixtures/reference/progress-2006-05-labor.xlsx', import.meta.url), file);
    const { url, requests } = await fakeApi({
      'GET /v1/plans/2006': () => ({
        status: 404,
        body: problemBody(
          404,
          'plan.notFound',
          '2006年度计划尚未发布',
          'The plan for 2006 is not published yet',
        ),
      }),
    });

    // Act
    const { code, err } = await cli(url, ['submit', file, '--lang', 'en']);

    // Assess
    expect(code).not.toBe(0);
    expect(err).toContain('The plan for 2006 is not published yet');
    expect(requests.map((r) => r.url)).toEqual(['/v1/plans/2006']);
  });
});
