/**
 * The directory on AWS: the stack's Cognito user pool (`SHISHI_USER_POOL_ID`). It sends only the
 * actions api/directory.ts lists for each operation, which are all the functions may call
 * (infra/lib/api.ts allows them on this one pool).
 *
 * The pool signs in by user name, or by e-mail as an alias (infra/lib/sign-in.ts), so a user
 * name may not look like an e-mail: a person's user name is their phone number in E.164
 * (`+86…`), or else their e-mail with `@` spelled `_at_`; they sign in with it, or with their
 * e-mail (verified, since the office vouches for it). Cognito makes the temporary password and
 * sends it by e-mail, or by SMS to a person without an e-mail.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  type AdminCreateUserCommandOutput,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  type DeliveryMediumType,
  GetGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Directory, DirectoryError, groupOf, type NewSignIn } from './port';

/** The pool's custom attribute that holds the organisation's id (named `district` since the start). */
export const ORG_ATTRIBUTE = 'custom:district';

const errorName = (e: unknown) => (e as { name?: string })?.name;
const detail = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A mainland phone number in E.164, as Cognito's `phone_number` needs it: separators dropped, the
 * country code `86` kept once, a landline's trunk `0` dropped.
 *
 * @example e164('138 0013 8000') // → '+8613800138000'
 * @example e164('010-6512 3456') // → '+861065123456'
 */
export function e164(phone: string): string {
  let digits = phone.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  // A national number never starts with 86 and is longer than 11 digits: that is the country code.
  else if (digits.startsWith('86') && digits.length > 11) digits = digits.slice(2);
  if (digits.startsWith('0')) digits = digits.slice(1);
  if (!/^[1-9][0-9]{4,12}$/.test(digits)) {
    throw new DirectoryError('invalid', {
      zh: `电话号码 ${phone} 无效`,
      en: `The phone number ${phone} is not valid`,
    });
  }
  return `+86${digits}`;
}

/**
 * The user name a person signs in with: their phone in E.164, or else their e-mail with `@` as
 * `_at_` (the pool takes e-mails as an alias, so a user name may not be one).
 *
 * @example usernameOf({ email: 'Li.Wei@example.cn' }) // → 'li.wei_at_example.cn'
 */
export function usernameOf(p: Pick<NewSignIn, 'phone' | 'email'>): string {
  if (p.phone) return e164(p.phone);
  if (p.email) return p.email.trim().toLowerCase().replace('@', '_at_');
  throw new DirectoryError('invalid', {
    zh: '需要电话号码或电子邮箱',
    en: 'A phone or an e-mail is needed',
  });
}

/** What Cognito refused, as the use case answers it; anything else is a fault and stays as it is. */
function refusal(e: unknown, group?: string): unknown {
  switch (errorName(e)) {
    case 'UsernameExistsException':
    case 'AliasExistsException':
      return new DirectoryError(
        'exists',
        {
          zh: '已有人使用此电话号码或电子邮箱登录',
          en: 'Someone signs in with this phone or e-mail already',
        },
        { cause: e },
      );
    case 'InvalidParameterException':
      return new DirectoryError(
        'invalid',
        {
          zh: `用户目录不接受此电话号码、电子邮箱或姓名（${detail(e)}）`,
          en: `The user directory does not take this phone, e-mail or name (${detail(e)})`,
        },
        { cause: e },
      );
    case 'UserNotFoundException':
      return new DirectoryError('notFound', { zh: '找不到该账号', en: 'No such sign-in' }, { cause: e });
    case 'ResourceNotFoundException':
      if (group === undefined) return e;
      return new DirectoryError(
        'invalid',
        {
          zh: `分组 ${group} 不存在：请先发布包含该单位的计划`,
          en: `The group ${group} does not exist: publish a plan with the unit first`,
        },
        { cause: e },
      );
    default:
      return e;
  }
}

/** How many groups `ensureGroups` looks up at a time (Cognito's request rates are per pool). */
const GROUPS_AT_ONCE = 4;

/** The directory in the Cognito user pool `userPoolId`. */
export function cognitoDirectory(client: CognitoIdentityProviderClient, userPoolId: string): Directory {
  const ensureGroup = async (GroupName: string) => {
    try {
      await client.send(new GetGroupCommand({ UserPoolId: userPoolId, GroupName }));
      return;
    } catch (e) {
      if (errorName(e) !== 'ResourceNotFoundException') throw refusal(e);
    }
    try {
      await client.send(
        new CreateGroupCommand({ UserPoolId: userPoolId, GroupName, Description: `Shishi: ${GroupName}` }),
      );
    } catch (e) {
      // Another publication made it meanwhile.
      if (errorName(e) !== 'GroupExistsException') throw refusal(e);
    }
  };

  return {
    kind: 'cognito',

    async createUser(person) {
      const Username = usernameOf(person);
      const attributes: AttributeType[] = [
        { Name: 'name', Value: person.name },
        { Name: ORG_ATTRIBUTE, Value: person.org },
      ];
      if (person.email) {
        attributes.push(
          { Name: 'email', Value: person.email.trim() },
          { Name: 'email_verified', Value: 'true' },
        );
      }
      if (person.phone) attributes.push({ Name: 'phone_number', Value: e164(person.phone) });
      // By e-mail when there is one: SMS needs the pool's SMS configuration (and costs).
      const mediums: DeliveryMediumType[] = [person.email ? 'EMAIL' : 'SMS'];
      let created: AdminCreateUserCommandOutput;
      try {
        // No TemporaryPassword: Cognito makes one and sends it.
        created = await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username,
            UserAttributes: attributes,
            DesiredDeliveryMediums: mediums,
          }),
        );
      } catch (e) {
        throw refusal(e);
      }
      const username = created.User?.Username ?? Username;
      const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
      if (!sub) throw new Error(`Cognito created ${username} without a sub / Cognito 创建的账号缺少 sub`);
      const GroupName = groupOf(person);
      try {
        await client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName }),
        );
      } catch (e) {
        throw refusal(e, GroupName);
      }
      return { sub, username };
    },

    async setEnabled(username, enabled) {
      const input = { UserPoolId: userPoolId, Username: username };
      try {
        await client.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
      } catch (e) {
        throw refusal(e);
      }
    },

    async ensureGroups(groups) {
      const names = [...new Set(groups)];
      for (let i = 0; i < names.length; i += GROUPS_AT_ONCE) {
        await Promise.all(names.slice(i, i + GROUPS_AT_ONCE).map(ensureGroup));
      }
    },
  };
}
