/**
 * `shishi orgs`, `shishi token --org/--user` and `shishi users` against the test stack
 * (test/support/stack.ts), found through local.json as `npm start` writes it: the organisations
 * and people are the table's, the people added through the API as the office.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../api/views';
import { SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND } from '../../domain/sample';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { createVerifier } from '../auth/tokens';
import { localTokenSettings } from '../local/users';
import { displayWidth } from './format';
import { closedPort, localDataDir, runCli } from './testing';

let stack: TestStack;
let dataDir: string;
let env: Record<string, string>;
const parent = mkdtempSync(join(tmpdir(), 'shishi-cli-people-'));

/** A second district in the table, with its office and three leaders, the first one disabled. */
const OTHER = 'other-district';
const SYSTEM = { sub: 'system:test', role: 'system' };

const person = (
  sub: string,
  name: string,
  role: Person['role'],
  createdAt: string,
  state: Person['state'],
) => ({
  sub,
  org: OTHER,
  name,
  phone: '13800000000',
  role,
  state,
  createdAt,
  createdBy: SYSTEM.sub,
  username: sub,
});

beforeAll(async () => {
  stack = await startTestStack();
  dataDir = localDataDir(parent, stack.keys, {
    apiUrl: stack.url,
    dynamoEndpoint: stack.dynamoEndpoint,
    tableName: stack.tableName,
  });
  env = { SHISHI_DATA_DIR: dataDir };
  const store = stack.deps.store.forOrg(OTHER);
  const plan = {
    ...SAMPLE_PLAN_2006,
    organisation: { ...SAMPLE_PLAN_2006.organisation, id: OTHER, name: '另一区' },
  };
  await store.putPlan(2006, plan, 0, SYSTEM, '2026-01-01T00:00:00Z');
  for (const p of [
    person(`local:${OTHER}:office`, '周敏', 'office', '2026-01-01T00:00:00Z', 'active'),
    person('leader-first', '郑一', 'leader', '2026-01-02T00:00:00Z', 'disabled'),
    person('leader-second', '郑二', 'leader', '2026-01-03T00:00:00Z', 'active'),
    person('leader-third', '郑三', 'leader', '2026-01-04T00:00:00Z', 'active'),
  ]) {
    await store.putPerson(p, SYSTEM, 2006);
  }
}, 60_000);

afterAll(async () => {
  await stack?.close();
  rmSync(parent, { recursive: true, force: true });
});

const cli = (argv: string[]) => runCli(argv, { env, cwd: dataDir });
const verify = (token: string) =>
  createVerifier({ ...localTokenSettings, publicJwk: JSON.stringify(stack.keys.publicJwk) })(
    `Bearer ${token}`,
  );

describe('shishi orgs', () => {
  it('lists the organisations in the table, as text and as JSON', async () => {
    // Act
    const zh = await cli(['orgs']);
    const en = await cli(['orgs', '--lang', 'en']);
    const json = await cli(['orgs', '--json']);

    // Assess
    expect(zh.code, zh.err).toBe(0);
    expect(zh.out).toMatch(/编号\s+名称\s+层级\s+上级/);
    expect(zh.out).toMatch(/sample-district\s+××区\s+区\s+××市 \(sample-city\)/);
    expect(zh.out).toMatch(/other-district\s+另一区\s+区/);
    expect(en.out).toMatch(/sample-district\s+××区\s+district\s+××市 \(sample-city\)/);
    expect(JSON.parse(json.out).items).toEqual([
      {
        id: OTHER,
        name: '另一区',
        level: 'district',
        parent: { id: 'sample-city', name: '××市', level: 'city' },
      },
      { id: 'sample-city', name: '××市', level: 'city' },
      SAMPLE_PLAN_2006_SECOND.organisation,
      SAMPLE_PLAN_2006.organisation,
    ]);
  });

  it('says to start the local stack when it is not running', async () => {
    // Prepare
    const stopped = localDataDir(parent, stack.keys);
    const gone = localDataDir(parent, stack.keys, {
      apiUrl: stack.url,
      dynamoEndpoint: `http://127.0.0.1:${await closedPort()}`,
    });

    // Act
    const zh = await runCli(['orgs'], { env: { SHISHI_DATA_DIR: stopped } });
    const en = await runCli(['orgs', '--lang', 'en'], { env: { SHISHI_DATA_DIR: gone } });

    // Assess
    expect(zh.code).toBe(3);
    expect(zh.err).toContain('本地栈没有在运行');
    expect(zh.err).toContain('请先运行 npm start');
    expect(en.code).toBe(3);
    expect(en.err).toContain('Is the local stack running (npm start)?');
  });
});

