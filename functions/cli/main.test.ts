import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { statusView } from '../../api/views';
import { finding } from '../../domain/findings';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05, SAMPLE_REPORTS_2006_05 } from '../../domain/sample/reports2006-05';
import { computeStatus } from '../../domain/status';
import { createVerifier, generateKeys, type KeyPair } from '../auth/tokens';
import { localTokenSettings } from '../local/users';
import { contentKey, requestBody } from './input';
import {
  type Captured,
  closedPort,
  type FakeAnswer,
  type FakeApi,
  localDataDir,
  problemBody,
  runCli,
  type SeenRequest,
  startFakeApi,
} from './testing';

let dir: string;
let keys: KeyPair;
let laborFile: string;
let api: FakeApi | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shishi-cli-'));
  keys = await generateKeys();
  laborFile = join(dir, 'labor-2006-05.json');
  writeFileSync(laborFile, JSON.stringify(LABOR_2006_05, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** A data directory as `npm start` leaves it: signing keys, and local.json when `apiUrl` is given. */
const stackDir = (apiUrl?: string): string => localDataDir(dir, keys, apiUrl ? { apiUrl } : undefined);

const sampleStatus = (asOf: string) =>
  statusView(
    computeStatus(
      SAMPLE_PLAN_2006,
      SAMPLE_REPORTS_2006_05.map((submission) => ({
        id: `2006.${submission.unit}.2006-05`,
        version: 1,
        state: 'accepted' as const,
        submittedAt: `${submission.filledOn}T09:00:00+08:00`,
        submission,
      })),
      asOf,
    ),
  );

/** The organisation's years as GET /v1/plans answers them: the 2006 sample, published. */
const SAMPLE_YEARS = {
  items: [
    {
      year: 2006,
      title: SAMPLE_PLAN_2006.title,
      start: SAMPLE_PLAN_2006.start,
      end: SAMPLE_PLAN_2006.end,
      latestVersion: 1,
      publishedVersion: 1,
    },
  ],
};

/**
 * Starts a fake API answering `routes['GET /v1/health']`-style keys (path without query).
 * Unless a test answers it, GET /v1/plans (which a command asks for its default year) answers
 * `SAMPLE_YEARS` and is left out of `requests`, so they list what the command does for its work.
 */
async function fakeApi(routes: Record<string, (req: SeenRequest) => FakeAnswer>): Promise<FakeApi> {
  const years = !routes['GET /v1/plans'];
  const isYears = (req: SeenRequest) =>
    years && req.method === 'GET' && req.url.split('?')[0] === '/v1/plans';
  const requests: SeenRequest[] = [];
  const started = await startFakeApi((req) => {
    if (isYears(req)) return { body: SAMPLE_YEARS };
    requests.push(req);
    const route = routes[`${req.method} ${req.url.split('?')[0]}`];
    return route
      ? route(req)
      : { status: 404, body: problemBody(404, 'http.notFound', '没有这个接口', 'No such route') };
  });
  api = { url: started.url, requests, close: started.close };
  return api;
}

/** Runs the CLI against `url` with a given token. */
const cli = (url: string, argv: string[], env: Record<string, string> = {}): Promise<Captured> =>
  runCli([...argv, '--api', url], { env: { SHISHI_TOKEN: 'test-token', ...env }, cwd: dir });

describe('the command line', () => {
  it('prints its usage and exits 2 without a command, 0 with --help', async () => {
    // Act
    const bare = await runCli([]);
    const help = await runCli(['--help']);
    const helpEn = await runCli(['--help', '--lang', 'en']);

    // Assess
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('用法：shishi <命令> [选项]');
    expect(help.code).toBe(0);
    expect(help.out).toContain('退出码：0 完成，1 报表未通过校验，2 用法错误，3 服务器或网络错误');
    expect(help.out).toContain('只对本地栈（npm start）有效');
    expect(helpEn.out).toContain('this only works against the local stack');
  });

  it('gives help on each command', async () => {
    for (const command of [
      'token',
      'orgs',
      'users',
      'plan',
      'submit',
      'submissions',
      'review',
      'status',
      'audit',
      'backup',
      'restore',
      'demo',
    ]) {
      // Act
      const { code, out } = await runCli([command, '--help']);
      const viaHelp = await runCli(['help', command, '--lang', 'en']);

      // Assess
      expect(code, command).toBe(0);
      expect(out, command).toContain(`用法：shishi ${command}`);
      expect(viaHelp.out, command).toContain(`Usage: shishi ${command}`);
    }
  });

  it.each([
    [['frobnicate'], '未知命令：frobnicate'],
    [['status', '--frob'], '未知选项：--frob（见 shishi status --help）'],
    [['status', '--as-of', '2006-13-01'], '--as-of 应为日期，如 2006-06-10（收到 "2006-13-01"）'],
    [['status', '--as-of'], '选项 --as-of 缺少取值'],
    [['status', '--year', '06'], '--year 应为四位年份'],
    [['status', 'extra'], '参数个数不对'],
    [['review', '2006.labor.2006-05'], '请给出 --accept 或 --return "意见" 之一'],
    [
      ['review', '2006.labor.2006-05', '--accept', '--return', 'x'],
      '请给出 --accept 或 --return "意见" 之一',
    ],
    [['review', '2006.labor.2006-05', '--return', '  '], '退回报表时须写明意见'],
    [['review', '2006.labor.2006-05', '--accept', '--expected-version', '0'], '--expected-version 应为'],
    [['submit'], '参数个数不对：shishi submit FILE.json'],
    [['submit', 'no-such-file.json'], '找不到文件'],
    [['submit', 'x.json', '--idempotency-key', 'short'], '--idempotency-key 应为 8–128'],
    [['submissions', '--period', '2006-5'], '--period 应为 YYYY-MM'],
    [['audit', '--limit', '5000'], '--limit 应为 1–1000'],
    [['plan', 'delete'], '未知子命令：plan delete'],
    [['token'], '请用 --as 指定身份'],
    [['token', '--as', 'mayor'], '身份应为 office、leader、city 或 unit:<单位编号>'],
    [['token', '--as', 'unit:nowhere'], '计划中没有单位 "nowhere"'],
    [['status', '--api', 'ftp://x'], 'API 地址应以 http:// 或 https:// 开头'],
    [['demo', '--token', 'x'], '不接受 --token'],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    // Act
    const { code, err } = await runCli(argv, { cwd: dir });

    // Assess
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('speaks English with --lang en, and refuses another language in both', async () => {
    // Act
    const en = await runCli(['frobnicate', '--lang', 'en']);
    const fr = await runCli(['status', '--lang', 'fr']);

    // Assess
    expect(en).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command: frobnicate') });
    expect(en.err).not.toMatch(/未知/);
    expect(fr).toMatchObject({ code: 2, err: expect.stringContaining('--lang must be zh-CN or en') });
    expect(fr.err).toContain('--lang 应为 zh-CN 或 en');
  });

  it('exits 2 when the file to submit is not a report', async () => {
    // Prepare
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ "year": 2006,');
    const notReport = join(dir, 'array.json');
    writeFileSync(notReport, '{ "hello": 1 }');

    // Act
    const a = await runCli(['submit', notJson]);
    const b = await runCli(['submit', notReport, '--lang', 'en']);

    // Assess
    expect(a).toMatchObject({ code: 2, err: expect.stringContaining('不是有效的 JSON') });
    expect(b).toMatchObject({ code: 2, err: expect.stringContaining('is not a report') });
  });
});

describe('shishi status', () => {
  it('asks the API for the status as of a day and prints the readable report', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/status/2006': () => ({ body: sampleStatus('2006-06-10') }),
    });

    // Act
    const { code, out } = await cli(url, ['status', '--as-of', '2006-06-10']);

    // Assess
    expect(code).toBe(0);
    expect(requests[0]!.url).toBe('/v1/status/2006?asOf=2006-06-10');
    expect(requests[0]!.headers.authorization).toBe('Bearer test-token');
    expect(out).toContain('总体结论（一票否决）：严重滞后');
    expect(out).toMatch(/1\.1\s+新增城镇就业\s+4,000人\s+1,820/);
  });

  it('prints the API’s JSON with --json, and English with --lang en', async () => {
    // Prepare
    const status = sampleStatus('2006-12-31');
    const { url } = await fakeApi({ 'GET /v1/status/2007': () => ({ body: status }) });

    // Act
    const json = await cli(url, ['status', '--json', '--year', '2007']);
    const en = await cli(url, ['status', '--year', '2007', '--lang', 'en']);

    // Assess
    expect(JSON.parse(json.out)).toEqual(JSON.parse(JSON.stringify(status)));
    expect(JSON.parse(json.out).failures).toHaveLength(14);
    expect(en.out).toContain('District verdict (one-vote veto): failed (veto)');
  });
});

describe('shishi submit', () => {
  const receipt = (version: number, findings: unknown[] = []) => ({
    id: '2006.labor.2006-05',
    version,
    state: 'pending',
    submittedAt: '2026-01-01T00:00:00.000Z',
    findings,
  });

  it('sends the report with a key derived from its content, so a re-run is a retry', async () => {
    // Prepare
    let replay = false;
    const { url, requests } = await fakeApi({
      'POST /v1/submissions': () => {
        const headers: Record<string, string> = replay ? { 'idempotent-replayed': 'true' } : {};
        const answer = { status: 201, headers, body: receipt(1) };
        replay = true;
        return answer;
      },
    });

    // Act
    const first = await cli(url, ['submit', laborFile]);
    const again = await cli(url, ['submit', laborFile]);
    const ownKey = await cli(url, ['submit', laborFile, '--idempotency-key', 'my-key-0001']);

    // Assess
    expect(first.code).toBe(0);
    expect(first.out).toContain('已报送 2006.labor.2006-05 第 1 版，待审核');
    expect(again.out).toContain('此前已报送过同一份报表，返回首次回执');
    expect(requests[0]!.body).toBe(requestBody(LABOR_2006_05));
    expect(requests[0]!.headers['idempotency-key']).toBe(contentKey(requestBody(LABOR_2006_05)));
    expect(requests[1]!.headers['idempotency-key']).toBe(requests[0]!.headers['idempotency-key']);
    expect(ownKey.code).toBe(0);
    expect(requests[2]!.headers['idempotency-key']).toBe('my-key-0001');
  });

  it('prints the warnings stored with the receipt', async () => {
    // Prepare
    const warning = finding('submission.reporterMissing', { section: 'submission', field: 'reporter' });
    const { url } = await fakeApi({
      'POST /v1/submissions': () => ({ status: 201, body: receipt(2, [warning]) }),
    });

    // Act
    const { code, out } = await cli(url, ['submit', laborFile, '--lang', 'en']);

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('Submitted 2006.labor.2006-05 version 2, pending');
    expect(out).toContain('[warning] report reporter: The reporter or phone number is missing');
  });

  it('prints each finding and exits 1 when validation rejects the report', async () => {
    // Prepare
    const findings = [
      finding(
        'row.cumulativeMismatch',
        { section: 'row', index: 0, field: 'cumulative' },
        { indicator: '1.1', expected: 1820, found: 1900 },
      ),
      finding('submission.missingIndicator', { section: 'submission', field: 'rows' }, { indicator: '2.3' }),
    ];
    const rejected = problemBody(
      422,
      'submission.invalid',
      '报表有 2 处错误，未保存',
      'The report has 2 error(s); nothing was stored',
      {
        findings,
      },
    );
    const { url } = await fakeApi({ 'POST /v1/submissions': () => ({ status: 422, body: rejected }) });

    // Act
    const zh = await cli(url, ['submit', laborFile]);
    const en = await cli(url, ['submit', laborFile, '--lang', 'en']);
    const json = await cli(url, ['submit', laborFile, '--json']);

    // Assess
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('报表未通过校验：报表有 2 处错误，未保存');
    expect(zh.err).toContain(
      '[错误] 第 1 行（指标 1.1）累计完成：指标 1.1 累计完成应为上期累计加本月完成 = 1820，实际填写 1900',
    );
    expect(zh.err).toContain('缺少本单位负责的指标 2.3 的数据行');
    expect(en.code).toBe(1);
    expect(en.err).toContain('[error] row 1 (1.1) cumulative: Indicator 1.1: cumulative should be');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual(rejected);
  });

  it('exits 1 when the API refuses the shape of the report, naming the field', async () => {
    // Prepare
    const { url } = await fakeApi({
      'POST /v1/submissions': () => ({
        status: 400,
        body: problemBody(
          400,
          'request.invalid',
          '请求内容有误：rows[0].cumulative',
          'Invalid request: rows[0].cumulative',
          {
            field: 'rows[0].cumulative',
          },
        ),
      }),
    });

    // Act
    const { code, err } = await cli(url, ['submit', laborFile]);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain('字段：rows[0].cumulative');
  });
});

describe('shishi review', () => {
  it('reviews the latest version by default and prints the decision', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/submissions/2006.labor.2006-05': () => ({
        body: { id: '2006.labor.2006-05', latestVersion: 3, versions: [] },
      }),
      'POST /v1/submissions/2006.labor.2006-05/review': (req) => ({
        body: {
          id: '2006.labor.2006-05',
          version: JSON.parse(req.body).expectedVersion,
          state: JSON.parse(req.body).decision === 'accept' ? 'accepted' : 'returned',
          reviewedAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    });

    // Act
    const accepted = await cli(url, ['review', '2006.labor.2006-05', '--accept']);
    const returned = await cli(url, [
      'review',
      '2006.labor.2006-05',
      '--return',
      '请补充说明',
      '--expected-version',
      '2',
    ]);

    // Assess
    expect(accepted).toMatchObject({
      code: 0,
      out: expect.stringContaining('已采用 2006.labor.2006-05 第 3 版'),
    });
    expect(JSON.parse(requests[1]!.body)).toEqual({ decision: 'accept', comment: '', expectedVersion: 3 });
    expect(returned.out).toContain('已退回 2006.labor.2006-05 第 2 版');
    expect(returned.out).toContain('请补充说明');
    expect(requests).toHaveLength(3); // no GET when the version is given
    expect(JSON.parse(requests[2]!.body)).toEqual({
      decision: 'return',
      comment: '请补充说明',
      expectedVersion: 2,
    });
  });

  it('exits 3 with the server’s message on a conflict', async () => {
    // Prepare
    const { url } = await fakeApi({
      'POST /v1/submissions/2006.labor.2006-05/review': () => ({
        status: 409,
        body: problemBody(
          409,
          'submission.staleVersion',
          '报表已有第 4 版，请审核最新版本',
          'The report is now at version 4; review the latest one',
          {
            field: 'expectedVersion',
          },
        ),
      }),
    });

    // Act
    const zh = await cli(url, ['review', '2006.labor.2006-05', '--accept', '--expected-version', '3']);
    const en = await cli(url, [
      'review',
      '2006.labor.2006-05',
      '--accept',
      '--expected-version',
      '3',
      '--lang',
      'en',
    ]);

    // Assess
    expect(zh.code).toBe(3);
    expect(zh.err).toContain(
      '服务器拒绝了请求（409 submission.staleVersion）：报表已有第 4 版，请审核最新版本',
    );
    expect(en.err).toContain('The server refused the request (409 submission.staleVersion)');
  });
});

