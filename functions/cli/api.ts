/**
 * A typed client of the Shishi HTTP API: base URL, bearer token, JSON in and out. An answer
 * that is not 2xx becomes an `ApiProblem` (the server's problem+json document); a request that
 * never got an answer becomes a `NetworkError`. `503` answers with `Retry-After` are retried a
 * few times: every request the CLI sends is safe to repeat (submissions carry an idempotency
 * key, reviews an expected version).
 */
import type { Finding } from '../../domain/findings';
import type { Plan, PlanError } from '../../domain/plan';
import type { LocalizedText } from '../../domain/result';
import type { ReviewState, Submission } from '../../domain/submission';
import type { ApiErrorCode } from '../http/problem';
import type { AuditEntry, PlanRecord, SubmissionHead } from '../store/repository';
import type { StatusView } from '../usecases/status';
import type { Receipt } from '../usecases/submissions';
import { NetworkError } from './errors';

export type { AuditEntry, PlanRecord, Receipt, StatusView, SubmissionHead };

/** An RFC 9457 problem document as the API writes it (functions/http/problem.ts). */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  /** One of the API's codes, or `http.unexpected` for an answer that was not a problem document. */
  readonly code: ApiErrorCode | 'http.unexpected';
  readonly detail?: string;
  readonly message: LocalizedText;
  readonly field?: string;
  readonly findings?: readonly Finding[];
  readonly errors?: readonly PlanError[];
}

/** The API answered with an error. */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    readonly problem: Problem,
    /** Seconds, from `Retry-After`. */
    readonly retryAfter?: number,
  ) {
    super(`${problem.status} ${problem.code}: ${problem.message.en}`);
  }
  get code(): Problem['code'] {
    return this.problem.code;
  }
  get status(): number {
    return this.problem.status;
  }
}

export interface Health {
  readonly status: 'ok';
  readonly service: string;
  readonly time: string;
}

export interface VersionView {
  readonly version: number;
  readonly submittedAt: string;
  readonly by: string;
  readonly sha256: string;
  readonly state: ReviewState;
  readonly findings: readonly Finding[];
  readonly review?: { decision: 'accept' | 'return'; comment: string; by: string; at: string };
  readonly submission: Submission;
}

export type SubmissionDetail = SubmissionHead & { readonly versions: readonly VersionView[] };

export interface ReviewInput {
  readonly decision: 'accept' | 'return';
  readonly comment: string;
  readonly expectedVersion: number;
}

export interface ReviewResult {
  readonly id: string;
  readonly version: number;
  readonly state: 'accepted' | 'returned';
  readonly reviewedAt: string;
}

export interface SubmitResult {
  readonly receipt: Receipt;
  /** True when the server answered a retry with the first answer (`Idempotent-Replayed`). */
  readonly replayed: boolean;
}

/** A downloaded file (an .xlsx): its bytes and the name the server suggests. */
export interface Download {
  readonly bytes: Buffer;
  readonly filename: string | undefined;
  readonly contentType: string;
}

export interface SummaryCreated {
  readonly year: number;
  readonly asOf: string;
  readonly link: string;
  readonly createdAt: string;
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

export interface ApiClientOptions {
  /** e.g. `http://127.0.0.1:3000`; a path prefix (an API Gateway stage) is kept. */
  readonly baseUrl: string;
  readonly token?: string;
  readonly fetch?: typeof fetch;
  /** Per request. Default 30 s. */
  readonly timeoutMs?: number;
  /** Attempts for a `503` with `Retry-After`. Default 3. */
  readonly attempts?: number;
  /** Longest wait between attempts, whatever `Retry-After` says. Default 5 s. */
  readonly maxRetryDelayMs?: number;
}

interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Answer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why a fetch failed, as a short code: `ECONNREFUSED`, `ENOTFOUND`, `timeout`, … */
function failureReason(e: unknown): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timeout';
  return err?.cause?.code ?? err?.code ?? err?.cause?.message ?? (e instanceof Error ? e.message : String(e));
}

const isProblem = (x: unknown): x is Problem => {
  const p = x as Partial<Problem> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.code === 'string' &&
    typeof p.message === 'object' &&
    p.message !== null &&
    typeof p.message.zh === 'string' &&
    typeof p.message.en === 'string'
  );
};

