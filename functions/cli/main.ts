/**
 * The `shishi` command line: a thin shell over the HTTP API. This file parses the line, finds the
 * command (one file each in commands/, listed in commands/index.ts), builds its `Context` and
 * prints the help, usage and errors. `backup` and `restore` talk to the local stack's DynamoDB
 * Local instead (database.ts).
 *
 * Exit codes: 0 done, 1 rejected by validation (findings printed), 2 usage, 3 server or network.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiProblem } from '../../api/errors';
import type { LocalizedText } from '../../domain/result';
import { localDate } from '../runtime';
import { ApiClient } from './client';
import type { Command, Context, HelpRow, Io, Values } from './command';
import { COMMANDS } from './commands';
import { CliError, EXIT, UsageError, VALIDATION_CODES } from './errors';
import { formatProblem, formatRejection, type Locale, pick, tr } from './format';
import { dataDir, mintLocalToken, resolveApiUrl } from './local';
import { GLOBAL_HELP, GLOBAL_OPTIONS, langOf, str } from './options';

export type { Io } from './command';

const EXIT_HELP: LocalizedText = {
  zh: '退出码：0 完成，1 报表未通过校验，2 用法错误，3 服务器或网络错误',
  en: 'Exit codes: 0 done, 1 rejected by validation, 2 usage, 3 server or network error',
};

// ---------------------------------------------------------------------------------------------
// Help

const wrapOptions = (rows: readonly HelpRow[], locale: Locale) => {
  const width = Math.max(0, ...rows.map(([o]) => o.length));
  return rows.map(([o, text]) => `  ${o.padEnd(width)}  ${pick(text, locale)}`);
};

export function usage(locale: Locale): string {
  const t = tr(locale);
  const visible = COMMANDS;
  const width = Math.max(...visible.map((c) => c.name.length)) + 5;
  return [
    t('shishi — 为民办实事进度命令行', 'shishi — the command line of Shishi (为民办实事)'),
    '',
    t('用法：shishi <命令> [选项]', 'Usage: shishi <command> [options]'),
    '',
    t('命令：', 'Commands:'),
    // A long `listedAs` (`plan show|list|…`) still keeps two spaces before its summary.
    ...visible.map((c) => `  ${(c.listedAs ?? c.name).padEnd(width - 2)}  ${pick(c.summary, locale)}`),
    '',
    t('通用选项：', 'Options for every command:'),
    ...wrapOptions(GLOBAL_HELP, locale),
    '',
    t('各命令的帮助：shishi <命令> --help', 'Help on a command: shishi <command> --help'),
    pick(EXIT_HELP, locale),
  ].join('\n');
}

function commandHelp(c: Command, locale: Locale): string {
  const t = tr(locale);
  return [
    `${t('用法：', 'Usage: ')}${c.usage}`,
    '',
    pick(c.summary, locale),
    ...(c.details ? ['', pick(c.details, locale)] : []),
    ...(c.optionHelp.length ? ['', t('选项：', 'Options:'), ...wrapOptions(c.optionHelp, locale)] : []),
    '',
    t('通用选项：', 'Options for every command:'),
    ...wrapOptions(GLOBAL_HELP, locale),
    '',
    pick(EXIT_HELP, locale),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Running

/** Options that take a value, so that the value is not taken for the command's name. */
const VALUE_OPTIONS = new Set(
  [GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options)].flatMap((o) =>
    Object.entries(o)
      .filter(([, d]) => d.type === 'string')
      .map(([name]) => `--${name}`),
  ),
);

