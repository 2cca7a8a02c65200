/**
 * `shishi token`: a token for a person of the local stack's table, signed with its keys. The
 * person is `--user <sub>`, or the sample person of `--as` in `--org` (the first sample
 * organisation by default), else the first active person of that role (and unit) there. When the
 * table cannot be read, the sample people of the sample organisations stand in, as seeded.
 */
import { ORG_ID, type Principal } from '../../../api/roles';
import type { Person } from '../../../api/views';
import { SEED_ALL_PLANS, SEED_PLANS } from '../../local/seed';
import { type As, sampleSub, sampleUsers } from '../../local/users';
import type { OrgStore, Store } from '../../store/repository';
import type { Command, Context } from '../command';
import { withLocalStore } from '../database';
import { CliError, EXIT, UsageError } from '../errors';
import { asOf, asOption, checkSampleUser, mintToken, principalOf, resolveLocalDatabase } from '../local';
import { str } from '../options';

/** Who the token is for, as the command line says it. */
interface Wanted {
  readonly as?: As;
  readonly org?: string;
  readonly user?: string;
}

const FIRST_ORG = SEED_PLANS[0]!.organisation.id;

/** `a、b` in Chinese, `a, b` in English; nobody is `无` / `none`. */
const zhList = (xs: readonly string[]) => (xs.length ? xs.join('、') : '无');
const enList = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');

/** A person the office has disabled gets no token. */
function refuseDisabled(p: Person): Person {
  if (p.state === 'active') return p;
  throw new UsageError(
    `${p.name}（${p.sub}）已被考核办停用，不能签发令牌；可用 shishi users enable ${p.sub} 重新启用`,
    `${p.name} (${p.sub}) has been disabled by the office and gets no token; shishi users enable ${p.sub} enables them again`,
  );
}

/** With both `--user` and `--as`, the person must have that role (and unit). */
function checkRole(p: Person, as: As | undefined): Person {
  if (as === undefined || asOf(p) === as) return p;
  throw new UsageError(
    `${p.name}（${p.sub}）的身份是 ${asOf(p)}，不是 ${as}`,
    `${p.name} (${p.sub}) is ${asOf(p)}, not ${as}`,
  );
}

/** The person `--user` names, in `--org` or in any organisation of the table. */
async function personBySub(store: Store, sub: string, org: string | undefined): Promise<Person> {
  const fromSub = /^local:([a-z0-9][a-z0-9-]*):/.exec(sub)?.[1];
  const orgs = org ? [org] : [...new Set([...(fromSub ? [fromSub] : []), ...(await orgIds(store))])];
  for (const id of orgs) {
    const found = await store.forOrg(id).getPerson(sub);
    if (found) return found;
  }
  throw new UsageError(
    `${org ? `组织 ${org} 中` : ''}没有编号（sub）为 ${sub} 的人员（用 shishi users list 查看各人员的编号）`,
    `No person with the sub ${sub}${org ? ` in ${org}` : ''} (shishi users list shows everyone's sub)`,
  );
}

const orgIds = async (store: Store) => (await store.listOrganisations()).map((o) => o.id);

/** The office first, then the leaders, then unit staff: how the lists of people read. */
const rank = (as: As) => (as === 'office' ? 0 : as === 'leader' ? 1 : 2);

/** How to add a person of role `as` (the `users add` line to start from). */
const addHint = (as: As) =>
  `shishi users add --name NAME --phone PHONE --role ${as.startsWith('unit:') ? `unit --unit ${as.slice(5)}` : as}`;

/**
 * The sample person `local:<org>:<as>` if stored, else the organisation's first active person of
 * that role and unit (by when they were added).
 */
