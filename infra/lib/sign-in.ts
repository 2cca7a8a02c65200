/** Sign-in: the Cognito user pool, the add-in's app client, the hosted UI and the groups. */
import {
  AccountRecovery,
  ClientAttributes,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { pascal, StackPart } from './part';

export interface SignInProps {
  /** The add-in's origin: the sign-in callback and the logout page are there. */
  readonly addinOrigin: string;
  /** The hosted UI's domain prefix (unique in the region). */
  readonly domainPrefix: string;
  /**
   * Unit ids to make a group `unit:<id>` for in the template, besides `office` and `leader`;
   * none by default. The units' groups follow the published plan: publishing makes the missing
   * ones (the plans function, functions/directory/cognito.ts), so this is only for groups wanted
   * before a plan is published, or kept from an earlier deploy that made them.
   */
  readonly unitGroups?: readonly string[];
}

/** What the backend reads in a group name `unit:<id>` (the units' ids). */
const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The unit ids of the context value `unitGroups` (`-c unitGroups=labor,finance`, or a list in
 * cdk.json); none when it is not given. Throws on anything that is not a unit id, so that a typo
 * fails the synthesis instead of making a group nobody can be in.
 *
 * @example parseUnitGroups('labor, finance') // → ['labor', 'finance']
 */
export function parseUnitGroups(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value
        : undefined;
  if (!items) {
    throw new Error(
      `unitGroups must be comma-separated unit ids (-c unitGroups=labor,finance), not ${JSON.stringify(value)}`,
    );
  }
  const ids = items.map((s) => s.trim()).filter((s) => s !== '');
  for (const id of ids) {
    if (!UNIT_ID.test(id)) {
      throw new Error(
        `unitGroups: ${JSON.stringify(id)} is not a unit id (${UNIT_ID.source}: lower-case letters, digits and "-", at most 63 characters)`,
      );
    }
  }
  return [...new Set(ids)];
}

export class SignIn extends StackPart {
  readonly pool: UserPool;
  /** The add-in's client: public (no secret), authorization code with PKCE. */
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The id tokens' issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    this.pool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      customAttributes: { district: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.client = this.pool.addClient('AddinClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        // Authorization code; the add-in sends a PKCE challenge (a public client, no secret).
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.addinOrigin}/auth-callback.html`],
        logoutUrls: [`${props.addinOrigin}/taskpane.html`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // Users must not change their own district (custom:district decides what they see).
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    this.domain = this.pool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    // The backend reads the groups `office`, `leader`, `city` (a city's assessment office, whose
    // custom:district is the city) and `unit:<id>` (functions/auth/tokens.ts); the units' groups
    // are made when a plan is published, not here (but for `unitGroups`).
    const groups = ['office', 'leader', 'city', ...(props.unitGroups ?? []).map((u) => `unit:${u}`)];
    for (const groupName of groups) {
      this.pool.addGroup(`Group${pascal(groupName)}`, { groupName });
    }
    this.issuer = Fn.join('', ['https://', this.pool.userPoolProviderUrl]);
  }
}
