/** `shishi status`: the district's status with the one-vote veto, or a city's over its districts. */
import { SEED_ALL_PLANS } from '../../local/seed';
import type { Command } from '../command';
import { EXIT } from '../errors';
import { formatStatus } from '../format';
import { AS_OF_HELP, str, YEAR_HELP, yearAndAsOf } from '../options';

/** Who reads an organisation's status with a local token: a city's office at a city, else the office. */
const readerOf = (org: string | undefined) =>
  org !== undefined && SEED_ALL_PLANS.find((p) => p.organisation.id === org)?.organisation.level === 'city'
    ? 'city'
    : 'office';

export const statusCommand: Command = {
  name: 'status',
  summary: {
    zh: '全区进度与一票否决结论（--org 市：各区县汇总与排名）',
    en: 'the district’s status with the one-vote veto (--org CITY: its districts rolled up and ranked)',
  },
  usage: 'shishi status [--org ORG] [--year YYYY] [--as-of YYYY-MM-DD] [--json]',
  details: {
    zh: '只有考核办采用的报表计入进度；“含待审”列为计入待审核报表后的暂计数。--org 指定组织：市级显示由各区县汇总的进度、各区县的结论、完成率、迟报缺报和名次。--json 输出 API 的原始 JSON。',
    en: 'Only reports the office accepted count; the provisional column includes reports awaiting review. --org names the organisation: at a city, the status rolled up from its districts, with each district’s verdict, completion, late and missing reports and rank. --json prints the API’s JSON.',
  },
  options: { year: { type: 'string' }, 'as-of': { type: 'string' }, org: { type: 'string' } },
  optionHelp: [
    [
      '--org ORG',
      { zh: '组织编号（默认：第一个示例区）', en: 'organisation id (default: the first sample district)' },
    ],
    YEAR_HELP,
    AS_OF_HELP,
  ],
  positionals: [0, 0],
  async run(ctx) {
    const org = str(ctx.values, 'org');
    const client = () => ctx.client(readerOf(org), org);
    const { year, asOf } = await yearAndAsOf(ctx, client, { asOf: true });
    const status = await (await client()).status(year, asOf);
    ctx.print(status, () => formatStatus(status, ctx.locale));
    return EXIT.ok;
  },
};
