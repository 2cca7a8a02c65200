/**
 * Where people sign in: the user directory behind the users routes. On one machine the local
 * stack's own table is the directory (`./local.ts`: nothing to call); on AWS it is the Cognito
 * user pool (`./cognito.ts`). The use cases (functions/usecases/users.ts) keep the person in the
 * table either way, so the audit can name them and a disabled person's token is refused.
 */
import type { NewPerson } from '../../api/views';
import type { LocalizedText } from '../../domain/result';

/** What the directory needs to create a person's sign-in: the person as the office gave them, and their organisation. */
export type NewSignIn = NewPerson & { readonly org: string };

export interface Directory {
  readonly kind: 'local' | 'cognito';
  /**
   * Creates the person's sign-in (on AWS: AdminCreateUser, Cognito sends the temporary password,
   * then AdminAddUserToGroup `office`, `leader` or `unit:<id>`). Answers the subject of their
   * tokens and the name they sign in with.
   */
  createUser(person: NewSignIn): Promise<{ readonly sub: string; readonly username: string }>;
  /** Disables or enables again the sign-in (AdminDisableUser / AdminEnableUser). */
  setEnabled(username: string, enabled: boolean): Promise<void>;
  /** Makes sure each group exists (the published plan's `unit:<id>` groups); creates the missing ones. */
  ensureGroups(groups: readonly string[]): Promise<void>;
}

/** The group a person of `role` (and `unit`) belongs to, as the token's `cognito:groups` names it. */
export const groupOf = (p: Pick<NewSignIn, 'role' | 'unit'>): string =>
  p.role === 'unit' ? `unit:${p.unit}` : p.role;

/**
 * What the directory refused, for the use case to answer: `exists` (409 `user.exists`: the
 * phone or e-mail signs someone in already), `invalid` (400: the directory does not take the
 * phone, the e-mail or the group), `notFound` (404 `user.notFound`: no such sign-in).
 */
export class DirectoryError extends Error {
  override name = 'DirectoryError';
  constructor(
    readonly code: 'exists' | 'invalid' | 'notFound',
    readonly text: LocalizedText,
    options?: { cause?: unknown },
  ) {
    super(text.en, options);
  }
}
