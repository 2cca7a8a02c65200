/** The two table calls both backup and restore make: describing a table and scanning it. */
import {
  type AttributeValue,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
  type ScanCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

/** The table's description, or undefined when there is no such table. */
export async function describeTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table ?? {};
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return undefined;
    throw e;
  }
}

/**
 * The items of a consistent scan, a page at a time; the next page is asked for only when the
 * caller is done with this one, so a caller that stops early scans no further.
 */
export async function* scanPages(
  client: DynamoDBClient,
  input: Omit<ScanCommandInput, 'ConsistentRead' | 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, AttributeValue>[]> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        ...input,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    yield page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
