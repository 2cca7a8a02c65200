/** `shishi summary`: makes the leaders' summary workbook and downloads it. */
import type { Command, Context } from '../command';
import { EXIT, UsageError } from '../errors';
import { AS_OF_HELP, str, YEAR_HELP, yearAndAsOf } from '../options';
import { saveFile, shown } from '../output';

/** POSTs a summary as the office, then downloads the latest one to `out`; `shishi demo` ends so too. */
export async function makeSummary(ctx: Context, year: number, asOf: string | undefined, out: string) {
  const office = await ctx.client('office');
  const created = await office.createSummary(year, asOf);
  const file = await office.summary(year);
  const path = await saveFile(ctx, out, file.bytes);
  return { created, path };
}

export const summaryCommand: Command = {
  name: 'summary',
  summary: {
    zh: '生成并下载领导阅读的进度汇总表（.xlsx）',
    en: 'make and download the leaders’ summary workbook (.xlsx)',
  },
  usage: 'shishi summary [--year YYYY] [--as-of YYYY-MM-DD] --out FILE.xlsx',
  details: {
    zh: '考核办生成截至某日的汇总表（POST /v1/summaries/{year}），再下载最新的一份（GET）。',
    en: 'The office makes the summary as of a day (POST /v1/summaries/{year}), then downloads the latest (GET).',
  },
  options: { year: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' } },
  optionHelp: [YEAR_HELP, AS_OF_HELP, ['--out FILE', { zh: '保存到此文件', en: 'write to this file' }]],
  positionals: [0, 0],
  async run(ctx) {
    const out = str(ctx.values, 'out');
    if (!out) throw new UsageError('请用 --out 指定保存的文件', 'Say where to save it with --out');
    const { year, asOf } = await yearAndAsOf(ctx, () => ctx.client('office'), { asOf: true });
    const { created, path } = await makeSummary(ctx, year, asOf, out);
    ctx.print({ ...created, file: path }, () =>
      ctx.t(
        `已生成截至 ${created.asOf} 的汇总表，保存为 ${shown(ctx, path)}`,
        `Made the summary as of ${created.asOf}; saved as ${shown(ctx, path)}`,
      ),
    );
    return EXIT.ok;
  },
};
