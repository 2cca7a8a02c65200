/**
 * The city and the year end on the command line, against the test stack: `shishi token --as city
 * --org CITY`, `shishi status --org CITY` (its districts rolled up and ranked), `shishi close` and
 * `shishi reopen --reason`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006 } from '../../domain/sample';
import { LABOR_2006_05 } from '../../domain/sample/reports2006-05';
import { startTestStack, type TestStack } from '../../test/support/stack';
import { createVerifier } from '../auth/tokens';
import { localTokenSettings } from '../local/users';
import { localDataDir, runCli } from './testing';

let stack: TestStack;
let env: Record<string, string>;
const parent = mkdtempSync(join(tmpdir(), 'shishi-cli-city-'));
const CITY = SAMPLE_CITY_PLAN_2006.organisation;
const cli = (argv: string[]) => runCli(argv, { env });

beforeAll(async () => {
  stack = await startTestStack();
  env = {
    SHISHI_DATA_DIR: localDataDir(parent, stack.keys, {
      apiUrl: stack.url,
      dynamoEndpoint: stack.dynamoEndpoint,
      tableName: stack.tableName,
    }),
  };
  const sent = await stack.fetchJson('/v1/submissions', {
    method: 'POST',
    as: 'unit:labor',
    json: LABOR_2006_05,
    headers: { 'idempotency-key': 'cli-city-labor-0001' },
  });
  await stack.fetchJson(`/v1/submissions/${sent.body.id}/review`, {
    method: 'POST',
    as: 'office',
    json: { decision: 'accept', comment: '', expectedVersion: 1 },
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('the city on the command line', () => {
  it("signs a token for the city's office, read-only on its districts", async () => {
    // Act
    const { code, out, err } = await cli(['token', '--as', 'city', '--org', CITY.id, '--json']);
    const verify = createVerifier({ ...localTokenSettings, publicJwk: JSON.stringify(stack.keys.publicJwk) });

    // Assess
    expect(code, err).toBe(0);
    const answer = JSON.parse(out);
    expect(await verify(`Bearer ${answer.token}`)).toMatchObject({
      ok: true,
      value: { org: CITY.id, role: 'city', name: '刘洋' },
    });
  });

  it("prints the city's status with each district's verdict, completion and rank", async () => {
    // Act
    const zh = await cli(['status', '--org', CITY.id, '--year', '2006', '--as-of', '2006-06-30']);
    const json = await cli(['status', '--org', CITY.id, '--year', '2006', '--as-of', '2006-06-30', '--json']);

    // Assess
    expect(zh.code, zh.err).toBe(0);
    expect(zh.out).toContain(`${CITY.name} 2006年为民办实事`);
    expect(zh.out).toMatch(/名次\s+区县\s+结论\s+完成率/);
    for (const u of SAMPLE_CITY_PLAN_2006.units) expect(zh.out).toContain(u.name);
    const members = JSON.parse(json.out).members as Array<{ org: string; rank: number }>;
    expect(members.map((m) => m.rank).sort()).toEqual([1, 2]);
  });

  it('closes the year, prints the assessment and saves its workbook; reopens with a reason', async () => {
    // Act
    const out = join(parent, 'assessment.xlsx');
    const closed = await cli(['close', '--year', '2006', '--out', out]);
    const again = await cli(['close', '--year', '2006']);
    const noReason = await cli(['reopen', '--year', '2006']);
    const reopened = await cli(['reopen', '--year', '2006', '--reason', '补录十二月报表', '--lang', 'en']);

    // Assess
    expect(closed.code, closed.err).toBe(0);
    expect(closed.out).toContain(`${SAMPLE_PLAN_2006.organisation.name} 2006年为民办实事年终考核（第 1 版）`);
    expect(closed.out).toContain('问责名单：');
    expect(closed.out).toContain('不达标');
    expect(closed.out).toContain('年终考核表已保存为');
    expect(again.code).toBe(3);
    expect(again.err).toContain('已关账');
    expect(noReason.code).toBe(2);
    expect(reopened.code, reopened.err).toBe(0);
    expect(reopened.out).toContain('The year 2006 is open again (reason: 补录十二月报表)');
  });
});
