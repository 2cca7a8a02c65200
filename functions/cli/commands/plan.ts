/**
 * `shishi plan show|list|publish`: the year's published plan, the organisation's years and their
 * states, and publishing the year's newest version. A subcommand is one entry in `SUBCOMMANDS`.
 */
import type { Command, Context } from '../command';
import { EXIT, UsageError } from '../errors';
import { formatPlan, formatPlanYears } from '../format';
import { intOf, YEAR_HELP, yearAndAsOf } from '../options';

const office = (ctx: Context) => () => ctx.client('office');

const SUBCOMMANDS: Readonly<Record<string, (ctx: Context) => Promise<number>>> = {
  async show(ctx) {
    const { year } = await yearAndAsOf(ctx, office(ctx));
    const record = await (await ctx.client('office')).getPlan(year);
    ctx.print(record, () => formatPlan(record, ctx.locale));
    return EXIT.ok;
  },
  async list(ctx) {
    const items = await (await ctx.client('office')).listPlans();
    ctx.print({ items }, () => formatPlanYears(items, ctx.locale));
    return EXIT.ok;
  },
  async publish(ctx) {
    const asked = intOf(ctx.values, 'version', 1, 99_999_999);
    const { year } = await yearAndAsOf(ctx, office(ctx));
    const client = await ctx.client('office');
    // Without --version: the newest, which is the only version that may be published.
    const version = asked ?? (await client.getPlan(year, 'latest')).version;
    const stored = await client.publishPlan(year, version);
    ctx.print(stored, () =>
      ctx.t(
        `已发布 ${stored.year} 年度计划第 ${stored.version} 版：各单位据此报送`,
        `Published version ${stored.version} of the ${stored.year} plan: units now report against it`,
      ),
    );
    return EXIT.ok;
  },
};

export const planCommand: Command = {
  name: 'plan',
  listedAs: 'plan show|list|publish',
  summary: {
    zh: '年度计划：查看已发布的计划、列出各年度、发布最新版本',
    en: 'the year’s plan: show the published plan, list the years, publish the newest version',
  },
  usage: 'shishi plan show|list|publish [--year YYYY] [--version V] [--json]',
  details: {
    zh: 'show：已发布的计划摘要（实事、指标、目标与责任单位）。list：本地区各年度计划，最近的年度在前，含最新版本与已发布版本。publish：考核办发布某年度计划的最新版本（--version 默认最新版）；计划未通过校验（如缺第一责任人）时列出问题并以退出码 1 结束，已有更新的版本时拒绝。',
    en: 'show: the published plan (pledges, indicators, targets, main units). list: the district’s years, newest first, with their newest and published versions. publish: the office publishes the year’s newest version (--version defaults to it); a plan that fails validation (say, no first responsible person) lists its problems and exits with 1; a version that is no longer the newest is refused.',
  },
  options: { year: { type: 'string' }, version: { type: 'string' } },
  optionHelp: [
    YEAR_HELP,
    [
      '--version V',
      {
        zh: 'publish：要发布的版本（默认最新版）',
        en: 'publish: the version to publish (default: the newest)',
      },
    ],
  ],
  positionals: [0, 1],
  async run(ctx) {
    const sub = ctx.positionals[0] ?? 'show';
    const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!run) {
      const known = Object.keys(SUBCOMMANDS);
      throw new UsageError(
        `未知子命令：plan ${sub}（可用：${known.map((k) => `plan ${k}`).join('、')}）`,
        `Unknown subcommand: plan ${sub} (try: ${known.map((k) => `plan ${k}`).join(', ')})`,
      );
    }
    if (sub !== 'publish' && ctx.values.version !== undefined) {
      throw new UsageError('--version 只用于 plan publish', '--version is only for plan publish');
    }
    return run(ctx);
  },
};
