/**
 * The user directory on AWS, in one place: which Cognito actions each operation of the directory
 * (functions/directory/port.ts) calls, and which route groups' functions call which operations.
 * functions/directory/cognito.ts sends exactly these actions (its test checks it) and the CDK app
 * allows each function exactly these, on the one user pool (infra/lib/api.ts).
 */
import type { RouteGroup } from './routes';

/** The directory's operations and the Cognito API actions each sends (`cognito-idp:<action>`). */
export const DIRECTORY_ACTIONS = {
  createUser: ['AdminCreateUser', 'AdminAddUserToGroup'],
  setEnabled: ['AdminDisableUser', 'AdminEnableUser'],
  ensureGroups: ['GetGroup', 'CreateGroup'],
} as const satisfies Record<string, readonly string[]>;

export type DirectoryOperation = keyof typeof DIRECTORY_ACTIONS;

/**
 * The route groups that use the directory, and what for: the users routes create, disable and
 * enable sign-ins; publishing a plan makes its units' groups `unit:<id>`.
 */
export const DIRECTORY_USE = {
  users: ['createUser', 'setEnabled'],
  plans: ['ensureGroups'],
} as const satisfies Partial<Record<RouteGroup, readonly DirectoryOperation[]>>;

/**
 * The IAM actions a route group's function needs in the user pool; none for a group that does
 * not use the directory.
 *
 * @example directoryActions('plans') // → ['cognito-idp:GetGroup', 'cognito-idp:CreateGroup']
 */
export function directoryActions(group: RouteGroup): string[] {
  const use: Partial<Record<RouteGroup, readonly DirectoryOperation[]>> = DIRECTORY_USE;
  return (use[group] ?? []).flatMap((op) => DIRECTORY_ACTIONS[op].map((a) => `cognito-idp:${a}`));
}
