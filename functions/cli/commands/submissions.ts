/** `shishi submissions`: the list of reports, or one report's versions and reviews. */
import type { Command } from '../command';
import { EXIT } from '../errors';
import { formatSubmissionDetail, formatSubmissions } from '../format';
import { periodOf, str, YEAR_HELP, yearAndAsOf, yearOf } from '../options';

export const submissionsCommand: Command = {
  name: 'submissions',
  summary: {
    zh: '报表列表；给出编号时显示该报表的各版本',
    en: 'list reports; with an id, one report’s versions',
  },
  usage: 'shishi submissions [ID [--cursor C]] [--year YYYY] [--unit U] [--period YYYY-MM] [--json]',
  options: {
    year: { type: 'string' },
    unit: { type: 'string' },
    period: { type: 'string' },
    cursor: { type: 'string' },
  },
  optionHelp: [
    ['ID', { zh: '报表编号，如 2006.labor.2006-05', en: 'a report id such as 2006.labor.2006-05' }],
    YEAR_HELP,
    ['--unit U', { zh: '责任单位编号', en: 'unit id' }],
    ['--period YYYY-MM', { zh: '报送期', en: 'period' }],
    ['--cursor C', { zh: '接着显示更早的版本', en: 'continue with older versions' }],
  ],
  positionals: [0, 1],
  async run(ctx) {
    const id = ctx.positionals[0];
    yearOf(ctx.values); // a bad --year is refused even with an id
    const period = periodOf(ctx.values);
    const client = await ctx.client('office');
    if (id) {
      const cursor = str(ctx.values, 'cursor');
      const detail = await client.getSubmission(id, cursor ? { cursor } : {});
      ctx.print(detail, () => formatSubmissionDetail(detail, ctx.locale));
      return EXIT.ok;
    }
    const { year } = await yearAndAsOf(ctx, () => ctx.client('office'));
    const items = await client.listSubmissions({
      year,
      unit: str(ctx.values, 'unit'),
      period,
    });
    ctx.print({ items }, () => formatSubmissions(items, ctx.locale));
    return EXIT.ok;
  },
};
