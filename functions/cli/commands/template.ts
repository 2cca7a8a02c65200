/** `shishi template`: downloads a unit's progress worksheet for a month. */
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { periodOf, str, yearOf } from '../options';
import { saveFile, shown } from '../output';

export const templateCommand: Command = {
  name: 'template',
  summary: {
    zh: '下载某单位某月的进度报表模板（.xlsx）',
    en: 'download a unit’s progress worksheet for a month (.xlsx)',
  },
  usage: 'shishi template --unit U --period YYYY-MM --out FILE.xlsx [--year YYYY]',
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
    const out = str(ctx.values, 'out');
    if (!unit || !str(ctx.values, 'period') || !out) {
      throw new UsageError('请给出 --unit、--period 和 --out', 'Give --unit, --period and --out');
    }
    const period = periodOf(ctx.values)!;
    const year = yearOf(ctx.values) ?? Number(period.slice(0, 4));
    const file = await (await ctx.client(`unit:${unit}`)).template(year, unit, period);
    const path = await saveFile(ctx, out, file.bytes);
    ctx.print({ file: path, bytes: file.bytes.length, filename: file.filename }, () =>
      ctx.t(`已保存 ${shown(ctx, path)}`, `Saved ${shown(ctx, path)}`),
    );
    return EXIT.ok;
  },
};
