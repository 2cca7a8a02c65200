/**
 * The configured directory: the Cognito user pool when `SHISHI_USER_POOL_ID` is set (on AWS),
 * else the local stack's (nothing to call).
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Config } from '../config';
import { cognitoDirectory } from './cognito';
import { localDirectory } from './local';
import type { Directory } from './port';

export function makeDirectory(config: Config): Directory {
  if (!config.userPoolId) return localDirectory;
  const client = new CognitoIdentityProviderClient({ region: config.region, maxAttempts: 3 });
  return cognitoDirectory(client, config.userPoolId);
}
