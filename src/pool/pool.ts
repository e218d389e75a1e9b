/**
 * Pool: the seeds' worker pool, built only from Channel, select and WaitGroup.
 *
 * The shape is the seeds' own: a jobs channel, N workers taking from it, a
 * results channel, a WaitGroup that closes results when the last worker has
 * clocked out. The jobs channel's buffer is a priority queue (`Intake`), so
 * jobs can carry priorities and a fast producer feels backpressure once
 * `buffer` jobs wait. Nothing runs between the producer and the workers:
 * a send puts the job in the queue, or straight into the hands of an idle
 * worker (parked on the unbuffered `work` channel); a worker that finishes
 * takes the next job from the queue itself.
 *
 *   submit / jobs.send ──► queue ──► workers ──► results
 *
 * Invariants:
 * - a worker waits on `work` only while the queue is empty, so a queued job
 *   never waits beside an idle worker;
 * - every accepted job is reported exactly once on `results`: done, failed,
 *   timed out, or cancelled;
 * - at most `workers` handlers run at once, counting handlers that overran
 *   their timeout (a worker stays busy until its handler really settles);
 * - `results` closes only after the last result, and `wait()` resolves then.
 */
import { Channel, type RecvChannel, type SendChannel } from "../channel/index.js";
import { DRAINED, EMPTY, Receiver, recorder, traceTask } from "../channel/internal.js";
import { after, recv, select } from "../select/index.js";
import { WaitGroup } from "../waitgroup/index.js";
import { defaultWorkers } from "./parallelism.js";
import { Intake } from "./intake.js";
import { JobQueue, type Queued } from "./queue.js";
import { JobTimeoutError, type Result } from "./result.js";
import { JobRun } from "./run.js";

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
  /** How many jobs may wait in the queue before `submit` waits (backpressure). Default: `workers`. */
  buffer?: number | undefined;
  /** Capacity of the `results` channel. Default: `buffer`. */
  results?: number | undefined;
  /** Per-job deadline in ms: the handler's signal aborts then, and the job is reported as timed out. */
  timeout?: number | undefined;
  /** Report results in submission order instead of completion order. Default: false. */
  ordered?: boolean | undefined;
  /** Cancels the pool: running handlers see their signal abort, queued jobs are reported cancelled. */
  signal?: AbortSignal | undefined;
  /** Called after each result is reported, with the pool's counters. */
  onProgress?: ((stats: PoolStats, result: Result<J, R>) => void) | undefined;
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
  /** Workers the pool is sized to now. */
  readonly workers: number;
  /** Milliseconds each worker (by id) has spent running handlers. */
  readonly busy: Readonly<Record<number, number>>;
}

/** A worker that takes this from `work` exits: how the pool shrinks. */
const STOP = Symbol("stop");
type Work<J> = Queued<J> | typeof STOP;

// Bound once: in Node the global `performance` is a getter, and a job reads
// the clock twice.
const clock: () => number =
  typeof performance !== "undefined" ? performance.now.bind(performance) : Date.now;

