/**
 * The life of reports, as a model-based test: fast-check draws sequences of submit / retry /
 * key reuse / review (accept, return, stale, repeated) / resubmit, runs them against the real
 * store on DynamoDB Local through the use cases, and after every step checks that what is stored
 * — heads, every version and review, the list, and the records the status is computed from — is
 * what a simple model of the rules says.
 */
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Principal } from '../../api/roles';
import type { Submission, SubmissionRecord } from '../../domain/submission';
import { LOCAL_AWS } from '../../functions/local/dynamodb';
import { seedSamplePlan } from '../../functions/local/seed';
import { userFor } from '../../functions/local/users';
import { type Deps, makeDeps } from '../../functions/runtime';
import { submissionId } from '../../functions/store/keys';
import { sha256 } from '../../functions/store/repository';
import { ensureTable } from '../../functions/store/table';
import { loadRecords } from '../../functions/usecases/status';
import {
  getSubmission,
  getSubmissionVersion,
  listSubmissions,
  reviewSubmission,
  submit,
} from '../../functions/usecases/submissions';
import { testDynamoDbClient, testDynamoDbEndpoint, uniqueTableName } from '../support/dynamodb';
import { type Acked, type Reviewed, recordsFrom } from './support/model';
import { PLAN, periodOf, reportFor } from './support/reports';

/** Few units and months, so that sequences keep coming back to the same reports. */
const UNITS = ['labor', 'transport', 'chengguan'] as const;
const MONTHS = [4, 5] as const;

interface Model {
  readonly acked: Acked[];
  readonly reviews: Reviewed[];
}

interface Real {
  readonly deps: Deps;
  next: number;
}

/** What the runs did, so that the test can tell it exercised every rule. */
const seen = new Map<string, number>();
const saw = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);

const office: Principal = userFor(PLAN, 'office').principal;
const unitUser = (unit: string): Principal => userFor(PLAN, `unit:${unit}`).principal;
const hashOf = (s: Submission) => sha256(JSON.stringify(s));

const versionsOf = (m: Model, id: string) =>
  m.acked.filter((a) => a.receipt.id === id).sort((a, b) => a.receipt.version - b.receipt.version);
const latestOf = (m: Model, id: string) => versionsOf(m, id).at(-1);
function stateOf(m: Model, id: string): 'pending' | 'accepted' | 'returned' {
  const latest = latestOf(m, id)!;
  const review = m.reviews.find((r) => r.id === id && r.version === latest.receipt.version);
  return review ? (review.decision === 'accept' ? 'accepted' : 'returned') : 'pending';
}
const acceptedOf = (m: Model, id: string) =>
  m.reviews
    .filter((r) => r.id === id && r.decision === 'accept')
    .map((r) => r.version)
    .sort((a, b) => a - b)
    .at(-1);
const idsOf = (m: Model) => [...new Set(m.acked.map((a) => a.receipt.id))].sort();

const byRecord = (a: SubmissionRecord, b: SubmissionRecord) =>
  a.id.localeCompare(b.id) || a.version - b.version || a.state.localeCompare(b.state);