describe('lists and the plan', () => {
  it('lists reports with filters, and shows one report’s versions and reviews', async () => {
    // Prepare
    const head = {
      id: '2006.chengguan.2006-05',
      year: 2006,
      unit: 'chengguan',
      period: '2006-05',
      latestVersion: 2,
      latestState: 'accepted',
      acceptedVersion: 2,
      firstSubmittedAt: '2026-01-01T00:00:00.000Z',
      latestSubmittedAt: '2026-01-01T00:01:00.000Z',
      reviewedAt: '2026-01-01T00:02:00.000Z',
    };
    const version = (v: number, state: string, decision: string, comment: string) => ({
      version: v,
      submittedAt: '2026-01-01T00:00:00.000Z',
      by: 'local:unit:chengguan',
      sha256: 'x',
      state,
      findings: [],
      review: { decision, comment, by: 'local:office', at: '2026-01-01T00:00:30.000Z' },
      submission: {},
    });
    const { url, requests } = await fakeApi({
      'GET /v1/submissions': () => ({ body: { items: [head] } }),
      'GET /v1/submissions/2006.chengguan.2006-05': () => ({
        body: {
          ...head,
          versions: [version(1, 'returned', 'return', '只计已建成的'), version(2, 'accepted', 'accept', '')],
        },
      }),
    });

    // Act
    const list = await cli(url, ['submissions', '--unit', 'chengguan', '--period', '2006-05']);
    const one = await cli(url, ['submissions', '2006.chengguan.2006-05']);

    // Assess
    expect(requests[0]!.url).toBe('/v1/submissions?year=2006&unit=chengguan&period=2006-05');
    expect(list.out).toMatch(/2006\.chengguan\.2006-05\s+2\s+已采用\s+2/);
    expect(one.out).toContain('第 1 版');
    expect(one.out).toContain('审核：退回（local:office，2026-01-01 00:00:30Z）：只计已建成的');
  });

  it('shows the plan', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/plans/2006': () => ({
        body: { year: 2006, version: 1, plan: SAMPLE_PLAN_2006, createdAt: 'x', by: 'system:seed' },
      }),
    });

    // Act
    const { code, out } = await cli(url, ['plan', 'show']);

    // Assess
    expect(code).toBe(0);
    expect(requests[0]!.url).toBe('/v1/plans/2006');
    expect(out).toContain('实事 8 件：');
    expect(out).toMatch(/1\.1\s+新增城镇就业\s+4,000\s+人\s+区劳动和社会保障局/);
  });
});

