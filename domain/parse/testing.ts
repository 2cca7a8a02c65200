/**
 * Test support: a parse outcome flattened to plain data, so table tests and properties can
 * compare outcomes with `toEqual` while ignoring the raw input and the message wording.
 */
import type { Parsed, ParseErrorCode } from './errors';

export type Outcome<T> =
  | { readonly empty: true }
  | { readonly value: T }
  | { readonly code: ParseErrorCode; readonly expected?: string; readonly found?: string };

/** `outcome(parseQuantity('35公里', { unit: '人' }))` → `{ code: 'number.unitMismatch', expected: '人', found: '公里' }`. */
export function outcome<T>(parsed: Parsed<T>): Outcome<T> {
  if (!parsed.ok) {
    const { code, expected, found } = parsed.error;
    return {
      code,
      ...(expected === undefined ? {} : { expected }),
      ...(found === undefined ? {} : { found }),
    };
  }
  return parsed.value.kind === 'empty' ? { empty: true } : { value: parsed.value.value };
}
