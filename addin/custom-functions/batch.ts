/**
 * One HTTP request per recalculation: live custom functions queue here, the queue is flushed once
 * per tick, calls are grouped by (year, asOf), and each group makes ONE `GET /v1/status/{year}`
 * — its answer holds every indicator and unit — from which every call of the group is answered.
 * A failed request rejects every call of its group with a `CustomFunctions.Error`, so no cell
 * waits forever. (After OfficeDev's Excel-custom-functions/Batching sample, typed.)
 */
import type { StatusView } from '../../api/views';
import { cfError, isCfError, requestFailure, SIGN_IN_FIRST } from './errors';

/** The part of the API the batcher needs (`ShishiApi` satisfies it). */
export interface StatusSource {
  status(year: number, asOf?: string): Promise<StatusView>;
}

export interface BatcherOptions {
  readonly api: StatusSource;
  /** The signed-in user's token; none → every call answers `#N/A` "sign in first". */
  readonly token: () => string | undefined;
  /**
   * Milliseconds to wait after the first queued call before sending; default 0 (the next tick).
   * Raise it if a host spreads one recalculation over several ticks.
   */
  readonly flushDelayMs?: number;
  /** How a flush is scheduled; default `setTimeout(flush, flushDelayMs)`. */
  readonly schedule?: (flush: () => void) => void;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly pick: (view: StatusView) => unknown;
}

interface Group {
  readonly year: number;
  readonly asOf: string | undefined;
  readonly calls: Pending[];
}

export class StatusBatcher {
  private groups = new Map<string, Group>();
  private scheduled = false;
  /** Requests sent so far (for tests and the bench). */
  requests = 0;

  constructor(private readonly options: BatcherOptions) {}

  /**
   * Answers `pick(status of year as of asOf)` once the tick's request returns. `pick` may throw
   * a `CustomFunctions.Error` (say, an unknown indicator): only that call fails.
   */
  request<T>(year: number, asOf: string | undefined, pick: (view: StatusView) => T): Promise<T> {
    if (!this.options.token()) return Promise.reject(cfError('notAvailable', SIGN_IN_FIRST));
    return new Promise<T>((resolve, reject) => {
      const key = `${year}|${asOf ?? ''}`;
      let group = this.groups.get(key);
      if (!group) {
        group = { year, asOf, calls: [] };
        this.groups.set(key, group);
      }
      group.calls.push({ resolve: resolve as (v: unknown) => void, reject, pick });
      if (!this.scheduled) {
        this.scheduled = true;
        const schedule = this.options.schedule ?? ((f) => setTimeout(f, this.options.flushDelayMs ?? 0));
        schedule(() => this.flush());
      }
    });
  }

  /** Sends the queued groups now (normally called by the scheduler). */
  flush(): void {
    const groups = [...this.groups.values()];
    this.groups = new Map();
    this.scheduled = false;
    for (const g of groups) void this.send(g);
  }

  private async send(group: Group): Promise<void> {
    if (!this.options.token()) {
      const e = cfError('notAvailable', SIGN_IN_FIRST);
      for (const c of group.calls) c.reject(e);
      return;
    }
    let view: StatusView;
    try {
      this.requests++;
      view = await this.options.api.status(group.year, group.asOf);
    } catch (e) {
      const failure = requestFailure(e);
      for (const c of group.calls) c.reject(failure);
      return;
    }
    for (const c of group.calls) {
      try {
        c.resolve(c.pick(view));
      } catch (e) {
        c.reject(isCfError(e) ? e : requestFailure(e));
      }
    }
  }
}
