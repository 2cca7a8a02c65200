/**
 * Submissions: a unit sends a report (validated again here: the server is the authority), the
 * office reviews it. Each send is a new immutable version; retries with the same idempotency
 * key get the first answer again.
 */

import { type ApiError, apiError, isApiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type {
  Receipt,
  ReviewInput,
  ReviewResult,
  SubmissionDetail,
  SubmissionHead,
  VersionView,
} from '../../api/views';
import type { Submission } from '../../domain/submission';
import { validateSubmission } from '../../domain/validate';
import { DEFAULT_LIMITS } from '../config';
import { type Deps, localDate } from '../runtime';
import { fileStoreFor } from '../store/files';
import { parseSubmissionId, submissionId } from '../store/keys';
import {
  type OrgStore,
  type ReviewRecord,
  sha256,
  type VersionRecord,
  workbookFileKey,
} from '../store/repository';
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

/** The ten minutes `at` falls in (`2006-05-03T10:2`), and the seconds left of them. */
export function tenMinuteWindow(at: Date): { id: string; secondsLeft: number } {
  const ms = 10 * 60_000;
  return {
    id: at.toISOString().slice(0, 15),
    secondsLeft: Math.max(1, Math.ceil((ms - (at.getTime() % ms)) / 1000)),
  };
}

/** Seconds until the next midnight in China (UTC+8, no daylight saving). */
export function secondsToLocalMidnight(at: Date): number {
  const day = 86_400_000;
  return Math.max(1, Math.ceil((day - ((at.getTime() + 8 * 3_600_000) % day)) / 1000));
}

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
  request: {
    readonly idempotencyKey: string;
    readonly requestHash: string;
    /**
     * Sent as a workbook: keeps the file before the version is stored (after every check, so a
     * refused upload keeps nothing), and the version records its sha256 (`requestHash`).
     */
    readonly keepWorkbook?: () => Promise<void>;
  },
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

  const limits = deps.config.limits ?? DEFAULT_LIMITS;
  const window = tenMinuteWindow(deps.now());
  if (!(await store.countUse(`submit#${scope}`, window.id, limits.submissionsPer10Min))) {
    return apiError(
      'submission.tooMany',
      `本单位十分钟内已报送 ${limits.submissionsPer10Min} 次，请 ${Math.ceil(window.secondsLeft / 60)} 分钟后再试`,
      `Your unit sent ${limits.submissionsPer10Min} reports in ten minutes; try again in ${Math.ceil(window.secondsLeft / 60)} minute(s)`,
      { retryAfter: window.secondsLeft },
    );
  }

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
  const body = JSON.stringify(submission);
  const digest = sha256(body);
  // The same report as the latest version again is that version, not a new one.
  const current = heads.find((h) => h.id === id) ?? (await store.getHead(id));
  if (current?.latestSha256 === digest) {
    const [latest] = await store.getVersions([{ id, version: current.latestVersion }]);
    const receipt: Receipt = {
      id,
      version: current.latestVersion,
      state: current.latestState,
      submittedAt: current.latestSubmittedAt,
      findings: latest?.findings ?? findings,
    };
    return { status: 201, receipt, replayed: true };
  }
  const today = localDate(now);
  if (!(await store.countUse(`versions#${id}`, today, limits.versionsPerDay))) {
    const secondsLeft = secondsToLocalMidnight(now);
    return apiError(
      'submission.versionLimit',
      `该报表今天已有 ${limits.versionsPerDay} 个新版本，请明天再报送，或请考核办协助`,
      `This report got ${limits.versionsPerDay} new versions today; send again tomorrow, or ask the office`,
      { retryAfter: secondsLeft, field: 'period' },
    );
  }
  if (request.keepWorkbook) await request.keepWorkbook();
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
      body,
      findings,
      at,
      actor: actorOf(principal),
      idempotency: { scope, key: idempotencyKey, requestHash, status: 201, response: receipt },
      ...(request.keepWorkbook ? { workbook: requestHash } : {}),
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

/** Versions in one page of a report's history (GET /v1/submissions/{id}?limit=): 10 by default. */
export const HISTORY_PAGE = { default: 10, max: 50 } as const;

const versionView = (
  v: Omit<VersionRecord, 'body'>,
  review: ReviewRecord | undefined,
  body?: string,
): VersionView => ({
  version: v.version,
  submittedAt: v.submittedAt,
  by: v.by,
  sha256: v.sha256,
  state: review ? (review.decision === 'accept' ? 'accepted' : 'returned') : 'pending',
  findings: v.findings,
  ...(v.workbook ? { workbook: true as const } : {}),
  ...(review
    ? { review: { decision: review.decision, comment: review.comment, by: review.by, at: review.at } }
    : {}),
  ...(body !== undefined ? { submission: JSON.parse(body) as Submission } : {}),
});

/** The report's head, or why it cannot be read by `principal`. */
async function readableHead(deps: Deps, principal: Principal, id: string) {
  const parsed = parseSubmissionId(id);
  const notFound = apiError('submission.notFound', `没有编号为 ${id} 的报表`, `No submission ${id}`, {
    field: 'id',
  });
  if (!parsed) return notFound;
  const denied = mayRead(principal, parsed.unit);
  if (denied) return denied;
  const store = storeOf(deps, principal);
  const head = await store.getHead(id);
  return head ? { store, head } : notFound;
}

/**
 * A report's head and a page of its versions, newest page first (`cursor`: the `next` of the page
 * before), oldest first within it. Only the latest version comes with its body: any other is one
 * request each (`getSubmissionVersion`), so no answer holds more than one body.
 */
export async function getSubmission(
  deps: Deps,
  principal: Principal,
  id: string,
  page: { readonly limit?: number; readonly cursor?: number } = {},
): Promise<SubmissionDetail | ApiError> {
  const found = await readableHead(deps, principal, id);
  if (isApiError(found)) return found;
  const { store, head } = found;
  const limit = page.limit ?? HISTORY_PAGE.default;
  const to = Math.min(head.latestVersion, page.cursor === undefined ? head.latestVersion : page.cursor - 1);
  const from = Math.max(1, to - limit + 1);
  const [{ versions, reviews }, latest] = await Promise.all([
    store.getVersionPage(id, from, to),
    to === head.latestVersion ? store.getVersions([{ id, version: to }]) : Promise.resolve([]),
  ]);
  const { latestSha256: _sha, ...view } = head;
  return {
    ...view,
    versions: versions.map((v) =>
      versionView(
        v,
        reviews.find((r) => r.version === v.version),
        v.version === head.latestVersion ? latest[0]?.body : undefined,
      ),
    ),
    ...(from > 1 ? { next: String(from) } : {}),
  };
}

/** One version of a report with its body (GET /v1/submissions/{id}/versions/{version}). */
export async function getSubmissionVersion(
  deps: Deps,
  principal: Principal,
  id: string,
  version: number,
): Promise<VersionView | ApiError> {
  const found = await readableHead(deps, principal, id);
  if (isApiError(found)) return found;
  const { store, head } = found;
  if (version < 1 || version > head.latestVersion) {
    return apiError(
      'submission.notFound',
      `报表 ${id} 没有第 ${version} 版（共 ${head.latestVersion} 版）`,
      `Submission ${id} has no version ${version} (it has ${head.latestVersion})`,
      { field: 'version' },
    );
  }
  const [[record], { reviews }] = await Promise.all([
    store.getVersions([{ id, version }]),
    store.getVersionPage(id, version, version),
  ]);
  return versionView(record!, reviews[0], record!.body);
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

/**
 * The workbook a version was sent as (GET /v1/submissions/{id}/versions/{version}/workbook), for
 * whoever may read the report. A version sent as JSON (the add-in, the CLI) has none.
 */
export async function getVersionWorkbook(
  deps: Deps,
  principal: Principal,
  id: string,
  version: number,
): Promise<{ bytes: Buffer; filename: string; fallback: string } | ApiError> {
  const found = await readableHead(deps, principal, id);
  if (isApiError(found)) return found;
  const { store, head } = found;
  const none = (zh: string, en: string) => apiError('submission.notFound', zh, en, { field: 'version' });
  if (version < 1 || version > head.latestVersion) {
    return none(
      `报表 ${id} 没有第 ${version} 版（共 ${head.latestVersion} 版）`,
      `Submission ${id} has no version ${version} (it has ${head.latestVersion})`,
    );
  }
  const [record] = await store.getVersions([{ id, version }]);
  if (!record?.workbook) {
    return none(
      `第 ${version} 版不是以工作簿报送的（由插件或命令行报送），没有原始文件`,
      `Version ${version} was not sent as a workbook (the add-in or the CLI sent it): there is no original file`,
    );
  }
  const bytes = await fileStoreFor(deps.config).get(workbookFileKey(principal.org, record.workbook));
  if (!bytes)
    return none(`第 ${version} 版的原始工作簿未找到`, `The workbook of version ${version} is not there`);
  return {
    bytes,
    filename: `${head.unit}-${head.period}-第${version}版.xlsx`,
    fallback: `report-${id}-v${version}.xlsx`,
  };
}
