/**
 * The tamper-evident audit (issue 15, 1): on a real DynamoDB Local, the chain verifies on a clean
 * stack and after concurrent writes, and `GET /v1/audit/verify` and `shishi audit verify` name the
 * entry put straight into the table (with any credentials, as DynamoDB Local takes) and the one
 * deleted from it.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import { localDataDir, runCli } from '../../functions/cli/testing';
import { dynamoDbClient } from '../support/dynamodb';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  env = {
    SHISHI_DATA_DIR: localDataDir(mkdtempSync(join(tmpdir(), 'shishi-audit-chain-')), stack.keys, {
      apiUrl: stack.url,
      dynamoEndpoint: stack.dynamoEndpoint,
      tableName: stack.tableName,
    }),
  };
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const ORG = SAMPLE_PLAN_2006.organisation.id;
const PK = `ORG#${ORG}#AUDIT#2006`;
/** A client with made-up credentials: DynamoDB Local takes any. */
const intruder = () => dynamoDbClient(stack.dynamoEndpoint);

const verify = async () => (await stack.fetchJson('/v1/audit/verify?year=2006', { as: 'office' })).body;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(['audit', 'verify', '--year', '2006', ...args], { env });

describe('the audit chain', () => {
  it('verifies on a clean stack, and after twenty concurrent writes', async () => {
    const clean = await verify();
    expect(clean).toMatchObject({ year: 2006, ok: true });
    expect(clean.entries).toBeGreaterThan(0);

    const sent = await stack.fetchJson('/v1/submissions', {
      method: 'POST',
      as: 'unit:labor',
      json: LABOR_2006_05,
      headers: { 'idempotency-key': 'chain-labor-0001' },
    });
    expect(sent.status).toBe(201);
    // Twenty writers at once: each entry still lands at its own place, one after the other.
    const store = stack.deps.store.forOrg(ORG);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.audit({
          at: new Date(Date.UTC(2006, 5, 1, 0, 0, i)).toISOString(),
          year: 2006,
          action: 'summary.create',
          target: `summaries/${ORG}/2006/${i}.xlsx`,
          who: 'system:test',
          role: 'system',
          sha256: String(i),
        }),
      ),
    );
    const after = await verify();
    expect(after.ok).toBe(true);
    expect(after.head.seq).toBe(after.entries);
    const listed = (await stack.fetchJson('/v1/audit?year=2006&limit=1000', { as: 'office' })).body.items;
    expect(listed.map((e: { seq: number }) => e.seq).sort((a: number, b: number) => a - b)).toEqual(
      listed.map((_: unknown, i: number) => i + 1),
    );
  });

  it('names an entry put straight into the table as forged (HTTP and CLI exit 1)', async () => {
    const forged = {
      pk: PK,
      sk: '2006-05-04T00:00:00.000Z#forged',
      type: 'audit',
      org: ORG,
      at: '2006-05-04T00:00:00.000Z',
      year: 2006,
      action: 'submission.review',
      target: '2006.labor.2006-05/v1',
      who: 'intruder',
      role: 'office',
      sha256: 'x',
    };
    await intruder().send(new PutItemCommand({ TableName: stack.tableName, Item: marshall(forged) }));
    expect(
      (await stack.fetchJson('/v1/audit?year=2006&limit=1000', { as: 'office' })).body.items,
    ).toContainEqual(expect.objectContaining({ who: 'intruder' }));

    const found = await verify();
    expect(found.ok).toBe(false);
    expect(found.problem).toMatchObject({ kind: 'forged', entry: { who: 'intruder' } });
    const run = await cli();
    expect(run.code).toBe(1);
    expect(run.out).toContain('forged');
    expect(run.out).toContain('intruder');
    const json = await cli('--json');
    expect(JSON.parse(json.out).problem.entry.who).toBe('intruder');

    await intruder().send(
      new DeleteItemCommand({ TableName: stack.tableName, Key: marshall({ pk: PK, sk: forged.sk }) }),
    );
    expect((await verify()).ok).toBe(true);
    expect((await cli()).code).toBe(0);
  });

  it('names an entry deleted from the table as missing, with its place', async () => {
    const items = (
      await intruder().send(
        new QueryCommand({
          TableName: stack.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': PK }),
        }),
      )
    ).Items!.map((i) => unmarshall(i));
    const victim = items.find((i) => i.seq === 3)!;
    await intruder().send(
      new DeleteItemCommand({ TableName: stack.tableName, Key: marshall({ pk: PK, sk: victim.sk }) }),
    );

    const found = await verify();
    expect(found.problem).toMatchObject({ kind: 'missing', seq: 3 });
    const run = await cli();
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/missing/);

    // Put back exactly as it was, the chain is whole again.
    await intruder().send(new PutItemCommand({ TableName: stack.tableName, Item: marshall(victim) }));
    expect((await verify()).ok).toBe(true);
  });

  it('names an entry changed in the table as altered', async () => {
    const items = (
      await intruder().send(
        new QueryCommand({
          TableName: stack.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': PK }),
        }),
      )
    ).Items!.map((i) => unmarshall(i));
    const victim = items.find((i) => i.seq === 2)!;
    await intruder().send(
      new PutItemCommand({ TableName: stack.tableName, Item: marshall({ ...victim, who: 'someone-else' }) }),
    );
    expect((await verify()).problem).toMatchObject({ kind: 'altered', seq: 2 });
    await intruder().send(new PutItemCommand({ TableName: stack.tableName, Item: marshall(victim) }));
    expect((await verify()).ok).toBe(true);
  });

  it('is for the office only', async () => {
    expect((await stack.fetchJson('/v1/audit/verify?year=2006', { as: 'leader' })).status).toBe(403);
  });
});
