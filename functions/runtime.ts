/**
 * What the handlers need, built once per cold start from the environment: the store, the token
 * verifier, the user directory and the clock.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createVerifier, type Verifier } from './auth/tokens';
import { type Config, readConfig } from './config';
import { makeDirectory } from './directory';
import type { Directory } from './directory/port';
import { createStore, type Store } from './store/repository';

export interface Deps {
  readonly config: Config;
  readonly store: Store;
  readonly verify: Verifier;
  /** Where people sign in: the Cognito user pool on AWS, else the local stack's (functions/directory/). */
  readonly directory: Directory;
  readonly now: () => Date;
}

let deps: Deps | undefined;

export function makeDeps(config: Config, now: () => Date = () => new Date()): Deps {
  const client = new DynamoDBClient({
    region: config.region,
    maxAttempts: 3,
    ...(config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // DynamoDB Local (an endpoint override) needs its writes confirmed before they are acknowledged.
  const store = createStore(doc, config.tableName, { confirmWrites: config.dynamoEndpoint !== undefined });
  return { config, store, verify: createVerifier(config.auth), directory: makeDirectory(config), now };
}

/** The process-wide dependencies, created on first use. */
export function getDeps(): Deps {
  deps ??= makeDeps(readConfig());
  return deps;
}

/** The calendar day in the district's time zone (China Standard Time). */
export function localDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}
