/** `shishi audit`: a page of the audit trail; `shishi audit verify`: its chain walked (exit 1 if not intact). */
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { formatAudit, formatAuditVerification } from '../format';
import { intOf, str, YEAR_HELP, yearAndAsOf } from '../options';

export const auditCommand: Command = {
  name: 'audit',
  summary: { zh: '审计记录及其校验（考核办）', en: 'the audit trail, and its verification (office)' },
  usage:
    'shishi audit [--year YYYY] [--limit N] [--cursor C] [--json] · shishi audit verify [--year YYYY] [--json]',
  options: { year: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
  optionHelp: [
    YEAR_HELP,
    ['--limit N', { zh: '条数 1–1000（默认 100）', en: 'entries 1–1000 (default 100)' }],
    ['--cursor C', { zh: '接着上一页', en: 'continue after a page' }],
  ],
  positionals: [0, 1],
  async run(ctx) {
    const [sub] = ctx.positionals;
    if (sub !== undefined && sub !== 'verify') {
      throw new UsageError(
        `未知的子命令：${sub}（可用：verify）`,
        `Unknown subcommand: ${sub} (try: verify)`,
      );
    }
    if (sub === 'verify') {
      const { year } = await yearAndAsOf(ctx, () => ctx.client('office'));
      const found = await (await ctx.client('office')).verifyAudit(year);
      ctx.print(found, () => formatAuditVerification(found, ctx.locale));
      return found.ok ? EXIT.ok : EXIT.rejected;
    }
    const limit = intOf(ctx.values, 'limit', 1, 1000);
    const { year } = await yearAndAsOf(ctx, () => ctx.client('office'));
    const page = await (await ctx.client('office')).audit({ year, limit, cursor: str(ctx.values, 'cursor') });
    ctx.print(page, () => formatAudit(page, ctx.locale));
    return EXIT.ok;
  },
};
