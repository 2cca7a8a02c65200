/**
 * The one client of the Shishi HTTP API, used by the CLI, the task pane and the custom
 * functions: JSON in and out, files down (templates, summaries) and up (workbooks). It needs
 * nothing but `fetch`, `Response` and `AbortSignal`, so it runs in Node and in Office's webview.
 *
 * An answer that is not 2xx becomes an `ApiProblem` (the server's problem+json document); a
 * request that never got an answer becomes a `NetworkError` (or what `networkError` makes). A
 * `503` with `Retry-After` is retried a few times, for every call: every request is safe to
 * repeat (submissions and workbooks carry an idempotency key, reviews an expected version).
 */
import type { Plan } from '../domain/plan';
import type { Submission } from '../domain/submission';
import { ApiProblem, isProblem, NetworkError, unexpectedProblem } from './errors';
import type {
  AppraisalView,
  AuditPage,
  AuditVerification,
  Download,
  FrozenAssessment,
  Health,
  ListSubmissionsQuery,
  NewPerson,
  Person,
  PersonList,
  PersonPatch,
  PlanDraft,
  PlanRecord,
  PlanStored,
  PlanYear,
  Receipt,
  ReminderView,
  ReviewInput,
  ReviewResult,
  StatusView,
  SubmissionDetail,
  SubmissionHead,
  SubmitResult,
  SummaryCreated,
  VersionView,
  YearClosed,
  YearState,
} from './views';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * What the task pane and the custom functions use of the API; `ApiClient` implements it over
 * `fetch`, their tests use fakes. Every method resolves with the server's 2xx answer, or
 * rejects with `ApiProblem` (the server answered with an error) or `NetworkError` (no answer
 * at all: a submission can be kept and sent again later with the SAME idempotency key).
 */
export interface ShishiApi {
  health(): Promise<Health>;
  /** GET /v1/plans/{year}: the published plan; `latest` (office): the newest version, draft or not. */
  getPlan(year: number, version?: 'latest'): Promise<PlanRecord>;
  /** GET /v1/plans: the organisation's years, newest first. */
  listPlans(): Promise<PlanYear[]>;
  /** PUT /v1/plans/{year}/draft: stores `plan` as the year's newest draft (office). */
  saveDraft(plan: Plan): Promise<PlanDraft>;
  /** POST /v1/plans/{year}/publish: publishes that version after the plan's validation (office). */
  publishPlan(year: number, version: number): Promise<PlanStored>;
  /** POST /v1/plans/{year}/import: the city's workbook (.xlsx bytes) read into a draft (office). */
  importPlan(year: number, bytes: Uint8Array, opts?: { dryRun?: boolean }): Promise<PlanDraft>;
  /** GET /v1/plans/{year}/workbook: the plan as a workbook to complete in Excel (office). */
  planWorkbook(year: number, version?: number): Promise<Download>;
  /** POST /v1/submissions; the same key on a retry answers the first receipt (`replayed: true`). */
  submit(submission: Submission, idempotencyKey: string): Promise<SubmitResult>;
  /** POST /v1/workbooks with the .xlsx bytes. */
  submitWorkbook(bytes: Uint8Array, idempotencyKey: string): Promise<SubmitResult>;
  listSubmissions(query: ListSubmissionsQuery): Promise<SubmissionHead[]>;
  /** GET /v1/submissions/{id}: the head and a page of versions (the newest page; `cursor` for older). */
  getSubmission(id: string, page?: { limit?: number; cursor?: string }): Promise<SubmissionDetail>;
  /** GET /v1/submissions/{id}/versions/{version}: one version with the report as sent. */
  getSubmissionVersion(id: string, version: number): Promise<VersionView>;
  review(id: string, input: ReviewInput): Promise<ReviewResult>;
  /** POST /v1/submissions/{id}/remind: 催办 — the office reminds a unit of a late or missing report. */
  remind(id: string): Promise<ReminderView>;
  /** GET /v1/reminders?year=: the year's reminders, the job's and the office's, oldest first (office). */
  listReminders(year: number): Promise<ReminderView[]>;
  /**
   * GET /v1/status/{year}?asOf= (asOf `YYYY-MM-DD`; the server's today when absent); `org`: one
   * of a city's districts, which the city's office may read.
   */
  status(year: number, asOf?: string, org?: string): Promise<StatusView>;
  /** POST /v1/summaries/{year}?asOf= — makes and stores the leaders' summary workbook. */
  createSummary(year: number, asOf?: string): Promise<SummaryCreated>;
  /** GET /v1/summaries/{year} — the latest summary workbook. */
  summary(year: number): Promise<FileDownload>;
  /** GET /v1/templates/{year}/{unit}?period= — the prefilled progress worksheet. */
  template(year: number, unit: string, period: string): Promise<FileDownload>;
  /** GET /v1/submissions/{id}/versions/{version}/workbook: the workbook a version was sent as. */
  versionWorkbook(id: string, version: number): Promise<FileDownload>;
  /** GET /v1/users: the people of the caller's organisation, active and disabled (office). */
  listUsers(): Promise<Person[]>;
  /** POST /v1/users: adds a person (office); on AWS Cognito sends them a temporary password. */
  addUser(person: NewPerson): Promise<Person>;
  /** PATCH /v1/users/{sub}: disables (or enables again) a person, or corrects name and contact (office). */
  updateUser(sub: string, patch: PersonPatch): Promise<Person>;
}

