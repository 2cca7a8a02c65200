/**
 * The local stack's DynamoDB, for the commands that bypass the API: backup and restore, and the
 * reads of `orgs` and `token` (the organisations and people in the table).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Store } from '../store/repository';
import { CliError, EXIT, LocalStackError } from './errors';

/**
 * Runs `work` with a client of the local DynamoDB; a refused backup or restore becomes a usage
 * error (2), a database that does not answer a server error (3).
 */
export async function withLocalDatabase<T>(
  endpoint: string,
  work: (client: DynamoDBClient, backup: typeof import('../ops')) => Promise<T>,
): Promise<T> {
  // Node 20 is this project's pinned version; the AWS SDK's notice about Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded here: the other commands need neither the SDK nor the store.
  const [{ DynamoDBClient }, { LOCAL_AWS }, backup] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../local/dynamodb'),
    import('../ops'),
  ]);
  const { BackupError } = backup;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    maxAttempts: 3,
  });
  try {
    return await work(client, backup);
  } catch (e) {
    if (e instanceof BackupError) {
      throw new CliError({ zh: e.zh, en: e.en }, e.code === 'restore.unprocessed' ? EXIT.server : EXIT.usage);
    }
    if (e instanceof CliError) throw e;
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new LocalStackError(
      `本地数据库 ${endpoint} 出错或没有响应（${why}）。本地栈是否在运行（npm start）？`,
      `The local database at ${endpoint} failed or did not answer (${why}). Is the local stack running (npm start)?`,
    );
  } finally {
    client.destroy();
  }
}

/**
 * Runs `work` with the store (functions/store/repository.ts) of the local stack's table: what
 * `shishi orgs` and `shishi token` read. Failures are `withLocalDatabase`'s.
 */
export async function withLocalStore<T>(
  database: { readonly endpoint: string; readonly tableName: string },
  work: (store: Store) => Promise<T>,
): Promise<T> {
  return withLocalDatabase(database.endpoint, async (client) => {
    const [{ DynamoDBDocumentClient }, { createStore }] = await Promise.all([
      import('@aws-sdk/lib-dynamodb'),
      import('../store/repository'),
    ]);
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    return work(createStore(doc, database.tableName));
  });
}
