/**
 * The deadline burst: 2,000 reports from 32 clients at once, while the office reviews. Clients
 * lose responses and send again, send the same request twice at once, retry long after they were
 * answered, and reuse a key for another report. Afterwards the table must hold exactly the
 * acknowledged reports, each once, and the status must equal one computed from scratch from what
 * the clients and the office were told.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { statusView } from '../../api/views';
import { computeStatus } from '../../domain/status';
import { seededRandom } from '../support/random';
import { startTestStack, type TestStack } from '../support/stack';
import { attempt, newStats, type Receipt, sendUntilAcked } from './support/clients';
import { inspectTable } from './support/integrity';
import { type Acked, type Reviewed, recordsFrom } from './support/model';
import { PLAN, periodOf, reportFor, UNITS } from './support/reports';

const TOTAL = 2_000;
const CLIENTS = 32;
const MONTHS = [4, 5, 6, 7];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The office, reviewing the latest version of random reports while they keep coming. */
async function reviewer(
  stack: TestStack,
  acked: readonly Acked[],
  reviews: Reviewed[],
  random: () => number,
  running: () => boolean,
): Promise<void> {
  while (running()) {
    const pick = acked[Math.floor(random() * acked.length)];
    if (!pick) {
      await sleep(20);
      continue;
    }
    const { unit, period } = pick.submission;
    const list = await stack.fetchJson(`/v1/submissions?year=2006&unit=${unit}&period=${period}`, {
      as: 'office',
    });
    if (list.status === 503) continue;
    expect(list.status, list.text).toBe(200);
    const head = list.body.items[0];
    if (head?.latestState !== 'pending') continue;
    const decision = random() < 0.7 ? 'accept' : 'return';
    const res = await stack.fetchJson(`/v1/submissions/${head.id}/review`, {
      as: 'office',
      method: 'POST',
      json: {
        decision,
        comment: decision === 'return' ? '请核实数据' : '',
        expectedVersion: head.latestVersion,
      },
    });
    if (res.status === 200) {
      reviews.push({ id: head.id, version: head.latestVersion, decision, at: res.body.reviewedAt });
    } else if (res.status !== 409 && res.status !== 503) {
      throw new Error(`review ${head.id} v${head.latestVersion}: ${res.status} ${res.text}`);
    }
  }
}

describe('the deadline burst', () => {
  const seed = Number(process.env.SHISHI_BURST_SEED ?? Math.floor(Math.random() * 2 ** 31));

  test(`2,000 submissions from 32 clients with lost responses, duplicate keys and late retries: exactly the acknowledged ones are stored, and the status equals a recomputation (seed ${seed})`, async () => {
    // Prepare
    const stack = await startTestStack();
    const random = seededRandom(seed);
    const deadline = Date.now() + 270_000;
    const stats = newStats();
    const acked: Acked[] = [];
    const reviews: Reviewed[] = [];
    const checks = { twins: 0, lateRetries: 0, reusedKeys: 0 };
    const options = { deadline, dropRate: 0.1, maxDropMs: 150, retryAfterScale: 0.25, random };

    try {
      // Act: client c sends reports c, c + 32, c + 64, … in turn.
      const client = async (c: number) => {
        for (let i = c; i < TOTAL; i += CLIENTS) {
          const unit = UNITS[i % UNITS.length]!;
          const month = MONTHS[Math.floor(i / UNITS.length) % MONTHS.length]!;
          const submission = reportFor(unit, month, `第 ${i} 份`);
          const key = `burst-${i}-${randomUUID()}`;
          const roll = random();
          let receipt: Receipt;
          if (roll < 0.1) {
            // The same request twice at once (a double click, a retry racing the first try).
            const [a, b] = await Promise.all([
              sendUntilAcked(stack, submission, key, options, stats),
              sendUntilAcked(stack, submission, key, options, stats),
            ]);
            expect(b).toEqual(a);
            checks.twins++;
            receipt = a;
          } else {
            receipt = await sendUntilAcked(stack, submission, key, options, stats);
          }
          acked.push({ key, submission, receipt });
          if (roll > 0.9) {
            // A retry long after the answer: the same receipt again.
            await sleep(random() * 200);
            expect(await sendUntilAcked(stack, submission, key, { ...options, dropRate: 0 }, stats)).toEqual(
              receipt,
            );
            checks.lateRetries++;
          } else if (roll > 0.85) {
            // The same key for another report: refused, and not stored.
            const other = reportFor(unit, month, `另一份 ${i}`);
            let answer = await attempt(stack, other, key);
            while (answer?.status === 503) answer = await attempt(stack, other, key);
            expect(answer?.status, JSON.stringify(answer?.body)).toBe(409);
            expect(answer?.body.code).toBe('idempotency.conflict');
            checks.reusedKeys++;
          }
        }
      };
      let running = true;
      const office = [1, 2].map(() => reviewer(stack, acked, reviews, random, () => running));
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      running = false;
      await Promise.all(office);

      console.info(
        `burst (seed ${seed}): ${stats.sent} requests for ${TOTAL} reports, ${stats.dropped} responses lost, ` +
          `${stats.replayed} replays, ${checks.twins} twins, ${checks.lateRetries} late retries, ` +
          `${checks.reusedKeys} reused keys, ${reviews.length} reviews`,
      );

      // Assess: the scenario did what it says…
      expect(acked).toHaveLength(TOTAL);
      expect(stats.dropped).toBeGreaterThan(0);
      expect(stats.replayed).toBeGreaterThan(0);
      expect(checks.twins).toBeGreaterThan(0);
      expect(checks.lateRetries).toBeGreaterThan(0);
      expect(checks.reusedKeys).toBeGreaterThan(0);
      expect(reviews.some((r) => r.decision === 'accept')).toBe(true);
      expect(reviews.some((r) => r.decision === 'return')).toBe(true);

      // …the table is whole and holds exactly the acknowledged versions, as sent…
      const table = await inspectTable(stack.dynamoEndpoint, stack.tableName);
      expect(table.problems).toEqual([]);
      const stored = new Map(table.versions.map((v) => [v.idempotencyKey, v]));
      const missing = acked.filter((a) => !stored.has(a.key)).map((a) => a.key);
      expect(missing).toEqual([]);
      expect(table.versions).toHaveLength(TOTAL);
      for (const a of acked) {
        const v = stored.get(a.key)!;
        expect([v.id, v.version, v.submittedAt]).toEqual([
          a.receipt.id,
          a.receipt.version,
          a.receipt.submittedAt,
        ]);
        expect(JSON.parse(v.body)).toEqual(a.submission);
      }
      const byVersion = (x: { id: string; version: number }, y: { id: string; version: number }) =>
        x.id.localeCompare(y.id) || x.version - y.version;
      expect([...table.reviews].sort(byVersion)).toEqual([...reviews].sort(byVersion));

      // …and the status is what a recomputation from the clients' receipts and the office's
      // decisions says, on any day.
      const records = recordsFrom(acked, reviews);
      for (const asOf of ['2006-05-10', '2006-07-10', '2006-12-31']) {
        const res = await stack.fetchJson(`/v1/status/2006?asOf=${asOf}`, { as: 'office' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual(statusView(computeStatus(PLAN, records, asOf)));
      }
      expect(new Set(acked.map((a) => a.submission.period))).toEqual(new Set(MONTHS.map(periodOf)));
    } finally {
      await stack.close();
    }
  }, 300_000);
});
