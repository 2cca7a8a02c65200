/**
 * The one foreground task of the staff view (recognise, validate, submit, history) and the failure
 * it ended with: the buttons are disabled while it runs, a spinner names it.
 */
import { useState } from 'react';
import { useUi } from '../context';
import { classify, failureText } from '../errors';
import type { Busy } from './model';

export interface BusyState {
  readonly busy: Busy;
  /** The last task's failure, in the UI's language. */
  readonly failure: string | undefined;
  /** Runs `work` as the task `what`; a failure is shown, not thrown. */
  run(what: Exclude<Busy, undefined>, work: () => Promise<void>): Promise<void>;
  /** Starts a task that ends elsewhere (sending kept reports): clears the last failure. */
  start(what: Exclude<Busy, undefined>): void;
  end(): void;
}

export function useBusy(): BusyState {
  const { t, l } = useUi();
  const [busy, setBusy] = useState<Busy>();
  const [failure, setFailure] = useState<string>();
  return {
    busy,
    failure,
    run: async (what, work) => {
      setBusy(what);
      setFailure(undefined);
      try {
        await work();
      } catch (e) {
        const f = classify(e);
        setFailure(failureText(f, t, l));
      } finally {
        setBusy(undefined);
      }
    },
    start: (what) => {
      setBusy(what);
      setFailure(undefined);
    },
    end: () => setBusy(undefined),
  };
}