/** The index of the command's name in argv, or -1. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** node:util parseArgs errors, in the user's language. */
function parseError(e: unknown, command: string): UsageError {
  const err = e as { code?: string; message?: string };
  const name = /'(-[^' ]+)/.exec(err.message ?? '')?.[1] ?? '';
  const hint = { zh: `（见 shishi ${command} --help）`, en: ` (see shishi ${command} --help)` };
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`未知选项：${name}${hint.zh}`, `Unknown option: ${name}${hint.en}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message ?? '')
        ? new UsageError(`选项 ${name} 缺少取值${hint.zh}`, `Option ${name} needs a value${hint.en}`)
        : new UsageError(`选项 ${name} 不接受取值${hint.zh}`, `Option ${name} takes no value${hint.en}`);
    default:
      return new UsageError(`${err.message ?? String(e)}${hint.zh}`, `${err.message ?? String(e)}${hint.en}`);
  }
}

/**
 * Runs one command line and answers its exit code. Nothing here exits the process or reads
 * process globals beyond `io`'s defaults.
 */
export async function run(argv: readonly string[], io: Partial<Io> = {}): Promise<number> {
  const full: Io = {
    out: io.out ?? ((s) => process.stdout.write(`${s}\n`)),
    err: io.err ?? ((s) => process.stderr.write(`${s}\n`)),
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(io.now ? { now: io.now } : {}),
  };
  let locale: Locale = 'zh-CN';
  let json = false;
  let minted = false;
  const t = (zh: string, en: string) => (locale === 'en' ? en : zh);
  try {
    locale = langOf(argv) ?? 'zh-CN';
    json = argv.includes('--json');
    const at = commandIndex(argv);
    const name = at >= 0 ? argv[at]! : undefined;
    if (name === undefined || name === 'help') {
      const wanted = name === 'help' ? argv[at + 1] : undefined;
      const c = COMMANDS.find((x) => x.name === wanted);
      if (c) {
        full.out(commandHelp(c, locale));
        return EXIT.ok;
      }
      if (name === 'help' || argv.includes('--help') || argv.includes('-h')) {
        full.out(usage(locale));
        return EXIT.ok;
      }
      full.err(usage(locale));
      return EXIT.usage;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new UsageError(
        `未知命令：${name}（可用命令见 shishi --help）`,
        `Unknown command: ${name} (see shishi --help)`,
      );
    }
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({
        args: [...argv.slice(0, at), ...argv.slice(at + 1)],
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      }) as { values: Values; positionals: string[] };
    } catch (e) {
      throw parseError(e, command.name);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      full.out(commandHelp(command, locale));
      return EXIT.ok;
    }
    const [min, max] = command.positionals;
    if (positionals.length < min || positionals.length > max) {
      throw new UsageError(`参数个数不对：${command.usage}`, `Wrong number of arguments: ${command.usage}`);
    }
    const dir = dataDir(full.env, full.cwd);
    let base: ApiClient | undefined;
    const explicitToken =
      str(values, 'token') ?? (command.localTokensOnly ? undefined : full.env.SHISHI_TOKEN);
    const tokens = new Map<string, Promise<string>>();
    const ctx: Context = {
      io: full,
      locale,
      t,
      json,
      values,
      positionals,
      dataDir: dir,
      today: () => localDate(full.now?.() ?? new Date()),
      async client(as, org) {
        base ??= new ApiClient({
          baseUrl: resolveApiUrl(str(values, 'api'), full.env, dir),
          ...(full.fetch ? { fetch: full.fetch } : {}),
        });
        if (explicitToken) return base.withToken(explicitToken).forOrg(org);
        const who = `${as}@${org ?? ''}`;
        let token = tokens.get(who);
        if (!token) {
          token = mintLocalToken(dir, as, org);
          tokens.set(who, token);
        }
        const signed = await token;
        minted = true;
        return base.withToken(signed).forOrg(org);
      },
      print(value, human) {
        full.out(json ? JSON.stringify(value, null, 2) : human());
      },
    };
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof ApiProblem) {
      if (json) full.out(JSON.stringify(e.problem, null, 2));
      if (VALIDATION_CODES.has(e.code)) {
        if (!json) full.err(formatRejection(e.problem, locale));
        return EXIT.rejected;
      }
      full.err(formatProblem(e.problem, locale));
      if (e.status === 401 && minted) {
        full.err(
          t(
            '令牌是用本地栈的密钥签发的，只对本地栈有效；连接其他服务器请用 --token 或 SHISHI_TOKEN。',
            'The token was signed with the local stack’s keys and only works there; for another server pass --token or SHISHI_TOKEN.',
          ),
        );
      }
      if (e.retryAfter !== undefined) {
        full.err(t(`请在 ${e.retryAfter} 秒后重试。`, `Retry in ${e.retryAfter} s.`));
      }
      return EXIT.server;
    }
    if (e instanceof CliError) {
      full.err(pick(e.text, locale));
      return e.exitCode;
    }
    full.err(
      t(
        `内部错误：${(e as Error)?.stack ?? String(e)}`,
        `Internal error: ${(e as Error)?.stack ?? String(e)}`,
      ),
    );
    return EXIT.server;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
