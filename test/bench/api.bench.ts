/**
 * `npm run bench` (second part): submissions through the local HTTP API from 16 concurrent
 * clients — submissions/s and p50/p99 latency — and, in the same run, the bare DynamoDB Local
 * throughput for the same writes (the store's transaction, no HTTP, auth or validation),
 * printed as a ratio: the API's overhead.
 *
 * Options: --clients N (default 16), --per-client N (default 25).
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { indicatorsReportedBy, reportingUnitIds, targetFor } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import type { Submission } from '../../domain/submission';
import { generateKeys, issueToken } from '../../functions/auth/tokens';
import { LOCAL_AWS, startDynamoDbLocal } from '../../functions/local/dynamodb';
import { applyLocalEnv } from '../../functions/local/env';
import { startHttpServer } from '../../functions/local/server';
import { localTokenSettings } from '../../functions/local/users';
import { makeDeps } from '../../functions/runtime';
import { submissionId } from '../../functions/store/keys';
import { sha256 } from '../../functions/store/repository';
import { ensureTable } from '../../functions/store/table';

// Node 20 is this project's pinned version; the AWS SDK's notice about Node 22 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '16' }, 'per-client': { type: 'string', default: '25' } },
});
const CLIENTS = Number(values.clients);
const PER_CLIENT = Number(values['per-client']);
const plan = SAMPLE_PLAN_2006;
const units = reportingUnitIds(plan);

/** A valid report for `unit` and `period`: 20% of each target, on pace in spring. */
function report(unit: string, period: string, n: number): Submission {
  return {
    year: 2006,
    unit,
    period,
    rows: indicatorsReportedBy(plan, unit).map((ind) => {
      const target = targetFor(ind, unit)!;
      const value =
        ind.kind === 'milestone' || target <= 5 ? 0 : ind.kind === 'growth' ? 15 : Math.round(target * 0.2);
      return {
        indicator: ind.id,
        thisPeriod: ind.kind === 'count' ? value : undefined,
        cumulative: value,
        note: `bench ${n}`,
      };
    }),
    reporter: { name: '测试', phone: '0000-0000000' },
  };
}

const clientSlot = (i: number) => ({
  unit: units[i % units.length]!,
  period: `2006-${String(4 + Math.floor(i / units.length)).padStart(2, '0')}`,
});

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function main() {
  const ddb = await startDynamoDbLocal({});
  try {
    const keys = await generateKeys();
    const auth = localTokenSettings;
    applyLocalEnv({ tableName: 'bench-api', dynamoEndpoint: ddb.endpoint, publicJwk: keys.publicJwk });
    const client = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: LOCAL_AWS.region,
      credentials: LOCAL_AWS,
    });
    await ensureTable(client, 'bench-api');
    await ensureTable(client, 'bench-bare');
    const { getDeps } = await import('../../functions/runtime');
    const { seedSamplePlan } = await import('../../functions/local/seed');
    const { HANDLERS } = await import('../../functions/handlers/index');
    await seedSamplePlan(getDeps());
    const server = await startHttpServer({ handlers: HANDLERS, port: 0, maxBodyBytes: 6_000_000 });
    const tokens = await Promise.all(
      units.map((u) =>
        issueToken(
          keys.privateJwk,
          { sub: `bench:${u}`, role: 'unit', unit: u, org: plan.organisation.id },
          auth,
        ),
      ),
    );

    // Warm up: one submission per client slot, not measured.
    const api = async (i: number, n: number) => {
      const { unit, period } = clientSlot(i);
      const body = JSON.stringify(report(unit, period, n));
      const t0 = performance.now();
      const res = await fetch(`${server.url}/v1/submissions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens[units.indexOf(unit)]}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-${i}-${n}`,
        },
        body,
      });
      await res.text();
      if (res.status !== 201) throw new Error(`submission answered ${res.status}`);
      return performance.now() - t0;
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => api(i, 0)));

    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        for (let n = 1; n <= PER_CLIENT; n++) latencies.push(await api(i, n));
      }),
    );
    const apiMs = performance.now() - t0;
    await server.close();

    // The same writes straight into the store: one transaction per submission.
    const bare = makeDeps({ ...getDeps().config, tableName: 'bench-bare' });
    const bareWrite = async (i: number, n: number) => {
      const { unit, period } = clientSlot(i);
      const body = JSON.stringify(report(unit, period, n));
      const out = await bare.store.forOrg(plan.organisation.id).createVersion({
        id: submissionId(2006, unit, period),
        year: 2006,
        unit,
        period,
        version: n + 1,
        body,
        findings: [],
        at: new Date().toISOString(),
        actor: { sub: `bench:${unit}`, role: 'unit', unit },
        idempotency: {
          scope: unit,
          key: `bare-${i}-${n}`,
          requestHash: sha256(body),
          status: 201,
          response: {},
        },
      });
      if (out !== 'ok') throw new Error(`bare write: ${out}`);
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => bareWrite(i, 0)));
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        for (let n = 1; n <= PER_CLIENT; n++) await bareWrite(i, n);
      }),
    );
    const bareMs = performance.now() - t1;

    const total = CLIENTS * PER_CLIENT;
    const apiRate = total / (apiMs / 1000);
    const bareRate = total / (bareMs / 1000);
    console.log(`\nAPI: ${total} submissions from ${CLIENTS} concurrent clients through the local HTTP API`);
    console.log(
      `  ${apiRate.toFixed(0)} submissions/s, latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    console.log(`  bare DynamoDB Local, same writes: ${bareRate.toFixed(0)} writes/s`);
    console.log(
      `Ratio: the API sustains ${(apiRate / bareRate).toFixed(2)}× the bare store's throughput (overhead ${(bareRate / apiRate).toFixed(2)}×)`,
    );
  } finally {
    await ddb.stop();
  }
}

await main();
