/** `shishi token`: a token for a sample user, signed with the local stack's keys. */
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { checkSampleUser, mintLocalToken, principalFor } from '../local';
import { str } from '../options';

export const tokenCommand: Command = {
  name: 'token',
  summary: {
    zh: '为示例用户签发令牌（仅限本地栈）',
    en: 'print a token for a sample user (local stack only)',
  },
  usage: 'shishi token --as office|leader|unit:<id>',
  details: {
    zh: '用本地栈的签名密钥（<数据目录>/keys/jwt.json）签发 12 小时有效的令牌。须先运行过 npm start。',
    en: 'Signs a token valid for 12 hours with the local stack’s keys (<data dir>/keys/jwt.json). Run npm start once first.',
  },
  options: { as: { type: 'string' } },
  optionHelp: [
    ['--as WHO', { zh: 'office、leader 或 unit:<单位编号>', en: 'office, leader or unit:<unit id>' }],
  ],
  positionals: [0, 0],
  async run(ctx) {
    const as = str(ctx.values, 'as');
    if (!as) {
      throw new UsageError(
        '请用 --as 指定身份：office、leader 或 unit:<单位编号>',
        'Say who with --as: office, leader or unit:<unit id>',
      );
    }
    const who = checkSampleUser(as);
    const token = await mintLocalToken(ctx.dataDir, who);
    ctx.print({ as: who, principal: principalFor(who), token }, () => token);
    if (!ctx.json) {
      ctx.io.err(ctx.t('（12 小时内有效，仅对本地栈有效）', '(valid for 12 hours, on the local stack only)'));
    }
    return EXIT.ok;
  },
};
