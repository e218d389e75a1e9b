/**
 * The pool's vocabulary: what a handler gets, the options, the counters.
 * One file, so that the pool and both places a handler runs (this thread,
 * or threads) read the same definitions.
 */
import type { Result } from "./result.js";

/**
 * What a handler gets besides its job.
 *
 * @example
 * ```ts
 * const handler = async (url: string, { signal, worker }: JobContext) => (await fetch(url, { signal })).status;
 * ```
 */
export interface JobContext {
  /** Aborts at the job's deadline (`timeout`) or when the pool is cancelled: pass it on to I/O. */
  readonly signal: AbortSignal;
  /** The worker running this job, numbered from 1 as in the seeds. */
  readonly worker: number;
}

/**
 * The function each worker runs on a job: seed 000's `j * 2`, seed 001's `processImage`.
 *
 * @example
 * ```ts
 * const double: Handler<number, number> = (j) => j * 2;
 * ```
 */
export type Handler<J, R> = (job: J, context: JobContext) => R | PromiseLike<R>;

/**
 * map()'s own option: every job comes from one producer started in the
 * context the workers run in, so no job needs to carry its own. @internal
 */
export const SHARED_CONTEXT: unique symbol = Symbol("gochan.pool.sharedContext");

/**
 * Options of {@link Pool}.
 *
 * @example
 * ```ts
 * const pool = new Pool(handler, { workers: 8, buffer: 100, timeout: 5_000, ordered: true });
 * ```
 */
export interface PoolOptions<J, R> {
  /** How many workers run handlers at once. Default: the platform's parallelism ({@link defaultWorkers}). */
  workers?: number | undefined;
  /** How many jobs may wait in the queue before `submit` waits (backpressure). Default: `workers`; on threads `64 × workers`, so that jobs reach them in batches. */
  buffer?: number | undefined;
  /** Capacity of the `results` channel. Default: `buffer`. */
  results?: number | undefined;
  /** Per-job deadline in ms: the handler's signal aborts then, and the job is reported as timed out. */
  timeout?: number | undefined;
  /** Report results in submission order instead of completion order. Default: false. */
  ordered?: boolean | undefined;
  /** Cancels the pool: running handlers see their signal abort, queued jobs are reported cancelled. */
  signal?: AbortSignal | undefined;
  /**
   * Called after each result is reported, with the pool's counters. If it
   * throws, the job and its worker are unaffected: the result is still
   * reported, and the error is rethrown as an uncaught error in a microtask
   * (as an error in an event listener is), so it is never silent.
   */
  onProgress?: ((stats: PoolStats, result: Result<J, R>) => void) | undefined;
  /** Threads only: how long a handler may go on after its deadline or a cancel before its thread is terminated and replaced. Default 1000 ms. */
  grace?: number | undefined;
  /** Threads only: how each thread is started. */
  thread?: ThreadOptions | undefined;
  /** @internal */
  [SHARED_CONTEXT]?: true;
}

/**
 * How a thread pool starts its threads (a pool given a module instead of a function).
 *
 * @example
 * ```ts
 * new Pool(new URL("./resize.ts", import.meta.url), { thread: { export: "resize", resourceLimits: { maxOldGenerationSizeMb: 256 } } });
 * ```
 */
export interface ThreadOptions {
  /** The module's export that is the handler. Default: `"default"`. */
  export?: string | undefined;
  /** Node: flags for each thread. Default: the process's own (so `tsx` carries over), plus `--import tsx` for a TypeScript handler where Node cannot strip types itself. */
  execArgv?: string[] | undefined;
  /** Node: each thread's heap limits, as worker_threads' `resourceLimits`. A thread past them dies, and its job fails. */
  resourceLimits?: Record<string, number> | undefined;
  /** The most jobs sent ahead to one thread. Default 256; the pool sends fewer when jobs are slow (about 2 ms of work ahead), and 1 under a `timeout`. */
  inflight?: number | undefined;
}

/**
 * Options of {@link Pool.submit}.
 *
 * @example
 * ```ts
 * await pool.submit(job, { priority: 10, signal: AbortSignal.timeout(1000) });
 * ```
 */
export interface SubmitOptions {
  /** Higher goes first among queued jobs; equal priorities keep submission order. Default 0. */
  priority?: number | undefined;
  /** Gives up waiting for room in the queue: the job is not submitted. */
  signal?: AbortSignal | undefined;
}

/**
 * A snapshot of the pool's counters (seed 001: "Include monitoring and logging").
 *
 * @example
 * ```ts
 * const { completed, failed, running, workers } = pool.stats();
 * console.log(`${completed} done, ${failed} failed, ${running}/${workers} busy`);
 * ```
 */
export interface PoolStats {
  /** Jobs accepted into the queue so far. */
  readonly submitted: number;
  /** Jobs waiting for a worker. */
  readonly queued: number;
  /** Handlers running now, overdue ones included. */
  readonly running: number;
  /** Jobs done: their handler returned. */
  readonly completed: number;
  /** Jobs whose handler threw or rejected. */
  readonly failed: number;
  /** Jobs reported as timed out. */
  readonly timedOut: number;
  /** Handlers still running past their timeout (each keeps its worker busy). */
  readonly overdue: number;
  /** Jobs reported as cancelled. */
  readonly cancelled: number;
  /** Threads terminated for overrunning their deadline or a cancel (thread pools; 0 on one thread). */
  readonly killed: number;
  /** Workers the pool is sized to now. */
  readonly workers: number;
  /** Milliseconds each worker (by id) has spent running handlers. */
  readonly busy: Readonly<Record<number, number>>;
}

