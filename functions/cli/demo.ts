/**
 * `shishi demo`: a scripted April and May 2006 against a running stack. Units send their
 * monthly reports, the office accepts most, returns one with a comment, the unit sends a
 * corrected version, the office accepts it; one May report is left awaiting review, so the
 * status shows a provisional figure. Safe to run again: each report's idempotency key comes
 * from its content (a resend answers the first receipt), and a version that was already
 * reviewed is skipped. Before writing anything it refuses a stack holding reports of the year
 * it did not make (`foreignReports`), unless forced (`--force`).
 */

import { createHash } from 'node:crypto';
import type { ApiClient } from '../../api/client';
import { ApiProblem } from '../../api/errors';
import { submissionSchema } from '../../api/schemas';
import type { Receipt, StatusView } from '../../api/views';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import type { Submission } from '../../domain/submission';
import * as R from './demo-reports';
import { CliError, EXIT } from './errors';
import { type Locale, stateText, tr } from './format';
import { contentKey, requestBody } from './input';

export const DEMO_AS_OF = '2006-06-10';

type Step =
  | { readonly kind: 'submit'; readonly report: Submission; readonly name: string }
  | {
      readonly kind: 'review';
      /** The `name` of the submit step whose version is reviewed. */
      readonly of: string;
      readonly decision: 'accept' | 'return';
      readonly comment?: string;
    };

const submit = (name: string, report: Submission): Step => ({ kind: 'submit', name, report });
const accept = (of: string): Step => ({ kind: 'review', of, decision: 'accept' });

export const DEMO_STEPS: readonly Step[] = [
  submit('labor-04', R.LABOR_2006_04),
  submit('transport-04', R.TRANSPORT_2006_04),
  submit('civil-04', R.CIVIL_AFFAIRS_2006_04),
  submit('chengguan-04', R.CHENGGUAN_2006_04),
  accept('labor-04'),
  accept('transport-04'),
  accept('civil-04'),
  accept('chengguan-04'),
  submit('labor-05', R.LABOR_2006_05),
  submit('transport-05', R.TRANSPORT_2006_05),
  submit('civil-05', R.CIVIL_AFFAIRS_2006_05),
  submit('chengguan-05-first', R.CHENGGUAN_2006_05_FIRST),
  accept('labor-05'),
  accept('transport-05'),
  { kind: 'review', of: 'chengguan-05-first', decision: 'return', comment: R.RETURN_COMMENT },
  submit('chengguan-05', R.CHENGGUAN_2006_05),
  accept('chengguan-05'),
];

/** The report the script leaves awaiting review: its figures show as provisional. */
const LEFT_PENDING = 'civil-05';

export interface DemoContext {
  /** The API as the sample user `as` (`office`, `unit:<id>`). */
  client(as: string): Promise<ApiClient>;
  /** A progress line. */
  say(line: string): void;
  readonly locale: Locale;
  /** Writes even into a stack that holds reports the demo did not make (`--force`). */
  readonly force?: boolean;
}

const unitName = (id: string) => SAMPLE_PLAN_2006.units.find((u) => u.id === id)?.name ?? id;

/** Runs the script and answers the district status as of 2006-06-10. */
export async function runDemo(ctx: DemoContext): Promise<StatusView> {
  const t = tr(ctx.locale);
  const office = await ctx.client('office');
  await office.health();
  if (!ctx.force) await refuseForeignReports(office);
  await ensurePlan(office, ctx);

  const receipts = new Map<string, Receipt>();
  const total = DEMO_STEPS.length;
  for (const [i, step] of DEMO_STEPS.entries()) {
    const n = `[${String(i + 1).padStart(2)}/${total}]`;
    if (step.kind === 'submit') {
      const { report } = step;
      const body = requestBody(report);
      const unit = await ctx.client(`unit:${report.unit}`);
      const { receipt, replayed } = await unit.submit(body, contentKey(body));
      receipts.set(step.name, receipt);
      const who = ctx.locale === 'en' ? report.unit : unitName(report.unit);
      ctx.say(
        t(
          `${n} ${who} 报送 ${report.period} 报表 → ${receipt.id} 第 ${receipt.version} 版${replayed ? '（此前已报送，沿用首次回执）' : '，待审核'}`,
          `${n} ${who} sends the ${report.period} report → ${receipt.id} version ${receipt.version}${replayed ? ' (sent before: first receipt)' : ', awaiting review'}`,
        ),
      );
      continue;
    }
    const receipt = receipts.get(step.of);
    if (!receipt) throw new Error(`demo script: no submission named ${step.of}`);
    const ref = t(`${receipt.id} 第 ${receipt.version} 版`, `${receipt.id} version ${receipt.version}`);
    const detail = await office.getSubmission(receipt.id);
    const version = detail.versions.find((v) => v.version === receipt.version);
    if (version && version.state !== 'pending') {
      const state = stateText(version.state, ctx.locale);
      ctx.say(t(`${n} ${ref} ${state}，跳过`, `${n} ${ref} already ${state}: skipped`));
      continue;
    }
    if (detail.latestVersion !== receipt.version) {
      ctx.say(t(`${n} ${ref} 已有更新的版本，跳过`, `${n} ${ref} has a newer version: skipped`));
      continue;
    }
    const comment = step.comment ?? '';
    try {
      await office.review(receipt.id, { decision: step.decision, comment, expectedVersion: receipt.version });
    } catch (e) {
      if (
        e instanceof ApiProblem &&
        (e.code === 'submission.alreadyReviewed' || e.code === 'submission.staleVersion')
      ) {
        ctx.say(t(`${n} ${ref} 已被审核，跳过`, `${n} ${ref} was reviewed meanwhile: skipped`));
        continue;
      }
      throw e;
    }
    ctx.say(
      step.decision === 'accept'
        ? t(`${n} 考核办采用 ${ref}`, `${n} The office accepts ${ref}`)
        : t(`${n} 考核办退回 ${ref}：${comment}`, `${n} The office returns ${ref}: ${comment}`),
    );
  }
  const unreviewed = receipts.get(LEFT_PENDING);
  if (unreviewed && (await office.getSubmission(unreviewed.id)).latestState === 'pending') {
    ctx.say(
      t(
        `${unreviewed.id} 留待审核：其数字在进度中显示为“含待审”。`,
        `${unreviewed.id} is left awaiting review: its figures show as provisional.`,
      ),
    );
  }
  return office.status(SAMPLE_PLAN_2006.year, DEMO_AS_OF);
}

