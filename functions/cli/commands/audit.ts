/** `shishi audit`: a page of the audit trail. */
import type { Command } from '../command';
import { EXIT } from '../errors';
import { formatAudit } from '../format';
import { intOf, str, YEAR_HELP, yearAndAsOf } from '../options';

export const auditCommand: Command = {
  name: 'audit',
  summary: { zh: '审计记录（考核办）', en: 'the audit trail (office)' },
  usage: 'shishi audit [--year YYYY] [--limit N] [--cursor C] [--json]',
  options: { year: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
  optionHelp: [
    YEAR_HELP,
    ['--limit N', { zh: '条数 1–1000（默认 100）', en: 'entries 1–1000 (default 100)' }],
    ['--cursor C', { zh: '接着上一页', en: 'continue after a page' }],
  ],
  positionals: [0, 0],
  async run(ctx) {
    const limit = intOf(ctx.values, 'limit', 1, 1000);
    const { year } = await yearAndAsOf(ctx, () => ctx.client('office'));
    const page = await (await ctx.client('office')).audit({ year, limit, cursor: str(ctx.values, 'cursor') });
    ctx.print(page, () => formatAudit(page, ctx.locale));
    return EXIT.ok;
  },
};
