/** `shishi status`: the district's status with the one-vote veto. */
import type { Command } from '../command';
import { EXIT } from '../errors';
import { formatStatus } from '../format';
import { AS_OF_HELP, YEAR_HELP, yearAndAsOf } from '../options';

export const statusCommand: Command = {
  name: 'status',
  summary: { zh: '全区进度与一票否决结论', en: 'the district’s status with the one-vote veto' },
  usage: 'shishi status [--year YYYY] [--as-of YYYY-MM-DD] [--json]',
  details: {
    zh: '只有考核办采用的报表计入进度；“含待审”列为计入待审核报表后的暂计数。--json 输出 API 的原始 JSON。',
    en: 'Only reports the office accepted count; the provisional column includes reports awaiting review. --json prints the API’s JSON.',
  },
  options: { year: { type: 'string' }, 'as-of': { type: 'string' } },
  optionHelp: [YEAR_HELP, AS_OF_HELP],
  positionals: [0, 0],
  async run(ctx) {
    const { year, asOf } = await yearAndAsOf(ctx, () => ctx.client('office'), { asOf: true });
    const status = await (await ctx.client('office')).status(year, asOf);
    ctx.print(status, () => formatStatus(status, ctx.locale));
    return EXIT.ok;
  },
};