export class ApiClient {
  readonly baseUrl: string;
  readonly token: string | undefined;
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
  }

  /** The same API with another caller's token. */
  withToken(token: string | undefined): ApiClient {
    return new ApiClient({ ...this.options, token });
  }

  url(path: string, query: RequestOptions['query'] = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends one request; 2xx answers their parsed body, anything else throws. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<Answer<T>> {
    return this.send<T>(method, path, opts, false) as Promise<Answer<T>>;
  }

  /** A GET whose 2xx answer is a file. */
  async download(path: string, query: RequestOptions['query'] = {}): Promise<Download> {
    const res = (await this.send<Buffer>('GET', path, { query }, true)) as Answer<Buffer>;
    return {
      bytes: res.body,
      filename: dispositionFilename(res.headers.get('content-disposition')),
      contentType: res.headers.get('content-type') ?? '',
    };
  }

  private async send<T>(
    method: string,
    path: string,
    opts: RequestOptions,
    binary: boolean,
  ): Promise<Answer<T | Buffer>> {
    const url = this.url(path, opts.query);
    const doFetch = this.options.fetch ?? fetch;
    const attempts = Math.max(1, this.options.attempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, {
          method,
          headers: {
            accept: 'application/json, application/problem+json',
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...opts.headers,
          },
          ...(opts.body !== undefined
            ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
            : {}),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (e) {
        throw new NetworkError(this.baseUrl, failureReason(e));
      }
      let text: string;
      try {
        if (binary && res.ok) {
          return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
        }
        text = await res.text();
      } catch (e) {
        throw new NetworkError(this.baseUrl, failureReason(e));
      }
      let body: unknown = text;
      if (/json/i.test(res.headers.get('content-type') ?? '') && text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      if (res.ok) return { status: res.status, headers: res.headers, body: body as T };
      const retryAfterHeader = res.headers.get('retry-after');
      const retryAfter =
        retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
      if (res.status === 503 && retryAfter !== undefined && attempt < attempts) {
        await sleep(Math.min(retryAfter * 1000, this.options.maxRetryDelayMs ?? 5000));
        continue;
      }
      throw new ApiProblem(isProblem(body) ? body : unexpected(res.status, text), retryAfter);
    }
  }

  async health(): Promise<Health> {
    return (await this.request<Health>('GET', '/v1/health')).body;
  }

  async getPlan(year: number): Promise<PlanRecord> {
    return (await this.request<PlanRecord>('GET', `/v1/plans/${year}`)).body;
  }

  async putPlan(plan: Plan, expectedVersion?: number): Promise<{ year: number; version: number }> {
    return (
      await this.request<{ year: number; version: number }>('PUT', `/v1/plans/${plan.year}`, {
        body: plan,
        ...(expectedVersion !== undefined ? { headers: { 'if-match': `"${expectedVersion}"` } } : {}),
      })
    ).body;
  }

  /** Sends a report. `body` is the exact JSON text sent (its hash is what a replay is checked against). */
  async submit(submission: Submission | string, idempotencyKey: string): Promise<SubmitResult> {
    const res = await this.request<Receipt>('POST', '/v1/submissions', {
      body: typeof submission === 'string' ? submission : JSON.stringify(submission),
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
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(this.url('/v1/workbooks'), {
        method: 'POST',
        headers: {
          accept: 'application/json, application/problem+json',
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      text = await res.text();
    } catch (e) {
      throw new NetworkError(this.baseUrl, failureReason(e));
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: reported below as unexpected
    }
    if (!res.ok) throw new ApiProblem(isProblem(body) ? body : unexpected(res.status, text));
    return { receipt: body as Receipt, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  async listSubmissions(q: {
    year: number;
    unit?: string | undefined;
    period?: string | undefined;
  }): Promise<SubmissionHead[]> {
    return (await this.request<{ items: SubmissionHead[] }>('GET', '/v1/submissions', { query: q })).body
      .items;
  }

  async getSubmission(id: string): Promise<SubmissionDetail> {
    return (await this.request<SubmissionDetail>('GET', `/v1/submissions/${encodeURIComponent(id)}`)).body;
  }

  async review(id: string, input: ReviewInput): Promise<ReviewResult> {
    return (
      await this.request<ReviewResult>('POST', `/v1/submissions/${encodeURIComponent(id)}/review`, {
        body: input,
      })
    ).body;
  }

  async status(year: number, asOf?: string): Promise<StatusView> {
    return (await this.request<StatusView>('GET', `/v1/status/${year}`, { query: { asOf } })).body;
  }

  /** The progress worksheet of a unit for a period (.xlsx). */
  async template(year: number, unit: string, period: string): Promise<Download> {
    return this.download(`/v1/templates/${year}/${encodeURIComponent(unit)}`, { period });
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
  }): Promise<{ items: AuditEntry[]; next?: string }> {
    return (await this.request<{ items: AuditEntry[]; next?: string }>('GET', '/v1/audit', { query: q }))
      .body;
  }
}

function unexpected(status: number, text: string): Problem {
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return {
    type: 'about:blank',
    title: `HTTP ${status}`,
    status,
    code: 'http.unexpected',
    message: {
      zh: `服务器返回了意外的响应 HTTP ${status}${snippet ? `：${snippet}` : ''}`,
      en: `The server answered HTTP ${status} unexpectedly${snippet ? `: ${snippet}` : ''}`,
    },
  };
}