/** A downloaded file as the task pane uses it: a Blob and the name the server suggests. */
export type FileDownload = Pick<Download, 'blob' | 'filename' | 'contentType'>;

export interface ApiClientOptions {
  /** e.g. `http://127.0.0.1:3000`; a path prefix (an API Gateway stage) is kept. A function is read per request. */
  readonly baseUrl: string | (() => string);
  /** The bearer token; a function is asked on every request (the add-in keeps tokens in memory only). */
  readonly token?: string | (() => string | undefined) | undefined;
  readonly fetch?: typeof fetch;
  /** Per request. Default 30 s. */
  readonly timeoutMs?: number;
  /** Attempts for a `503` with `Retry-After`. Default 3. */
  readonly attempts?: number;
  /** Longest wait between attempts, whatever `Retry-After` says. Default 5 s. */
  readonly maxRetryDelayMs?: number;
  /** The error of a request that got no answer (the CLI's says how to start the local stack). */
  readonly networkError?: (url: string, reason: string, cause: unknown) => Error;
  /** Sent as `?org=` on every request: the organisation to act for (a city's office, its district). */
  readonly org?: string | undefined;
}

type Query = Readonly<Record<string, string | number | undefined>>;

export interface RequestOptions {
  readonly query?: Query;
  /** A JSON value (serialized here), or the exact text to send as JSON (its hash is what a replay is checked against). */
  readonly body?: unknown;
  /** Bytes to send as they are, with their content type (a workbook). */
  readonly raw?: { readonly bytes: Uint8Array; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Answer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Why a fetch failed, as a short reason: `ECONNREFUSED`, `ENOTFOUND`, `timeout`, `aborted`, or the browser's message. */
export function failureReason(e: unknown): string {
  if (typeof e !== 'object' || e === null) return String(e);
  const err: { name?: unknown; code?: unknown; message?: unknown; cause?: unknown } = e;
  if (err.name === 'TimeoutError') return 'timeout';
  if (err.name === 'AbortError') return 'aborted';
  const cause: { code?: unknown; message?: unknown } =
    typeof err.cause === 'object' && err.cause !== null ? err.cause : {};
  for (const reason of [cause.code, err.code, cause.message, err.message]) {
    if (typeof reason === 'string' && reason !== '') return reason;
  }
  return String(e);
}

/** The file name of `content-disposition` (RFC 6266 `filename*` first). */
export function dispositionFilename(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1];
}

/** A timeout signal where the runtime has one (Office's older webviews may not). */
function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function'
    ? AbortSignal.timeout(ms)
    : undefined;
}

