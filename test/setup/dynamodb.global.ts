/**
 * Vitest globalSetup of the `node` project: ONE in-memory DynamoDB Local for the whole run,
 * stopped after the last test file.
 *
 * Its port is chosen here and handed to the workers at once; Java starts in the background so
 * that the run does not wait for it — the tests that use it wait until it answers
 * (`testDynamoDbEndpoint()` in `test/support/dynamodb.ts`). Workers get the endpoint two ways:
 * `inject('dynamodbEndpoint')` (vitest's provide/inject) and `process.env.DYNAMODB_ENDPOINT`,
 * set before the workers are forked (they inherit the environment).
 */
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal } from '../../functions/local/dynamodb';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Node 20 is this project's pinned version; the AWS SDK's notice about Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const starting = startDynamoDbLocal({ port, startTimeoutMs: 120_000 });
  starting.catch((e: unknown) => {
    console.error('测试用 DynamoDB Local 未能启动 / DynamoDB Local for the tests did not start:', e);
  });
  process.env.DYNAMODB_ENDPOINT = endpoint;
  project.provide('dynamodbEndpoint', endpoint);
  return async () => {
    await starting.then(
      (ddb) => ddb.stop(),
      () => {},
    );
  };
}
