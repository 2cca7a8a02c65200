/**
 * The `shishi` command line: a thin shell over the HTTP API. Each command parses its own
 * arguments, calls the API through `ApiClient` (api.ts) and prints with format.ts. `backup` and
 * `restore` talk to the local stack's DynamoDB Local instead (functions/ops/).
 *
 * Exit codes: 0 done, 1 rejected by validation (findings printed), 2 usage, 3 server or network.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isIsoDate, isPeriod } from '../../domain/dates';
import type { LocalizedText } from '../../domain/result';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { ApiClient, ApiProblem } from './api';
import { DEMO_AS_OF, runDemo } from './demo';
import { CliError, EXIT, LocalStackError, UsageError } from './errors';
import {
  formatAudit,
  formatPlan,
  formatProblem,
  formatReceipt,
  formatRejection,
  formatReview,
  formatStatus,
  formatSubmissionDetail,
  formatSubmissions,
  type Locale,
  pick,
  tr,
} from './format';
import { contentKey, IDEMPOTENCY_KEY, loadReport, requestBody } from './input';
import {
  checkSampleUser,
  dataDir,
  mintLocalToken,
  principalFor,
  resolveApiUrl,
  resolveLocalDatabase,
} from './local';

/** Where the CLI writes and what it reads of its environment; tests pass their own. */
export interface Io {
  /** Writes a line to standard output. */
  out(text: string): void;
  /** Writes a line to standard error. */
  err(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly fetch?: typeof fetch;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Readonly<Record<string, string | boolean | undefined>>;

interface Context {
  readonly io: Io;
  readonly locale: Locale;
  readonly t: (zh: string, en: string) => string;
  readonly json: boolean;
  readonly values: Values;
  readonly positionals: readonly string[];
  readonly dataDir: string;
  /** The API as the sample user `as`, or with the caller's --token / SHISHI_TOKEN. */
  client(as: string): Promise<ApiClient>;
  /** Prints `value` as JSON with --json, else the human text. */
  print(value: unknown, human: () => string): void;
}

interface Command {
  readonly name: string;
  readonly summary: LocalizedText;
  readonly usage: string;
  readonly details?: LocalizedText;
  readonly options: Options;
  readonly optionHelp: ReadonlyArray<readonly [string, LocalizedText]>;
  readonly positionals: readonly [min: number, max: number];
  run(ctx: Context): Promise<number>;
}

const GLOBAL_OPTIONS: Options = {
  api: { type: 'string' },
  token: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP: ReadonlyArray<readonly [string, LocalizedText]> = [
  [
    '--api URL',
    {
      zh: 'API 地址（或 SHISHI_API_URL）；默认取 <SHISHI_DATA_DIR 或本仓库的 .shishi>/local.json 中本地栈的地址，否则 http://127.0.0.1:3000',
      en: 'API address (or SHISHI_API_URL); default: the local stack’s, from <SHISHI_DATA_DIR or the checkout’s .shishi>/local.json, else http://127.0.0.1:3000',
    },
  ],
  [
    '--token T',
    {
      zh: '访问令牌（或 SHISHI_TOKEN）；不给时用本地栈的密钥按命令所需身份自动签发——这只对本地栈（npm start）有效',
      en: 'bearer token (or SHISHI_TOKEN); without it a token for the role the command needs is signed with the local stack’s keys — this only works against the local stack (npm start)',
    },
  ],
  ['--lang zh-CN|en', { zh: '输出语言（默认 zh-CN）', en: 'language of the output (default zh-CN)' }],
  ['--json', { zh: '输出 JSON（供程序使用）', en: 'print JSON (for programs)' }],
  ['-h, --help', { zh: '帮助', en: 'help' }],
];

const EXIT_HELP: LocalizedText = {
  zh: '退出码：0 完成，1 报表未通过校验，2 用法错误，3 服务器或网络错误',
  en: 'Exit codes: 0 done, 1 rejected by validation, 2 usage, 3 server or network error',
};

const SAMPLE_YEAR = SAMPLE_PLAN_2006.year;

// ---------------------------------------------------------------------------------------------
// Argument values

function yearOf(v: Values): number {
  const raw = v.year;
  if (raw === undefined) return SAMPLE_YEAR;
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) {
    throw new UsageError(
      `--year 应为四位年份，如 2006（收到 "${raw}"）`,
      `--year must be a year such as 2006 (got "${raw}")`,
    );
  }
  return Number(raw);
}

function dateOf(v: Values, name: string): string | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  if (!isIsoDate(raw)) {
    throw new UsageError(
      `--${name} 应为日期，如 2006-06-10（收到 "${raw}"）`,
      `--${name} must be a date such as 2006-06-10 (got "${raw}")`,
    );
  }
  return raw;
}

function intOf(v: Values, name: string, min: number, max: number): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || n < min || n > max) {
    throw new UsageError(
      `--${name} 应为 ${min}–${max} 的整数（收到 "${raw}"）`,
      `--${name} must be a whole number ${min}–${max} (got "${raw}")`,
    );
  }
  return n;
}

