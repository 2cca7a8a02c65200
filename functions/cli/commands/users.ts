/**
 * `shishi users list|add|disable|enable`: the office's people of its organisation, through the
 * API (GET, POST and PATCH /v1/users). A subcommand is one entry in `SUBCOMMANDS`.
 */
import { ApiProblem } from '../../../api/errors';
import { ROLES, type Role } from '../../../api/roles';
import type { NewPerson, Person, PersonState } from '../../../api/views';
import type { LocalizedText } from '../../../domain/result';
import type { ApiClient } from '../client';
import type { Command, Context } from '../command';
import { CliError, EXIT, UsageError, VALIDATION_CODES } from '../errors';
import { formatPeople, pick, ROLE_TEXT } from '../format';
import { str } from '../options';

const USAGE =
  'shishi users list [--json] · shishi users add --name N (--phone P | --email E) --role office|leader|unit [--unit U] [--json] · shishi users disable|enable SUB [--json]';

/** The options only `users add` takes. */
const ADD_OPTIONS = ['name', 'phone', 'email', 'role', 'unit'] as const;

/**
 * Runs `work` as the office; a refusal that names a field ends the command with `action`, the
 * server's message and the field, exit code 1 when validation refused it, else 3 (as main.ts).
 */
async function asOffice<T>(
  ctx: Context,
  action: LocalizedText,
  work: (c: ApiClient) => Promise<T>,
): Promise<T> {
  const client = await ctx.client('office');
  try {
    return await work(client);
  } catch (e) {
    if (!(e instanceof ApiProblem) || e.field === undefined) throw e;
    if (ctx.json) ctx.io.out(JSON.stringify(e.problem, null, 2));
    throw new CliError(
      {
        zh: `${action.zh}：${e.text.zh}（字段：${e.field}）`,
        en: `${action.en}: ${e.text.en} (field: ${e.field})`,
      },
      VALIDATION_CODES.has(e.code) ? EXIT.rejected : EXIT.server,
    );
  }
}

/** `王静（考核办）`, `李明（责任单位 labor）`. */
const who = (p: Person, ctx: Context) =>
  ctx.t(
    `${p.name}（${pick(ROLE_TEXT[p.role], ctx.locale)}${p.unit ? ` ${p.unit}` : ''}）`,
    `${p.name} (${pick(ROLE_TEXT[p.role], ctx.locale)}${p.unit ? ` ${p.unit}` : ''})`,
  );

