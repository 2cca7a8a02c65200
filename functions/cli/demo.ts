/**
 * `shishi demo`: a scripted April and May 2006 against a running stack. Units send their
 * monthly reports, the office accepts most, returns one with a comment, the unit sends a
 * corrected version, the office accepts it; one May report is left awaiting review, so the
 * status shows a provisional figure. Safe to run again: each report's idempotency key comes
 * from its content (a resend answers the first receipt), and a version that was already
 * reviewed is skipped.
 */

import type { ApiClient } from '../../api/client';
import { ApiProblem } from '../../api/errors';
import type { Receipt, StatusView } from '../../api/views';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import type { Submission } from '../../domain/submission';
import * as R from './demo-reports';
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
}

const unitName = (id: string) => SAMPLE_PLAN_2006.units.find((u) => u.id === id)?.name ?? id;

/** Runs the script and answers the district status as of 2006-06-10. */
export async function runDemo(ctx: DemoContext): Promise<StatusView> {
  const t = tr(ctx.locale);
  const office = await ctx.client('office');
  await office.health();
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
