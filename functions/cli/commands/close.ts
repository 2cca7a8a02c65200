/** `shishi close` and `shishi reopen`: the office closes the district's year, or reopens it with a reason. */
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { formatAssessment } from '../format';
import { str, YEAR_HELP, yearAndAsOf } from '../options';
import { saveFile, shown } from '../output';

export const closeCommand: Command = {
  name: 'close',
  summary: {
    zh: '年终关账：冻结年终考核结果（达标/不达标、问责名单、表彰建议）',
    en: 'close the year: freeze the year-end assessment (pass/fail, accountability, commendations)',
  },
  usage: 'shishi close [--year YYYY] [--out FILE.xlsx]',
  details: {
    zh: '考核办在计划结束、所有报表审核完毕后关账（POST /v1/plans/{year}/close）。关账后不再接受该年度的报送和审核；如需更正，用 shishi reopen 说明原因重新开账。--out 保存年终考核表。',
    en: 'The office closes the year once the plan has ended and every report is reviewed (POST /v1/plans/{year}/close). After that no report or review of the year is accepted; to correct it, shishi reopen with a reason. --out saves the 年终考核 workbook.',
  },
  options: { year: { type: 'string' }, out: { type: 'string' } },
  optionHelp: [
    YEAR_HELP,
    ['--out FILE', { zh: '保存年终考核表到此文件', en: 'save the assessment workbook here' }],
  ],
  positionals: [0, 0],
  async run(ctx) {
    const office = await ctx.client('office');
    const { year } = await yearAndAsOf(ctx, async () => office);
    const closed = await office.closeYear(year);
    const out = str(ctx.values, 'out');
    const path = out ? await saveFile(ctx, out, (await office.assessmentWorkbook(year)).bytes) : undefined;
    ctx.print({ ...closed, ...(path ? { file: path } : {}) }, () =>
      [
        formatAssessment(closed.assessment, ctx.locale),
        ...(path
          ? [ctx.t(`年终考核表已保存为 ${shown(ctx, path)}`, `Saved the workbook as ${shown(ctx, path)}`)]
          : []),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};

export const reopenCommand: Command = {
  name: 'reopen',
  summary: { zh: '重新开账（须说明原因，记入审计）', en: 'reopen a closed year (with a reason, audited)' },
  usage: 'shishi reopen [--year YYYY] --reason "原因"',
  details: {
    zh: '已冻结的年终考核保留不变；再次关账时生成新的版本。',
    en: 'The frozen assessment stays as it is; closing again freezes a new version.',
  },
  options: { year: { type: 'string' }, reason: { type: 'string' } },
  optionHelp: [YEAR_HELP, ['--reason TEXT', { zh: '重新开账的原因', en: 'why the year is reopened' }]],
  positionals: [0, 0],
  async run(ctx) {
    const reason = str(ctx.values, 'reason')?.trim();
    if (!reason)
      throw new UsageError('重新开账须用 --reason 说明原因', 'Say why with --reason to reopen a year');
    const office = await ctx.client('office');
    const { year } = await yearAndAsOf(ctx, async () => office);
    const state = await office.reopenYear(year, reason);
    ctx.print(state, () =>
      ctx.t(
        `${year}年度已重新开账（原因：${reason}）；第 ${state.assessmentVersion} 版年终考核保留不变`,
        `The year ${year} is open again (reason: ${reason}); assessment version ${state.assessmentVersion} stays as it was`,
      ),
    );
    return EXIT.ok;
  },
};
