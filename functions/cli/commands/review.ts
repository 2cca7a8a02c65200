/** `shishi review`: the office accepts a report or returns it with a comment. */
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { formatReview } from '../format';
import { intOf, str } from '../options';

export const reviewCommand: Command = {
  name: 'review',
  summary: { zh: '考核办审核报表：采用或退回', en: 'the office reviews a report: accept or return' },
  usage: 'shishi review ID --accept | --return "意见" [--expected-version N]',
  details: {
    zh: '默认审核最新版本（由 GET /v1/submissions/{id} 取得）。退回时须写明意见。',
    en: 'Reviews the latest version by default (from GET /v1/submissions/{id}). Returning needs a comment.',
  },
  options: {
    accept: { type: 'boolean' },
    return: { type: 'string' },
    'expected-version': { type: 'string' },
  },
  optionHelp: [
    ['--accept', { zh: '采用', en: 'accept' }],
    ['--return TEXT', { zh: '退回，并写明意见', en: 'return, saying why' }],
    [
      '--expected-version N',
      { zh: '审核的版本（默认最新版）', en: 'the version reviewed (default: the latest)' },
    ],
  ],
  positionals: [1, 1],
  async run(ctx) {
    const id = ctx.positionals[0]!;
    const accept = ctx.values.accept === true;
    const comment = str(ctx.values, 'return');
    if (accept === (comment !== undefined)) {
      throw new UsageError(
        '请给出 --accept 或 --return "意见" 之一',
        'Give exactly one of --accept or --return "comment"',
      );
    }
    if (comment !== undefined && !comment.trim()) {
      throw new UsageError('退回报表时须写明意见', 'Say why when returning a report');
    }
    const given = intOf(ctx.values, 'expected-version', 1, Number.MAX_SAFE_INTEGER);
    const client = await ctx.client('office');
    const expectedVersion = given ?? (await client.getSubmission(id)).latestVersion;
    const result = await client.review(id, {
      decision: accept ? 'accept' : 'return',
      comment: comment ?? '',
      expectedVersion,
    });
    ctx.print(result, () => formatReview(result, comment ?? '', ctx.locale));
    return EXIT.ok;
  },
};
