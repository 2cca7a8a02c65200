/**
 * The options every command takes, and the readers of the values that several commands share
 * (`--year`, `--as-of`, `--period`, …), each refusing a bad value with a usage error (exit 2).
 */
import { defaultAsOf, defaultPlanYear } from '../../api/years';
import { type IsoDate, isIsoDate, isPeriod } from '../../domain/dates';
import type { ApiClient } from './client';
import type { Context, HelpRow, Options, Values } from './command';
import { UsageError } from './errors';
import type { Locale } from './format';

export const GLOBAL_OPTIONS: Options = {
  api: { type: 'string' },
  token: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const GLOBAL_HELP: readonly HelpRow[] = [
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

export const YEAR_HELP: HelpRow = [
  '--year YYYY',
  {
    zh: '年度（默认：今天所在的已发布计划的年度，否则最近的已发布计划，否则最近的计划）',
    en: 'year (default: the published plan that contains today, else the newest published, else the newest plan)',
  },
];

export const AS_OF_HELP: HelpRow = [
  '--as-of YYYY-MM-DD',
  {
    zh: '截至日期（默认：今天与计划结束日中较早者）',
    en: 'as of this day (default: the earlier of today and the plan’s end)',
  },
];

export const ENDPOINT_HELP: HelpRow = [
  '--endpoint URL',
  {
    zh: 'DynamoDB Local 的地址（默认取 local.json 中本地栈的）',
    en: 'DynamoDB Local’s address (default: the local stack’s, from local.json)',
  },
];

/**
 * `--lang` wherever it is on the line; undefined when absent. Read before the command is known,
 * so that even a usage error speaks the language asked for.
 */
export function langOf(argv: readonly string[]): Locale | undefined {
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

/** A string option's value; undefined when absent. */
export const str = (v: Values, name: string): string | undefined => {
  const x = v[name];
  return typeof x === 'string' ? x : undefined;
};

/** `--year`, four digits; undefined when absent (see `yearAndAsOf` for the default). */
export function yearOf(v: Values): number | undefined {
  const raw = v.year;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) {
    throw new UsageError(
      `--year 应为四位年份，如 2006（收到 "${raw}"）`,
      `--year must be a year such as 2006 (got "${raw}")`,
    );
  }
  return Number(raw);
}

/**
 * `--year` (and with `asOf`, `--as-of`), with their defaults from the organisation's years
 * (GET /v1/plans through `client`, asked only when a default is needed). `asOf` stays undefined
 * (the server's today) when the year has no stored plan.
 */
export async function yearAndAsOf(
  ctx: Context,
  client: () => Promise<ApiClient>,
  opts: { readonly asOf?: boolean } = {},
): Promise<{ year: number; asOf?: IsoDate }> {
  const given = yearOf(ctx.values);
  const asOf = opts.asOf ? dateOf(ctx.values, 'as-of') : undefined;
  if (given !== undefined && (asOf !== undefined || !opts.asOf))
    return { year: given, ...(asOf ? { asOf } : {}) };
  const years = await (await client()).listPlans();
  const today = ctx.today();
  const entry = given !== undefined ? years.find((y) => y.year === given) : defaultPlanYear(years, today);
  if (!entry && given === undefined) {
    throw new UsageError(
      '还没有任何年度计划；请先建立计划，或用 --year 指定年度',
      'There is no plan yet; set one up first, or give --year',
    );
  }
  const year = given ?? entry!.year;
  const day = asOf ?? (opts.asOf && entry ? defaultAsOf(entry.end, today) : undefined);
  return { year, ...(day ? { asOf: day } : {}) };
}

/** A date option (`--as-of`), YYYY-MM-DD; undefined when absent. */
export function dateOf(v: Values, name: string): string | undefined {
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

/** A whole-number option within `min`–`max`; undefined when absent. */
export function intOf(v: Values, name: string, min: number, max: number): number | undefined {
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

/** `--period`, YYYY-MM; undefined when absent. */
export function periodOf(v: Values): string | undefined {
  const period = str(v, 'period');
  if (period !== undefined && !isPeriod(period)) {
    throw new UsageError(
      `--period 应为 YYYY-MM（收到 "${period}"）`,
      `--period must be YYYY-MM (got "${period}")`,
    );
  }
  return period;
}
