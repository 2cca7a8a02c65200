/**
 * Clients that behave as real ones do under stress: they retry until the server acknowledges,
 * with the same idempotency key every time; they honour `Retry-After`; some of their responses
 * are lost on the way (the request is aborted after it was sent, so the server may or may not
 * have stored it) and they then send again.
 */
import type { Submission } from '../../../domain/submission';
import type { TestStack } from '../../support/stack';

export interface Receipt {
  readonly id: string;
  readonly version: number;
  readonly state: string;
  readonly submittedAt: string;
  readonly findings: readonly unknown[];
}

export interface SendStats {
  sent: number;
  dropped: number;
  replayed: number;
  /** 503 answers, each with its Retry-After and problem code. */
  unavailable: Array<{ retryAfter: string | null; code: string | undefined; type: string | null }>;
}

export const newStats = (): SendStats => ({ sent: 0, dropped: 0, replayed: 0, unavailable: [] });

export interface SendOptions {
  /** Chance that the response to an attempt is lost (the request is aborted in flight). */
  readonly dropRate?: number;
  /** How long after sending a lost response is given up, at most (ms). */
  readonly maxDropMs?: number;
  /** Multiplies Retry-After, so that a test waits less than a person would (1 = as told). */
  readonly retryAfterScale?: number;
  /** Gives up (throws) after this time (epoch ms). */
  readonly deadline: number;
  readonly random?: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class UnexpectedAnswer extends Error {
  override name = 'UnexpectedAnswer';
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
  readonly body: any;
}

/** One attempt: the answer, or `undefined` when its response was lost. */
export async function attempt(
  stack: TestStack,
  submission: Submission,
  key: string,
  opts: { readonly dropAfterMs?: number } = {},
): Promise<Answer | undefined> {
  const abort = new AbortController();
  const timer =
    opts.dropAfterMs !== undefined ? setTimeout(() => abort.abort(), opts.dropAfterMs) : undefined;
  try {
    const res = await fetch(`${stack.url}/v1/submissions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token(`unit:${submission.unit}`)}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(submission),
      signal: abort.signal,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  } catch (e) {
    if (abort.signal.aborted) return undefined;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends `submission` with `key` until the server acknowledges it (201), and returns the receipt.
 * 503 answers are recorded and waited out; anything else but a lost response is an error.
 */
export async function sendUntilAcked(
  stack: TestStack,
  submission: Submission,
  key: string,
  opts: SendOptions,
  stats: SendStats,
): Promise<Receipt> {
  const random = opts.random ?? Math.random;
  for (let n = 0; ; n++) {
    if (Date.now() > opts.deadline) {
      throw new UnexpectedAnswer(
        `${submission.unit} ${submission.period} ${key}: no receipt after ${n} attempts`,
      );
    }
    const drop = random() < (opts.dropRate ?? 0);
    stats.sent++;
    const answer = await attempt(
      stack,
      submission,
      key,
      drop ? { dropAfterMs: random() * (opts.maxDropMs ?? 100) } : {},
    );
    if (!answer) {
      stats.dropped++;
      await sleep(random() * 50);
      continue;
    }
    if (answer.status === 201) {
      if (answer.headers.get('idempotent-replayed') === 'true') stats.replayed++;
      return answer.body as Receipt;
    }
    if (answer.status === 503) {
      const retryAfter = answer.headers.get('retry-after');
      stats.unavailable.push({
        retryAfter,
        code: answer.body?.code,
        type: answer.headers.get('content-type'),
      });
      const seconds = Number(retryAfter ?? 1);
      await sleep(Math.max(50, seconds * 1000 * (opts.retryAfterScale ?? 1)) * (0.5 + random()));
      continue;
    }
    throw new UnexpectedAnswer(
      `${submission.unit} ${submission.period} ${key}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
}
