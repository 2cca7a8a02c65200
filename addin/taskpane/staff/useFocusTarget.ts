/**
 * Moves the keyboard focus to the results heading or the send outcome once they are rendered, so
 * a screen reader announces what a button did.
 */
import { type RefObject, useEffect, useRef, useState } from 'react';

export type FocusTarget = 'results' | 'outcome';

export function useFocusTarget(): {
  readonly resultsRef: RefObject<HTMLHeadingElement | null>;
  readonly outcomeRef: RefObject<HTMLDivElement | null>;
  /** Focuses `target` after the next render. */
  readonly focus: (target: FocusTarget) => void;
} {
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const [target, setTarget] = useState<FocusTarget>();

  useEffect(() => {
    if (target === 'results') resultsRef.current?.focus();
    if (target === 'outcome') outcomeRef.current?.focus();
    setTarget(undefined);
  }, [target]);

  return { resultsRef, outcomeRef, focus: setTarget };
}
