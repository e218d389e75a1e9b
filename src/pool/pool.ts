/**
 * Pool: the seeds' worker pool. The shape is the seeds' own: a jobs
 * channel, N workers taking from it, a results channel that closes after
 * the last result.
 *
 *   submit / jobs.send ──► queue ──► workers (a runtime) ──► results
 *
 * This file owns the queue and everything written once for every place a
 * handler runs: priorities, backpressure, ordering, stats, cancel, resize.
 * Where handlers run is a `Runtime` (runtime.ts): this thread (inline.ts)
 * for a function, threads (threaded.ts) for a module.
 *
 * The jobs channel's buffer is the priority queue (`Intake`), so a fast
 * producer feels backpressure once `buffer` jobs wait. A send puts the job in
 * the queue, or straight into the hands of an idle worker parked on `work`;
 * a worker that finishes takes the next job from the queue itself.
 *
 * Invariants:
 * - a worker waits on `work` only while the queue is empty, so a queued job
 *   never waits beside an idle worker;
 * - every accepted job is reported exactly once on `results`: done, failed,
 *   timed out, or cancelled;
 * - at most `workers` handlers run at once, counting handlers that overran
 *   their timeout (a worker stays busy until its handler really settles);
 * - `results` closes once every job has been reported, and `wait()` resolves
 *   then, even while an overdue handler still runs; `settled()` waits for
 *   those too.
 */