/** The local stack seeds the 2006 plan; another stack may need it stored first. */
async function ensurePlan(office: ApiClient, ctx: DemoContext): Promise<void> {
  try {
    await office.getPlan(SAMPLE_PLAN_2006.year);
  } catch (e) {
    if (!(e instanceof ApiProblem) || e.code !== 'plan.notFound') throw e;
    const out = await office.putPlan(SAMPLE_PLAN_2006);
    ctx.say(
      tr(ctx.locale)(
        `已建立 2006 年示例计划（第 ${out.version} 版）`,
        `Stored the 2006 sample plan (version ${out.version})`,
      ),
    );
  }
}

/** The report id the server gives `report` (functions/store/keys.ts `submissionId`). */
const reportId = (report: Submission) => `${report.year}.${report.unit}.${report.period}`;

/**
 * The sha256 the server stores for a report the demo sends: of the body as the API's schema
 * reads it, written out as JSON (functions/handlers/submissions.ts parses with `submissionSchema`,
 * usecases/submissions.ts hashes `JSON.stringify` of that), so key order and dropped fields are
 * the server's, not ours.
 */
const storedSha256 = (report: Submission): string =>
  createHash('sha256')
    .update(JSON.stringify(submissionSchema.parse(JSON.parse(requestBody(report)))))
    .digest('hex');

/** Every report id the demo writes, with the sha256 of each body it sends under that id. */
export function demoDigests(): ReadonlyMap<string, ReadonlySet<string>> {
  const out = new Map<string, Set<string>>();
  for (const step of DEMO_STEPS) {
    if (step.kind !== 'submit') continue;
    const id = reportId(step.report);
    const set = out.get(id) ?? new Set<string>();
    set.add(storedSha256(step.report));
    out.set(id, set);
  }
  return out;
}

/**
 * The ids of the year's reports the demo did not make, sorted. "Made by the demo" is told by
 * content: the script is deterministic, so every version it stores has one of the bodies it
 * sends for that id, and the stack keeps every version's sha256 (the head's `latestSha256`,
 * each version's `sha256`). A report is the demo's when its id is one the demo writes and every
 * one of its versions has one of the demo's sha256 for that id; a report of another id, or any
 * version with other figures, is someone else's. Not by `by`: the demo acts as the sample
 * people, whom anyone signed in on the local stack is too. Not by idempotency key: the API does
 * not show it. A person who sent exactly the demo's figures is taken for the demo, harmlessly:
 * writing them again changes nothing.
 */
export async function foreignReports(office: ApiClient, year: number): Promise<string[]> {
  const digests = demoDigests();
  const foreign: string[] = [];
  for (const head of await office.listSubmissions({ year })) {
    const mine = digests.get(head.id);
    if (!mine || (head.latestSha256 !== undefined && !mine.has(head.latestSha256))) {
      foreign.push(head.id);
      continue;
    }
    if (head.latestVersion <= 1 && head.latestSha256 !== undefined) continue;
    // Older versions (or a head from before issue 15 without latestSha256): read the whole history.
    let cursor: string | undefined;
    let theirs = false;
    do {
      const page = await office.getSubmission(head.id, { limit: 50, ...(cursor ? { cursor } : {}) });
      theirs = page.versions.some((v) => !mine.has(v.sha256));
      cursor = page.next;
    } while (!theirs && cursor);
    if (theirs) foreign.push(head.id);
  }
  return foreign.sort();
}

/** How many ids the refusal names. */
const NAMED = 3;

/** Refuses, with exit code 1 and nothing written, a stack that holds reports of others. */
async function refuseForeignReports(office: ApiClient): Promise<void> {
  const year = SAMPLE_PLAN_2006.year;
  const foreign = await foreignReports(office, year);
  if (foreign.length === 0) return;
  const n = foreign.length;
  const named = foreign.slice(0, NAMED);
  const more = n > NAMED;
  throw new CliError(
    {
      zh: `${office.baseUrl} 上已有 ${n} 份不是演示写入的 ${year} 年报表（${named.join('、')}${more ? ' 等' : ''}）。演示不在真实报表之上写入，什么也没有写。确要写入，请加 --force。`,
      en: `${office.baseUrl} holds ${n} report(s) of ${year} the demo did not make (${named.join(', ')}${more ? ', …' : ''}). The demo does not write over real reports: nothing was written. To write anyway, pass --force.`,
    },
    EXIT.rejected,
  );
}
