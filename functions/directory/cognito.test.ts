/** The Cognito directory: the commands it sends and their inputs, offline, and what it makes of Cognito's refusals. */
import {
  AliasExistsException,
  CognitoIdentityProviderClient,
  GroupExistsException,
  InvalidParameterException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, test } from 'vitest';
import { DIRECTORY_ACTIONS, type DirectoryOperation } from '../../api/directory';
import { cognitoDirectory, e164, usernameOf } from './cognito';
import { makeDirectory } from './index';
import { localDirectory } from './local';
import { DirectoryError } from './port';

const POOL = 'cn-north-1_TestPool1';

interface Sent {
  /** The API action, e.g. `AdminCreateUser`. */
  readonly action: string;
  readonly input: Record<string, unknown>;
}

type Answer =
  | Record<string, unknown>
  | Error
  | ((input: Record<string, unknown>) => Record<string, unknown> | Error);

/**
 * A real Cognito client whose requests never leave the process: a `build`-step middleware records
 * each command and answers the next canned output (or throws the canned error).
 */
function offlineClient(answers: Answer[]) {
  const client = new CognitoIdentityProviderClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const sent: Sent[] = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      sent.push({ action: String(context.commandName).replace(/Command$/, ''), input });
      const next = answers.shift();
      if (next === undefined) throw new Error('no canned answer');
      const answer = typeof next === 'function' ? next(input) : next;
      if (answer instanceof Error) throw answer;
      return { output: { $metadata: {}, ...answer }, response: {} } as never;
    },
    { step: 'build', priority: 'low', name: 'offline' },
  );
  return { client, sent };
}

const meta = { $metadata: {} };
const created = (username: string, sub = '7a1c2d3e-0000-4000-8000-000000000001') => ({
  User: { Username: username, Attributes: [{ Name: 'sub', Value: sub }], Enabled: true },
});

