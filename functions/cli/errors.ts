/**
 * The CLI's expected failures, each with a message in both languages and the exit code it ends
 * the command with: 1 rejected by validation, 2 usage, 3 server or network.
 */
import type { LocalizedText } from '../../domain/result';

export const EXIT = { ok: 0, rejected: 1, usage: 2, server: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The API's codes for a request that validation refused: exit code 1; other refusals exit 3. */
export const VALIDATION_CODES: ReadonlySet<string> = new Set([
  'submission.invalid',
  'plan.invalid',
  'request.invalid',
]);

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly text: LocalizedText,
    readonly exitCode: ExitCode,
  ) {
    super(text.en);
  }
}

/** A wrong command line: unknown command or flag, missing or bad value. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(zh: string, en: string) {
    super({ zh, en }, EXIT.usage);
  }
}

/** The API could not be reached, or did not answer in time. */
export class NetworkError extends CliError {
  override name = 'NetworkError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(
      {
        zh: `无法连接到 API ${url}（${reason}）。本地栈是否已启动（npm start）？或用 --api 指定地址。`,
        en: `Cannot reach the API at ${url} (${reason}). Is the local stack running (npm start)? Or pass --api.`,
      },
      EXIT.server,
    );
  }
}

/** The local stack's files (keys, local.json) are missing or unreadable. */
export class LocalStackError extends CliError {
  override name = 'LocalStackError';
  constructor(zh: string, en: string) {
    super({ zh, en }, EXIT.server);
  }
}
