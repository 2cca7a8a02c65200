/**
 * Reading an uploaded workbook into a plain grid: the guard, then exceljs. `readWorkbook` runs in
 * the calling thread (CLI, bench); `readWorkbookIsolated` runs the same in a worker thread with a
 * time limit and memory limits, so that no file can take the server down.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkbookGrid } from '../../../domain/worksheet/grid';
import {
  DEFAULT_LIMITS,
  type GuardLimits,
  guardWorkbook,
  type WorkbookProblem,
  workbookProblem,
} from '../guard';
import { readGrid } from './grid';

export type ReadResult =
  | { readonly ok: true; readonly grid: WorkbookGrid }
  | { readonly ok: false; readonly error: WorkbookProblem };

export async function readWorkbook(bytes: Buffer, limits: GuardLimits = DEFAULT_LIMITS): Promise<ReadResult> {
  const guarded = guardWorkbook(bytes, limits);
  if (!guarded.ok) return guarded;
  try {
    return { ok: true, grid: await readGrid(bytes, guarded.value) };
  } catch (e) {
    return {
      ok: false,
      error: workbookProblem(
        'workbook.unreadable',
        `无法读取工作簿（${(e as Error).message.slice(0, 200)}）`,
        `The workbook cannot be read (${(e as Error).message.slice(0, 200)})`,
      ),
    };
  }
}

export interface IsolationOptions {
  readonly limits?: GuardLimits;
  /** Wall-clock limit of one read (default 10 s). */
  readonly timeoutMs?: number;
  /** V8 heap of the worker (default 512 MB old generation). */
  readonly maxOldGenerationSizeMb?: number;
}

function startWorker(opts: IsolationOptions): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb ?? 512,
    maxYoungGenerationSizeMb: 64,
    stackSizeMb: 4,
  };
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    // Source checkout (tsx, vitest): the worker registers tsx before importing its TypeScript entry.
    const tsx = pathToFileURL(createRequire(self).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
    const entry = new URL('./worker.ts', self).href;
    const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(code, { eval: true, resourceLimits });
  }
  return new Worker(new URL('./worker.js', self), { resourceLimits });
}

interface Job {
  readonly id: number;
  readonly bytes: Buffer;
  readonly limits: GuardLimits;
  readonly timeoutMs: number;
  readonly resolve: (r: ReadResult) => void;
}

interface PooledWorker {
  readonly worker: Worker;
  jobs: number;
  current?: { job: Job; timer: NodeJS.Timeout };
}

/** Most workers reading at once; further reads wait their turn. */
const POOL_SIZE = 2;
/** A worker is replaced after this many reads, so that no heap grows for ever. */
const JOBS_PER_WORKER = 50;

/**
 * Warm workers, reused between reads (starting one and loading exceljs costs more than most
 * reads). A worker that overruns its time or memory is terminated and replaced; idle workers do
 * not keep the process alive.
 */
class WorkerPool {
  private readonly idle: PooledWorker[] = [];
  private readonly queue: Job[] = [];
  private live = 0;
  private nextId = 1;

  constructor(private readonly opts: IsolationOptions) {}

  read(bytes: Buffer, limits: GuardLimits, timeoutMs: number): Promise<ReadResult> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, limits, timeoutMs, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (!w) {
        if (this.live >= POOL_SIZE) return;
        w = this.spawn();
      }
      this.run(w, this.queue.shift()!);
    }
  }

  private spawn(): PooledWorker {
    const pooled: PooledWorker = { worker: startWorker(this.opts), jobs: 0 };
    this.live++;
    const fail = (error: WorkbookProblem) => {
      const cur = pooled.current;
      this.retire(pooled);
      if (cur) {
        clearTimeout(cur.timer);
        cur.job.resolve({ ok: false, error });
      }
    };
    pooled.worker.on('message', (m: { id: number; result: ReadResult }) => {
      const cur = pooled.current;
      if (!cur || cur.job.id !== m.id) return;
      clearTimeout(cur.timer);
      pooled.current = undefined;
      cur.job.resolve(m.result);
      if (pooled.jobs >= JOBS_PER_WORKER) this.retire(pooled);
      else {
        pooled.worker.unref();
        this.idle.push(pooled);
      }
      this.pump();
    });
    pooled.worker.on('error', (e: Error & { code?: string }) =>
      fail(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? workbookProblem(
              'workbook.tooComplex',
              '工作簿过于复杂，读取时超出内存上限',
              'The workbook is too complex: reading it ran out of memory',
            )
          : workbookProblem(
              'workbook.unreadable',
              `无法读取工作簿（${e.message.slice(0, 200)}）`,
              `The workbook cannot be read (${e.message.slice(0, 200)})`,
            ),
      ),
    );
    pooled.worker.on('exit', (code) =>
      fail(
        workbookProblem(
          'workbook.unreadable',
          `读取工作簿的进程意外退出（${code}）`,
          `The workbook reader exited unexpectedly (${code})`,
        ),
      ),
    );
    return pooled;
  }

  private run(w: PooledWorker, job: Job): void {
    w.jobs++;
    w.worker.ref();
    const timer = setTimeout(() => {
      const cur = w.current;
      this.retire(w);
      cur?.job.resolve({
        ok: false,
        error: workbookProblem(
          'workbook.timeout',
          `读取工作簿超过 ${job.timeoutMs / 1000} 秒，已中止`,
          `Reading the workbook took more than ${job.timeoutMs / 1000} s and was stopped`,
        ),
      });
      this.pump();
    }, job.timeoutMs);
    w.current = { job, timer };
    const copy = new Uint8Array(job.bytes.byteLength);
    copy.set(job.bytes);
    w.worker.postMessage({ id: job.id, bytes: copy, limits: job.limits }, [copy.buffer]);
  }

  /** Takes a worker out of the pool for good (terminated, or worn out). */
  private retire(w: PooledWorker): void {
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    if (w.current) clearTimeout(w.current.timer);
    w.current = undefined;
    w.worker.removeAllListeners('exit');
    w.worker.removeAllListeners('error');
    w.worker.on('error', () => {});
    void w.worker.terminate();
    this.live--;
    this.pump();
  }
}

const pools = new Map<string, WorkerPool>();

/**
 * `readWorkbook` in a worker thread (from a small pool of warm workers); a read past the time
 * limit or the memory limit is a problem answered to the caller, and its worker is replaced.
 */
export function readWorkbookIsolated(bytes: Buffer, opts: IsolationOptions = {}): Promise<ReadResult> {
  const key = String(opts.maxOldGenerationSizeMb ?? 512);
  let pool = pools.get(key);
  if (!pool) {
    pool = new WorkerPool(opts);
    pools.set(key, pool);
  }
  return pool.read(bytes, opts.limits ?? DEFAULT_LIMITS, opts.timeoutMs ?? 10_000);
}
