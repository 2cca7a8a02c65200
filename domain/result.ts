/** A value or an expected failure. Expected failures are values, never exceptions. */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

/** Text shown to people, in the two languages the product speaks. */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}