/** After every step: the store says exactly what the model says. */
async function matches(m: Model, r: Real): Promise<void> {
  const ids = idsOf(m);
  const listed = await listSubmissions(r.deps, office, { year: 2006 });
  if ('code' in listed) throw new Error(listed.code);
  expect(listed.items.map((h) => h.id).sort()).toEqual(ids);
  for (const id of ids) {
    const stored = await getSubmission(r.deps, office, id);
    if ('code' in stored) throw new Error(`${id}: ${stored.code}`);
    const accepted = acceptedOf(m, id);
    expect({
      latestVersion: stored.latestVersion,
      latestState: stored.latestState,
      acceptedVersion: stored.acceptedVersion,
    }).toEqual({
      latestVersion: latestOf(m, id)!.receipt.version,
      latestState: stateOf(m, id),
      acceptedVersion: accepted,
    });
    // The history is paged with only the latest body in it: each older body is its own read.
    const history = [...stored.versions];
    for (let next = stored.next; next !== undefined; ) {
      const page = await getSubmission(r.deps, office, id, { cursor: Number(next) });
      if ('code' in page) throw new Error(`${id}: ${page.code}`);
      history.push(...page.versions);
      next = page.next;
    }
    history.sort((a, b) => a.version - b.version);
    const bodies = await Promise.all(
      history.map(async (v) => {
        if (v.submission) return v.submission;
        const one = await getSubmissionVersion(r.deps, office, id, v.version);
        if ('code' in one) throw new Error(`${id} v${v.version}: ${one.code}`);
        return one.submission;
      }),
    );
    expect(
      history.map((v, i) => ({
        version: v.version,
        submittedAt: v.submittedAt,
        submission: bodies[i],
      })),
    ).toEqual(
      versionsOf(m, id).map((a) => ({
        version: a.receipt.version,
        submittedAt: a.receipt.submittedAt,
        submission: a.submission,
      })),
    );
    expect(
      history.flatMap((v) =>
        v.review ? [{ id, version: v.version, decision: v.review.decision, at: v.review.at }] : [],
      ),
    ).toEqual(m.reviews.filter((x) => x.id === id).sort((a, b) => a.version - b.version));
  }
  expect((await loadRecords(r.deps.store.forOrg(office.org), 2006)).sort(byRecord)).toEqual(
    recordsFrom(m.acked, m.reviews).sort(byRecord),
  );
}

class Submit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly unit: string,
    readonly month: number,
    readonly note: string,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const submission = reportFor(this.unit, this.month, this.note);
    const key = `life-${r.next++}-${this.unit}`;
    const id = submissionId(2006, this.unit, periodOf(this.month));
    const out = await submit(r.deps, unitUser(this.unit), submission, {
      idempotencyKey: key,
      requestHash: hashOf(submission),
    });
    if ('code' in out) throw new Error(`${this}: ${out.code}`);
    // The same report as the latest version, under another key, is that version (issue 15):
    // nothing new is stored, and the key is not kept (a retry with it is a new request).
    const latest = latestOf(m, id);
    if (latest && JSON.stringify(latest.submission) === JSON.stringify(submission)) {
      expect(out.replayed).toBe(true);
      expect(out.receipt).toMatchObject({ id, version: latest.receipt.version, state: stateOf(m, id) });
      saw('same report again');
      await matches(m, r);
      return;
    }
    expect(out.replayed).toBe(false);
    expect(out.receipt).toMatchObject({
      id,
      version: (latestOf(m, id)?.receipt.version ?? 0) + 1,
      state: 'pending',
    });
    saw(out.receipt.version > 1 ? 'resubmit' : 'submit');
    if (out.receipt.version > 1 && stateOf(m, id) === 'returned') saw('resubmit after return');
    m.acked.push({ key, submission, receipt: out.receipt });
    await matches(m, r);
  }
  toString = () => `submit(${this.unit}, ${this.month}, ${JSON.stringify(this.note)})`;
}

/** The same request again, with its key: the first receipt, nothing new stored. */
class Retry implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.acked.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const a = m.acked[this.pick % m.acked.length]!;
    const out = await submit(r.deps, unitUser(a.submission.unit), a.submission, {
      idempotencyKey: a.key,
      requestHash: hashOf(a.submission),
    });
    if ('code' in out) throw new Error(`${this}: ${out.code}`);
    expect(out.replayed).toBe(true);
    expect(out.receipt).toEqual(a.receipt);
    saw('retry');
    await matches(m, r);
  }
  toString = () => `retry(#${this.pick})`;
}

/** A used key with another report: refused, nothing stored. */
class ReuseKey implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.acked.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const a = m.acked[this.pick % m.acked.length]!;
    const other = reportFor(a.submission.unit, Number(a.submission.period.slice(5)), `${a.key} 改`);
    const out = await submit(r.deps, unitUser(a.submission.unit), other, {
      idempotencyKey: a.key,
      requestHash: hashOf(other),
    });
    expect('code' in out ? out.code : 'stored').toBe('idempotency.conflict');
    saw('key reuse');
    await matches(m, r);
  }
  toString = () => `reuseKey(#${this.pick})`;
}

