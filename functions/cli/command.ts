/**
 * What a command of the `shishi` CLI is, and what it is given to run: main.ts parses the line
 * into a `Context` and calls the command's `run`; commands/index.ts lists them.
 */
import type { ParseArgsConfig } from 'node:util';
import type { LocalizedText } from '../../domain/result';
import type { ApiClient } from './client';
import type { Locale } from './format';

/** Where the CLI writes and what it reads of its environment; tests pass their own. */
export interface Io {
  /** Writes a line to standard output. */
  out(text: string): void;
  /** Writes a line to standard error. */
  err(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly fetch?: typeof fetch;
  /** The clock (today's date picks the default year); the system's by default. */
  readonly now?: () => Date;
}

/** Option declarations as node:util parseArgs takes them. */
export type Options = NonNullable<ParseArgsConfig['options']>;
/** Parsed option values, by option name without the dashes. */
export type Values = Readonly<Record<string, string | boolean | undefined>>;
/** One line of an option list in the help: the option as typed, and what it does. */
export type HelpRow = readonly [option: string, text: LocalizedText];

export interface Context {
  readonly io: Io;
  readonly locale: Locale;
  readonly t: (zh: string, en: string) => string;
  readonly json: boolean;
  readonly values: Values;
  readonly positionals: readonly string[];
  readonly dataDir: string;
  /** Today in the district's time zone (YYYY-MM-DD). */
  today(): string;
  /**
   * The API as the sample user `as` (of sample organisation `org`, the first by default), or
   * with the caller's --token / SHISHI_TOKEN; with `org`, every request names it (`?org=`).
   */
  client(as: string, org?: string): Promise<ApiClient>;
  /** Prints `value` as JSON with --json, else the human text. */
  print(value: unknown, human: () => string): void;
}

export interface Command {
  readonly name: string;
  /** How the list of commands in `shishi --help` names it, when not just `name` (`plan show`). */
  readonly listedAs?: string;
  readonly summary: LocalizedText;
  readonly usage: string;
  readonly details?: LocalizedText;
  readonly options: Options;
  readonly optionHelp: readonly HelpRow[];
  readonly positionals: readonly [min: number, max: number];
  /** Tokens are always signed with the local stack's keys: SHISHI_TOKEN is not used. */
  readonly localTokensOnly?: boolean;
  run(ctx: Context): Promise<number>;
}