export class ApiClient implements ShishiApi {
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.options = options;
  }

  get baseUrl(): string {
    const b = this.options.baseUrl;
    return (typeof b === 'function' ? b() : b).replace(/\/+$/, '');
  }

  /** The same API with another caller's token. */
  withToken(token: string | undefined): ApiClient {
    return new ApiClient({ ...this.options, token });
  }

  /** The same API acting for organisation `org` (`?org=` on every request). */
  forOrg(org: string | undefined): ApiClient {
    return new ApiClient({ ...this.options, org });
  }

  url(path: string, query: Query = {}): string {
    const q = new URLSearchParams();
    const all = this.options.org ? { ...query, org: query.org ?? this.options.org } : query;
    for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends one request; a 2xx answers its parsed body (typed as the route's view), anything else throws. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<Answer<T>> {
    const res = await this.send(method, path, opts);
    return { status: res.status, headers: res.headers, body: (await this.parse(res)).value as T };
  }

  /** A GET whose 2xx answer is a file. */
  async download(path: string, query: Query = {}): Promise<Download> {
    const res = await this.send('GET', path, { query });
    const contentType = res.headers.get('content-type') ?? '';
    let buffer: ArrayBuffer;
    try {
      buffer = await res.arrayBuffer();
    } catch (e) {
      throw this.networkError(e);
    }
    return {
      bytes: new Uint8Array(buffer),
      blob: new Blob([buffer], { type: contentType }),
      filename: dispositionFilename(res.headers.get('content-disposition')),
      contentType,
    };
  }

  private networkError(e: unknown): Error {
    const reason = failureReason(e);
    return (
      this.options.networkError?.(this.baseUrl, reason, e) ??
      new NetworkError(this.baseUrl, reason, { cause: e })
    );
  }

  /** The body of an answer: its text, and its value (parsed when it says it is JSON). */
  private async parse(res: Response): Promise<{ readonly text: string; readonly value: unknown }> {
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw this.networkError(e);
    }
    if (/json/i.test(res.headers.get('content-type') ?? '') && text !== '') {
      try {
        return { text, value: JSON.parse(text) };
      } catch {
        return { text, value: text };
      }
    }
    return { text, value: text };
  }

  /** Fetches until a 2xx (answered, unread) or a final error (thrown); a 503 with Retry-After is tried again. */
  private async send(method: string, path: string, opts: RequestOptions): Promise<Response> {
    const url = this.url(path, opts.query);
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const attempts = Math.max(1, this.options.attempts ?? 3);
    const t = this.options.token;
    const token = typeof t === 'function' ? t() : t;
    const contentType = opts.raw?.contentType ?? (opts.body !== undefined ? 'application/json' : undefined);
    const body =
      opts.raw !== undefined
        ? new Uint8Array(opts.raw.bytes)
        : opts.body === undefined
          ? undefined
          : typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body);
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      const signal = timeoutSignal(this.options.timeoutMs ?? 30_000);
      try {
        res = await doFetch(url, {
          method,
          headers: {
            accept: 'application/json, application/problem+json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(contentType ? { 'content-type': contentType } : {}),
            ...opts.headers,
          },
          ...(body !== undefined ? { body } : {}),
          ...(signal ? { signal } : {}),
        });
      } catch (e) {
        throw this.networkError(e);
      }
      if (res.ok) return res;
      const retryAfterHeader = res.headers.get('retry-after');
      const retryAfter =
        retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
      if (res.status === 503 && retryAfter !== undefined && attempt < attempts) {
        await res.body?.cancel().catch(() => {});
        await sleep(Math.min(retryAfter * 1000, this.options.maxRetryDelayMs ?? 5000));
        continue;
      }
      const { text, value } = await this.parse(res);
      throw new ApiProblem(isProblem(value) ? value : unexpectedProblem(res.status, text), retryAfter);
    }
  }

  async health(): Promise<Health> {
    return (await this.request<Health>('GET', '/v1/health')).body;
  }

  async getPlan(year: number, version?: 'latest'): Promise<PlanRecord> {
    const query = version ? { version } : {};
    return (await this.request<PlanRecord>('GET', `/v1/plans/${year}`, { query })).body;
  }

  async listPlans(): Promise<PlanYear[]> {
    return (await this.request<{ items: PlanYear[] }>('GET', '/v1/plans')).body.items;
  }

  async saveDraft(plan: Plan): Promise<PlanDraft> {
    return (await this.request<PlanDraft>('PUT', `/v1/plans/${plan.year}/draft`, { body: plan })).body;
  }

  /**
   * POST /v1/plans/{year}/import with the city's 目标任务分解表 (.xlsx): the draft it makes and
   * its findings; with `dryRun` nothing is stored. Errors answer 422 with the findings.
   */
  async importPlan(year: number, bytes: Uint8Array, opts: { dryRun?: boolean } = {}): Promise<PlanDraft> {
    return (
      await this.request<PlanDraft>('POST', `/v1/plans/${year}/import`, {
        raw: { bytes, contentType: XLSX_TYPE },
        query: opts.dryRun ? { dryRun: 'true' } : {},
      })
    ).body;
  }

  async publishPlan(year: number, version: number): Promise<PlanStored> {
    return (await this.request<PlanStored>('POST', `/v1/plans/${year}/publish`, { body: { version } })).body;
  }

  /** GET /v1/plans/{year}/workbook?version=: the plan as a workbook to complete in Excel and import back. */
  async planWorkbook(year: number, version?: number): Promise<Download> {
    return this.download(`/v1/plans/${year}/workbook`, version !== undefined ? { version } : {});
  }

  async putPlan(plan: Plan, expectedVersion?: number): Promise<PlanStored> {
    return (
      await this.request<PlanStored>('PUT', `/v1/plans/${plan.year}`, {
        body: plan,
        ...(expectedVersion !== undefined ? { headers: { 'if-match': `"${expectedVersion}"` } } : {}),
      })
    ).body;
  }

  /** Sends a report; a string is the exact JSON text to send (its hash is what a replay is checked against). */
  async submit(submission: Submission | string, idempotencyKey: string): Promise<SubmitResult> {
    const res = await this.request<Receipt>('POST', '/v1/submissions', {
      body: submission,
      headers: { 'idempotency-key': idempotencyKey },
    });
    return { receipt: res.body, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  /**
   * Sends a filled worksheet (.xlsx) as it is to POST /v1/workbooks; the server reads it, and its
   * findings name their sheet and cell (`cell`, also at the start of each message). Without a key
   * the server uses the sha256 of the file.
   */
  async submitWorkbook(bytes: Uint8Array, idempotencyKey?: string): Promise<SubmitResult> {
    const res = await this.request<Receipt>('POST', '/v1/workbooks', {
      raw: { bytes, contentType: XLSX_TYPE },
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    });
    return { receipt: res.body, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  async listSubmissions(q: ListSubmissionsQuery): Promise<SubmissionHead[]> {
    const query = { year: q.year, unit: q.unit, period: q.period };
    return (await this.request<{ items: SubmissionHead[] }>('GET', '/v1/submissions', { query })).body.items;
  }

  /** The report's head and its newest page of versions (the latest with its body); `next` for older. */
  async getSubmission(id: string, page: { limit?: number; cursor?: string } = {}): Promise<SubmissionDetail> {
    const query = { limit: page.limit, cursor: page.cursor };
    return (
      await this.request<SubmissionDetail>('GET', `/v1/submissions/${encodeURIComponent(id)}`, { query })
    ).body;
  }

  /** One version of a report, with the report as sent. */
  async getSubmissionVersion(id: string, version: number): Promise<VersionView> {
    return (
      await this.request<VersionView>('GET', `/v1/submissions/${encodeURIComponent(id)}/versions/${version}`)
    ).body;
  }

  async remind(id: string): Promise<ReminderView> {
    return (await this.request<ReminderView>('POST', `/v1/submissions/${encodeURIComponent(id)}/remind`))
      .body;
  }

  async listReminders(year: number): Promise<ReminderView[]> {
    return (await this.request<{ items: ReminderView[] }>('GET', '/v1/reminders', { query: { year } })).body
      .items;
  }

  async review(id: string, input: ReviewInput): Promise<ReviewResult> {
    const body = { decision: input.decision, comment: input.comment, expectedVersion: input.expectedVersion };
    return (
      await this.request<ReviewResult>('POST', `/v1/submissions/${encodeURIComponent(id)}/review`, { body })
    ).body;
  }

  async status(year: number, asOf?: string, org?: string): Promise<StatusView> {
    return (await this.request<StatusView>('GET', `/v1/status/${year}`, { query: { asOf, org } })).body;
  }

  /** POST /v1/plans/{year}/close: freezes the year-end assessment (office). */
  async closeYear(year: number): Promise<YearClosed> {
    return (await this.request<YearClosed>('POST', `/v1/plans/${year}/close`)).body;
  }

  /** POST /v1/plans/{year}/reopen: reopens a closed year, saying why (office). */
  async reopenYear(year: number, reason: string): Promise<YearState> {
    return (await this.request<YearState>('POST', `/v1/plans/${year}/reopen`, { body: { reason } })).body;
  }

  /** GET /v1/plans/{year}/close: whether the year is closed. */
  async yearState(year: number): Promise<YearState> {
    return (await this.request<YearState>('GET', `/v1/plans/${year}/close`)).body;
  }

  /** GET /v1/plans/{year}/assessment: a district's frozen assessment, or a city's appraisal. */
  async assessment(year: number, version?: number): Promise<FrozenAssessment | AppraisalView> {
    return (
      await this.request<FrozenAssessment | AppraisalView>('GET', `/v1/plans/${year}/assessment`, {
        query: { version },
      })
    ).body;
  }

  /** GET /v1/plans/{year}/assessment/workbook: the 年终考核 workbook (or the city's appraisal). */
  async assessmentWorkbook(year: number, version?: number): Promise<Download> {
    return this.download(`/v1/plans/${year}/assessment/workbook`, version !== undefined ? { version } : {});
  }

  /** The progress worksheet of a unit for a period (.xlsx). */
  async template(year: number, unit: string, period: string): Promise<Download> {
    return this.download(`/v1/templates/${year}/${encodeURIComponent(unit)}`, { period });
  }

  /** The workbook a version was sent as (a version sent as JSON has none: 404). */
  async versionWorkbook(id: string, version: number): Promise<Download> {
    return this.download(`/v1/submissions/${encodeURIComponent(id)}/versions/${version}/workbook`);
  }

  /** Makes and stores the summary workbook as of a day. */
  async createSummary(year: number, asOf?: string): Promise<SummaryCreated> {
    return (await this.request<SummaryCreated>('POST', `/v1/summaries/${year}`, { query: { asOf } })).body;
  }

  /** The latest summary workbook of the year (.xlsx). */
  async summary(year: number): Promise<Download> {
    return this.download(`/v1/summaries/${year}`);
  }

  async audit(q: {
    year: number;
    limit?: number | undefined;
    cursor?: string | undefined;
  }): Promise<AuditPage> {
    return (await this.request<AuditPage>('GET', '/v1/audit', { query: q })).body;
  }

  /** Walks the year's audit chain: `ok`, or the first entry put, changed or deleted outside it. */
  async verifyAudit(year: number): Promise<AuditVerification> {
    return (await this.request<AuditVerification>('GET', '/v1/audit/verify', { query: { year } })).body;
  }

  async listUsers(): Promise<Person[]> {
    return (await this.request<PersonList>('GET', '/v1/users')).body.items;
  }

  async addUser(person: NewPerson): Promise<Person> {
    return (await this.request<Person>('POST', '/v1/users', { body: person })).body;
  }

  async updateUser(sub: string, patch: PersonPatch): Promise<Person> {
    return (await this.request<Person>('PATCH', `/v1/users/${encodeURIComponent(sub)}`, { body: patch }))
      .body;
  }
}
