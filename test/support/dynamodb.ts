/** The test run's shared DynamoDB Local (started by `test/setup/dynamodb.global.ts`). */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { LOCAL_AWS } from '../../functions/local/dynamodb';

/** A client for a DynamoDB Local at `endpoint`; `destroy()` it when done. */
export const dynamoDbClient = (endpoint: string, extra: { maxAttempts?: number } = {}) =>
  new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    ...extra,
  });

let ready: Promise<string> | undefined;

/** The endpoint of the run's DynamoDB Local, once it answers (it starts in the background). */
export function testDynamoDbEndpoint(timeoutMs = 120_000): Promise<string> {
  ready ??= (async () => {
    const endpoint = inject('dynamodbEndpoint') ?? process.env.DYNAMODB_ENDPOINT;
    if (!endpoint) {
      throw new Error(
        '没有测试用的 DynamoDB Local：请通过 vitest 的 node 项目运行（globalSetup 会启动它）/ ' +
          'No DynamoDB Local for tests: run through the vitest `node` project, whose globalSetup starts it',
      );
    }
    const client = dynamoDbClient(endpoint, { maxAttempts: 1 });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        try {
          await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
          return endpoint;
        } catch (e) {
          if (Date.now() > deadline) {
            throw new Error(
              `测试用 DynamoDB Local 未响应 / DynamoDB Local for the tests did not answer at ${endpoint} ` +
                '(see the globalSetup error above)',
              { cause: e },
            );
          }
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      client.destroy();
    }
  })();
  ready.catch(() => {
    ready = undefined;
  });
  return ready;
}

/** A client for the run's DynamoDB Local, once it answers; `destroy()` it when done. */
export async function testDynamoDbClient(): Promise<DynamoDBClient> {
  return dynamoDbClient(await testDynamoDbEndpoint());
}

/** A table name no other test file uses: tests share the server, not their data. */
export function uniqueTableName(prefix = 'test'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
