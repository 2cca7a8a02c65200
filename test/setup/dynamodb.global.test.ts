import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, test } from 'vitest';
import { testDynamoDbClient, testDynamoDbEndpoint } from '../support/dynamodb';

describe('the run’s DynamoDB Local', () => {
  test('its endpoint reaches this worker through inject and the environment', async () => {
    // Act
    const injected = inject('dynamodbEndpoint');

    // Assess
    expect(injected).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.DYNAMODB_ENDPOINT).toBe(injected);
    expect(await testDynamoDbEndpoint()).toBe(injected);
  });

  test('answers from this worker', async () => {
    // Prepare
    const client = await testDynamoDbClient();

    // Act
    const tables = await client.send(new ListTablesCommand({}));
    client.destroy();

    // Assess
    expect(Array.isArray(tables.TableNames)).toBe(true);
  });
});
