/**
 * DynamoDB Local is killed (SIGKILL, no goodbye), twice, while clients are sending: they must get a 503
 * problem with Retry-After, the table must hold no half-written submission, and once it is back
 * every submission the server acknowledged — before, during or after the crash — is there, once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Submission } from '../../domain/submission';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../../functions/local/dynamodb';
import { startTestStack } from '../support/stack';
import { newStats, type Receipt, sendUntilAcked } from './support/clients';
import { inspectTable } from './support/integrity';
import { reportFor, UNITS } from './support/reports';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kills the Java process group at once, as a power cut or an OOM killer would. */
async function crash(ddb: DynamoDbLocal): Promise<void> {
  process.kill(-ddb.pid, 'SIGKILL');
  await ddb.exited;
  await ddb.stop();
}

describe('DynamoDB Local crashes in the middle of a burst of submissions', () => {
  test('clients get 503 + Retry-After, nothing is half-written, and every acknowledged submission is there once after the restarts', async () => {
    // Prepare: a DynamoDB Local of this test's own, keeping its data on disk.
    const dataDir = mkdtempSync(join(tmpdir(), 'shishi-crash-'));
    const port = await freePort();
    let ddb = await startDynamoDbLocal({ dataDir, port, startTimeoutMs: 90_000 });
    const stack = await startTestStack({ dynamoEndpoint: ddb.endpoint });
    const CLIENTS = 12;
    const PER_CLIENT = 12;
    const total = CLIENTS * PER_CLIENT;
    const deadline = Date.now() + 200_000;
    const stats = newStats();
    const acks = new Map<string, { receipt: Receipt; submission: Submission; ackedAt: string }>();
    const crashes: Array<{ at: string; acked: number; inFlight: number; refusedUntilBack: number }> = [];
    let inFlight = 0;

    try {
      // Act: 12 clients send 12 reports each, across every unit and four months…
      const clients = Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const submission = reportFor(
            UNITS[(c * PER_CLIENT + i) % UNITS.length]!,
            4 + (i % 4),
            `c${c} #${i}`,
          );
          const key = `crash-${c}-${i}-${randomUUID()}`;
          inFlight++;
          try {
            const receipt = await sendUntilAcked(
              stack,
              submission,
              key,
              { deadline, retryAfterScale: 0.25 },
              stats,
            );
            acks.set(key, { receipt, submission, ackedAt: new Date().toISOString() });
          } finally {
            inFlight--;
          }
        }
      });
      // …and at a quarter and at two thirds of the way, the database dies; it comes back once every
      // client has met the outage.
      const chaos = (async () => {
        for (const share of [1 / 4, 2 / 3]) {
          while (acks.size < total * share && Date.now() < deadline) await sleep(5);
          const refusedBefore = stats.unavailable.length;
          const at = new Date().toISOString();
          const [acked, busy] = [acks.size, inFlight];
          await crash(ddb);
          while (stats.unavailable.length < refusedBefore + CLIENTS && Date.now() < deadline) await sleep(50);
          crashes.push({
            at,
            acked,
            inFlight: busy,
            refusedUntilBack: stats.unavailable.length - refusedBefore,
          });
          ddb = await startDynamoDbLocal({ dataDir, port, startTimeoutMs: 90_000 });
        }
      })();
      await Promise.all([...clients, chaos]);
      const table = await inspectTable(ddb.endpoint, stack.tableName);

      // Assess: both crashes happened mid-burst, with requests in flight, and every client was
      // answered 503 + Retry-After while the database was down…
      expect(crashes).toHaveLength(2);
      for (const c of crashes) {
        expect(c.acked).toBeGreaterThan(0);
        expect(c.acked).toBeLessThan(total);
        expect(c.inFlight).toBeGreaterThan(0);
        expect(c.refusedUntilBack).toBeGreaterThanOrEqual(CLIENTS);
      }
      for (const u of stats.unavailable) {
        expect(u.code).toBe('store.unavailable');
        expect(u.type).toMatch(/^application\/problem\+json/);
        expect(Number(u.retryAfter)).toBeGreaterThan(0);
      }
      // …no transaction was half-applied…
      expect(table.problems).toEqual([]);
      // …and exactly the acknowledged submissions are stored, each once, as sent.
      expect(acks.size).toBe(total);
      const storedKeys = new Set(table.versions.map((v) => v.idempotencyKey));
      const lost = [...acks]
        .filter(([k]) => !storedKeys.has(k))
        .map(([k, a]) => ({ k, ackedAt: a.ackedAt, ...a.receipt }));
      expect(
        lost,
        `acknowledged, then lost in a crash: ${JSON.stringify(crashes)} ${JSON.stringify(lost)}`,
      ).toEqual([]);
      expect(table.versions).toHaveLength(total);
      const byKey = new Map(table.versions.map((v) => [v.idempotencyKey, v]));
      expect(byKey.size).toBe(total);
      for (const [key, { receipt, submission }] of acks) {
        const stored = byKey.get(key);
        expect(stored, key).toBeDefined();
        expect({ id: stored!.id, version: stored!.version }).toEqual({
          id: receipt.id,
          version: receipt.version,
        });
        expect(JSON.parse(stored!.body)).toEqual(submission);
      }
      // The API reads them too: the status counts what is stored.
      const status = await stack.fetchJson('/v1/status/2006?asOf=2006-07-10', { as: 'office' });
      expect(status.status).toBe(200);
    } finally {
      await stack.close();
      await ddb.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
