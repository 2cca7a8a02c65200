/**
 * People: the office lists, adds, disables (or enables again) and corrects the people of its own
 * organisation. A person is kept in the table (so the audit names them and a disabled person's
 * token is refused) and, on AWS, in Cognito (`deps.directory`), which sends a new person their
 * temporary password. Nobody is ever deleted.
 */
import { type ApiError, apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { NewPerson, Person, PersonPatch } from '../../api/views';
import { isPublished } from '../../api/years';
import { DirectoryError } from '../directory/port';
import { type Deps, localDate } from '../runtime';
import { actorOf, storeOf } from './access';

/** What the API shows of a person: never the sign-in name the directory keeps. */
const view = ({ username: _username, ...p }: Person & { username?: string }): Person => p;

const ROLE_ORDER: Readonly<Record<Person['role'], number>> = { office: 0, leader: 1, city: 2, unit: 3 };

/**
 * The organisation's people: the office, the leaders, then unit staff in the order of the units
 * in the published plans (newest first; units no plan names last, by id); each by name.
 */
export async function listUsers(deps: Deps, principal: Principal): Promise<{ items: Person[] }> {
  const people = await storeOf(deps, principal).listPeople();
  const order = [...(await publishedUnits(deps, principal)).keys()];
  const unitRank = (p: Person) => {
    const i = p.unit ? order.indexOf(p.unit) : -1;
    return i < 0 ? order.length : i;
  };
  const items = people
    .map(view)
    .sort(
      (a, b) =>
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        unitRank(a) - unitRank(b) ||
        (a.unit ?? '').localeCompare(b.unit ?? '') ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
  return { items };
}

/** The units of the organisation's published plans, newest year first: whom unit staff can report for. */
async function publishedUnits(deps: Deps, principal: Principal): Promise<Map<string, string>> {
  const store = storeOf(deps, principal);
  const units = new Map<string, string>();
  for (const y of (await store.listPlans()).filter(isPublished)) {
    const record = await store.getPlan(y.year);
    for (const u of record?.plan.units ?? []) if (!units.has(u.id)) units.set(u.id, u.name);
  }
  return units;
}

const sameContact = (a: Pick<Person, 'phone' | 'email'>, b: Pick<Person, 'phone' | 'email'>) =>
  (!!a.email && a.email.toLowerCase() === b.email?.toLowerCase()) ||
  (!!a.phone && a.phone.replace(/\D/g, '') === b.phone?.replace(/\D/g, ''));

/** Adds a person to the principal's organisation: unit staff for a unit of a published plan. */
export async function addUser(
  deps: Deps,
  principal: Principal,
  input: NewPerson,
): Promise<{ status: 201; person: Person } | ApiError> {
  const store = storeOf(deps, principal);
  if (input.role === 'unit') {
    const units = await publishedUnits(deps, principal);
    if (!input.unit || !units.has(input.unit)) {
      const known = [...units.keys()].join(', ') || '—';
      return apiError(
        'request.invalid',
        `单位“${input.unit ?? ''}”不在已发布的计划中（可选：${known}）`,
        `Unit "${input.unit ?? ''}" is not in a published plan (known: ${known})`,
        { field: 'unit' },
      );
    }
  }
  const people = await store.listPeople();
  const twin = people.find((p) => p.state === 'active' && sameContact(input, p));
  if (twin) {
    const field = input.email && twin.email?.toLowerCase() === input.email.toLowerCase() ? 'email' : 'phone';
    return apiError(
      'user.exists',
      `已有使用此${field === 'email' ? '电子邮箱' : '手机号'}的人员：${twin.name}`,
      `Someone already uses this ${field === 'email' ? 'e-mail' : 'phone'}: ${twin.name}`,
      { field },
    );
  }
  let signIn: { sub: string; username: string };
  try {
    signIn = await deps.directory.createUser({ org: principal.org, ...input });
  } catch (e) {
    if (e instanceof DirectoryError) {
      const code =
        e.code === 'exists' ? 'user.exists' : e.code === 'notFound' ? 'user.notFound' : 'request.invalid';
      return apiError(code, e.text.zh, e.text.en, { field: input.email ? 'email' : 'phone' });
    }
    throw e;
  }
  const now = deps.now();
  const person: Person & { username: string } = {
    sub: signIn.sub,
    org: principal.org,
    name: input.name,
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.email ? { email: input.email } : {}),
    role: input.role,
    ...(input.role === 'unit' && input.unit ? { unit: input.unit } : {}),
    state: 'active',
    createdAt: now.toISOString(),
    createdBy: principal.sub,
    username: signIn.username,
  };
  const out = await store.putPerson(person, actorOf(principal), Number(localDate(now).slice(0, 4)));
  if (out === 'exists') {
    return apiError('user.exists', '该人员已存在', 'This person exists already', { field: 'sub' });
  }
  return { status: 201, person: view(person) };
}

const notFound = (sub: string) =>
  apiError('user.notFound', `没有这个人员：${sub}`, `No such person: ${sub}`, { field: 'sub' });

/**
 * Disables (or enables again) a person, or corrects their name and contact. The office cannot
 * disable itself: the organisation would be left without anyone to undo it.
 */
export async function updateUser(
  deps: Deps,
  principal: Principal,
  sub: string,
  patch: PersonPatch,
): Promise<Person | ApiError> {
  const store = storeOf(deps, principal);
  const person = await store.getPerson(sub);
  if (!person) return notFound(sub);
  if (patch.state === 'disabled' && sub === principal.sub) {
    return apiError('request.invalid', '不能停用自己的账号', 'You cannot disable your own account', {
      field: 'state',
    });
  }
  const changes = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && person[k as keyof Person] !== v),
  ) as PersonPatch;
  if (Object.keys(changes).length === 0) return view(person);
  if (changes.state && person.username)
    await deps.directory.setEnabled(person.username, changes.state === 'active');
  const now = deps.now();
  const out = await store.updatePerson(
    person,
    changes,
    actorOf(principal),
    now.toISOString(),
    Number(localDate(now).slice(0, 4)),
  );
  if (out === 'conflict') {
    return apiError(
      'user.staleVersion',
      '该人员刚被他人修改，请刷新后再试',
      'This person was just changed by someone else; reload and retry',
      { field: 'sub' },
    );
  }
  const updated = await store.getPerson(sub);
  return updated ? view(updated) : notFound(sub);
}
