/** `shishi plan show`: the year's plan. */
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { formatPlan } from '../format';
import { YEAR_HELP, yearOf } from '../options';

export const planCommand: Command = {
  name: 'plan',
  listedAs: 'plan show',
  summary: {
    zh: '年度计划摘要：实事、指标、目标与责任单位',
    en: 'the year’s plan: pledges, indicators, targets, main units',
  },
  usage: 'shishi plan show [--year 2006] [--json]',
  options: { year: { type: 'string' } },
  optionHelp: [YEAR_HELP],
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
};
