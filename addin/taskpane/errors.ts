/**
 * How the pane tells the API client's failures apart: `ApiProblem` (the server answered, with a
 * status and a code) or `NetworkError` (no answer); anything else is a fault.
 */

import type { Problem } from '../../api/errors';
import { ApiProblem, NetworkError } from '../../api/errors';
import type { Finding } from '../../domain/findings';
import type { LocalizedText } from '../../domain/result';

export type Failure =
  | { readonly kind: 'network'; readonly message: LocalizedText }
  | {
      readonly kind: 'problem';
      readonly status: number;
      readonly code: string;
      readonly problem: Problem;
      /** Seconds the server asked to wait (`Retry-After`). */
      readonly retryAfter?: number;
    }
  | { readonly kind: 'other'; readonly message: string };

export function classify(e: unknown): Failure {
  if (e instanceof NetworkError) return { kind: 'network', message: e.text };
  if (e instanceof ApiProblem)
    return {
      kind: 'problem',
      status: e.status,
      code: e.code,
      problem: e.problem,
      ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
    };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Worth keeping and sending again with the same idempotency key: no answer, the server or a
 * gateway failing (5xx), or asking to come back later (408, 429).
 */
export const isTransient = (f: Failure): boolean =>
  f.kind === 'network' || (f.kind === 'problem' && (f.status >= 500 || f.status === 408 || f.status === 429));

/** The first wait of the retry timer, doubled after each failure up to the longest. */
export const RETRY_FIRST_MS = 5_000;
export const RETRY_LONGEST_MS = 60_000;
/** A `Retry-After` is honoured up to this (a longer one is taken as this). */
export const RETRY_AFTER_LONGEST_MS = 15 * 60_000;

/**
 * How long to wait before the next try after `failures` failed tries in a row: the server's
 * `Retry-After` when it gave one, else 5 s, 10 s, 20 s, 40 s, then every 60 s.
 *
 * @example retryDelayMs({ kind: 'network', message }, 3) // → 20_000
 */
export function retryDelayMs(f: Failure, failures: number): number {
  if (f.kind === 'problem' && f.retryAfter !== undefined)
    return Math.min(Math.max(f.retryAfter * 1000, 1000), RETRY_AFTER_LONGEST_MS);
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1), RETRY_LONGEST_MS);
}

export const problemFindings = (f: Failure): readonly Finding[] =>
  f.kind === 'problem' ? (f.problem.findings ?? []) : [];

/** What to tell the user about a failure: the server's own message, or a network or generic one. */
export function failureText(
  f: Failure,
  t: (key: 'networkFailed' | 'failedGeneric') => string,
  l: (message: LocalizedText) => string,
): string {
  if (f.kind === 'problem') return l(f.problem.message);
  return f.kind === 'network' ? t('networkFailed') : t('failedGeneric');
}