describe('server and network errors exit with 3', () => {
  it('when nothing answers at the API address', async () => {
    // Prepare
    const url = `http://127.0.0.1:${await closedPort()}`;

    // Act
    const zh = await cli(url, ['status']);
    const en = await cli(url, ['status', '--lang', 'en']);

    // Assess
    expect(zh.code).toBe(3);
    expect(zh.err).toContain(`无法连接到 API ${url}（ECONNREFUSED）`);
    expect(en.err).toContain(`Cannot reach the API at ${url} (ECONNREFUSED)`);
  });

  it('when the store stays unavailable', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'GET /v1/status/2006': () => ({
        status: 503,
        headers: { 'retry-after': '0' },
        body: problemBody(
          503,
          'store.unavailable',
          '数据存储暂时不可用，请稍后重试',
          'The data store is unavailable; retry shortly',
        ),
      }),
    });

    // Act
    const { code, err } = await cli(url, ['status']);

    // Assess
    expect(code).toBe(3);
    expect(err).toContain('数据存储暂时不可用');
    expect(requests.length).toBeGreaterThan(1); // retried
  });
});

describe('the local stack', () => {
  const verify = () => createVerifier({ ...localTokenSettings, publicJwk: JSON.stringify(keys.publicJwk) });

  it('signs a token for a sample user with the stack’s keys', async () => {
    // Prepare
    const data = stackDir();

    // Act
    const { code, out, err } = await runCli(['token', '--as', 'unit:labor'], {
      env: { SHISHI_DATA_DIR: data },
    });
    const verified = await verify()(`Bearer ${out.trim()}`);

    // Assess
    expect(code).toBe(0);
    expect(err).toContain('仅对本地栈有效');
    expect(verified).toMatchObject({
      ok: true,
      value: { role: 'unit', unit: 'labor', sub: 'local:sample-district:unit:labor' },
    });
  });

  it('says so when the stack has never started', async () => {
    // Prepare
    const empty = mkdtempSync(join(dir, 'empty-'));

    // Act
    const zh = await runCli(['token', '--as', 'office'], { env: { SHISHI_DATA_DIR: empty } });
    const en = await runCli(['status', '--lang', 'en'], { env: { SHISHI_DATA_DIR: empty } });

    // Assess
    expect(zh.code).toBe(3);
    expect(zh.err).toContain('本地栈尚未启动过。请先运行 npm start');
    expect(en.code).toBe(3);
    expect(en.err).toContain('the local stack has never started');
  });

  it('finds the API in local.json and signs a token for the role each command needs', async () => {
    // Prepare
    const { url, requests } = await fakeApi({
      'POST /v1/submissions': () => ({
        status: 201,
        body: { id: '2006.labor.2006-05', version: 1, state: 'pending', submittedAt: 'x', findings: [] },
      }),
      'GET /v1/status/2006': () => ({ body: sampleStatus('2006-06-10') }),
    });
    const data = stackDir(url);

    // Act
    const submitted = await runCli(['submit', laborFile], { env: { SHISHI_DATA_DIR: data } });
    const status = await runCli(['status'], { env: { SHISHI_DATA_DIR: data } });
    const asUnit = await verify()(requests[0]!.headers.authorization);
    const asOffice = await verify()(requests[1]!.headers.authorization);

    // Assess
    expect(submitted.code).toBe(0);
    expect(status.code).toBe(0);
    expect(asUnit).toMatchObject({ ok: true, value: { role: 'unit', unit: 'labor' } });
    expect(asOffice).toMatchObject({ ok: true, value: { role: 'office' } });
  });

  it('explains that minted tokens only work on the local stack when one is refused', async () => {
    // Prepare
    const { url } = await fakeApi({
      'GET /v1/status/2006': () => ({
        status: 401,
        body: problemBody(401, 'auth.invalid', '访问令牌无效', 'The bearer token is not valid'),
      }),
    });
    const data = stackDir();

    // Act
    const { code, err } = await runCli(['status', '--api', url], { env: { SHISHI_DATA_DIR: data } });

    // Assess
    expect(code).toBe(3);
    expect(err).toContain('访问令牌无效');
    expect(err).toContain('只对本地栈有效；连接其他服务器请用 --token');
  });
});
