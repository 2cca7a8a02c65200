/**
 * Binds custom functions to Excel's runtime with `CustomFunctions.associate`. Called by the pages
 * of the shared runtime (entries/functions.ts, entries/taskpane.ts); does nothing where there is no
 * custom functions runtime (a browser preview, tests without the double).
 */

/** Functions by id, as `CustomFunctions.associate` takes them. */
export type FunctionTable = Readonly<Record<string, (...args: never[]) => unknown>>;

/** Registers every function of `table`; false when there is no `CustomFunctions` runtime. */
export function registerFunctions(table: FunctionTable): boolean {
  if (typeof CustomFunctions === 'undefined' || typeof CustomFunctions.associate !== 'function') return false;
  for (const [id, fn] of Object.entries(table)) CustomFunctions.associate(id, fn);
  return true;
}
