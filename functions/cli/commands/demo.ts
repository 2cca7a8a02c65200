/** `shishi demo`: the April and May 2006 scenario (../demo.ts) on the local stack, then the status. */

import { SEED_PLAN } from '../../local/seed';
import type { Command } from '../command';
import { DEMO_AS_OF, runDemo } from '../demo';
import { EXIT, UsageError } from '../errors';
import { formatStatus } from '../format';
import { shown } from '../output';
import { makeSummary } from './summary';

/** Where `shishi demo` saves the summary, relative to the current folder. */
export const DEMO_SUMMARY_FILE = 'out/summary-2006.xlsx';

export const demoCommand: Command = {
  name: 'demo',
  summary: {
    zh: '在本地栈上演示 2006 年 4、5 月的报送与审核，最后显示全区进度',
    en: 'on the local stack: April and May 2006 reports and reviews, then the district status',
  },
  usage: 'shishi demo [--force] [--api URL] [--lang en] [--json]',
  details: {
    zh: `劳动、交通、民政三局和城关镇报送 4、5 月报表；考核办采用大部分，退回一份并写明意见，城关镇更正后重新报送；民政局 5 月报表留待审核。最后显示截至 ${DEMO_AS_OF} 的全区进度。可重复运行：同一份报表重复报送是重试，已审核的版本跳过。写入之前先列出栈上该年度的报表：若有不是演示写入的报表（编号或内容与演示的不同），拒绝运行，以退出码 1 结束，什么也不写；加 --force 则照样写入。令牌总是用本地栈的密钥签发。`,
    en: `Labor, transport, civil affairs and 城关镇 send their April and May reports; the office accepts most, returns one with a comment, 城关镇 sends a corrected version; civil affairs’ May report is left awaiting review. Ends with the district status as of ${DEMO_AS_OF}. Safe to run again: a resent report is a retry, reviewed versions are skipped. Before writing anything it lists the stack’s reports of the year: when any was not made by the demo (an id or content the demo does not send), it refuses with exit code 1 and writes nothing; --force writes anyway. Tokens are always signed with the local stack’s keys.`,
  },
  options: { force: { type: 'boolean' } },
  optionHelp: [
    [
      '--force',
      {
        zh: '栈上已有不是演示写入的报表时也照样写入',
        en: 'write even when the stack holds reports the demo did not make',
      },
    ],
  ],
  positionals: [0, 0],
  localTokensOnly: true,
  async run(ctx) {
    if (ctx.values.token !== undefined) {
      throw new UsageError(
        'demo 以多个示例用户的身份操作，令牌由本地栈的密钥签发，不接受 --token',
        'demo acts as several sample users with tokens from the local stack’s keys; --token is not accepted',
      );
    }
    const say = ctx.json ? ctx.io.err : ctx.io.out;
    const status = await runDemo({
      client: (as) => ctx.client(as),
      say,
      locale: ctx.locale,
      force: ctx.values.force === true,
    });
    if (!ctx.json) say('');
    ctx.print(status, () => formatStatus(status, ctx.locale));
    const { path } = await makeSummary(ctx, SEED_PLAN.year, DEMO_AS_OF, DEMO_SUMMARY_FILE);
    (ctx.json ? ctx.io.err : ctx.io.out)(
      ctx.t(
        `领导阅读的汇总表（截至 ${DEMO_AS_OF}）：${shown(ctx, path)}`,
        `The leaders’ summary workbook (as of ${DEMO_AS_OF}): ${shown(ctx, path)}`,
      ),
    );
    return EXIT.ok;
  },
};
