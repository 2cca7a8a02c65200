/**
 * The add-in's HTTP client of the Shishi API — browser-safe (global `fetch`, `Uint8Array`,
 * `Blob`; nothing from Node). It mirrors the CLI's client (functions/cli/api.ts): JSON in and
 * out, `application/problem+json` → `ApiProblem`, no answer → `NetworkError`, a `503` with
 * `Retry-After` retried a few times (every request is safe to repeat: submissions carry an
 * idempotency key, reviews an expected version).
 */
import type { Session } from '../shared/session';
import { ApiProblem, NetworkError } from './errors';
import type {
  FileDownload,
  Health,
  ListSubmissionsQuery,
  PlanRecord,
  Problem,
  Receipt,
  ReviewInput,
  ReviewResult,
  ShishiApi,
  StatusView,
  Submission,
  SubmissionDetail,
  SubmissionHead,
  SubmitResult,
  SummaryCreated,
} from './types';

export { ApiProblem, NetworkError };

/** The client of the add-in's session: its API address and token, read on every request. */
export function apiForSession(
  s: Pick<Session, 'get' | 'token'>,
  options: Omit<ApiClientOptions, 'baseUrl' | 'token'> = {},
): ApiClient {
  return new ApiClient({ ...options, baseUrl: () => s.get().apiBaseUrl, token: s.token });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ApiClientOptions {
  /** e.g. `http://127.0.0.1:3000`; a path prefix (an API Gateway stage) is kept. Read per request. */
  readonly baseUrl: string | (() => string);
  /** The bearer token, asked for on every request (tokens live in memory only). */
  readonly token?: () => string | undefined;
  readonly fetch?: typeof fetch;
  /** Per request. Default 30 s. */
  readonly timeoutMs?: number;
  /** Attempts for a `503` with `Retry-After`. Default 3. */
  readonly attempts?: number;
  /** Longest wait between attempts, whatever `Retry-After` says. Default 5 s. */
  readonly maxRetryDelayMs?: number;
}

type Query = Readonly<Record<string, string | number | undefined>>;

interface RequestOptions {
  readonly query?: Query;
  /** A JSON value (serialized here), or the exact bytes/text to send with `contentType`. */
  readonly json?: unknown;
  readonly raw?: { readonly body: string | Uint8Array; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
  readonly binary?: boolean;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly blob?: Blob;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Why a fetch failed, as a short reason: `timeout`, `aborted`, or the browser's message. */
function failureReason(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string } } | null;
  if (err?.name === 'TimeoutError') return 'timeout';
  if (err?.name === 'AbortError') return 'aborted';
  return err?.cause?.code ?? err?.message ?? String(e);
}

export const isProblem = (x: unknown): x is Problem => {
  const p = x as Partial<Problem> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.code === 'string' &&
    typeof p.status === 'number' &&
    typeof p.message === 'object' &&
    p.message !== null &&
    typeof p.message.zh === 'string' &&
    typeof p.message.en === 'string'
  );
};

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

  url(path: string, query: Query = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  private async send(method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const url = this.url(path, opts.query);
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const attempts = Math.max(1, this.options.attempts ?? 3);
    const token = this.options.token?.();
    const contentType = opts.raw?.contentType ?? (opts.json !== undefined ? 'application/json' : undefined);
    const body =
      opts.raw !== undefined
        ? typeof opts.raw.body === 'string'
          ? opts.raw.body
          : new Uint8Array(opts.raw.body)
        : opts.json !== undefined
          ? JSON.stringify(opts.json)
          : undefined;
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
        throw new NetworkError(this.baseUrl, failureReason(e), { cause: e });
      }
      let text: string;
      try {
        if (opts.binary && res.ok) {
          return { status: res.status, headers: res.headers, body: undefined, blob: await res.blob() };
        }
        text = await res.text();
      } catch (e) {
        throw new NetworkError(this.baseUrl, failureReason(e), { cause: e });
      }
      let parsed: unknown = text;
      if (/json/i.test(res.headers.get('content-type') ?? '') && text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      if (res.ok) return { status: res.status, headers: res.headers, body: parsed };
      const retryAfterHeader = res.headers.get('retry-after');
      const retryAfter =
        retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
      if (res.status === 503 && retryAfter !== undefined && attempt < attempts) {
        await sleep(Math.min(retryAfter * 1000, this.options.maxRetryDelayMs ?? 5000));
        continue;
      }
      throw new ApiProblem(isProblem(parsed) ? parsed : unexpected(res.status, text), retryAfter);
    }
  }

  private async download(path: string, query: Query = {}): Promise<FileDownload> {
    const res = await this.send('GET', path, { query, binary: true });
    const contentType = res.headers.get('content-type') ?? '';
    return {
      blob: res.blob ?? new Blob([], { type: contentType }),
      filename: dispositionFilename(res.headers.get('content-disposition')),
      contentType,
    };
  }

  async health(): Promise<Health> {
    return (await this.send('GET', '/v1/health')).body as Health;
  }

  async getPlan(year: number): Promise<PlanRecord> {
    return (await this.send('GET', `/v1/plans/${year}`)).body as PlanRecord;
  }

  async submit(submission: Submission, idempotencyKey: string): Promise<SubmitResult> {
    const res = await this.send('POST', '/v1/submissions', {
      json: submission,
      headers: { 'idempotency-key': idempotencyKey },
    });
    return { receipt: res.body as Receipt, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  async submitWorkbook(bytes: Uint8Array, idempotencyKey: string): Promise<SubmitResult> {
    const res = await this.send('POST', '/v1/workbooks', {
      raw: { body: bytes, contentType: XLSX_TYPE },
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    });
    return { receipt: res.body as Receipt, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  async listSubmissions(q: ListSubmissionsQuery): Promise<SubmissionHead[]> {
    const res = await this.send('GET', '/v1/submissions', {
      query: { year: q.year, unit: q.unit, period: q.period },
    });
    return (res.body as { items: SubmissionHead[] }).items;
  }

  async getSubmission(id: string): Promise<SubmissionDetail> {
    return (await this.send('GET', `/v1/submissions/${encodeURIComponent(id)}`)).body as SubmissionDetail;
  }

  async review(id: string, input: ReviewInput): Promise<ReviewResult> {
    const res = await this.send('POST', `/v1/submissions/${encodeURIComponent(id)}/review`, {
      json: { decision: input.decision, comment: input.comment, expectedVersion: input.expectedVersion },
    });
    return res.body as ReviewResult;
  }

  async status(year: number, asOf?: string): Promise<StatusView> {
    return (await this.send('GET', `/v1/status/${year}`, { query: { asOf } })).body as StatusView;
  }

  async createSummary(year: number, asOf?: string): Promise<SummaryCreated> {
    return (await this.send('POST', `/v1/summaries/${year}`, { query: { asOf } })).body as SummaryCreated;
  }

  async summary(year: number): Promise<FileDownload> {
    return this.download(`/v1/summaries/${year}`);
  }

  async template(year: number, unit: string, period: string): Promise<FileDownload> {
    return this.download(`/v1/templates/${year}/${encodeURIComponent(unit)}`, { period });
  }
}
