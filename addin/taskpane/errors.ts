/**
 * How the pane tells the API client's failures apart: `ApiProblem` (the server answered, with a
 * status and a code) or `NetworkError` (no answer); anything else is a fault.
 */
import { ApiProblem, NetworkError } from '../api/errors';
import type { Finding, LocalizedText, Problem } from '../api/types';

export type Failure =
  | { readonly kind: 'network'; readonly message: LocalizedText }
  | { readonly kind: 'problem'; readonly status: number; readonly code: string; readonly problem: Problem }
  | { readonly kind: 'other'; readonly message: string };

export function classify(e: unknown): Failure {
  if (e instanceof NetworkError) return { kind: 'network', message: e.text };
  if (e instanceof ApiProblem) return { kind: 'problem', status: e.status, code: e.code, problem: e.problem };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

/** Worth keeping and sending again with the same idempotency key. */
export const isTransient = (f: Failure): boolean =>
  f.kind === 'network' || (f.kind === 'problem' && f.status >= 500);

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
