/**
 * Submissions that could not be sent (offline, server down) are kept with their idempotency
 * keys, so that every later try — by the retry timer, the `online` event, the Retry button, or
 * after the pane was closed and opened again — is the same attempt, stored once by the server.
 *
 * They live in `localStorage`, not `sessionStorage`: Office drops a task pane's session storage
 * when the pane is closed, and a report kept only there would be lost without a word. Each unit
 * has its own entry (`shishi.pendingSubmissions.<unit>`), read only when that unit's user is
 * signed in, so another user of the same computer never sees or sends it. Never the token.
 *
 * One report per period: a newer attempt for the same period replaces the kept one (it is the
 * report the user means), a report for another period is kept beside it.
 */
import type { Submission } from '../../domain/submission';

/** Where a unit's kept reports are: `shishi.pendingSubmissions.<unit>`. */
export const PENDING_PREFIX = 'shishi.pendingSubmissions.';
export const pendingKey = (unit: string): string => `${PENDING_PREFIX}${unit}`;

/** Where an earlier version of the pane kept one report, in session storage. */
const LEGACY_KEY = 'shishi.pendingSubmission';

export interface PendingSubmission {
  readonly key: string;
  readonly submission: Submission;
  /** When it was first kept (ISO time). */
  readonly keptAt?: string;
}

/** When storage is unavailable (blocked, full), the reports stay in memory for this page. */
const memory = new Map<string, readonly PendingSubmission[]>();

function storage(kind: 'local' | 'session'): Storage | undefined {
  try {
    if (kind === 'local') return typeof localStorage === 'undefined' ? undefined : localStorage;
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

const isPending = (x: unknown): x is PendingSubmission => {
  const p = x as Partial<PendingSubmission> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.key === 'string' &&
    p.key !== '' &&
    typeof p.submission === 'object' &&
    p.submission !== null &&
    typeof p.submission.unit === 'string' &&
    typeof p.submission.period === 'string'
  );
};

/** Units whose last write to storage failed: their reports are read from memory. */
const memoryOnly = new Set<string>();

function read(unit: string): readonly PendingSubmission[] {
  const s = storage('local');
  if (!s || memoryOnly.has(unit)) return memory.get(unit) ?? [];
  let raw: string | null;
  try {
    raw = s.getItem(pendingKey(unit));
  } catch {
    return memory.get(unit) ?? [];
  }
  if (raw === null) return [];
  try {
    const list: unknown = JSON.parse(raw);
    // Only this unit's reports, whatever the entry holds.
    return Array.isArray(list) ? list.filter(isPending).filter((p) => p.submission.unit === unit) : [];
  } catch {
    return [];
  }
}

function write(unit: string, list: readonly PendingSubmission[]): readonly PendingSubmission[] {
  memory.set(unit, list);
  try {
    const s = storage('local');
    if (list.length === 0) s?.removeItem(pendingKey(unit));
    else s?.setItem(pendingKey(unit), JSON.stringify(list));
    memoryOnly.delete(unit);
  } catch {
    // Storage full or blocked: the reports stay in memory for as long as the page lives.
    memoryOnly.add(unit);
  }
  return list;
}

/** Moves a report an earlier version kept in session storage, if it is this unit's. */
function adoptLegacy(unit: string): void {
  const s = storage('session');
  try {
    const raw = s?.getItem(LEGACY_KEY);
    if (!raw) return;
    const p: unknown = JSON.parse(raw);
    if (!isPending(p) || p.submission.unit !== unit) return;
    s?.removeItem(LEGACY_KEY);
    keepPending(unit, p);
  } catch {
    // Unreadable: left alone.
  }
}

/** The unit's kept reports, oldest first. */
export function loadPending(unit: string): readonly PendingSubmission[] {
  adoptLegacy(unit);
  return read(unit);
}

/** Keeps `p` (replacing a kept report of the same period); returns the unit's kept reports. */
export function keepPending(unit: string, p: PendingSubmission): readonly PendingSubmission[] {
  const list = read(unit);
  const same = (q: PendingSubmission) =>
    q.key === p.key ||
    (q.submission.year === p.submission.year && q.submission.period === p.submission.period);
  const earlier = list.find(same);
  const kept: PendingSubmission = {
    key: p.key,
    submission: p.submission,
    keptAt: (earlier?.key === p.key ? earlier.keptAt : undefined) ?? p.keptAt ?? new Date().toISOString(),
  };
  const i = list.findIndex(same);
  return write(unit, i < 0 ? [...list, kept] : list.map((q, j) => (j === i ? kept : q)));
}

/** Forgets the report sent (or refused for good) with `key`; returns the unit's kept reports. */
export function dropPending(unit: string, key: string): readonly PendingSubmission[] {
  const list = read(unit);
  return list.some((p) => p.key === key)
    ? write(
        unit,
        list.filter((p) => p.key !== key),
      )
    : list;
}

/** Whether a `storage` event (another pane of this origin) concerns the unit's kept reports. */
export const isPendingEvent = (e: StorageEvent, unit: string): boolean =>
  e.key === null || e.key === pendingKey(unit);
