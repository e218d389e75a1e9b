/**
 * Pool: the seeds' worker pool. The shape is the seeds' own: a jobs
 * channel, N workers taking from it, a results channel that closes after
 * the last result.
 *
 *   submit / jobs.send ──► queue ──► workers (an executor) ──► results
 *
 * This file owns what is written once for every place a handler runs: the
 * results side (reporting, ordering, stats), cancel, resize and the public
 * API. The queue side (the jobs channel, priorities, backpressure, the
 * hand-off to idle workers) is `Dispatch` (dispatch.ts). Where handlers run
 * is an `Executor` (executor.ts): this thread (inline.ts) for a function,
 * threads (threaded.ts) for a module.
 *
 * Invariants:
 * - every accepted job is reported exactly once on `results`: done, failed,
 *   timed out, or cancelled;
 * - at most `workers` handlers run at once, counting handlers that overran
 *   their timeout (a worker stays busy until its handler really settles);
 * - `results` closes once every job has been reported, and `wait()` resolves
 *   then, even while an overdue handler still runs; `settled()` waits for
 *   those too.
 */
import { Channel, SendOnClosedChannelError, type RecvChannel, type SendChannel } from "../channel/index.js";
import { checkSignal, IS_CLOSED, onPool, recorder, signalOf, traceTask, traceWait, tracing, unwatchAbort, watchAbort } from "../channel/internal.js";
import { WaitGroup } from "../waitgroup/index.js";
import { Dispatch } from "./dispatch.js";
import { defaultWorkers } from "./parallelism.js";
import { Inline } from "./inline.js";
import { Sequencer } from "./ordered.js";
import type { Result } from "./result.js";
import { PoolFeed } from "./feed.js";
import type { Executor } from "./executor.js";
import { Threaded } from "./threaded.js";
import { SHARED_CONTEXT, type Handler, type PoolOptions, type PoolStats, type SubmitOptions } from "./types.js";
import type { ThreadSource } from "../threads/source.js";
import { count, duration, moduleOf } from "./validate.js";

/** The default queue per thread of a thread pool. */
const THREAD_BUFFER = 64;

/**
 * A worker pool: jobs in, results out, N workers in between, exactly as the
 * seeds write it by hand. Give it a function to run handlers on this
 * thread, or a module (`new URL("./work.ts", import.meta.url)`) whose
 * default export is the handler to run them on N threads.
 *
 * | Go                                    | gochan                                         |
 * | ------------------------------------- | ---------------------------------------------- |
 * | `jobs := make(chan int, numJobs)`     | `const pool = new Pool(worker, { workers: 3, buffer: numJobs })` |
 * | `go worker(w, jobs, results)` × 3     | (the pool starts its 3 workers)                |
 * | `jobs <- j`                           | `await pool.jobs.send(j)`                      |
 * | `close(jobs)`                         | `pool.jobs.close()`                            |
 * | `<-results`                           | `for await (const r of pool.results)`          |
 *
 * @example
 * ```ts
 * const pool = new Pool(async (j: number) => j * 2, { workers: 3 });
 * void (async () => {
 *   for (let j = 1; j <= 5; j++) await pool.jobs.send(j);
 *   pool.jobs.close();
 * })();
 * for await (const r of pool.results) console.log("result", r.value);
 * await pool.wait();
 * ```
 */
export class Pool<J, R> implements AsyncDisposable {
  /** Send jobs here, and close it when there are no more: Go's `jobs <- j` and `close(jobs)`. */
  readonly jobs: SendChannel<J>;
  /** Every job's result, once each; closed after the last one. */
  readonly results: RecvChannel<Result<J, R>>;

  /** The queue side: the jobs channel, the priority queue, the hand-off to idle workers. */
  readonly #dispatch: Dispatch<J>;
  readonly #out: Channel<Result<J, R>>;
  readonly #sequencer: Sequencer<J, R> | null;
  /** Counts running workers: `settled()`. */
  readonly #workersWg = new WaitGroup();
  /** Unreported jobs, plus one while the inputs are open: `wait()` comes at zero. A counter, not a WaitGroup: it moves twice per job. */
  #unreported = 1;
  #allReported!: () => void;
  readonly #closedDown: Promise<void>;
  readonly #allSettled: Promise<void>;
  readonly #executor: Executor;
  readonly #signal: AbortSignal | undefined;
  readonly #onProgress: PoolOptions<J, R>["onProgress"];

  #size = 0;
  #nextWorker = 1;
  readonly #counts = { submitted: 0, running: 0, completed: 0, failed: 0, timedOut: 0, overdue: 0, cancelled: 0, killed: 0 };
  readonly #busy: Record<number, number> = {};