function roleOf(ctx: Context): Role {
  const role = str(ctx.values, 'role');
  if (role === undefined || !(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(
      `请用 --role 指定角色：office、leader 或 unit${role === undefined ? '' : `（收到 "${role}"）`}`,
      `Say the role with --role: office, leader or unit${role === undefined ? '' : ` (got "${role}")`}`,
    );
  }
  return role as Role;
}

/** The subject `disable` and `enable` take. */
function subOf(ctx: Context, sub: string): string {
  const target = ctx.positionals[1];
  if (!target) {
    throw new UsageError(
      `请给出人员编号：users ${sub} SUB（见 shishi users list）`,
      `Name the person: users ${sub} SUB (see shishi users list)`,
    );
  }
  return target;
}

/** `disable` and `enable`: PATCH the person's state. */
const setState =
  (state: PersonState) =>
  async (ctx: Context): Promise<number> => {
    const sub = subOf(ctx, state === 'active' ? 'enable' : 'disable');
    const action =
      state === 'active'
        ? { zh: `未能启用 ${sub}`, en: `Could not enable ${sub}` }
        : { zh: `未能停用 ${sub}`, en: `Could not disable ${sub}` };
    const person = await asOffice(ctx, action, (c) => c.updateUser(sub, { state }));
    ctx.print(person, () =>
      state === 'active'
        ? ctx.t(`已启用 ${who(person, ctx)}：${person.sub}`, `Enabled ${who(person, ctx)}: ${person.sub}`)
        : ctx.t(
            `已停用 ${who(person, ctx)}：${person.sub}；此人的令牌自下一次请求起被拒绝`,
            `Disabled ${who(person, ctx)}: ${person.sub}; their tokens are refused from the next request on`,
          ),
    );
    return EXIT.ok;
  };

const SUBCOMMANDS: Readonly<Record<string, (ctx: Context) => Promise<number>>> = {
  async list(ctx) {
    const items = await asOffice(ctx, { zh: '未能列出人员', en: 'Could not list the people' }, (c) =>
      c.listUsers(),
    );
    ctx.print({ items }, () => formatPeople(items, ctx.locale));
    return EXIT.ok;
  },
  async add(ctx) {
    const name = str(ctx.values, 'name');
    if (!name?.trim()) throw new UsageError('请用 --name 给出姓名', 'Give the name with --name');
    const phone = str(ctx.values, 'phone');
    const email = str(ctx.values, 'email');
    if (!phone && !email) {
      throw new UsageError(
        '请用 --phone 或 --email 给出手机号或电子邮箱（登录用）',
        'Give a phone (--phone) or an e-mail (--email) to sign in with',
      );
    }
    const role = roleOf(ctx);
    const unit = str(ctx.values, 'unit');
    if (role === 'unit' && !unit) {
      throw new UsageError(
        '责任单位的人员须用 --unit 指定单位编号',
        'Unit staff need their unit: give --unit with its id',
      );
    }
    if (role !== 'unit' && unit !== undefined) {
      throw new UsageError('只有责任单位的人员有 --unit', 'Only unit staff (--role unit) have --unit');
    }
    const input: NewPerson = {
      name,
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      role,
      ...(unit ? { unit } : {}),
    };
    const person = await asOffice(ctx, { zh: `未能添加 ${name}`, en: `Could not add ${name}` }, (c) =>
      c.addUser(input),
    );
    ctx.print(person, () =>
      [
        ctx.t(`已添加 ${who(person, ctx)}：${person.sub}`, `Added ${who(person, ctx)}: ${person.sub}`),
        // The local directory's subjects: the person is in the local sign-in's list now.
        ...(person.sub.startsWith('local:')
          ? [
              ctx.t(
                `此人现在可以在任务窗格的本地登录列表中选择，或用 shishi token --user ${person.sub} 取得令牌。`,
                `They can now sign in from the pane's local list, or get a token with shishi token --user ${person.sub}.`,
              ),
            ]
          : []),
      ].join('\n'),
    );
    return EXIT.ok;
  },
  disable: setState('disabled'),
  enable: setState('active'),
};

export const usersCommand: Command = {
  name: 'users',
  listedAs: 'users list|add|disable|enable',
  summary: {
    zh: '本组织的人员：列出、添加、停用、重新启用（考核办）',
    en: "the organisation's people: list, add, disable, enable again (the office)",
  },
  usage: USAGE,
  details: {
    zh: '以考核办的身份调用 API（不给 --token 时用本地栈的密钥签发）。list：姓名、角色、单位、电话或邮箱、状态，每人下方一行是其编号（sub）。add：添加一名人员，责任单位的人员须给出已发布计划中的单位；在本地栈上，此人随即出现在任务窗格的登录列表中。disable：停用，此人的令牌随即被拒绝；enable：重新启用。人员不会被删除。',
    en: "Calls the API as the office (without --token, a token is signed with the local stack's keys). list: name, role, unit, phone or e-mail, state, and under each person their sub. add: adds a person; unit staff need a unit of a published plan; on the local stack they appear in the pane's sign-in list at once. disable: their tokens are refused from then on; enable: lets them in again. Nobody is deleted.",
  },
  options: {
    name: { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    unit: { type: 'string' },
  },
  optionHelp: [
    ['--name N', { zh: 'add：姓名', en: 'add: the name' }],
    [
      '--phone P',
      { zh: 'add：手机号（登录用；或 --email）', en: 'add: the phone (to sign in with; or --email)' },
    ],
    [
      '--email E',
      { zh: 'add：电子邮箱（登录用；或 --phone）', en: 'add: the e-mail (to sign in with; or --phone)' },
    ],
    [
      '--role office|leader|unit',
      { zh: 'add：角色：考核办、领导或责任单位', en: 'add: the role: the office, a leader or unit staff' },
    ],
    [
      '--unit U',
      { zh: 'add：责任单位的编号（--role unit 时）', en: "add: the unit's id (with --role unit)" },
    ],
  ],
  positionals: [0, 2],
  async run(ctx) {
    const sub = ctx.positionals[0] ?? 'list';
    const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!run) {
      const known = Object.keys(SUBCOMMANDS);
      throw new UsageError(
        `未知子命令：users ${sub}（可用：${known.map((k) => `users ${k}`).join('、')}）`,
        `Unknown subcommand: users ${sub} (try: ${known.map((k) => `users ${k}`).join(', ')})`,
      );
    }
    const extra = ADD_OPTIONS.filter((o) => ctx.values[o] !== undefined);
    if (sub !== 'add' && extra.length > 0) {
      throw new UsageError(
        `${extra.map((o) => `--${o}`).join('、')} 只用于 users add`,
        `${extra.map((o) => `--${o}`).join(', ')} ${extra.length > 1 ? 'are' : 'is'} only for users add`,
      );
    }
    if ((sub === 'list' || sub === 'add') && ctx.positionals.length > 1) {
      throw new UsageError(`参数个数不对：${USAGE}`, `Wrong number of arguments: ${USAGE}`);
    }
    return run(ctx);
  },
};
