import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, test } from 'vitest';
import { LOCAL_AWS, startDynamoDbLocal } from './dynamodb';
import { loadOrCreateDevCertificate } from './https';
import { localInfoFile } from './info';
import { loadOrCreateKeys } from './keys';
import { applyPrivateUmask, dataDir, REPO_ROOT, secureDataDir } from './paths';

/** `root` and everything under it, each as `path mode` (octal), not following links. */
function modesUnder(root: string): string[] {
  const names = ['.', ...(readdirSync(root, { recursive: true }) as string[])].sort();
  return names.map((name) => {
    const st = lstatSync(join(root, name));
    return `${name}${st.isDirectory() ? '/' : ''} ${(st.mode & 0o7777).toString(8)}`;
  });
}

/** What `modesUnder` must say when folders are 0700 and files 0600. */
const privateModes = (modes: readonly string[]) =>
  modes.map((m) => m.replace(/ \d+$/, m.split(' ')[0]!.endsWith('/') ? ' 700' : ' 600'));

describe('dataDir', () => {
  test('SHISHI_DATA_DIR relative to the working folder, else .shishi in the checkout', () => {
    expect(dataDir({ SHISHI_DATA_DIR: 'here' }, '/tmp/x')).toBe(resolve('/tmp/x', 'here'));
    expect(dataDir({})).toBe(join(REPO_ROOT, '.shishi'));
  });
});

describe('secureDataDir', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test('creates the folder 0700', () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'shishi-paths-'));
    dirs.push(root);

    // Act
    secureDataDir(join(root, 'data'));

    // Assess
    expect(statSync(join(root, 'data')).mode & 0o7777).toBe(0o700);
  });

  test('makes every folder under it 0700 and every file 0600, and leaves what a link points to alone', () => {
    // Prepare: a folder as an earlier version left it, readable by everyone.
    const root = mkdtempSync(join(tmpdir(), 'shishi-paths-'));
    dirs.push(root);
    const data = join(root, 'data');
    const outside = join(root, 'outside.txt');
    mkdirSync(join(data, 'certs'), { recursive: true });
    mkdirSync(join(data, 'backups', '2006'), { recursive: true });
    writeFileSync(join(data, 'local.json'), '{}');
    writeFileSync(join(data, 'certs', 'localhost.crt'), 'cert');
    writeFileSync(join(data, 'backups', '2006', 'shishi.jsonl'), '');
    writeFileSync(outside, 'not ours to change');
    symlinkSync(outside, join(data, 'link'));
    for (const d of [data, join(data, 'certs'), join(data, 'backups'), join(data, 'backups', '2006')]) {
      chmodSync(d, 0o2755);
    }
    for (const f of ['local.json', 'certs/localhost.crt', 'backups/2006/shishi.jsonl'])
      chmodSync(join(data, f), 0o644);
    chmodSync(outside, 0o644);

    // Act
    secureDataDir(data);

    // Assess
    const modes = modesUnder(data).filter((m) => !m.startsWith('link '));
    expect(modes).toEqual([
      './ 700',
      'backups/ 700',
      'backups/2006/ 700',
      'backups/2006/shishi.jsonl 600',
      'certs/ 700',
      'certs/localhost.crt 600',
      'local.json 600',
    ]);
    expect(statSync(outside).mode & 0o7777).toBe(0o644);
  });

  test('with applyPrivateUmask, what the stack writes afterwards is private too: keys, certificate, local.json, the database', async () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'shishi-paths-'));
    dirs.push(root);
    const data = join(root, 'data');
    const before = applyPrivateUmask();

    try {
      // Act: what `npm start` writes into its data folder.
      secureDataDir(data);
      await loadOrCreateKeys(data);
      await loadOrCreateDevCertificate(data);
      writeFileSync(localInfoFile(data), '{}\n');
      mkdirSync(join(data, 'files'), { recursive: true });
      writeFileSync(join(data, 'files', 'summary.xlsx'), 'x');
      const db = await startDynamoDbLocal({ dataDir: join(data, 'dynamodb') });
      const client = new DynamoDBClient({
        endpoint: db.endpoint,
        region: LOCAL_AWS.region,
        credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
      });
      try {
        await client.send(
          new CreateTableCommand({
            TableName: 'shishi',
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          }),
        );
        await client.send(new PutItemCommand({ TableName: 'shishi', Item: { pk: { S: 'a' } } }));
      } finally {
        client.destroy();
        await db.stop();
      }
      const modes = modesUnder(data);

      // Assess
      expect(before).toEqual(expect.any(Number));
      expect(modes).toEqual(
        expect.arrayContaining([
          './ 700',
          'certs/localhost.crt 600',
          'certs/localhost.key 600',
          'dynamodb/ 700',
          'dynamodb/shared-local-instance.db 600',
          'files/ 700',
          'keys/jwt.json 600',
          'local.json 600',
        ]),
      );
      expect(modes).toEqual(privateModes(modes));
    } finally {
      if (before !== undefined) process.umask(before);
    }
  }, 60_000);
});
