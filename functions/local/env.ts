/**
 * The environment the handlers read (functions/config.ts), for a stack on this machine:
 * `npm start`, the test stack and the benchmark set it the same way.
 */
import type { JWK } from 'jose';
import { LOCAL_AWS } from './dynamodb';
import { localTokenSettings } from './users';

export interface LocalEnvOptions {
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly publicJwk: JWK;
  readonly maxBodyBytes?: number;
  /** Where generated files (summary workbooks) are kept: `<dataDir>/files` for `npm start`. */
  readonly filesDir?: string;
}

export function localHandlerEnv(o: LocalEnvOptions): Record<string, string> {
  return {
    SHISHI_TABLE: o.tableName,
    DYNAMODB_ENDPOINT: o.dynamoEndpoint,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
    SHISHI_JWT_ISSUER: localTokenSettings.issuer,
    SHISHI_JWT_AUDIENCE: localTokenSettings.audience,
    SHISHI_JWT_PUBLIC_JWK: JSON.stringify(o.publicJwk),
    ...(o.maxBodyBytes !== undefined ? { SHISHI_MAX_BODY_BYTES: String(o.maxBodyBytes) } : {}),
    ...(o.filesDir !== undefined ? { SHISHI_FILES_DIR: o.filesDir } : {}),
  };
}

/** Sets the handlers' environment in this process; do it before the handlers' first request. */
export function applyLocalEnv(o: LocalEnvOptions): void {
  Object.assign(process.env, localHandlerEnv(o));
  if (o.filesDir === undefined) delete process.env.SHISHI_FILES_DIR;
  // A Cognito JWKS URL left in the shell would make the handlers ignore the local key.
  delete process.env.SHISHI_JWKS_URL;
}