/**
 * A worker pool: jobs in, results out, N workers in between, exactly as the
 * seeds write it by hand.
 *
 * ```go
 * jobs := make(chan int, numJobs)            const pool = new Pool(worker, { workers: 3, buffer: numJobs });
 * results := make(chan int, numJobs)
 * for w := 1; w <= 3; w++ {
 *     go worker(w, jobs, results)
 * }
 * for j := 1; j <= numJobs; j++ {            for (let j = 1; j <= numJobs; j++) {
 *     jobs <- j                                await pool.jobs.send(j);
 * }                                          }
 * close(jobs)                                pool.jobs.close();
 * for a := 1; a <= numJobs; a++ {            for await (const r of pool.results) {
 *     <-results                                console.log(r.status, r.value);
 * }                                          }
 * ```
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

  /** The queue of waiting jobs, highest priority first: the jobs channel's buffer. */
  private readonly queue = new JobQueue<J>();
  /** `jobs`: plain jobs, priority 0. */
  private readonly input: Intake<J>;
  /** `submit` with options: jobs with their priority. */
  private readonly prioritized: Intake<Queued<J>>;
  /** Unbuffered: a send here hands a job (or STOP) to an idle worker. */
  private readonly work = new Channel<Work<J>>();
  private readonly out: Channel<Result<J, R>>;
  private readonly finished: Channel<[number, Result<J, R>]> | null;
  private readonly wg = new WaitGroup();
  private readonly closedDown: Promise<void>;
  /** The run each worker has in hand, by worker id: what a cancel aborts. */
  private readonly runs: Array<JobRun | undefined> = [];
  private readonly signal: AbortSignal | undefined;
  private readonly buffer: number;
  private readonly timeout: number | undefined;
  private readonly onProgress: PoolOptions<J, R>["onProgress"];

  private size = 0;
  private nextWorker = 1;
  private stopping = 0;
  private seq = 0;
  private counts = { submitted: 0, running: 0, completed: 0, failed: 0, timedOut: 0, overdue: 0, cancelled: 0 };
  private readonly busy: Record<number, number> = {};

  /**
   * Starts the workers at once; they wait for jobs.
   *
   * @throws TypeError if `handler` is not a function; RangeError for a
   *   non-integer or too small `workers`, `buffer` or `results`, or a bad `timeout`.
   */
  constructor(
    private readonly handler: Handler<J, R>,
    options: PoolOptions<J, R> = {},
  ) {
    if (typeof handler !== "function") throw new TypeError(`pool: handler must be a function, got ${typeof handler}`);
    const workers = count(options.workers ?? defaultWorkers(), "workers", 1);
    this.buffer = count(options.buffer ?? workers, "buffer", 1);
    this.out = new Channel(count(options.results ?? this.buffer, "results", 0));
    this.timeout = options.timeout === undefined ? undefined : duration(options.timeout);
    this.signal = options.signal;
    this.onProgress = options.onProgress;
    if (this.onProgress !== undefined && typeof this.onProgress !== "function") {
      throw new TypeError("pool: onProgress must be a function");
    }
    const closing = () => this.inputsClosed();
    this.input = new Intake<J>(this.queue, this.buffer, (job) => this.accept(job, 0), closing);
    this.prioritized = new Intake<Queued<J>>(this.queue, this.buffer, (q) => this.accept(q.job, q.priority), closing);
    this.jobs = this.input.sendOnly();
    this.results = this.out.recvOnly();
    this.finished = options.ordered === true ? new Channel(0) : null;

    // A trace draws the jobs channel as the queue, and work as the pool's own plumbing.
    if (recorder !== null) recorder.pool(this, "new", 0, 0, 0, [this.input, this.prioritized, this.work, this.out]);
    this.resize(workers);
    const sequenced = this.finished === null ? null : this.sequence(this.finished);
    this.closedDown = this.wg.wait().then(async () => {
      if (this.finished !== null) {
        this.finished.close();
        await sequenced;
      }
      this.out.close();
      this.signal?.removeEventListener("abort", this.onAbort);
    });
    if (this.signal?.aborted) this.onAbort();
    else this.signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /**
   * Queues `job`, waiting while the queue is full (backpressure). Same as
   * `jobs.send(job)`, plus a priority.
   *
   * - After `jobs.close()`: rejects with `SendOnClosedChannelError`, as Go's send does.
   * - Cancelled pool: rejects with the pool signal's reason.
   * - `signal` aborts while waiting for room: rejects with its reason; the job is not submitted.
   *
   * @example
   * ```ts
   * await pool.submit(urgentJob, { priority: 10 });
   * ```
   */
  submit(job: J, options?: SubmitOptions): Promise<void> {
    if (this.signal?.aborted) return Promise.reject(this.signal.reason);
    if (options === undefined) return this.input.send(job);
    const priority = options.priority ?? 0;
    if (typeof priority !== "number" || Number.isNaN(priority)) {
      return Promise.reject(new TypeError(`pool: priority must be a number, got ${String(priority)}`));
    }
    return this.prioritized.send({ job, priority, seq: 0 }, options.signal === undefined ? undefined : { signal: options.signal });
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
    if (this.signal?.aborted && this.input.closed) return;
    this.input.close();
  }

  /**
   * Resolves once every job has been reported and `results` is closed: the
   * seeds' `wg.Wait()`. Results must be received meanwhile (or fit in the
   * `results` buffer), as in Go, or the workers wait to hand them over.
   *
   * @example
   * ```ts
   * pool.close();
   * await pool.wait();
   * ```
   */
  wait(): Promise<void> {
    return this.closedDown;
  }

  /**
   * Closes the jobs channel if it is still open and waits for the pool to
   * finish: what `await using` calls at the end of the scope. Results not
   * received by then must fit in the `results` buffer, as with `wait()`.
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
    if (!this.input.closed) this.close();
    await this.wait();
  }

  /**
   * Changes the number of workers while the pool runs. Growing starts workers
   * at once; shrinking stops idle workers first, and busy ones after their
   * current job. No job is lost either way.
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
    if (this.work.closed) return;
    for (; this.size < workers; this.size++) {
      const id = this.nextWorker++;
      this.busy[id] = 0;
      this.wg.add(1);
      void traceTask(`pool worker ${id}`, () => this.worker(id)).finally(() => this.wg.done());
    }
    if (this.size > workers) {
      this.stopping += this.size - workers;
      this.size = workers;
      this.pump();
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
    return { ...this.counts, queued: this.queue.size, workers: this.size, busy: { ...this.busy } };
  }

  /**
   * The pool signal's abort listener: running handlers are told at once,
   * the inputs close, and every queued job is reported cancelled.
   */
  private readonly onAbort = (): void => {
    const reason = this.signal!.reason;
    for (const run of this.runs) run?.abort(reason);
    if (!this.input.closed) this.input.close(); // closes prioritized too
    const queued = this.queue.drain();
    this.stopping = 0;
    if (!this.work.closed) this.work.close(); // idle workers leave; busy ones after their job
    if (queued.length === 0) return;
    this.wg.add(1);
    void (async () => {
      for (const q of queued) {
        await this.report(q.seq, { status: "cancelled", job: q.job, error: reason, worker: undefined, duration: 0 });
      }
    })().finally(() => this.wg.done());
  };

  /** An intake's send, the queue having room: queues the job, and hands it on if a worker is idle. */
  private accept(job: J, priority: number): void {
    this.enqueue(job, priority);
    this.pump();
  }

  private enqueue(job: J, priority: number): void {
    this.queue.push({ job, priority, seq: this.seq++ });
    this.counts.submitted++;
    if (recorder !== null) recorder.pool(this, "queued", 0, this.queue.size, this.counts.running);
  }

  /**
   * Moves what can move now: STOPs and queued jobs to idle workers, parked
   * senders into the queue while it has room. Runs after every change of
   * the queue, so no queued job waits beside an idle worker.
   */
  private pump(): void {
    if (this.work.closed) return; // cancelled, or nothing more to do
    for (;;) {
      if (this.stopping > 0) {
        if (!this.work.trySend(STOP)) break;
        this.stopping--;
        continue;
      }
      const next = this.queue.peek();
      if (next !== undefined && this.work.trySend(next)) {
        this.queue.pop();
        continue;
      }
      if (this.queue.size >= this.buffer || !this.pull()) break;
    }
  }

  /**
   * Takes one parked sender's job into the queue: a prioritized one first
   * if it outranks plain jobs, else a plain one. False if none is parked.
   */
  private pull(): boolean {
    const head = this.prioritized.sendq.first?.value as Queued<J> | undefined;
    if (head !== undefined && head.priority > 0) return this.pullFrom(this.prioritized);
    return this.pullFrom(this.input) || this.pullFrom(this.prioritized);
  }

  private pullFrom(ch: Intake<J> | Intake<Queued<J>>): boolean {
    const v = ch.recvNow(); // EMPTY unless a sender is parked: an intake buffers nothing itself
    if (v === EMPTY || v === DRAINED) return false;
    if (ch === this.input) this.enqueue(v as J, 0);
    else this.enqueue((v as Queued<J>).job, (v as Queued<J>).priority);
    return true;
  }

  /** The jobs channel was closed (or the pool cancelled): no more jobs will come. */
  private inputsClosed(): void {
    for (const ch of [this.input, this.prioritized]) if (!ch.closed) ch.close();
    this.closeWorkIfDone();
  }

  /** Once no job is queued and none can come, idle workers leave, and busy ones after their job. */
  private closeWorkIfDone(): void {
    if (this.input.closed && this.queue.size === 0 && !this.work.closed) this.work.close();
  }

  /** What a worker that is free takes next, without waiting; undefined if nothing is queued. */
  private take(): Work<J> | undefined {
    if (this.stopping > 0) {
      this.stopping--;
      return STOP;
    }
    const q = this.queue.pop();
    if (q === undefined) return undefined;
    this.pump(); // room for a parked sender
    this.closeWorkIfDone();
    return q;
  }

  // One async function per worker, with the job's run written inline: an
  // async call per job (and its promise, resolved with report's) was a tenth
  // of a small job's cost.
  private async worker(id: number): Promise<void> {
    for (;;) {
      let item = this.take();
      if (item === undefined) {
        if (this.work.closed) return;
        // Idle: wait for a hand-off (nobody parks a send on work), with a
        // waiter that resolves to the bare job: no tuple, no abort wiring.
        item = await new Promise<Work<J> | undefined>((resolve) => this.work.parkRecv(new Idle(resolve)));
        if (item === undefined) return; // work closed meanwhile
      }
      if (item === STOP) return;
      const run = this.begin(id);
      const start = clock();
      if (this.timeout !== undefined) {
        await this.runTimed(run, item, start, this.timeout);
        continue;
      }
      let result: Result<J, R>;
      try {
        const r = this.handler(item.job, run);
        // A handler that returns a plain value costs no promise.
        const value = isThenable(r) ? await r : r;
        result = { status: "done", job: item.job, value, worker: id, duration: this.end(run, start) };
      } catch (error) {
        result = this.failure(run, item.job, error, this.end(run, start));
      }
      await this.report(item.seq, result);
    }
  }

  /**
   * Runs a handler under the pool's timeout: a select between its outcome and
   * `after(timeout)`. At the deadline the job is reported as timed out, but
   * the worker stays busy until the handler really settles, so never more
   * than N handlers run.
   */
  private async runTimed(run: JobRun, { job, seq }: Queued<J>, start: number, timeout: number): Promise<void> {
    let settled: Promise<Outcome<R>>;
    try {
      settled = Promise.resolve(this.handler(job, run)).then(
        (value) => ({ ok: true, value }),
        (error: unknown) => ({ ok: false, error }),
      );
    } catch (error) {
      settled = Promise.resolve({ ok: false, error });
    }
    const outcome = new Channel<Outcome<R>>(1);
    void settled.then((o) => outcome.trySend(o));
    const o = await select([recv(outcome, (o) => o!), recv(after(timeout), () => undefined)]);
    if (o !== undefined) {
      const duration = this.end(run, start);
      return this.report(seq, o.ok ? { status: "done", job, value: o.value, worker: run.worker, duration } : this.failure(run, job, o.error, duration));
    }
    const error = new JobTimeoutError(timeout);
    run.abort(error);
    this.counts.overdue++;
    const reported = this.report(seq, { status: "timeout", job, error, worker: run.worker, duration: clock() - start });
    await settled;
    this.counts.overdue--;
    this.end(run, start);
    await reported;
  }

  private begin(worker: number): JobRun {
    const run = new JobRun(worker);
    if (this.signal?.aborted) run.abort(this.signal.reason);
    this.runs[worker] = run;
    this.counts.running++;
    if (recorder !== null) recorder.pool(this, "begin", worker, this.queue.size, this.counts.running);
    return run;
  }

  /** Books the end of a run; returns its duration. */
  private end(run: JobRun, start: number): number {
    const spent = clock() - start;
    this.busy[run.worker]! += spent;
    this.counts.running--;
    this.runs[run.worker] = undefined;
    if (recorder !== null) recorder.pool(this, "end", run.worker, this.queue.size, this.counts.running);
    return spent;
  }

  /** A handler's error is a cancellation if the pool's cancel aborted it, else a failure. */
  private failure(run: JobRun, job: J, error: unknown, duration: number): Result<J, R> {
    return this.signal?.aborted && run.aborted
      ? { status: "cancelled", job, error, worker: run.worker, duration }
      : { status: "failed", job, error, worker: run.worker, duration };
  }

  private report(seq: number, result: Result<J, R>): Promise<void> {
    switch (result.status) {
      case "done": this.counts.completed++; break;
      case "failed": this.counts.failed++; break;
      case "timeout": this.counts.timedOut++; break;
      case "cancelled": this.counts.cancelled++; break;
    }
    this.onProgress?.(this.stats(), result);
    return this.finished === null ? this.out.send(result) : this.finished.send([seq, result]);
  }

  /** Ordered mode: holds results back until every earlier job's result is out. */
  private async sequence(finished: Channel<[number, Result<J, R>]>): Promise<void> {
    const early = new Map<number, Result<J, R>>();
    let next = 0;
    for await (const [seq, result] of finished) {
      early.set(seq, result);
      for (let r = early.get(next); r !== undefined; r = early.get(next)) {
        early.delete(next++);
        await this.out.send(r);
      }
    }
  }
}

/** A worker parked on `work`: gets the next job, or undefined once `work` is closed. */
class Idle<J> extends Receiver<Work<J>> {
  constructor(private readonly resolve: (item: Work<J> | undefined) => void) {
    super();
  }
  deliver(item: Work<J> | undefined, ok: boolean): void {
    this.resolve(ok ? item : undefined);
  }
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

function isThenable<R>(x: R | PromiseLike<R>): x is PromiseLike<R> {
  return (typeof x === "object" || typeof x === "function") && x !== null && typeof (x as { then?: unknown }).then === "function";
}

function count(n: unknown, what: string, min: number): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`pool: ${what} must be an integer ≥ ${min}, got ${String(n)}`);
  }
  return n;
}

function duration(ms: unknown): number {
  if (typeof ms !== "number" || !(ms > 0) || ms === Number.POSITIVE_INFINITY) {
    throw new RangeError(`pool: timeout must be a positive number of milliseconds, got ${String(ms)}`);
  }
  return ms;
}
