/** `shishi submit`: sends one monthly report, JSON or a filled worksheet, as its unit. */
import { resolve } from 'node:path';
import { IDEMPOTENCY_KEY } from '../../../api/schemas';
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { formatReceipt } from '../format';
import { apiPlans, contentKey, loadReport, requestBody } from '../input';
import { str, yearAndAsOf } from '../options';

export const submitCommand: Command = {
  name: 'submit',
  summary: { zh: '报送一份月度进度报表', en: 'send a monthly progress report' },
  usage: 'shishi submit FILE.json|FILE.xlsx [--idempotency-key K] [--json]',
  details: {
    zh: 'FILE 为一份报表（JSON，格式见 domain/submission.ts），或填好的进度报表（.xlsx，按工作簿所属年度的已发布计划识别）。幂等键默认由报表内容计算：重新运行同一份报表是重试，不会产生新版本。报表未通过校验时列出问题并以退出码 1 结束。令牌默认按报表的填报单位签发。',
    en: 'FILE is a report (JSON, as in domain/submission.ts) or a filled progress worksheet (.xlsx, read against the published plan of the workbook’s year). The idempotency key defaults to a hash of the report’s content: sending the same report again is a retry, not a new version. A report that fails validation lists its findings and exits with 1. The token defaults to the report’s unit.',
  },
  options: { 'idempotency-key': { type: 'string' } },
  optionHelp: [
    [
      '--idempotency-key K',
      { zh: '幂等键（8–128 个字母、数字或 ._:-）', en: 'idempotency key (8–128 letters, digits or ._:-)' },
    ],
  ],
  positionals: [1, 1],
  async run(ctx) {
    const file = resolve(ctx.io.cwd, ctx.positionals[0]!);
    const key = str(ctx.values, 'idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new UsageError(
        `--idempotency-key 应为 8–128 个字母、数字或 ._:-（收到 "${key}"）`,
        `--idempotency-key must be 8–128 letters, digits or ._:- (got "${key}")`,
      );
    }
    // A workbook is read against the stored published plan of its year (or the default year).
    const office = () => ctx.client('office');
    const defaultYear = async () => (await yearAndAsOf(ctx, office)).year;
    const { submission, bytes } = await loadReport(file, apiPlans(office, defaultYear));
    if (typeof submission.unit !== 'string' || submission.unit === '') {
      throw new UsageError(`${file} 未写明填报单位（unit）`, `${file} does not name its unit`);
    }
    const client = await ctx.client(`unit:${submission.unit}`);
    // A workbook goes to the server as it is: the server reads it again (it is the authority).
    const body = requestBody(submission);
    const out = bytes
      ? await client.submitWorkbook(bytes, key)
      : await client.submit(body, key ?? contentKey(body));
    ctx.print(out.receipt, () => formatReceipt(out, ctx.locale));
    return EXIT.ok;
  },
};