import { Channel, SendOnClosedChannelError, type RecvChannel, type SendChannel } from "../channel/index.js";
import { checkSignal, Receiver, recorder, signalOf, traceTask, unwatchAbort, watchAbort } from "../channel/internal.js";
import { WaitGroup } from "../waitgroup/index.js";
import { defaultWorkers } from "./parallelism.js";
import { Intake } from "./intake.js";
import { Inline } from "./inline.js";
import { Sequencer } from "./ordered.js";
import { JobQueue, type Queued } from "./queue.js";
import type { Result } from "./result.js";
import { STOP, type Feed, type Runtime, type Work } from "./runtime.js";
import { Threaded } from "./threaded.js";
import type { Handler, PoolOptions, PoolStats, SubmitOptions } from "./types.js";
import type { ThreadSource } from "../threads/source.js";
import { count, duration, moduleOf } from "./validate.js";

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

  private readonly queue = new JobQueue<J>();
  /** `jobs`: plain jobs, priority 0. */
  private readonly input: Intake<J>;
  /** `submit` with options: jobs with their priority. */
  private readonly prioritized: Intake<Queued<J>>;
  /** Unbuffered: a send here hands a job (or STOP) to an idle worker. */
  private readonly work = new Channel<Work<J>>();
  private readonly out: Channel<Result<J, R>>;
  private readonly sequencer: Sequencer<J, R> | null;
  /** Counts running workers: `settled()`. */
  private readonly workersWg = new WaitGroup();
  /** Counts unreported jobs, plus one while the inputs are open: `wait()`. */
  private readonly jobsWg = new WaitGroup();
  private readonly closedDown: Promise<void>;
  private readonly allSettled: Promise<void>;
  private readonly runtime: Runtime;
  private readonly signal: AbortSignal | undefined;
  private readonly buffer: number;
  private readonly onProgress: PoolOptions<J, R>["onProgress"];

  private size = 0;
  private nextWorker = 1;
  private stopping = 0;
  private seq = 0;
  private counts = { submitted: 0, running: 0, completed: 0, failed: 0, timedOut: 0, overdue: 0, cancelled: 0, killed: 0 };
  private readonly busy: Record<number, number> = {};

  /**
   * Starts the workers at once (threads start then too, and take their first
   * jobs once loaded); they wait for jobs.
   *
   * @throws TypeError if `handler` is neither a function nor a module (URL or path);
   *   RangeError for a non-integer or too small `workers`, `buffer` or `results`, or a bad `timeout` or `grace`.
   */
  constructor(handler: Handler<J, R> | URL | string | ThreadSource, options: PoolOptions<J, R> = {}) {
    const workers = count(options.workers ?? defaultWorkers(), "workers", 1);
    this.buffer = count(options.buffer ?? workers, "buffer", 1);
    this.out = new Channel(count(options.results ?? this.buffer, "results", 0));
    const timeout = options.timeout === undefined ? undefined : duration(options.timeout, "timeout");
    const grace = options.grace === undefined ? 1000 : duration(options.grace, "grace", true);
    this.signal = options.signal === undefined ? undefined : checkSignal(options.signal, "pool");
    this.onProgress = options.onProgress;
    if (this.onProgress !== undefined && typeof this.onProgress !== "function") throw new TypeError("pool: onProgress must be a function");
    const feed = this.feed();
    this.runtime =
      typeof handler === "function"
        ? new Inline(feed, handler, timeout)
        : new Threaded<J, R>(feed, moduleOf(handler), { timeout, grace, thread: options.thread ?? {} });
    const closing = () => this.inputsClosed();
    this.input = new Intake<J>(this.queue, this.buffer, (job) => this.accept(job, 0), closing);
    this.prioritized = new Intake<Queued<J>>(this.queue, this.buffer, (q) => this.accept(q.job, q.priority), closing);
    this.jobs = this.input.sendOnly();
    this.results = this.out.recvOnly();
    this.sequencer = options.ordered === true ? new Sequencer(this.out, workers + this.buffer) : null;

    this.jobsWg.add(1); // the inputs are open
    // A trace draws the jobs channel as the queue, and work as the pool's own plumbing.
    if (recorder !== null) recorder.pool(this, "new", 0, 0, 0, [this.input, this.prioritized, this.work, this.out]);
    this.resize(workers);
    this.closedDown = this.jobsWg.wait().then(async () => {
      await this.sequencer?.drained();
      this.out.close();
    });
    this.allSettled = this.closedDown.then(() => this.workersWg.wait()).then(() => {
      if (this.signal !== undefined) unwatchAbort(this.signal, this.aborter);
    });
    if (this.signal?.aborted) this.onAbort();
    else if (this.signal !== undefined) watchAbort(this.signal, this.aborter);
  }

  /**
   * Queues `job`, waiting while the queue is full (backpressure). Same as
   * `jobs.send(job)`, plus a priority.
   *
   * - After `jobs.close()`: rejects with `SendOnClosedChannelError`, as Go's send does.
   * - Cancelled pool, before or while it waits for room: rejects with the pool signal's reason.
   * - `signal` aborts while waiting for room: rejects with its reason; the job is not submitted.
   *
   * @example
   * ```ts
   * await pool.submit(urgentJob, { priority: 10 });
   * ```
   */
  submit(job: J, options?: SubmitOptions): Promise<void> {
    if (this.signal?.aborted) return Promise.reject(this.signal.reason);
    let sent: Promise<void>;
    if (options === undefined) sent = this.input.send(job);
    else {
      const priority = options.priority ?? 0;
      if (typeof priority !== "number" || Number.isNaN(priority)) {
        return Promise.reject(new TypeError(`pool: priority must be a number, got ${String(priority)}`));
      }
      const signal = signalOf(options, "pool: submit");
      sent = this.prioritized.send({ job, priority, seq: 0 }, signal === undefined ? undefined : { signal });
    }
    if (this.signal === undefined) return sent;
    // A cancel closes the intake under a waiting submit: say why, as promised.
    return sent.catch((e: unknown) => {
      throw e instanceof SendOnClosedChannelError && this.signal!.aborted ? this.signal!.reason : e;
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
    if (this.signal?.aborted && this.input.closed) return;
    this.input.close();
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
    return this.closedDown;
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
    return this.allSettled;
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
    if (!this.input.closed) this.close();
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
    if (this.work.closed) return;
    for (; this.size < workers; this.size++) {
      const id = this.nextWorker++;
      this.busy[id] = 0;
      this.workersWg.add(1);
      void traceTask(`pool worker ${id}`, () => this.runtime.start(id)).finally(() => this.workersWg.done());
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

  private readonly aborter = { onAbort: () => this.onAbort() };

  /** The pool signal's abort listener: running handlers are told at once, the inputs close, and every queued job is reported cancelled. */
  private readonly onAbort = (): void => {
    const reason = this.signal!.reason;
    this.runtime.abort(reason);
    if (!this.input.closed) this.input.close(); // closes prioritized too
    const queued = this.queue.drain();
    this.stopping = 0;
    if (!this.work.closed) this.work.close(); // idle workers leave; busy ones after their job
    this.runtime.wake();
    for (const q of queued) this.report(q.seq, { status: "cancelled", job: q.job, error: reason, worker: undefined, duration: 0 });
  };

  /** An intake's send, the queue having room: queues the job, and hands it on if a worker is idle. */
  private accept(job: J, priority: number): void {
    this.enqueue(job, priority);
    this.pump();
  }

  private enqueue(job: J, priority: number): void {
    this.queue.push({ job, priority, seq: this.seq++ });
    this.counts.submitted++;
    this.jobsWg.add(1);
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
    this.runtime.wake();
  }

  /** Takes one parked sender's job into the queue: a prioritized one first if it outranks plain jobs. False if none is parked. */
  private pull(): boolean {
    const head = this.prioritized.firstParked();
    if (head !== undefined && head.priority > 0) return this.pullFrom(this.prioritized);
    return this.pullFrom(this.input) || this.pullFrom(this.prioritized);
  }

  private pullFrom(ch: Intake<J> | Intake<Queued<J>>): boolean {
    const v = ch.takeParked();
    if (v === undefined) return false;
    if (ch === this.input) this.enqueue(v.value as J, 0);
    else this.enqueue((v.value as Queued<J>).job, (v.value as Queued<J>).priority);
    return true;
  }

  /** The jobs channel was closed (or the pool cancelled): no more jobs will come. */
  private inputsClosed(): void {
    for (const ch of [this.input, this.prioritized]) if (!ch.closed) ch.close();
    if (this.input.closed && this.prioritized.closed && !this.inputsDone) {
      this.inputsDone = true;
      this.jobsWg.done();
    }
    this.closeWorkIfDone();
  }
  private inputsDone = false;

  /** Once no job is queued and none can come, idle workers leave, and busy ones after their job. */
  private closeWorkIfDone(): void {
    if (this.input.closed && this.queue.size === 0 && !this.work.closed) {
      this.work.close();
      this.runtime.wake();
    }
  }

  /** Reports a result; null if `results` took it at once, else a promise of when it does. */
  private report(seq: number, result: Result<J, R>): Promise<void> | null {
    switch (result.status) {
      case "done": this.counts.completed++; break;
      case "failed": this.counts.failed++; break;
      case "timeout": this.counts.timedOut++; break;
      case "cancelled": this.counts.cancelled++; break;
    }
    if (this.onProgress !== undefined) {
      try {
        this.onProgress(this.stats(), result);
      } catch (e) {
        queueMicrotask(() => { throw e; }); // never silent, and never the job's or the worker's loss
      }
    }
    if (this.sequencer !== null) return this.sequencer.put(seq, result).then(this.reported);
    if (this.out.trySend(result)) {
      this.jobsWg.done();
      return null;
    }
    return this.out.send(result).then(this.reported);
  }
  private readonly reported = (): void => this.jobsWg.done();

  /** The pool as its runtime sees it. */
  private feed(): Feed<J, R> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const pool = this;
    return {
      take: () => {
        if (pool.stopping > 0) {
          pool.stopping--;
          return STOP;
        }
        const q = pool.queue.pop();
        if (q === undefined) return undefined;
        pool.pump(); // room for a parked sender
        pool.closeWorkIfDone();
        return q;
      },
      // Nobody parks a send on work, so this waiter resolves to the bare job: no tuple, no abort wiring.
      idle: () => new Promise<Work<J> | undefined>((resolve) => pool.work.parkRecv(new Idle(resolve))),
      get drained() {
        return pool.work.closed;
      },
      report: (seq, result) => pool.report(seq, result),
      requeue: (q) => {
        pool.queue.push(q);
        pool.pump();
      },
      get cancelled() {
        return pool.signal?.aborted === true;
      },
      get reason() {
        return pool.signal?.reason;
      },
      book: (running, id, ms) => {
        pool.counts.running += running;
        if (id !== undefined) pool.busy[id] = (pool.busy[id] ?? 0) + ms!;
        if (recorder !== null && running !== 0) recorder.pool(pool, running > 0 ? "begin" : "end", id ?? 0, pool.queue.size, pool.counts.running);
      },
      overdue: (n) => {
        pool.counts.overdue += n;
      },
      killed: () => {
        pool.counts.killed++;
      },
    };
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