describe('createUser', () => {
  test('creates the sign-in with the e-mail and the organisation, has Cognito send the password, and adds the group', async () => {
    const { client, sent } = offlineClient([created('li.wei_at_example.cn'), {}]);
    const directory = cognitoDirectory(client, POOL);

    const out = await directory.createUser({
      org: 'city-east',
      name: '李伟',
      email: 'Li.Wei@example.cn',
      role: 'unit',
      unit: 'labor',
    });

    expect(out).toEqual({ sub: '7a1c2d3e-0000-4000-8000-000000000001', username: 'li.wei_at_example.cn' });
    expect(sent).toEqual([
      {
        action: 'AdminCreateUser',
        input: {
          UserPoolId: POOL,
          Username: 'li.wei_at_example.cn',
          UserAttributes: [
            { Name: 'name', Value: '李伟' },
            { Name: 'custom:district', Value: 'city-east' },
            { Name: 'email', Value: 'Li.Wei@example.cn' },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
      {
        action: 'AdminAddUserToGroup',
        input: { UserPoolId: POOL, Username: 'li.wei_at_example.cn', GroupName: 'unit:labor' },
      },
    ]);
    // No password of ours: Cognito makes the temporary one and sends it.
    expect(sent[0]!.input).not.toHaveProperty('TemporaryPassword');
    expect(sent[0]!.input).not.toHaveProperty('MessageAction');
  });

  test('signs in with the phone in E.164; the password goes by SMS, or by e-mail when there is one', async () => {
    const { client, sent } = offlineClient([created('+8613800138000'), {}, created('+861065123456'), {}]);
    const directory = cognitoDirectory(client, POOL);

    const office = await directory.createUser({
      org: 'city-east',
      name: '王芳',
      phone: '138 0013 8000',
      role: 'office',
    });
    await directory.createUser({
      org: 'city-east',
      name: '张强',
      phone: '010-6512 3456',
      email: 'zq@example.cn',
      role: 'leader',
    });

    expect(office.username).toBe('+8613800138000');
    expect(sent.map((s) => s.action)).toEqual([
      'AdminCreateUser',
      'AdminAddUserToGroup',
      'AdminCreateUser',
      'AdminAddUserToGroup',
    ]);
    expect(sent[0]!.input).toMatchObject({
      Username: '+8613800138000',
      UserAttributes: [
        { Name: 'name', Value: '王芳' },
        { Name: 'custom:district', Value: 'city-east' },
        { Name: 'phone_number', Value: '+8613800138000' },
      ],
      DesiredDeliveryMediums: ['SMS'],
    });
    expect(sent[1]!.input).toEqual({ UserPoolId: POOL, Username: '+8613800138000', GroupName: 'office' });
    expect(sent[2]!.input).toMatchObject({
      Username: '+861065123456',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(sent[2]!.input.UserAttributes).toContainEqual({ Name: 'phone_number', Value: '+861065123456' });
    expect(sent[2]!.input.UserAttributes).toContainEqual({ Name: 'email', Value: 'zq@example.cn' });
    expect(sent[3]!.input).toMatchObject({ GroupName: 'leader' });
  });

  test.each([
    [new UsernameExistsException({ message: 'User account already exists', ...meta }), 'exists'],
    [new AliasExistsException({ message: 'An account with the email already exists.', ...meta }), 'exists'],
    [new InvalidParameterException({ message: 'Invalid phone number format.', ...meta }), 'invalid'],
  ])('answers a DirectoryError for %s, and adds no group', async (error, code) => {
    const { client, sent } = offlineClient([error]);
    const failure = await cognitoDirectory(client, POOL)
      .createUser({ org: 'city-east', name: '李伟', phone: '13800138000', role: 'office' })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(DirectoryError);
    expect(failure).toMatchObject({ code, cause: error });
    const { text } = failure as DirectoryError;
    expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(text.en).toMatch(/^[\x20-\x7e]+$/);
    expect(sent.map((s) => s.action)).toEqual(['AdminCreateUser']);
  });

  test("names the missing group when the unit's group does not exist", async () => {
    const { client } = offlineClient([
      created('+8613800138000'),
      new ResourceNotFoundException({ message: 'Group not found.', ...meta }),
    ]);
    const failure = await cognitoDirectory(client, POOL)
      .createUser({ org: 'city-east', name: '李伟', phone: '13800138000', role: 'unit', unit: 'transport' })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'DirectoryError', code: 'invalid' });
    expect((failure as DirectoryError).text.en).toContain('unit:transport');
  });

  test('leaves a fault of Cognito as it is (the handler answers 5xx)', async () => {
    const busy = new TooManyRequestsException({ message: 'Rate exceeded', ...meta });
    const { client } = offlineClient([busy]);
    await expect(
      cognitoDirectory(client, POOL).createUser({
        org: 'o',
        name: 'n',
        email: 'n@example.cn',
        role: 'office',
      }),
    ).rejects.toBe(busy);
  });

  test('refuses a sign-in without a phone or an e-mail before calling Cognito', async () => {
    const { client, sent } = offlineClient([]);
    await expect(
      cognitoDirectory(client, POOL).createUser({ org: 'o', name: 'n', role: 'office' }),
    ).rejects.toMatchObject({ code: 'invalid' });
    expect(sent).toEqual([]);
  });
});

describe('setEnabled', () => {
  test('disables and enables again the user name given', async () => {
    const { client, sent } = offlineClient([{}, {}]);
    const directory = cognitoDirectory(client, POOL);
    await directory.setEnabled('+8613800138000', false);
    await directory.setEnabled('+8613800138000', true);
    expect(sent).toEqual([
      { action: 'AdminDisableUser', input: { UserPoolId: POOL, Username: '+8613800138000' } },
      { action: 'AdminEnableUser', input: { UserPoolId: POOL, Username: '+8613800138000' } },
    ]);
  });

  test('answers notFound for a user name the pool does not have', async () => {
    const { client } = offlineClient([
      new UserNotFoundException({ message: 'User does not exist.', ...meta }),
    ]);
    await expect(cognitoDirectory(client, POOL).setEnabled('nobody', false)).rejects.toMatchObject({
      name: 'DirectoryError',
      code: 'notFound',
    });
  });
});

describe('ensureGroups', () => {
  test('creates only the missing groups, once each, and takes one made meanwhile', async () => {
    const exists = new Set(['unit:labor']);
    const notFound = () => new ResourceNotFoundException({ message: 'Group not found.', ...meta });
    const get = (input: Record<string, unknown>) =>
      exists.has(String(input.GroupName)) ? { Group: { GroupName: input.GroupName } } : notFound();
    const { client, sent } = offlineClient([
      get,
      get,
      get,
      {},
      new GroupExistsException({ message: 'A group with the name already exists.', ...meta }),
    ]);

    await cognitoDirectory(client, POOL).ensureGroups([
      'unit:labor',
      'unit:finance',
      'unit:transport',
      'unit:labor',
    ]);

    expect(sent.filter((s) => s.action === 'GetGroup').map((s) => s.input)).toEqual(
      ['unit:labor', 'unit:finance', 'unit:transport'].map((GroupName) => ({ UserPoolId: POOL, GroupName })),
    );
    expect(sent.filter((s) => s.action === 'CreateGroup').map((s) => s.input)).toEqual(
      ['unit:finance', 'unit:transport'].map((GroupName) => ({
        UserPoolId: POOL,
        GroupName,
        Description: `Shishi: ${GroupName}`,
      })),
    );
    expect(sent).toHaveLength(5);
  });

  test('sends nothing for no groups, and lets a fault through', async () => {
    const { client, sent } = offlineClient([
      new TooManyRequestsException({ message: 'Rate exceeded', ...meta }),
    ]);
    const directory = cognitoDirectory(client, POOL);
    await directory.ensureGroups([]);
    expect(sent).toEqual([]);
    await expect(directory.ensureGroups(['unit:labor'])).rejects.toBeInstanceOf(TooManyRequestsException);
  });
});

describe('the actions each operation sends', () => {
  test('are exactly those api/directory.ts lists (which infra allows), over every path', async () => {
    // Prepare: every path of every operation, with the answers that lead down it.
    const notFound = () => new ResourceNotFoundException({ message: 'Group not found.', ...meta });
    const runs: Record<
      DirectoryOperation,
      Array<[Answer[], (d: ReturnType<typeof cognitoDirectory>) => Promise<unknown>]>
    > = {
      createUser: [
        [
          [created('+8613800138000'), {}],
          (d) => d.createUser({ org: 'o', name: 'n', phone: '13800138000', role: 'office' }),
        ],
        [
          [created('+8613800138000'), notFound()],
          (d) => d.createUser({ org: 'o', name: 'n', phone: '13800138000', role: 'unit', unit: 'x' }),
        ],
        [
          [new UsernameExistsException({ message: 'exists', ...meta })],
          (d) => d.createUser({ org: 'o', name: 'n', email: 'n@example.cn', role: 'leader' }),
        ],
      ],
      setEnabled: [
        [[{}], (d) => d.setEnabled('u', false)],
        [[{}], (d) => d.setEnabled('u', true)],
      ],
      ensureGroups: [
        [[{ Group: {} }], (d) => d.ensureGroups(['office'])],
        [[notFound(), {}], (d) => d.ensureGroups(['unit:x'])],
        [
          [notFound(), new GroupExistsException({ message: 'exists', ...meta })],
          (d) => d.ensureGroups(['unit:y']),
        ],
      ],
    };

    for (const [op, paths] of Object.entries(runs) as [
      DirectoryOperation,
      (typeof runs)[DirectoryOperation],
    ][]) {
      const actions = new Set<string>();
      for (const [answers, run] of paths) {
        const { client, sent } = offlineClient(answers);
        await run(cognitoDirectory(client, POOL)).catch(() => undefined);
        for (const s of sent) actions.add(s.action);
        // Every command names the one pool.
        for (const s of sent) expect(s.input.UserPoolId, op).toBe(POOL);
      }
      // Assess
      expect([...actions].sort(), op).toEqual([...DIRECTORY_ACTIONS[op]].sort());
    }
  });

  test("cover the port's operations, no more and no fewer", () => {
    const { client } = offlineClient([]);
    const ops = Object.keys(cognitoDirectory(client, POOL)).filter((k) => k !== 'kind');
    expect(ops.sort()).toEqual(Object.keys(DIRECTORY_ACTIONS).sort());
  });
});

describe('phone numbers and user names', () => {
  test.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['+8613800138000', '+8613800138000'],
    ['86 13800138000', '+8613800138000'],
    ['010-65123456', '+861065123456'],
    ['+86 10 6512 3456', '+861065123456'],
    ['0571 8888 1234', '+8657188881234'],
  ])('%s → %s', (phone, expected) => {
    expect(e164(phone)).toBe(expected);
  });

  test.each(['0000000', '+86', '12'])('refuses %j', (phone) => {
    expect(() => e164(phone)).toThrow(DirectoryError);
  });

  test('a user name is never an e-mail (the pool takes e-mails as an alias)', () => {
    expect(usernameOf({ email: ' Li.Wei@Example.cn ' })).toBe('li.wei_at_example.cn');
    expect(usernameOf({ phone: '13800138000', email: 'li@example.cn' })).toBe('+8613800138000');
    expect(usernameOf({ email: 'a@b.cn' })).not.toContain('@');
  });
});

describe('makeDirectory', () => {
  const config = {
    tableName: 't',
    region: 'cn-north-1',
    auth: { issuer: 'i', audience: 'a', publicJwk: '{}' },
    maxBodyBytes: 1,
  };

  test('is the Cognito pool when SHISHI_USER_POOL_ID is set, else the local directory', () => {
    expect(makeDirectory(config)).toBe(localDirectory);
    expect(makeDirectory({ ...config, userPoolId: POOL }).kind).toBe('cognito');
  });
});
