/**
 * The local sign-in the pane offers on `npm start`'s https origin (and the browser preview of the
 * tests): the active people of every organisation in the table, and a token for one of them,
 * signed with the local keys and carrying their subject, organisation, role, unit and name.
 */
import type { JWK } from 'jose';
import type { Principal } from '../../api/roles';
import type { Person } from '../../api/views';
import { issueToken } from '../auth/tokens';
import type { Deps } from '../runtime';
import { localTokenSettings } from './users';

/** One entry of `GET /local/users`: `as` is the person's subject; `label` says who and where. */
export interface LocalSignInUser {
  readonly as: string;
  readonly name: string;
  readonly label: string;
}

const ROLE_LABEL: Readonly<Record<Person['role'], string>> = {
  office: '考核办',
  leader: '领导',
  city: '市考核办',
  unit: '报送',
};

export interface LocalSignIn {
  users(): Promise<LocalSignInUser[]>;
  /** A token for the active person `as` (a subject); undefined when there is none. */
  tokenFor(as: string): Promise<string | undefined>;
}

export function localSignIn(deps: Pick<Deps, 'store'>, privateJwk: JWK, ttlSeconds: number): LocalSignIn {
  /** Every organisation's active people, organisation by organisation, in the office's order. */
  async function people(): Promise<Array<{ person: Person; orgName: string; unitName?: string }>> {
    const out: Array<{ person: Person; orgName: string; unitName?: string }> = [];
    // Organisations by name, so the list reads the same on every start.
    const orgs = (await deps.store.listOrganisations()).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1,
    );
    for (const org of orgs) {
      const store = deps.store.forOrg(org.id);
      const years = await store.listPlans();
      const plan = years[0] ? await store.getPlan(years[0].year, 'latest') : undefined;
      const order = (p: Person) => (p.role === 'office' ? 0 : p.role === 'leader' ? 1 : 2);
      const units = plan?.plan.units ?? [];
      const unitIndex = (p: Person) => units.findIndex((u) => u.id === p.unit);
      const active = (await store.listPeople())
        .filter((p) => p.state === 'active')
        .sort(
          (a, b) =>
            order(a) - order(b) || unitIndex(a) - unitIndex(b) || a.createdAt.localeCompare(b.createdAt),
        );
      for (const person of active) {
        const unitName = units.find((u) => u.id === person.unit)?.name;
        out.push({ person, orgName: org.name, ...(unitName ? { unitName } : {}) });
      }
    }
    return out;
  }

  return {
    async users() {
      return (await people()).map(({ person: p, orgName, unitName }) => ({
        as: p.sub,
        name: p.name,
        label: `${p.name} · ${p.role === 'unit' ? (unitName ?? p.unit) : ROLE_LABEL[p.role]} · ${orgName}`,
      }));
    },
    async tokenFor(as) {
      // One read of the person per organisation, not the whole list with its plans.
      let found: Person | undefined;
      for (const org of await deps.store.listOrganisations()) {
        found = await deps.store.forOrg(org.id).getPerson(as);
        if (found) break;
      }
      if (found?.state !== 'active') return undefined;
      const principal: Principal = {
        sub: found.sub,
        org: found.org,
        role: found.role,
        ...(found.unit ? { unit: found.unit } : {}),
        name: found.name,
      };
      return issueToken(privateJwk, principal, localTokenSettings, ttlSeconds);
    },
  };
}