  /**
   * Starts the workers at once (threads start then too, and take their first
   * jobs once loaded); they wait for jobs.
   *
   * @throws TypeError if `handler` is neither a function nor a module (URL or path);
   *   RangeError for a non-integer or too small `workers`, `buffer` or `results`, or a bad `timeout` or `grace`.
   */
  constructor(handler: Handler<J, R> | URL | string | ThreadSource, options: PoolOptions<J, R> = {}) {
    const workers = count(options.workers ?? defaultWorkers(), "workers", 1);
    // On threads, jobs travel in batches as large as what waits in the queue:
    // a queue of `workers` would send about three jobs a message.
    const buffer = count(options.buffer ?? (typeof handler === "function" ? workers : workers * THREAD_BUFFER), "buffer", 1);
    this.#out = new Channel(count(options.results ?? buffer, "results", 0));
    const timeout = options.timeout === undefined ? undefined : duration(options.timeout, "timeout");
    const grace = options.grace === undefined ? 1000 : duration(options.grace, "grace", true);
    this.#signal = options.signal === undefined ? undefined : checkSignal(options.signal, "pool");
    this.#onProgress = options.onProgress;
    if (this.#onProgress !== undefined && typeof this.#onProgress !== "function") throw new TypeError("pool: onProgress must be a function");
    this.#dispatch = new Dispatch<J>(
      buffer,
      {
        accepted: () => {
          this.#counts.submitted++;
          this.#unreported++;
          if (recorder !== null) recorder.pool(this, "queued", 0, this.#dispatch.queue.size, this.#counts.running);
        },
        closed: this.#reported, // the inputs' count
      },
      typeof handler === "function" && options[SHARED_CONTEXT] !== true,
    );
    this.jobs = this.#dispatch.input.sendOnly();
    this.results = this.#out.recvOnly();
    this.#sequencer = options.ordered === true ? new Sequencer(this.#out, workers + buffer) : null;

    const feed = new PoolFeed<J, R>(this, this.#dispatch, this.#counts, this.#busy, this.#signal, (seq, result) => this.#report(seq, result));
    this.#executor =
      typeof handler === "function"
        ? new Inline(feed, handler, timeout)
        : new Threaded<J, R>(feed, moduleOf(handler), { timeout, grace, thread: options.thread ?? {} });
    if (this.#executor.wake !== undefined) this.#dispatch.waker = this.#executor as Required<Executor>;
    // A trace draws the jobs channel as the queue, and work as the pool's own plumbing.
    if (recorder !== null) recorder.pool(this, "new", 0, 0, 0, [this.#dispatch.input, this.#dispatch.prioritized, this.#dispatch.work, this.#out]);
    this.resize(workers);
    this.#closedDown = new Promise<void>((resolve) => (this.#allReported = resolve)).then(async () => {
      await this.#sequencer?.drained();
      this.#out.close();
    });
    this.#allSettled = this.#closedDown.then(() => this.#workersWg.wait()).then(() => {
      if (this.#signal !== undefined) unwatchAbort(this.#signal, this.#aborter);
    });
    if (this.#signal?.aborted) this.#onAbort();
    else if (this.#signal !== undefined) watchAbort(this.#signal, this.#aborter);
    if (onPool !== null) onPool(this); // a leak check of gochan/testing watches
  }

  /**
   * Queues `job`, waiting while the queue is full (backpressure). Same as
   * `jobs.send(job)`, plus a priority.
   *
   * - After `jobs.close()`: rejects with `SendOnClosedChannelError`, as Go's send does.
   * - Cancelled pool, before or while it waits for room: rejects with the pool signal's reason.
   * - `signal` aborts while waiting for room: rejects with its reason; the job is not submitted.
   *
   * @throws TypeError at the call if `priority` is not a number or `signal` not an
   *   AbortSignal; RangeError if `priority` is NaN. Nothing is submitted.
   *
   * @example
   * ```ts
   * await pool.submit(urgentJob, { priority: 10 });
   * ```
   */
  submit(job: J, options?: SubmitOptions): Promise<void> {
    let priority = 0;
    let signal: AbortSignal | undefined;
    if (options !== undefined) {
      // Checked at the call, before anything else: a bad option is the caller's bug, not an outcome.
      const p: unknown = options.priority ?? 0;
      if (typeof p !== "number") throw new TypeError(`pool: priority must be a number, got ${p === null ? "null" : typeof p}`);
      if (Number.isNaN(p)) throw new RangeError("pool: priority must be a number, got NaN");
      priority = p;
      signal = signalOf(options, "pool: submit");
    }
    if (this.#signal?.aborted) return Promise.reject(this.#signal.reason);
    let sent: Promise<void>;
    if (options === undefined) sent = this.#dispatch.input.send(job);
    else sent = this.#dispatch.prioritized.send({ job, priority, seq: 0 }, signal === undefined ? undefined : { signal });
    if (this.#signal === undefined) return sent;
    // A cancel closes the intake under a waiting submit: say why, as promised.
    return sent.catch((e: unknown) => {
      throw e instanceof SendOnClosedChannelError && this.#signal!.aborted ? this.#signal!.reason : e;
    });
  }

  /**
   * No more jobs: `close(jobs)`. Queued and running jobs finish, then
   * `results` closes and `wait()` resolves (graceful shutdown).
   *
   * After the pool's signal aborted, the pool has closed its jobs itself and
   * this does nothing.
   *
   * @throws CloseOfClosedChannelError if already closed, as Go's `close` does.
   *
   * @example
   * ```ts
   * pool.close();
   * await pool.wait();
   * ```
   */
  close(): void {
    if (this.#signal?.aborted && this.#dispatch.input[IS_CLOSED]) return;
    this.#dispatch.input.close();
  }

  /**
   * Resolves once every job has been reported and `results` is closed: the
   * seeds' `wg.Wait()`. Results must be received meanwhile (or fit in the
   * `results` buffer), as in Go, or the workers wait to hand them over. A
   * handler that overran its timeout may still be running then: await
   * {@link Pool.settled} to know it has stopped.
   *
   * @example
   * ```ts
   * pool.close();
   * await pool.wait();
   * ```
   */
  wait(): Promise<void> {
    // Parked like any other wait, so `blocked()` and `run()`'s report list it.
    return tracing() ? traceWait(this.#closedDown, "Pool.wait", this) : this.#closedDown;
  }

  /**
   * Resolves after `wait()`, once every handler has really settled (an
   * overdue one included) and every thread has ended.
   *
   * @example
   * ```ts
   * pool.close();
   * await pool.wait();     // every result is out
   * await pool.settled();  // and nothing runs any more
   * ```
   */
  settled(): Promise<void> {
    return this.#allSettled;
  }

  /**
   * Closes the jobs channel if it is still open and waits for the pool to
   * finish, its handlers and threads included: what `await using` calls at
   * the end of the scope. Results not received by then must fit in the
   * `results` buffer, as with `wait()`.
   *
   * @example
   * ```ts
   * {
   *   await using pool = new Pool(handler, { workers: 4, buffer: 100 });
   *   for (const job of jobs) await pool.submit(job);
   * } // closed and drained here
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#dispatch.input[IS_CLOSED]) this.close();
    await this.settled();
  }

  /**
   * Changes the number of workers while the pool runs. Growing starts workers
   * (or threads) at once; shrinking stops idle workers first, and busy ones
   * after their current job. No job is lost either way.
   *
   * @throws RangeError if `workers` is not an integer ≥ 1.
   *
   * @example
   * ```ts
   * pool.resize(pool.stats().workers * 2);
   * ```
   */
  resize(workers: number): void {
    count(workers, "workers", 1);
    if (this.#dispatch.work[IS_CLOSED]) return;
    for (; this.#size < workers; this.#size++) {
      const id = this.#nextWorker++;
      this.#busy[id] = 0;
      this.#workersWg.add(1);
      void traceTask(`pool worker ${id}`, () => this.#executor.start(id)).finally(() => this.#workersWg.done());
    }
    if (this.#size > workers) {
      const n = this.#size - workers;
      this.#size = workers;
      this.#dispatch.stop(n);
    }
  }

  /**
   * The pool's counters now.
   *
   * @example
   * ```ts
   * const s = pool.stats();
   * console.log(`${s.completed} done, ${s.failed} failed, ${s.running}/${s.workers} busy`);
   * ```
   */
  stats(): PoolStats {
    return { ...this.#counts, queued: this.#dispatch.queue.size, workers: this.#size, busy: { ...this.#busy } };
  }

  readonly #aborter = { onAbort: () => this.#onAbort() };

  /** The pool signal's abort listener: running handlers are told at once, the inputs close, and every queued job is reported cancelled. */
  readonly #onAbort = (): void => {
    const reason = this.#signal!.reason;
    this.#executor.abort(reason);
    for (const q of this.#dispatch.cancel()) this.#report(q.seq, { status: "cancelled", job: q.job, error: reason, worker: undefined, duration: 0 });
  };

  /** Reports a result; null if `results` took it at once, else a promise of when it does. */
  #report(seq: number, result: Result<J, R>): Promise<void> | null {
    switch (result.status) {
      case "done": this.#counts.completed++; break;
      case "failed": this.#counts.failed++; break;
      case "timeout": this.#counts.timedOut++; break;
      case "cancelled": this.#counts.cancelled++; break;
    }
    if (this.#onProgress !== undefined) {
      try {
        this.#onProgress(this.stats(), result);
      } catch (e) {
        queueMicrotask(() => { throw e; }); // never silent, and never the job's or the worker's loss
      }
    }
    if (this.#sequencer !== null) return this.#sequencer.put(seq, result).then(this.#reported);
    if (this.#out.trySend(result)) {
      this.#reported();
      return null;
    }
    return this.#out.send(result).then(this.#reported);
  }
  readonly #reported = (): void => {
    if (--this.#unreported === 0) this.#allReported();
  };

}
