/**
 * Sending reports so that none is lost. A report is kept on this computer with its idempotency
 * key (pending.ts) before the first try, so closing the pane mid-request loses nothing. One that
 * cannot be sent (no answer, 5xx, 408, 429) stays kept and is sent again by itself — after the
 * server's `Retry-After`, else 5 s, 10 s, 20 s, 40 s, then every minute — and on the browser's
 * `online` event or the Retry button, always with the same key, so the server stores it once.
 * When the pane opens again and the unit's user signs in, the kept reports are shown and the
 * tries resume.
 */
import { useEffect, useRef, useState } from 'react';
import type { ShishiApi } from '../../../api/client';
import type { Submission } from '../../../domain/submission';
import { classify, type Failure, isTransient, retryDelayMs } from '../errors';
import { dropPending, isPendingEvent, keepPending, loadPending, type PendingSubmission } from '../pending';
import type { SubmitOutcome } from './model';

export interface Outbox {
  /** This unit's kept reports, oldest first. */
  readonly pending: readonly PendingSubmission[];
  /** Kept reports are being sent (by the timer, `online`, Retry or Submit). */
  readonly sending: boolean;
  /** The retry timer is set: the kept reports will be sent by themselves. */
  readonly waiting: boolean;
  /** How the last try ended. */
  readonly outcome: SubmitOutcome | undefined;
  clearOutcome(): void;
  /** Keeps `submission` as a new attempt (replacing a kept report of its period) and sends it. */
  submit(submission: Submission): void;
  /** Sends the kept reports now. */
  retry(): void;
}

export function useOutbox(options: {
  readonly api: Pick<ShishiApi, 'submit'>;
  readonly unit: string;
  /** A send the user asked for (Submit, Retry) begins and ends: the view shows it as busy. */
  readonly foreground: { start(): void; end(): void };
  /** The server refused a report with findings (422): show them before the outcome. */
  readonly onRejected: (failure: Failure) => Promise<void>;
}): Outbox {
  const { api, unit, foreground, onRejected } = options;
  // Only this unit's kept reports: another unit's user of this computer never sees or sends them.
  const [pending, setPending] = useState<readonly PendingSubmission[]>(() => loadPending(unit));
  const [sending, setSending] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [outcome, setOutcome] = useState<SubmitOutcome>();
  const inFlight = useRef(false);
  const failures = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const alive = useRef(true);

  /** Sends one kept report: `sent`, `final` (refused for good, forgotten) or the failure it is kept after. */
  const sendOne = async (attempt: PendingSubmission): Promise<'sent' | 'final' | Failure> => {
    try {
      const { receipt } = await api.submit(attempt.submission, attempt.key);
      const rest = dropPending(unit, attempt.key);
      if (alive.current) {
        setPending(rest);
        setOutcome({ kind: 'receipt', receipt });
      }
      return 'sent';
    } catch (e) {
      const f = classify(e);
      // Not signed in any more (an expired token): kept for after the next sign-in, no timer.
      const signIn = f.kind === 'problem' && f.status === 401;
      if (isTransient(f) || signIn) {
        const list = keepPending(unit, attempt);
        if (alive.current) {
          setPending(list);
          setOutcome(signIn ? { kind: 'failed', failure: f } : { kind: 'kept', failure: f });
        }
        return f;
      }
      const rest = dropPending(unit, attempt.key);
      if (!alive.current) return 'final';
      setPending(rest);
      if (f.kind === 'problem' && f.status === 422) {
        await onRejected(f);
        setOutcome({ kind: 'rejected', failure: f });
      } else setOutcome({ kind: 'failed', failure: f });
      return 'final';
    }
  };

  /**
   * Sends every kept report, oldest first, until one cannot be sent: then the timer is set for
   * the next try. One run at a time; a report kept meanwhile is sent by the run under way.
   */
  const flush = async (isForeground: boolean) => {
    if (inFlight.current) return;
    inFlight.current = true;
    clearTimeout(timer.current);
    timer.current = undefined;
    setWaiting(false);
    setSending(true);
    if (isForeground) foreground.start();
    let stopped: Failure | undefined;
    try {
      const tried = new Set<string>();
      for (;;) {
        const next = loadPending(unit).find((p) => !tried.has(p.key));
        if (!next) break;
        tried.add(next.key);
        const r = await sendOne(next);
        if (r === 'sent') failures.current = 0;
        else if (r !== 'final') {
          stopped = r;
          break;
        }
      }
    } finally {
      inFlight.current = false;
      if (alive.current) {
        setSending(false);
        if (stopped && isTransient(stopped)) {
          failures.current += 1;
          const ms = retryDelayMs(stopped, failures.current);
          timer.current = setTimeout(() => {
            timer.current = undefined;
            void flushRef.current(false);
          }, ms);
          setWaiting(true);
        }
        if (isForeground) foreground.end();
      }
    }
  };
  // The timer and the listeners call the latest `flush`.
  const flushRef = useRef(flush);
  flushRef.current = flush;

  // When the pane opens with kept reports (after a reload, or the pane was closed): try now.
  // Then the timer, the `online` event and other panes' changes to the kept reports.
  useEffect(() => {
    alive.current = true;
    if (loadPending(unit).length > 0) void flushRef.current(false);
    const onOnline = () => {
      if (loadPending(unit).length > 0) void flushRef.current(false);
    };
    const onStorage = (e: StorageEvent) => {
      if (isPendingEvent(e, unit)) setPending(loadPending(unit));
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('storage', onStorage);
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
      timer.current = undefined;
      window.removeEventListener('online', onOnline);
      window.removeEventListener('storage', onStorage);
    };
  }, [unit]);

  return {
    pending,
    sending,
    waiting,
    outcome,
    clearOutcome: () => setOutcome(undefined),
    submit(submission) {
      // One key per attempt: every later try of this attempt sends the same key. Kept before the
      // first try (replacing a kept report of the same period), so nothing is lost mid-request.
      keepPending(unit, { key: crypto.randomUUID(), submission });
      void flush(true);
    },
    retry: () => void flush(true),
  };
}