const str = (v: Values, name: string): string | undefined => {
  const x = v[name];
  return typeof x === 'string' ? x : undefined;
};

/** Where `shishi demo` saves the summary, relative to the current folder. */
export const DEMO_SUMMARY_FILE = 'out/summary-2006.xlsx';

async function saveFile(ctx: Context, out: string, bytes: Buffer): Promise<string> {
  const path = resolve(ctx.io.cwd, out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

/** A path as the user would type it: relative to the current folder when inside it. */
function shown(ctx: Context, path: string): string {
  const r = relative(ctx.io.cwd, path);
  return r && !r.startsWith('..') ? r : path;
}

/**
 * Runs `work` with a client of the local DynamoDB; a refused backup or restore becomes a usage
 * error (2), a database that does not answer a server error (3).
 */
async function withLocalDatabase<T>(
  endpoint: string,
  work: (client: DynamoDBClient, backup: typeof import('../ops')) => Promise<T>,
): Promise<T> {
  // Node 20 is this project's pinned version; the AWS SDK's notice about Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded here: the other commands need neither the SDK nor the store.
  const [{ DynamoDBClient }, { LOCAL_AWS }, backup] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../local/dynamodb'),
    import('../ops'),
  ]);
  const { BackupError } = backup;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    maxAttempts: 3,
  });
  try {
    return await work(client, backup);
  } catch (e) {
    if (e instanceof BackupError) {
      throw new CliError({ zh: e.zh, en: e.en }, e.code === 'restore.unprocessed' ? EXIT.server : EXIT.usage);
    }
    if (e instanceof CliError) throw e;
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new LocalStackError(
      `本地数据库 ${endpoint} 出错或没有响应（${why}）。本地栈是否在运行（npm start）？`,
      `The local database at ${endpoint} failed or did not answer (${why}). Is the local stack running (npm start)?`,
    );
  } finally {
    client.destroy();
  }
}

/** POSTs a summary as the office, then downloads the latest one to `out`. */
async function makeSummary(ctx: Context, year: number, asOf: string | undefined, out: string) {
  const office = await ctx.client('office');
  const created = await office.createSummary(year, asOf);
  const file = await office.summary(year);
  const path = await saveFile(ctx, out, file.bytes);
  return { created, path };
}

// ---------------------------------------------------------------------------------------------
// Commands

