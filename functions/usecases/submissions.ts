/**
 * Submissions: a unit sends a report (validated again here: the server is the authority), the
 * office reviews it. Each send is a new immutable version; retries with the same idempotency
 * key get the first answer again.
 */

import { type ApiError, apiError, isApiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { Receipt, ReviewInput, ReviewResult, SubmissionDetail, SubmissionHead } from '../../api/views';
import type { Submission } from '../../domain/submission';
import { validateSubmission } from '../../domain/validate';
import { type Deps, localDate } from '../runtime';
import { parseSubmissionId, submissionId } from '../store/keys';
import type { OrgStore } from '../store/repository';
import { actorOf, storeOf } from './access';
import { publishedPlan } from './plans';
import { yearClosed } from './year-end';

export type SubmitResult =
  | { readonly status: 201; readonly receipt: Receipt; readonly replayed: boolean }
  | ApiError;

/**
 * Versions of one report are numbered under a condition: when several arrive at once, each
 * round lets at least one through, so N concurrent senders need up to N rounds.
 */
const MAX_ATTEMPTS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The unit's report heads of the year and its accepted submissions, the baselines for
 * cumulative checks.
 */
async function unitHistory(store: OrgStore, year: number, unit: string) {
  const heads = await store.listHeads(year, { unit });
  const accepted = heads.filter((h) => h.acceptedVersion !== undefined);
  const versions = await store.getVersions(accepted.map((h) => ({ id: h.id, version: h.acceptedVersion! })));
  return { heads, previous: versions.map((v) => JSON.parse(v.body) as Submission) };
}

/**
 * Validates and stores a unit's report as a new version. `request` identifies what was sent:
 * the idempotency key, and the hash of the request body (JSON text or workbook bytes), so a
 * retry of the same request is answered with the first receipt.
 */
export async function submit(
  deps: Deps,
  principal: Principal,
  submission: Submission,
  request: { readonly idempotencyKey: string; readonly requestHash: string },
): Promise<SubmitResult> {
  const { idempotencyKey, requestHash } = request;
  if (submission.unit !== principal.unit) {
    return apiError(
      'auth.forbidden',
      `只能报送本单位（${principal.unit}）的报表`,
      `You may only report for your own unit (${principal.unit})`,
      {
        field: 'unit',
      },
    );
  }
  const scope = principal.unit;
  const store = storeOf(deps, principal);
  const replay = async (): Promise<SubmitResult> => {
    const seen = await store.getIdempotency(scope, idempotencyKey);
    if (!seen) return apiError('submission.busy', '请稍后重试', 'Retry shortly', { retryAfter: 1 });
    if (seen.requestHash !== requestHash) {
      return apiError(
        'idempotency.conflict',
        '同一个幂等键已用于另一份不同的报表',
        'This Idempotency-Key was already used for a different submission',
        { field: 'Idempotency-Key' },
      );
    }
    return { status: 201, receipt: seen.response as Receipt, replayed: true };
  };
  if (await store.getIdempotency(scope, idempotencyKey)) return replay();

  // Only the published plan counts: a year with only a draft is not open for reports.
  const record = await publishedPlan(store, submission.year);
  if (isApiError(record)) return record;
  if ((await store.getYearState(submission.year)).closed) return yearClosed(submission.year);
  const now = deps.now();
  const { heads, previous } = await unitHistory(store, submission.year, submission.unit);
  const findings = validateSubmission(submission, { plan: record.plan, previous, asOf: localDate(now) });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    return apiError(
      'submission.invalid',
      `报表有 ${errors.length} 处错误，未保存`,
      `The report has ${errors.length} error(s); nothing was stored`,
      {
        findings,
      },
    );
  }

  const id = submissionId(submission.year, submission.unit, submission.period);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // The index's copy of the head may be stale; that costs a retry, never a wrong version.
    const head = attempt === 0 ? heads.find((h) => h.id === id) : await store.getHead(id);
    const version = (head?.latestVersion ?? 0) + 1;
    const at = new Date(Math.max(now.getTime(), deps.now().getTime())).toISOString();
    const receipt: Receipt = { id, version, state: 'pending', submittedAt: at, findings };
    const outcome = await store.createVersion({
      id,
      year: submission.year,
      unit: submission.unit,
      period: submission.period,
      version,
      body: JSON.stringify(submission),
      findings,
      at,
      actor: actorOf(principal),
      idempotency: { scope, key: idempotencyKey, requestHash, status: 201, response: receipt },
    });
    if (outcome === 'ok') return { status: 201, receipt, replayed: false };
    if (outcome === 'idempotencyTaken') return replay();
    if (outcome === 'closed') return yearClosed(submission.year);
    // Another version of the same report landed first: take the next number.
    await sleep(Math.random() * 10 * Math.min(attempt + 1, 8));
  }
  return apiError(
    'submission.busy',
    '同一报表正在被同时提交，请稍后重试',
    'The same report is being sent concurrently; retry shortly',
    {
      retryAfter: 1,
    },
  );
}

