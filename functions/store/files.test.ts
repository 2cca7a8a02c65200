import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, test } from 'vitest';
import type { Config } from '../config';
import { createS3FileStore, FileExistsError, fileStoreFor, localFileStore } from './files';

interface Sent {
  readonly command: string;
  readonly input: Record<string, unknown>;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

/**
 * A real S3 client whose requests never leave the process: a `build`-step middleware records
 * each serialized request and answers the next canned output (or throws the canned error).
 */
function offlineClient(answers: Array<Record<string, unknown> | Error>) {
  const client = new S3Client({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const sent: Sent[] = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const req = args.request as {
        method: string;
        path: string;
        query: Record<string, unknown>;
        headers: Record<string, string>;
      };
      sent.push({
        command: String(context.commandName),
        input: args.input as Record<string, unknown>,
        method: req.method,
        path: req.path,
        query: { ...req.query },
        headers: { ...req.headers },
      });
      const answer = answers.shift();
      if (!answer) throw new Error('no canned answer');
      if (answer instanceof Error) throw answer;
      return { output: { $metadata: {}, ...answer }, response: {} } as never;
    },
    { step: 'build', priority: 'low', name: 'offline' },
  );
  return { client, sent };
}

const s3Error = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('S3 file store', () => {
  test('put writes only if the key is free (If-None-Match: *)', async () => {
    const { client, sent } = offlineClient([{}, s3Error('PreconditionFailed', 412)]);
    const files = createS3FileStore({ bucket: 'shishi-files', client });
    await files.put('summaries/2006/a.xlsx', Buffer.from('one'));
    expect(sent[0]).toMatchObject({ command: 'PutObjectCommand', method: 'PUT' });
    expect(sent[0]!.input).toMatchObject({
      Bucket: 'shishi-files',
      Key: 'summaries/2006/a.xlsx',
      IfNoneMatch: '*',
    });
    expect(sent[0]!.headers['if-none-match']).toBe('*');
    await expect(files.put('summaries/2006/a.xlsx', Buffer.from('two'))).rejects.toBeInstanceOf(
      FileExistsError,
    );
    await expect(files.put('../etc/passwd', Buffer.from('x'))).rejects.toThrow(/invalid file key/);
  });

  test('get answers the bytes, or undefined for a missing key', async () => {
    const { client, sent } = offlineClient([
      { Body: { transformToByteArray: async () => new Uint8Array([1, 2, 3]) } },
      s3Error('NoSuchKey', 404),
    ]);
    const files = createS3FileStore({ bucket: 'shishi-files', client });
    expect(await files.get('summaries/2006/a.xlsx')).toEqual(Buffer.from([1, 2, 3]));
    expect(await files.get('summaries/2006/b.xlsx')).toBeUndefined();
    expect(sent.map((s) => s.input.Key)).toEqual(['summaries/2006/a.xlsx', 'summaries/2006/b.xlsx']);
  });

  test('list follows the continuation token through every page', async () => {
    const { client, sent } = offlineClient([
      {
        Contents: [{ Key: 'summaries/2006/b.xlsx' }, { Key: 'summaries/2006/a.xlsx' }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      },
      { Contents: [{ Key: 'summaries/2006/c.xlsx' }], IsTruncated: false },
    ]);
    const files = createS3FileStore({ bucket: 'shishi-files', client });
    expect(await files.list('summaries/2006/')).toEqual([
      'summaries/2006/a.xlsx',
      'summaries/2006/b.xlsx',
      'summaries/2006/c.xlsx',
    ]);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.input).toMatchObject({
      Bucket: 'shishi-files',
      Prefix: 'summaries/2006/',
      Delimiter: '/',
    });
    expect(sent[0]!.input.ContinuationToken).toBeUndefined();
    expect(sent[1]!.input.ContinuationToken).toBe('page-2');
    expect(sent[1]!.query['continuation-token']).toBe('page-2');
  });

  test('link is a presigned GET of the bucket and key, valid 15 minutes (offline)', async () => {
    // getSignedUrl runs the client's own middleware stack up to signing and sends nothing.
    const client = new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const files = createS3FileStore({ bucket: 'shishi-files', client });
    const url = new URL(await files.link!('summaries/2006/2006-06-10-x.xlsx'));
    expect(url.protocol).toBe('https:');
    expect(`${url.host}${url.pathname}`).toContain('shishi-files');
    expect(url.pathname).toContain('summaries/2006/2006-06-10-x.xlsx');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('response-content-disposition')).toContain('2006-06-10-x.xlsx');
  });

  test('an injected presigner gets the command and the expiry', async () => {
    const { client } = offlineClient([]);
    const calls: unknown[] = [];
    const files = createS3FileStore({
      bucket: 'b',
      client,
      linkSeconds: 60,
      presign: async (_c, command, o) => {
        calls.push({ input: command.input, ...o });
        return 'https://signed.example/x';
      },
    });
    expect(await files.link!('summaries/2006/x.xlsx')).toBe('https://signed.example/x');
    expect(calls).toEqual([
      { input: expect.objectContaining({ Bucket: 'b', Key: 'summaries/2006/x.xlsx' }), expiresIn: 60 },
    ]);
  });
});

describe('fileStoreFor', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const base: Config = {
    tableName: 't',
    region: 'cn-north-1',
    auth: { issuer: 'i', audience: 'a', publicJwk: '{}' },
    maxBodyBytes: 1,
  };

  test('picks S3 when a bucket is configured, else the local folder (no link)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shishi-files-'));
    dirs.push(dir);
    const local = fileStoreFor({ ...base, filesDir: dir });
    expect(local.link).toBeUndefined();
    await local.put('summaries/2006/a.xlsx', Buffer.from('x'));
    expect(await localFileStore(dir).list('summaries/2006/')).toEqual(['summaries/2006/a.xlsx']);
    const s3 = fileStoreFor({ ...base, filesDir: dir, filesBucket: 'shishi-files' });
    expect(typeof s3.link).toBe('function');
    expect(fileStoreFor({ ...base, filesBucket: 'shishi-files' })).toBe(s3);
    expect(() => fileStoreFor(base)).toThrow(/SHISHI_FILES_BUCKET/);
  });
});