const COMMANDS: readonly Command[] = [
  {
    name: 'token',
    summary: {
      zh: '为示例用户签发令牌（仅限本地栈）',
      en: 'print a token for a sample user (local stack only)',
    },
    usage: 'shishi token --as office|leader|unit:<id>',
    details: {
      zh: '用本地栈的签名密钥（<数据目录>/keys/jwt.json）签发 12 小时有效的令牌。须先运行过 npm start。',
      en: 'Signs a token valid for 12 hours with the local stack’s keys (<data dir>/keys/jwt.json). Run npm start once first.',
    },
    options: { as: { type: 'string' } },
    optionHelp: [
      ['--as WHO', { zh: 'office、leader 或 unit:<单位编号>', en: 'office, leader or unit:<unit id>' }],
    ],
    positionals: [0, 0],
    async run(ctx) {
      const as = str(ctx.values, 'as');
      if (!as) {
        throw new UsageError(
          '请用 --as 指定身份：office、leader 或 unit:<单位编号>',
          'Say who with --as: office, leader or unit:<unit id>',
        );
      }
      const who = checkSampleUser(as);
      const token = await mintLocalToken(ctx.dataDir, who);
      ctx.print({ as: who, principal: principalFor(who), token }, () => token);
      if (!ctx.json) {
        ctx.io.err(
          ctx.t('（12 小时内有效，仅对本地栈有效）', '(valid for 12 hours, on the local stack only)'),
        );
      }
      return EXIT.ok;
    },
  },
  {
    name: 'plan',
    summary: {
      zh: '年度计划摘要：实事、指标、目标与责任单位',
      en: 'the year’s plan: pledges, indicators, targets, main units',
    },
    usage: 'shishi plan show [--year 2006] [--json]',
    options: { year: { type: 'string' } },
    optionHelp: [['--year YYYY', { zh: '年度（默认 2006）', en: 'year (default 2006)' }]],
    positionals: [0, 1],
    async run(ctx) {
      const sub = ctx.positionals[0] ?? 'show';
      if (sub !== 'show') {
        throw new UsageError(
          `未知子命令：plan ${sub}（可用：plan show）`,
          `Unknown subcommand: plan ${sub} (try: plan show)`,
        );
      }
      const year = yearOf(ctx.values);
      const record = await (await ctx.client('office')).getPlan(year);
      ctx.print(record, () => formatPlan(record, ctx.locale));
      return EXIT.ok;
    },
  },
  {
    name: 'submit',
    summary: { zh: '报送一份月度进度报表', en: 'send a monthly progress report' },
    usage: 'shishi submit FILE.json [--idempotency-key K] [--json]',
    details: {
      zh: 'FILE 为一份报表（JSON，格式见 domain/submission.ts）。幂等键默认由报表内容计算：重新运行同一份报表是重试，不会产生新版本。报表未通过校验时列出问题并以退出码 1 结束。令牌默认按报表的填报单位签发。',
      en: 'FILE is a report (JSON, as in domain/submission.ts). The idempotency key defaults to a hash of the report’s content: sending the same report again is a retry, not a new version. A report that fails validation lists its findings and exits with 1. The token defaults to the report’s unit.',
    },
    options: { 'idempotency-key': { type: 'string' } },
    optionHelp: [
      [
        '--idempotency-key K',
        { zh: '幂等键（8–128 个字母、数字或 ._:-）', en: 'idempotency key (8–128 letters, digits or ._:-)' },
      ],
    ],
    positionals: [1, 1],
    async run(ctx) {
      const file = resolve(ctx.io.cwd, ctx.positionals[0]!);
      const key = str(ctx.values, 'idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new UsageError(
          `--idempotency-key 应为 8–128 个字母、数字或 ._:-（收到 "${key}"）`,
          `--idempotency-key must be 8–128 letters, digits or ._:- (got "${key}")`,
        );
      }
      const { submission, bytes } = await loadReport(file);
      if (typeof submission.unit !== 'string' || submission.unit === '') {
        throw new UsageError(`${file} 未写明填报单位（unit）`, `${file} does not name its unit`);
      }
      const client = await ctx.client(`unit:${submission.unit}`);
      // A workbook goes to the server as it is: the server reads it again (it is the authority).
      const body = requestBody(submission);
      const out = bytes
        ? await client.submitWorkbook(bytes, key)
        : await client.submit(body, key ?? contentKey(body));
      ctx.print(out.receipt, () => formatReceipt(out, ctx.locale));
      return EXIT.ok;
    },
  },
  {
    name: 'submissions',
    summary: {
      zh: '报表列表；给出编号时显示该报表的各版本',
      en: 'list reports; with an id, one report’s versions',
    },
    usage: 'shishi submissions [ID] [--year 2006] [--unit U] [--period YYYY-MM] [--json]',
    options: { year: { type: 'string' }, unit: { type: 'string' }, period: { type: 'string' } },
    optionHelp: [
      ['ID', { zh: '报表编号，如 2006.labor.2006-05', en: 'a report id such as 2006.labor.2006-05' }],
      ['--year YYYY', { zh: '年度（默认 2006）', en: 'year (default 2006)' }],
      ['--unit U', { zh: '责任单位编号', en: 'unit id' }],
      ['--period YYYY-MM', { zh: '报送期', en: 'period' }],
    ],
    positionals: [0, 1],
    async run(ctx) {
      const id = ctx.positionals[0];
      const year = yearOf(ctx.values);
      const period = str(ctx.values, 'period');
      if (period !== undefined && !isPeriod(period)) {
        throw new UsageError(
          `--period 应为 YYYY-MM（收到 "${period}"）`,
          `--period must be YYYY-MM (got "${period}")`,
        );
      }
      const client = await ctx.client('office');
      if (id) {
        const detail = await client.getSubmission(id);
        ctx.print(detail, () => formatSubmissionDetail(detail, ctx.locale));
        return EXIT.ok;
      }
      const items = await client.listSubmissions({
        year,
        unit: str(ctx.values, 'unit'),
        period,
      });
      ctx.print({ items }, () => formatSubmissions(items, ctx.locale));
      return EXIT.ok;
    },
  },
  {
    name: 'review',
    summary: { zh: '考核办审核报表：采用或退回', en: 'the office reviews a report: accept or return' },
    usage: 'shishi review ID --accept | --return "意见" [--expected-version N]',
    details: {
      zh: '默认审核最新版本（由 GET /v1/submissions/{id} 取得）。退回时须写明意见。',
      en: 'Reviews the latest version by default (from GET /v1/submissions/{id}). Returning needs a comment.',
    },
    options: {
      accept: { type: 'boolean' },
      return: { type: 'string' },
      'expected-version': { type: 'string' },
    },
    optionHelp: [
      ['--accept', { zh: '采用', en: 'accept' }],
      ['--return TEXT', { zh: '退回，并写明意见', en: 'return, saying why' }],
      [
        '--expected-version N',
        { zh: '审核的版本（默认最新版）', en: 'the version reviewed (default: the latest)' },
      ],
    ],
    positionals: [1, 1],
    async run(ctx) {
      const id = ctx.positionals[0]!;
      const accept = ctx.values.accept === true;
      const comment = str(ctx.values, 'return');
      if (accept === (comment !== undefined)) {
        throw new UsageError(
          '请给出 --accept 或 --return "意见" 之一',
          'Give exactly one of --accept or --return "comment"',
        );
      }
      if (comment !== undefined && !comment.trim()) {
        throw new UsageError('退回报表时须写明意见', 'Say why when returning a report');
      }
      const given = intOf(ctx.values, 'expected-version', 1, Number.MAX_SAFE_INTEGER);
      const client = await ctx.client('office');
      const expectedVersion = given ?? (await client.getSubmission(id)).latestVersion;
      const result = await client.review(id, {
        decision: accept ? 'accept' : 'return',
        comment: comment ?? '',
        expectedVersion,
      });
      ctx.print(result, () => formatReview(result, comment ?? '', ctx.locale));
      return EXIT.ok;
    },
  },
  {
    name: 'status',
    summary: { zh: '全区进度与一票否决结论', en: 'the district’s status with the one-vote veto' },
    usage: 'shishi status [--year 2006] [--as-of YYYY-MM-DD] [--json]',
    details: {
      zh: '只有考核办采用的报表计入进度；“含待审”列为计入待审核报表后的暂计数。--json 输出 API 的原始 JSON。',
      en: 'Only reports the office accepted count; the provisional column includes reports awaiting review. --json prints the API’s JSON.',
    },
    options: { year: { type: 'string' }, 'as-of': { type: 'string' } },
    optionHelp: [
      ['--year YYYY', { zh: '年度（默认 2006）', en: 'year (default 2006)' }],
      [
        '--as-of YYYY-MM-DD',
        { zh: '截至日期（默认：服务器的今天）', en: 'as of this day (default: the server’s today)' },
      ],
    ],
    positionals: [0, 0],
    async run(ctx) {
      const asOf = dateOf(ctx.values, 'as-of');
      const year = yearOf(ctx.values);
      const status = await (await ctx.client('office')).status(year, asOf);
      ctx.print(status, () => formatStatus(status, ctx.locale));
      return EXIT.ok;
    },
  },
  {
    name: 'audit',
    summary: { zh: '审计记录（考核办）', en: 'the audit trail (office)' },
    usage: 'shishi audit [--year 2006] [--limit N] [--cursor C] [--json]',
    options: { year: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
    optionHelp: [
      ['--year YYYY', { zh: '年度（默认 2006）', en: 'year (default 2006)' }],
      ['--limit N', { zh: '条数 1–1000（默认 100）', en: 'entries 1–1000 (default 100)' }],
      ['--cursor C', { zh: '接着上一页', en: 'continue after a page' }],
    ],
    positionals: [0, 0],
    async run(ctx) {
      const query = {
        year: yearOf(ctx.values),
        limit: intOf(ctx.values, 'limit', 1, 1000),
        cursor: str(ctx.values, 'cursor'),
      };
      const page = await (await ctx.client('office')).audit(query);
      ctx.print(page, () => formatAudit(page, ctx.locale));
      return EXIT.ok;
    },
  },
  {
    name: 'template',
    summary: {
      zh: '下载某单位某月的进度报表模板（.xlsx）',
      en: 'download a unit’s progress worksheet for a month (.xlsx)',
    },
    usage: 'shishi template --unit U --period YYYY-MM --out FILE.xlsx [--year 2006]',
    details: {
      zh: '模板即熟悉的进度报表：预填指标、目标和上期累计（考核办已采用的数字），只有填报的格子可编辑。令牌默认以该单位身份签发。',
      en: 'The familiar progress worksheet with indicators, targets and last period’s accepted cumulative figures filled in; only the cells to fill are editable. The token defaults to the unit’s.',
    },
    options: {
      unit: { type: 'string' },
      period: { type: 'string' },
      out: { type: 'string' },
      year: { type: 'string' },
    },
    optionHelp: [
      ['--unit U', { zh: '责任单位编号，如 transport', en: 'unit id such as transport' }],
      ['--period YYYY-MM', { zh: '报送期，如 2006-05', en: 'period such as 2006-05' }],
      ['--out FILE', { zh: '保存到此文件', en: 'write to this file' }],
      ['--year YYYY', { zh: '年度（默认取报送期的年份）', en: 'year (default: the period’s)' }],
    ],
    positionals: [0, 0],
    async run(ctx) {
      const unit = str(ctx.values, 'unit');
      const period = str(ctx.values, 'period');
      const out = str(ctx.values, 'out');
      if (!unit || !period || !out) {
        throw new UsageError('请给出 --unit、--period 和 --out', 'Give --unit, --period and --out');
      }
      if (!isPeriod(period)) {
        throw new UsageError(
          `--period 应为 YYYY-MM（收到 "${period}"）`,
          `--period must be YYYY-MM (got "${period}")`,
        );
      }
      const year = ctx.values.year === undefined ? Number(period.slice(0, 4)) : yearOf(ctx.values);
      const file = await (await ctx.client(`unit:${unit}`)).template(year, unit, period);
      const path = await saveFile(ctx, out, file.bytes);
      ctx.print({ file: path, bytes: file.bytes.length, filename: file.filename }, () =>
        ctx.t(`已保存 ${shown(ctx, path)}`, `Saved ${shown(ctx, path)}`),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'summary',
    summary: {
      zh: '生成并下载领导阅读的进度汇总表（.xlsx）',
      en: 'make and download the leaders’ summary workbook (.xlsx)',
    },
    usage: 'shishi summary [--year 2006] [--as-of YYYY-MM-DD] --out FILE.xlsx',
    details: {
      zh: '考核办生成截至某日的汇总表（POST /v1/summaries/{year}），再下载最新的一份（GET）。',
      en: 'The office makes the summary as of a day (POST /v1/summaries/{year}), then downloads the latest (GET).',
    },
    options: { year: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' } },
    optionHelp: [
      ['--year YYYY', { zh: '年度（默认 2006）', en: 'year (default 2006)' }],
      [
        '--as-of YYYY-MM-DD',
        { zh: '截至日期（默认：服务器的今天）', en: 'as of this day (default: the server’s today)' },
      ],
      ['--out FILE', { zh: '保存到此文件', en: 'write to this file' }],
    ],
    positionals: [0, 0],
    async run(ctx) {
      const out = str(ctx.values, 'out');
      if (!out) throw new UsageError('请用 --out 指定保存的文件', 'Say where to save it with --out');
      const year = yearOf(ctx.values);
      const asOf = dateOf(ctx.values, 'as-of');
      const { created, path } = await makeSummary(ctx, year, asOf, out);
      ctx.print({ ...created, file: path }, () =>
        ctx.t(
          `已生成截至 ${created.asOf} 的汇总表，保存为 ${shown(ctx, path)}`,
          `Made the summary as of ${created.asOf}; saved as ${shown(ctx, path)}`,
        ),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'backup',
    summary: {
      zh: '把本地栈的表备份到一个文件（JSON Lines）',
      en: 'back up the local stack’s table to a file (JSON Lines)',
    },
    usage: 'shishi backup [--out FILE.jsonl] [--table NAME] [--endpoint URL] [--json]',
    details: {
      zh: '以一致性读逐页扫描本地栈（npm start，须在运行）的 DynamoDB Local 表，每条记录一行（DynamoDB 带类型的 JSON），文件头记表名、时间和主键，文件尾记条数和 sha256。用 shishi restore 恢复。文件含各单位报送的全部内容，请妥善保管。',
      en: 'Scans the local stack’s DynamoDB Local table (npm start must be running) with consistent reads, one line per item (DynamoDB’s typed JSON), a header with the table, time and key schema, and a trailer with the count and sha256. Restore it with shishi restore. The file holds everything the units sent: keep it safe.',
    },
    options: { out: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' } },
    optionHelp: [
      [
        '--out FILE',
        {
          zh: '保存到此文件（默认 backups/<表名>-<时间>.jsonl）',
          en: 'write to this file (default backups/<table>-<time>.jsonl)',
        },
      ],
      [
        '--table NAME',
        { zh: '要备份的表（默认本地栈的表）', en: 'the table to back up (default: the local stack’s)' },
      ],
      [
        '--endpoint URL',
        {
          zh: 'DynamoDB Local 的地址（默认取 local.json 中本地栈的）',
          en: 'DynamoDB Local’s address (default: the local stack’s, from local.json)',
        },
      ],
    ],
    positionals: [0, 0],
    async run(ctx) {
      const { endpoint, tableName } = resolveLocalDatabase(
        str(ctx.values, 'endpoint'),
        str(ctx.values, 'table'),
        ctx.dataDir,
      );
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
      const out = resolve(ctx.io.cwd, str(ctx.values, 'out') ?? `backups/${tableName}-${stamp}.jsonl`);
      const result = await withLocalDatabase(endpoint, (client, b) => b.exportTable(client, tableName, out));
      const path = result.file ?? out;
      ctx.print({ ...result, file: path }, () =>
        ctx.t(
          `已将表 ${tableName} 的 ${result.items} 条记录备份到 ${shown(ctx, path)}（sha256 ${result.sha256}）`,
          `Backed up ${result.items} items of the table ${tableName} to ${shown(ctx, path)} (sha256 ${result.sha256})`,
        ),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'restore',
    summary: {
      zh: '把备份文件恢复到本地 DynamoDB 的一个新表',
      en: 'restore a backup file into a new table of the local DynamoDB',
    },
    usage: 'shishi restore FILE.jsonl --table NAME [--endpoint URL] [--json]',
    details: {
      zh: '先通读整个文件，核对文件头、每一行、条数和 sha256，有误则指出哪一行、什么问题，什么都不写。只写入新表或空表：已有数据的表一律拒绝，绝不覆盖已存的报表。恢复后停止 npm start，再以 SHISHI_LOCAL_TABLE=<表名> npm start 启动，即用恢复的表。',
      en: 'Reads the whole file first and checks its header, every line, the count and the sha256; a damaged file is refused, naming the line and what is wrong, and nothing is written. Writes only into a new or empty table: a table that holds items is refused, so nothing stored is ever overwritten. Then stop npm start and run SHISHI_LOCAL_TABLE=<name> npm start to serve the restored table.',
    },
    options: { table: { type: 'string' }, endpoint: { type: 'string' } },
    optionHelp: [
      ['FILE', { zh: 'shishi backup 生成的文件', en: 'a file made by shishi backup' }],
      ['--table NAME', { zh: '恢复到这个表（新表或空表）', en: 'restore into this table (new or empty)' }],
      [
        '--endpoint URL',
        {
          zh: 'DynamoDB Local 的地址（默认取 local.json 中本地栈的）',
          en: 'DynamoDB Local’s address (default: the local stack’s, from local.json)',
        },
      ],
    ],
    positionals: [1, 1],
    async run(ctx) {
      const table = str(ctx.values, 'table');
      if (!table) {
        throw new UsageError(
          '请用 --table 指定恢复到哪个表（新表或空表）',
          'Say which table to restore into with --table (a new or empty one)',
        );
      }
      const file = resolve(ctx.io.cwd, ctx.positionals[0]!);
      const { endpoint, tableName } = resolveLocalDatabase(str(ctx.values, 'endpoint'), table, ctx.dataDir);
      const result = await withLocalDatabase(endpoint, (client, b) =>
        b.restoreTable(client, tableName, file),
      );
      ctx.print(result, () =>
        [
          ctx.t(
            `已把 ${shown(ctx, file)} 的 ${result.items} 条记录恢复到${result.created ? '新建的' : '空'}表 ${tableName}（${result.batches} 批，重试 ${result.retries} 次；原表 ${result.source.table}，备份于 ${result.source.exportedAt}）`,
            `Restored ${result.items} items from ${shown(ctx, file)} into the ${result.created ? 'new' : 'empty'} table ${tableName} (${result.batches} batches, ${result.retries} retries; from the table ${result.source.table}, backed up at ${result.source.exportedAt})`,
          ),
          ctx.t(
            `要使用它：停止 npm start，再运行 SHISHI_LOCAL_TABLE=${tableName} npm start`,
            `To serve it: stop npm start, then run SHISHI_LOCAL_TABLE=${tableName} npm start`,
          ),
        ].join('\n'),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'demo',
    summary: {
      zh: '在本地栈上演示 2006 年 4、5 月的报送与审核，最后显示全区进度',
      en: 'on the local stack: April and May 2006 reports and reviews, then the district status',
    },
    usage: 'shishi demo [--api URL] [--lang en] [--json]',
    details: {
      zh: `劳动、交通、民政三局和城关镇报送 4、5 月报表；考核办采用大部分，退回一份并写明意见，城关镇更正后重新报送；民政局 5 月报表留待审核。最后显示截至 ${DEMO_AS_OF} 的全区进度。可重复运行：同一份报表重复报送是重试，已审核的版本跳过。令牌总是用本地栈的密钥签发。`,
      en: `Labor, transport, civil affairs and 城关镇 send their April and May reports; the office accepts most, returns one with a comment, 城关镇 sends a corrected version; civil affairs’ May report is left awaiting review. Ends with the district status as of ${DEMO_AS_OF}. Safe to run again: a resent report is a retry, reviewed versions are skipped. Tokens are always signed with the local stack’s keys.`,
    },
    options: {},
    optionHelp: [],
    positionals: [0, 0],
    async run(ctx) {
      if (ctx.values.token !== undefined) {
        throw new UsageError(
          'demo 以多个示例用户的身份操作，令牌由本地栈的密钥签发，不接受 --token',
          'demo acts as several sample users with tokens from the local stack’s keys; --token is not accepted',
        );
      }
      const say = ctx.json ? ctx.io.err : ctx.io.out;
      const status = await runDemo({ client: (as) => ctx.client(as), say, locale: ctx.locale });
      if (!ctx.json) say('');
      ctx.print(status, () => formatStatus(status, ctx.locale));
      const { path } = await makeSummary(ctx, SAMPLE_YEAR, DEMO_AS_OF, DEMO_SUMMARY_FILE);
      (ctx.json ? ctx.io.err : ctx.io.out)(
        ctx.t(
          `领导阅读的汇总表（截至 ${DEMO_AS_OF}）：${shown(ctx, path)}`,
          `The leaders’ summary workbook (as of ${DEMO_AS_OF}): ${shown(ctx, path)}`,
        ),
      );
      return EXIT.ok;
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Help

const wrapOptions = (rows: ReadonlyArray<readonly [string, LocalizedText]>, locale: Locale) => {
  const width = Math.max(0, ...rows.map(([o]) => o.length));
  return rows.map(([o, text]) => `  ${o.padEnd(width)}  ${pick(text, locale)}`);
};

export function usage(locale: Locale): string {
  const t = tr(locale);
  const visible = COMMANDS;
  const width = Math.max(...visible.map((c) => c.name.length)) + 5;
  return [
    t('shishi — 为民办实事进度命令行', 'shishi — the command line of Shishi (为民办实事)'),
    '',
    t('用法：shishi <命令> [选项]', 'Usage: shishi <command> [options]'),
    '',
    t('命令：', 'Commands:'),
    ...visible.map(
      (c) => `  ${(c.name === 'plan' ? 'plan show' : c.name).padEnd(width)}${pick(c.summary, locale)}`,
    ),
    '',
    t('通用选项：', 'Options for every command:'),
    ...wrapOptions(GLOBAL_HELP, locale),
    '',
    t('各命令的帮助：shishi <命令> --help', 'Help on a command: shishi <command> --help'),
    pick(EXIT_HELP, locale),
  ].join('\n');
}

function commandHelp(c: Command, locale: Locale): string {
  const t = tr(locale);
  return [
    `${t('用法：', 'Usage: ')}${c.usage}`,
    '',
    pick(c.summary, locale),
    ...(c.details ? ['', pick(c.details, locale)] : []),
    ...(c.optionHelp.length ? ['', t('选项：', 'Options:'), ...wrapOptions(c.optionHelp, locale)] : []),
    '',
    t('通用选项：', 'Options for every command:'),
    ...wrapOptions(GLOBAL_HELP, locale),
    '',
    pick(EXIT_HELP, locale),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Running

/** `--lang` wherever it is on the line; undefined when absent. */
function langOf(argv: readonly string[]): Locale | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (a !== '--lang' && !a.startsWith('--lang=')) continue;
    if (value === 'en' || value === 'en-US' || value === 'en-GB') return 'en';
    if (value === 'zh-CN' || value === 'zh' || value === 'zh-Hans') return 'zh-CN';
    throw new UsageError(
      `--lang 应为 zh-CN 或 en（收到 "${value ?? ''}"） / --lang must be zh-CN or en (got "${value ?? ''}")`,
      `--lang 应为 zh-CN 或 en（收到 "${value ?? ''}"） / --lang must be zh-CN or en (got "${value ?? ''}")`,
    );
  }
  return undefined;
}

/** Options that take a value, so that the value is not taken for the command's name. */
const VALUE_OPTIONS = new Set(
  [GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options)].flatMap((o) =>
    Object.entries(o)
      .filter(([, d]) => d.type === 'string')
      .map(([name]) => `--${name}`),
  ),
);

/** The index of the command's name in argv, or -1. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** node:util parseArgs errors, in the user's language. */
function parseError(e: unknown, command: string): UsageError {
  const err = e as { code?: string; message?: string };
  const name = /'(-[^' ]+)/.exec(err.message ?? '')?.[1] ?? '';
  const hint = { zh: `（见 shishi ${command} --help）`, en: ` (see shishi ${command} --help)` };
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`未知选项：${name}${hint.zh}`, `Unknown option: ${name}${hint.en}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message ?? '')
        ? new UsageError(`选项 ${name} 缺少取值${hint.zh}`, `Option ${name} needs a value${hint.en}`)
        : new UsageError(`选项 ${name} 不接受取值${hint.zh}`, `Option ${name} takes no value${hint.en}`);
    default:
      return new UsageError(`${err.message ?? String(e)}${hint.zh}`, `${err.message ?? String(e)}${hint.en}`);
  }
}

const VALIDATION_CODES = new Set(['submission.invalid', 'plan.invalid', 'request.invalid']);

/**
 * Runs one command line and answers its exit code. Nothing here exits the process or reads
 * process globals beyond `io`'s defaults.
 */
export async function run(argv: readonly string[], io: Partial<Io> = {}): Promise<number> {
  const full: Io = {
    out: io.out ?? ((s) => process.stdout.write(`${s}\n`)),
    err: io.err ?? ((s) => process.stderr.write(`${s}\n`)),
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    ...(io.fetch ? { fetch: io.fetch } : {}),
  };
  let locale: Locale = 'zh-CN';
  let json = false;
  let minted = false;
  const t = (zh: string, en: string) => (locale === 'en' ? en : zh);
  try {
    locale = langOf(argv) ?? 'zh-CN';
    json = argv.includes('--json');
    const at = commandIndex(argv);
    const name = at >= 0 ? argv[at]! : undefined;
    if (name === undefined || name === 'help') {
      const wanted = name === 'help' ? argv[at + 1] : undefined;
      const c = COMMANDS.find((x) => x.name === wanted);
      if (c) {
        full.out(commandHelp(c, locale));
        return EXIT.ok;
      }
      if (name === 'help' || argv.includes('--help') || argv.includes('-h')) {
        full.out(usage(locale));
        return EXIT.ok;
      }
      full.err(usage(locale));
      return EXIT.usage;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new UsageError(
        `未知命令：${name}（可用命令见 shishi --help）`,
        `Unknown command: ${name} (see shishi --help)`,
      );
    }
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({
        args: [...argv.slice(0, at), ...argv.slice(at + 1)],
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      }) as { values: Values; positionals: string[] };
    } catch (e) {
      throw parseError(e, command.name);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      full.out(commandHelp(command, locale));
      return EXIT.ok;
    }
    const [min, max] = command.positionals;
    if (positionals.length < min || positionals.length > max) {
      throw new UsageError(`参数个数不对：${command.usage}`, `Wrong number of arguments: ${command.usage}`);
    }
    const dir = dataDir(full.env, full.cwd);
    let base: ApiClient | undefined;
    const explicitToken =
      str(values, 'token') ?? (command.name === 'demo' ? undefined : full.env.SHISHI_TOKEN);
    const tokens = new Map<string, Promise<string>>();
    const ctx: Context = {
      io: full,
      locale,
      t,
      json,
      values,
      positionals,
      dataDir: dir,
      async client(as) {
        base ??= new ApiClient({
          baseUrl: resolveApiUrl(str(values, 'api'), full.env, dir),
          ...(full.fetch ? { fetch: full.fetch } : {}),
        });
        if (explicitToken) return base.withToken(explicitToken);
        let token = tokens.get(as);
        if (!token) {
          token = mintLocalToken(dir, as);
          tokens.set(as, token);
        }
        const signed = await token;
        minted = true;
        return base.withToken(signed);
      },
      print(value, human) {
        full.out(json ? JSON.stringify(value, null, 2) : human());
      },
    };
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof ApiProblem) {
      if (json) full.out(JSON.stringify(e.problem, null, 2));
      if (VALIDATION_CODES.has(e.code)) {
        if (!json) full.err(formatRejection(e.problem, locale));
        return EXIT.rejected;
      }
      full.err(formatProblem(e.problem, locale));
      if (e.status === 401 && minted) {
        full.err(
          t(
            '令牌是用本地栈的密钥签发的，只对本地栈有效；连接其他服务器请用 --token 或 SHISHI_TOKEN。',
            'The token was signed with the local stack’s keys and only works there; for another server pass --token or SHISHI_TOKEN.',
          ),
        );
      }
      if (e.retryAfter !== undefined) {
        full.err(t(`请在 ${e.retryAfter} 秒后重试。`, `Retry in ${e.retryAfter} s.`));
      }
      return EXIT.server;
    }
    if (e instanceof CliError) {
      full.err(pick(e.text, locale));
      return e.exitCode;
    }
    full.err(
      t(
        `内部错误：${(e as Error)?.stack ?? String(e)}`,
        `Internal error: ${(e as Error)?.stack ?? String(e)}`,
      ),
    );
    return EXIT.server;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