function mayRead(principal: Principal, unit: string): ApiError | undefined {
  if (principal.role === 'office') return undefined;
  if (principal.role === 'unit' && principal.unit === unit) return undefined;
  return apiError('auth.forbidden', '不能查看其他单位的报表', "You may not see another unit's reports");
}

export async function listSubmissions(
  deps: Deps,
  principal: Principal,
  q: { year: number; unit?: string; period?: string },
): Promise<{ items: SubmissionHead[] } | ApiError> {
  const unit = principal.role === 'unit' ? (q.unit ?? principal.unit) : q.unit;
  if (unit) {
    const denied = mayRead(principal, unit);
    if (denied) return denied;
  }
  const items = await storeOf(deps, principal).listHeads(q.year, {
    ...(unit ? { unit } : {}),
    ...(q.period ? { period: q.period } : {}),
  });
  return { items };
}

export async function getSubmission(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<SubmissionDetail | ApiError> {
  const parsed = parseSubmissionId(id);
  const notFound = apiError('submission.notFound', `没有编号为 ${id} 的报表`, `No submission ${id}`, {
    field: 'id',
  });
  if (!parsed) return notFound;
  const denied = mayRead(principal, parsed.unit);
  if (denied) return denied;
  const store = storeOf(deps, principal);
  const head = await store.getHead(id);
  if (!head) return notFound;
  const { versions, reviews } = await store.getHistory(id);
  return {
    ...head,
    versions: versions.map((v) => {
      const review = reviews.find((r) => r.version === v.version);
      return {
        version: v.version,
        submittedAt: v.submittedAt,
        by: v.by,
        sha256: v.sha256,
        state: review ? (review.decision === 'accept' ? 'accepted' : 'returned') : 'pending',
        findings: v.findings,
        ...(review
          ? { review: { decision: review.decision, comment: review.comment, by: review.by, at: review.at } }
          : {}),
        submission: JSON.parse(v.body) as Submission,
      };
    }),
  };
}

export async function reviewSubmission(
  deps: Deps,
  principal: Principal,
  id: string,
  input: ReviewInput,
): Promise<ReviewResult | ApiError> {
  const parsed = parseSubmissionId(id);
  const store = storeOf(deps, principal);
  const head = parsed ? await store.getHead(id) : undefined;
  if (!parsed || !head)
    return apiError('submission.notFound', `没有编号为 ${id} 的报表`, `No submission ${id}`, { field: 'id' });
  if (input.decision === 'return' && !input.comment.trim()) {
    return apiError('request.invalid', '退回报表时须写明原因', 'Say why when returning a report', {
      field: 'comment',
    });
  }
  const stale = () =>
    apiError(
      'submission.staleVersion',
      `报表已有第 ${head.latestVersion} 版，请审核最新版本`,
      `The report is now at version ${head.latestVersion}; review the latest one`,
      { field: 'expectedVersion' },
    );
  if (head.latestVersion !== input.expectedVersion) return stale();
  if ((await store.getYearState(parsed.year)).closed) return yearClosed(parsed.year);
  if (head.latestState !== 'pending') {
    return apiError('submission.alreadyReviewed', '该版本已审核', 'This version has already been reviewed', {
      field: 'expectedVersion',
    });
  }
  const at = deps.now().toISOString();
  const outcome = await store.review({
    id,
    year: parsed.year,
    version: input.expectedVersion,
    decision: input.decision,
    comment: input.comment,
    at,
    actor: actorOf(principal),
  });
  if (outcome === 'closed') return yearClosed(parsed.year);
  if (outcome === 'conflict') return stale();
  return {
    id,
    version: input.expectedVersion,
    state: input.decision === 'accept' ? 'accepted' : 'returned',
    reviewedAt: at,
  };
}