describe('shishi token', () => {
  it('signs for the sample person of the first sample organisation by default', async () => {
    // Act
    const { code, out, err } = await cli(['token', '--as', 'office', '--json']);

    // Assess
    expect(code, err).toBe(0);
    const answer = JSON.parse(out);
    expect(answer).toMatchObject({
      as: 'office',
      principal: {
        sub: 'local:sample-district:office',
        org: 'sample-district',
        role: 'office',
        name: '王静',
      },
    });
    expect(await verify(answer.token)).toMatchObject({ ok: true, value: answer.principal });
  });

  it('signs for a person of the organisation --org names: the sample one, else the first active', async () => {
    // Act
    const office = await cli(['token', '--as', 'office', '--org', OTHER]);
    const leader = await cli(['token', '--as', 'leader', '--org', OTHER, '--lang', 'en']);

    // Assess
    expect(office.code, office.err).toBe(0);
    expect(office.err).toContain(`令牌属于 周敏：office，${OTHER}，local:${OTHER}:office`);
    expect(await verify(office.out.trim())).toMatchObject({
      ok: true,
      value: { sub: `local:${OTHER}:office`, org: OTHER, role: 'office', name: '周敏' },
    });
    expect(leader.code, leader.err).toBe(0);
    expect(await verify(leader.out.trim())).toMatchObject({
      ok: true,
      value: { sub: 'leader-second', org: OTHER, role: 'leader', name: '郑二' },
    });
  });

  it('refuses an organisation not in the table, and a role nobody has there', async () => {
    // Act
    const unknown = await cli(['token', '--as', 'office', '--org', 'nowhere']);
    const nobody = await cli(['token', '--as', 'unit:newbureau']);
    const nobodyEn = await cli(['token', '--as', 'unit:newbureau', '--org', OTHER, '--lang', 'en']);

    // Assess
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe('');
    expect(unknown.err).toContain(
      `表中没有组织 nowhere（现有：${OTHER}、sample-city、sample-county、sample-district；见 shishi orgs）`,
    );
    expect(nobody.code).toBe(2);
    expect(nobody.err).toContain(
      '组织 sample-district 中没有 unit:newbureau 的人员（现有：office、leader、unit:',
    );
    expect(nobody.err).toContain('shishi users add --name NAME --phone PHONE --role unit --unit newbureau');
    expect(nobodyEn.code).toBe(2);
    expect(nobodyEn.err).toContain(`Nobody is unit:newbureau in ${OTHER} (there are: office, leader)`);
  });

  it('falls back to the sample people, saying so, when the table cannot be reached', async () => {
    // Prepare
    const gone = {
      SHISHI_DATA_DIR: localDataDir(parent, stack.keys, {
        apiUrl: stack.url,
        dynamoEndpoint: `http://127.0.0.1:${await closedPort()}`,
      }),
    };

    // Act
    const sample = await runCli(['token', '--as', 'unit:labor'], { env: gone });
    const stopped = await runCli(['token', '--as', 'leader'], {
      env: { SHISHI_DATA_DIR: localDataDir(parent, stack.keys) },
    });
    const other = await runCli(['token', '--as', 'office', '--org', OTHER, '--lang', 'en'], { env: gone });

    // Assess
    expect(sample.code, sample.err).toBe(0);
    expect(sample.err).toContain('本地栈是否在运行（npm start）？ 按示例组织的示例人员签发。）');
    expect(await verify(sample.out.trim())).toMatchObject({
      ok: true,
      value: { sub: 'local:sample-district:unit:labor', role: 'unit', unit: 'labor' },
    });
    expect(stopped.code, stopped.err).toBe(0);
    expect(stopped.err).toContain('（本地栈没有在运行，读不到表中的人员：按示例组织的示例人员签发）');
    expect(await verify(stopped.out.trim())).toMatchObject({
      ok: true,
      value: { sub: 'local:sample-district:leader', role: 'leader' },
    });
    expect(other.code).toBe(2);
    expect(other.err).toContain(
      `No sample organisation ${OTHER} (the sample organisations: sample-district, sample-county, sample-city)`,
    );
  });
});

