/** A stable id for a unit the office has not set up yet: no crypto in the domain, so FNV-1a. */

/** 32-bit FNV-1a of the string's UTF-16 code units, as 8 lower-case hex digits. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The id of a new unit, from its folded name (see `unitKey`), so the same name read twice, or
 * spelled `区农业局（能源办）` once and `农业局(能源办)` the next time, gets the same id.
 *
 * @example newUnitId('区水利局') // → 'u-' + 8 hex digits
 */
export const newUnitId = (key: string): string => `u-${fnv1a(key)}`;