async function personByRole(store: Store, as: As, org: string): Promise<Person> {
  const known = await orgIds(store);
  if (!known.includes(org)) {
    throw new UsageError(
      `表中没有组织 ${org}（现有：${zhList(known)}；见 shishi orgs）`,
      `No organisation ${org} in the table (known: ${enList(known)}; see shishi orgs)`,
    );
  }
  const orgStore: OrgStore = store.forOrg(org);
  const sample = await orgStore.getPerson(sampleSub(org, as));
  if (sample) return refuseDisabled(sample);
  const people = await orgStore.listPeople();
  const matching = people
    .filter((p) => asOf(p) === as)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const active = matching.find((p) => p.state === 'active');
  if (active) return active;
  if (matching[0]) return refuseDisabled(matching[0]);
  const present = [...new Set(people.filter((p) => p.state === 'active').map(asOf))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  throw new UsageError(
    `组织 ${org} 中没有 ${as} 的人员（现有：${zhList(present)}）。可先添加：${addHint(as)}`,
    `Nobody is ${as} in ${org} (there are: ${enList(present)}). Add someone first: ${addHint(as)}`,
  );
}

/**
 * The person in the table; when the table cannot be read, the note to print (on stderr) once the
 * sample person who stands in has a token.
 */
async function fromTable(ctx: Context, w: Wanted): Promise<{ principal: Principal } | { note: string }> {
  let database: ReturnType<typeof resolveLocalDatabase>;
  try {
    database = resolveLocalDatabase(undefined, undefined, ctx.dataDir);
  } catch (e) {
    if (!(e instanceof CliError) || e.exitCode !== EXIT.server) throw e;
    return {
      note: ctx.t(
        '（本地栈没有在运行，读不到表中的人员：按示例组织的示例人员签发）',
        '(The local stack is not running, so its people cannot be read: signed for a sample person of the sample organisations.)',
      ),
    };
  }
  try {
    const person = await withLocalStore(database, (store) =>
      w.user !== undefined
        ? personBySub(store, w.user, w.org)
        : personByRole(store, w.as!, w.org ?? FIRST_ORG),
    );
    return { principal: principalOf(refuseDisabled(checkRole(person, w.as))) };
  } catch (e) {
    if (!(e instanceof CliError) || e.exitCode !== EXIT.server) throw e;
    return {
      note: ctx.t(
        `（${e.text.zh} 按示例组织的示例人员签发。）`,
        `(${e.text.en} Signed for a sample person of the sample organisations.)`,
      ),
    };
  }
}

/** The sample person as seeded, when the table cannot be read. */
function fromSamples(w: Wanted): Principal {
  const plan = w.org ? SEED_ALL_PLANS.find((p) => p.organisation.id === w.org) : SEED_PLANS[0];
  if (!plan) {
    const known = SEED_ALL_PLANS.map((p) => p.organisation.id);
    throw new UsageError(
      `没有示例组织 ${w.org}（示例组织：${zhList(known)}）`,
      `No sample organisation ${w.org} (the sample organisations: ${enList(known)})`,
    );
  }
  if (w.user !== undefined) {
    const found = (w.org ? [plan] : SEED_ALL_PLANS)
      .flatMap((p) => sampleUsers(p))
      .find((u) => u.principal.sub === w.user);
    if (!found) {
      throw new UsageError(
        `没有编号（sub）为 ${w.user} 的示例人员；本地栈运行时（npm start）才能为表中的其他人员签发令牌`,
        `No sample person has the sub ${w.user}; other people of the table get tokens while the local stack runs (npm start)`,
      );
    }
    if (w.as !== undefined && found.as !== w.as) {
      throw new UsageError(
        `${w.user} 的身份是 ${found.as}，不是 ${w.as}`,
        `${w.user} is ${found.as}, not ${w.as}`,
      );
    }
    return found.principal;
  }
  return checkSampleUser(w.as!, plan).principal;
}

export const tokenCommand: Command = {
  name: 'token',
  summary: {
    zh: '为本地栈中的人员签发令牌（仅限本地栈）',
    en: 'print a token for a person of the local stack (local stack only)',
  },
  usage: 'shishi token --as office|leader|unit:<id> [--org ORG] | --user SUB [--json]',
  details: {
    zh: '用本地栈的签名密钥（<数据目录>/keys/jwt.json）签发 12 小时有效的令牌，含人员的编号、组织、角色、单位和姓名。--user 指定某一人员（任一组织）；否则按 --as 取 --org 组织（默认第一个示例组织）的示例人员，没有时取该组织中最早添加的、该角色（和单位）的启用人员。已停用的人员不签发。须先运行过 npm start；本地栈没有在运行时，按示例组织的示例人员签发。',
    en: "Signs a token valid for 12 hours with the local stack's keys (<data dir>/keys/jwt.json), carrying the person's sub, organisation, role, unit and name. --user picks one person (of any organisation); else --as picks the sample person of the --org organisation (default: the first sample organisation), or failing that the first active person of that role (and unit) added there. A disabled person gets no token. Run npm start once first; while the stack is not running, the sample people of the sample organisations stand in.",
  },
  options: { as: { type: 'string' }, org: { type: 'string' }, user: { type: 'string' } },
  optionHelp: [
    ['--as WHO', { zh: 'office、leader 或 unit:<单位编号>', en: 'office, leader or unit:<unit id>' }],
    [
      '--org ORG',
      {
        zh: '组织编号（见 shishi orgs；默认第一个示例组织）',
        en: 'organisation id (see shishi orgs; default: the first sample organisation)',
      },
    ],
    [
      '--user SUB',
      {
        zh: '人员编号（sub，见 shishi users list）',
        en: "the person's sub (see shishi users list)",
      },
    ],
  ],
  positionals: [0, 0],
  async run(ctx) {
    const as = str(ctx.values, 'as');
    const org = str(ctx.values, 'org');
    const user = str(ctx.values, 'user');
    if (as === undefined && user === undefined) {
      throw new UsageError(
        '请用 --as 指定身份（office、leader 或 unit:<单位编号>），或用 --user 指定人员',
        'Say who with --as (office, leader or unit:<unit id>), or pick a person with --user',
      );
    }
    if (org !== undefined && !ORG_ID.test(org)) {
      throw new UsageError(
        `--org 应为组织编号，如 ${FIRST_ORG}（收到 "${org}"）`,
        `--org must be an organisation id such as ${FIRST_ORG} (got "${org}")`,
      );
    }
    const wanted: Wanted = {
      ...(as !== undefined ? { as: asOption(as) } : {}),
      ...(org !== undefined ? { org } : {}),
      ...(user !== undefined ? { user } : {}),
    };
    const found = await fromTable(ctx, wanted);
    const principal = 'principal' in found ? found.principal : fromSamples(wanted);
    const token = await mintToken(ctx.dataDir, principal);
    if ('note' in found) ctx.io.err(found.note);
    const who = asOf(principal);
    ctx.print({ as: who, principal, token }, () => token);
    if (!ctx.json) {
      ctx.io.err(
        ctx.t(
          `（令牌属于 ${principal.name ?? principal.sub}：${who}，${principal.org}，${principal.sub}）`,
          `(The token is for ${principal.name ?? principal.sub}: ${who}, ${principal.org}, ${principal.sub})`,
        ),
      );
      ctx.io.err(ctx.t('（12 小时内有效，仅对本地栈有效）', '(valid for 12 hours, on the local stack only)'));
    }
    return EXIT.ok;
  },
};
