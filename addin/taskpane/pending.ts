/**
 * A submission that could not be sent (offline, server down) is kept with its idempotency key,
 * so that a retry — even after the pane reloads — is the same attempt. Never the token.
 */
import type { Submission } from '../api/types';

export const PENDING_KEY = 'shishi.pendingSubmission';

export interface PendingSubmission {
  readonly key: string;
  readonly submission: Submission;
}

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

export function loadPending(): PendingSubmission | undefined {
  const raw = storage()?.getItem(PENDING_KEY);
  if (!raw) return undefined;
  try {
    const p = JSON.parse(raw) as Partial<PendingSubmission>;
    return typeof p.key === 'string' && p.submission ? { key: p.key, submission: p.submission } : undefined;
  } catch {
    return undefined;
  }
}

export function savePending(p: PendingSubmission): void {
  try {
    storage()?.setItem(PENDING_KEY, JSON.stringify(p));
  } catch {
    // Storage full or blocked: the pending report stays in memory.
  }
}

export function clearPending(): void {
  storage()?.removeItem(PENDING_KEY);
}
