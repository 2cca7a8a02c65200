/**
 * The stack's parts (data, sign-in, hosting, API, alarms) group its resources in the construct
 * tree without renaming them in the template: a deployed stack's table, user pool and buckets are
 * retained, so a new logical id would orphan them and create empty ones.
 */
import { createHash } from 'node:crypto';
import { type CfnElement, Stack } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';

/** A construct id from a name: `unit:family-planning` → `UnitFamilyPlanning`. */
export const pascal = (s: string): string =>
  s.replace(/(^|[-_:])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());

/** A grouping of the stack's resources whose id is left out of their logical ids. */
export class StackPart extends Construct {}

/**
 * CDK's logical id for a construct path below the stack (its `makeUniqueId`, which it does not
 * export): `Default` is left out, `Resource` is hashed but not shown, a lone component is used
 * as is. part.test.ts holds it to CDK's own ids.
 *
 * @example logicalIdOf(['Table', 'Resource']) // → 'Table' + 8 hex digits of the path's md5
 */
export function logicalIdOf(path: readonly string[]): string {
  const components = path.filter((c) => c !== 'Default');
  if (components.length === 0) throw new Error('A logical id needs at least one path component');
  const alphanumeric = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
  if (components.length === 1 && alphanumeric(components[0]!).length <= 255)
    return alphanumeric(components[0]!);
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const c of components) if (human.length === 0 || !human[human.length - 1]!.endsWith(c)) human.push(c);
  return (
    human
      .filter((c) => c !== 'Resource')
      .map(alphanumeric)
      .join('')
      .slice(0, 240) + hash
  );
}

/** A stack whose `StackPart`s are left out of its logical ids (CDK's scheme otherwise). */
export class PartedStack extends Stack {
  protected override allocateLogicalId(element: CfnElement): string {
    const scopes = element.node.scopes;
    return logicalIdOf(
      scopes
        .slice(scopes.indexOf(this) + 1)
        .filter((s) => !(s instanceof StackPart))
        .map((s) => s.node.id),
    );
  }
}