describe('shishi users', () => {
  it('adds a person, lists them, and disables them: their token is refused, then enabled again', async () => {
    // Act
    const added = await cli([
      'users',
      'add',
      '--name',
      '赵新',
      '--phone',
      '139 1234 5678',
      '--role',
      'unit',
      '--unit',
      'labor',
      '--json',
    ]);
    const person = JSON.parse(added.out) as Person;
    const token = await cli(['token', '--user', person.sub, '--json']);
    const listed = await cli(['users', 'list']);
    const disabled = await cli(['users', 'disable', person.sub]);
    const listedEn = await cli(['users', '--lang', 'en']);
    const refused = await cli(['token', '--user', person.sub]);
    const enabled = await cli(['users', 'enable', person.sub, '--lang', 'en']);
    const again = await cli(['token', '--user', person.sub, '--as', 'unit:labor']);

    // Assess
    expect(added.code, added.err).toBe(0);
    expect(person).toMatchObject({ name: '赵新', role: 'unit', unit: 'labor', state: 'active' });
    expect(person.sub).toMatch(/^local:sample-district:/);
    expect(token.code, token.err).toBe(0);
    const answer = JSON.parse(token.out);
    expect(answer.as).toBe('unit:labor');
    expect(await verify(answer.token)).toMatchObject({
      ok: true,
      value: { sub: person.sub, org: 'sample-district', role: 'unit', unit: 'labor', name: '赵新' },
    });
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(/姓名\s+角色\s+单位\s+电话\/邮箱\s+状态/);
    expect(listed.out).toMatch(/王静\s+考核办\s+启用/);
    expect(listed.out).toMatch(
      new RegExp(`赵新\\s+责任单位\\s+labor\\s+139 1234 5678\\s+启用\\n  sub ${person.sub}\\n`),
    );
    for (const line of listed.out.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(disabled.code, disabled.err).toBe(0);
    expect(disabled.out).toContain(`已停用 赵新（责任单位 labor）：${person.sub}`);
    expect(listedEn.out).toMatch(
      new RegExp(`赵新\\s+unit\\s+labor\\s+139 1234 5678\\s+disabled\\n  sub ${person.sub}`),
    );
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(`赵新（${person.sub}）已被考核办停用，不能签发令牌`);
    expect(enabled.code, enabled.err).toBe(0);
    expect(enabled.out).toContain(`Enabled 赵新 (unit labor): ${person.sub}`);
    expect(again.code, again.err).toBe(0);
  });

  it('says in text where the new person can sign in', async () => {
    // Act
    const { code, out, err } = await cli([
      'users',
      'add',
      '--name',
      '钱领导',
      '--email',
      'qian@example.org',
      '--role',
      'leader',
    ]);

    // Assess
    expect(code, err).toBe(0);
    expect(out).toMatch(/^已添加 钱领导（领导）：local:sample-district:\S+\n/);
    expect(out).toMatch(/或用 shishi token --user local:sample-district:\S+ 取得令牌/);
  });

  it('names the field the API refuses, with exit code 1 for validation and 3 for a conflict', async () => {
    // Act
    const badUnit = await cli([
      'users',
      'add',
      '--name',
      '孙某',
      '--phone',
      '13700000000',
      '--role',
      'unit',
      '--unit',
      'nosuch',
    ]);
    const twin = await cli(['users', 'add', '--name', '李某', '--phone', '13912340001', '--role', 'leader']);
    const twinAgain = await cli([
      'users',
      'add',
      '--name',
      '李某',
      '--phone',
      '13912340001',
      '--role',
      'leader',
      '--lang',
      'en',
    ]);
    const missing = await cli(['users', 'disable', 'local:sample-district:nobody', '--json']);

    // Assess
    expect(badUnit.code).toBe(1);
    expect(badUnit.err).toContain('未能添加 孙某：单位“nosuch”不在已发布的计划中');
    expect(badUnit.err).toContain('（字段：unit）');
    expect(twin.code, twin.err).toBe(0);
    expect(twinAgain.code).toBe(3);
    expect(twinAgain.err).toContain(
      'Could not add 李某: Someone already uses this phone: 李某 (field: phone)',
    );
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.out)).toMatchObject({ code: 'user.notFound', field: 'sub' });
  });

  it('refuses a bad command line before asking the API', async () => {
    // Act
    const noContact = await cli(['users', 'add', '--name', '孙某', '--role', 'leader']);
    const badRole = await cli([
      'users',
      'add',
      '--name',
      '孙某',
      '--phone',
      '1',
      '--role',
      'boss',
      '--lang',
      'en',
    ]);
    const noSub = await cli(['users', 'disable']);
    const stray = await cli(['users', 'list', '--role', 'office']);
    const unknown = await cli(['users', 'remove', 'x']);

    // Assess
    expect([noContact, badRole, noSub, stray, unknown].map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(noContact.err).toContain('请用 --phone 或 --email');
    expect(badRole.err).toContain('Say the role with --role: office, leader or unit (got "boss")');
    expect(noSub.err).toContain('请给出人员编号：users disable SUB');
    expect(stray.err).toContain('--role 只用于 users add');
    expect(unknown.err).toContain('未知子命令：users remove');
  });
});

describe('the help', () => {
  it('lists the new commands and explains them in both languages', async () => {
    // Act
    const help = await runCli(['--help']);
    const users = await runCli(['users', '--help', '--lang', 'en']);
    const token = await runCli(['help', 'token']);

    // Assess
    expect(help.out).toMatch(/\n {2}orgs\s+列出本地栈中的组织/);
    expect(help.out).toMatch(/\n {2}users list\|add\|disable\|enable\s+本组织的人员/);
    expect(users.out).toContain('Usage: shishi users list');
    expect(users.out).toContain('--role office|leader|unit');
    expect(token.out).toContain('--user SUB');
    expect(token.out).toContain('已停用的人员不签发');
  });
});