/** The office decides on a report: on its latest version, or (stale) on an older one. */
class Review implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly decision: 'accept' | 'return',
    readonly comment: string,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.acked.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const id = m.acked[this.pick % m.acked.length]!.receipt.id;
    const latest = latestOf(m, id)!.receipt.version;
    const expectedVersion = this.stale ? (latest > 1 ? latest - 1 : latest + 1) : latest;
    const out = await reviewSubmission(r.deps, office, id, {
      decision: this.decision,
      comment: this.comment,
      expectedVersion,
    });
    const expected =
      this.decision === 'return' && !this.comment.trim()
        ? 'request.invalid'
        : expectedVersion !== latest
          ? 'submission.staleVersion'
          : stateOf(m, id) !== 'pending'
            ? 'submission.alreadyReviewed'
            : 'ok';
    expect('code' in out ? out.code : 'ok').toBe(expected);
    saw(expected === 'ok' ? this.decision : expected);
    if (!('code' in out)) {
      expect(out).toMatchObject({
        id,
        version: latest,
        state: this.decision === 'accept' ? 'accepted' : 'returned',
      });
      m.reviews.push({ id, version: latest, decision: this.decision, at: out.reviewedAt });
    }
    await matches(m, r);
  }
  toString = () =>
    `review(#${this.pick}, ${this.decision}, ${JSON.stringify(this.comment)}${this.stale ? ', stale' : ''})`;
}

const commands = [
  fc
    .tuple(fc.constantFrom(...UNITS), fc.constantFrom(...MONTHS), fc.string({ maxLength: 8 }))
    .map(([u, mo, note]) => new Submit(u, mo, note)),
  fc.nat().map((p) => new Retry(p)),
  fc.nat().map((p) => new ReuseKey(p)),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('accept' as const, 'return' as const),
      fc.constantFrom('', '请核实'),
      fc.boolean(),
    )
    .map(([p, d, c, s]) => new Review(p, d, c, s)),
];

let client: DynamoDBClient;
let endpoint: string;
const tables: string[] = [];

beforeAll(async () => {
  endpoint = await testDynamoDbEndpoint();
  client = await testDynamoDbClient();
});

afterAll(async () => {
  for (const t of tables) await client.send(new DeleteTableCommand({ TableName: t })).catch(() => {});
  client.destroy();
});

/** A fresh table with the 2006 plan for each sequence. */
async function freshStore(): Promise<Deps> {
  const tableName = uniqueTableName('life');
  tables.push(tableName);
  await ensureTable(client, tableName);
  const deps = makeDeps({
    tableName,
    dynamoEndpoint: endpoint,
    region: LOCAL_AWS.region,
    auth: { issuer: 'shishi-local', audience: 'shishi', publicJwk: '{}' },
    maxBodyBytes: 6_000_000,
  });
  await seedSamplePlan(deps);
  return deps;
}

describe('the lifecycle of reports against the real store', () => {
  test('any sequence of submit, retry, key reuse, review, return and resubmit leaves the store as the model says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'large' }), async (cmds) => {
        const deps = await freshStore();
        await fc.asyncModelRun(() => ({ model: { acked: [], reviews: [] }, real: { deps, next: 0 } }), cmds);
      }),
      {
        numRuns: 30,
        // One hand-written life first, so that every rule is met in every run of the test.
        examples: [
          [
            [
              new Submit('labor', 4, '初报'),
              new Review(0, 'return', '', false),
              new Review(0, 'return', '请核实', false),
              new Review(0, 'accept', '', false),
              new Submit('labor', 4, '改报'),
              new Retry(0),
              new ReuseKey(1),
              new Review(1, 'accept', '', true),
              new Review(1, 'accept', '', false),
              new Submit('labor', 4, '再改'),
              new Review(2, 'return', '请核实', false),
              new Submit('labor', 5, '五月'),
              new Submit('labor', 5, '五月'),
              new Submit('labor', 4, '三改'),
              new Retry(1),
              new ReuseKey(2),
              new Review(4, 'accept', '', false),
              new Review(4, 'return', '请核实', false),
            ],
          ],
        ],
      },
    );
    // Every rule was met.
    for (const what of [
      'submit',
      'resubmit',
      'resubmit after return',
      'retry',
      'key reuse',
      'accept',
      'return',
      'request.invalid',
      'submission.staleVersion',
      'submission.alreadyReviewed',
      'same report again',
    ]) {
      expect(seen.get(what) ?? 0, `${what} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    }
  });
});
