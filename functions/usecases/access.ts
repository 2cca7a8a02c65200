/**
 * The organisation a use case works in, and who it writes as. Every use case reads and writes
 * through `storeOf(deps, principal)`: the store of the principal's own organisation, whose keys
 * all start with `ORG#<org>` (docs/decisions/0003), so no record of another organisation can
 * be read, listed or changed, whatever id a request names. A request that names another
 * organisation outright (`?org=`) is refused before any read by the handler's shell
 * (`mayActFor`, api/roles.ts), with the same answer whether that organisation exists or not.
 */
import type { Principal } from '../../api/roles';
import type { Deps } from '../runtime';
import type { Actor } from '../store/entities/audit';
import type { OrgStore } from '../store/repository';

export const storeOf = (deps: Deps, principal: Pick<Principal, 'org'>): OrgStore =>
  deps.store.forOrg(principal.org);

/** Who writes, for the audit: the person's subject, name, role and unit. */
export const actorOf = (p: Principal): Actor => ({
  sub: p.sub,
  role: p.role,
  ...(p.unit ? { unit: p.unit } : {}),
  ...(p.name ? { name: p.name } : {}),
});
