/**
 * Comparing and rounding figures typed by people: the validator and the per-kind row checks
 * (domain/kinds.ts) use the same tolerance.
 */

/**
 * True when `a` and `b` are equal up to `abs`, or up to float noise relative to their size.
 *
 * @example close(0.1 + 0.2, 0.3) // → true
 */
export const close = (a: number, b: number, abs = 1e-6): boolean =>
  Math.abs(a - b) <= Math.max(abs, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));

/**
 * `x` rounded to `digits` decimals, for showing an expected figure in a message.
 *
 * @example round(12.3456) // → 12.35
 */
export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
