/**
 * The executor for a handler given as a function: each worker is an async
 * loop on this thread that takes a job, runs the handler inline and reports
 * the result. No async call per job: an async call (and its promise) per
 * job was a tenth of a small job's cost.
 */
import { afterYield, isThenable, spendAt } from "../channel/internal.js";
import { ready } from "../kernel/pace.js";
import { beforeDeadline, inTime, settle } from "./deadline.js";
import { JobTimeoutError, type Result } from "./result.js";
import type { Queued } from "./queue.js";
import { JobRun } from "./run.js";
import { STOP, type Feed, type Executor } from "./executor.js";
import type { Handler } from "./types.js";
import { now as clock } from "../kernel/clock.js";


export class Inline<J, R> implements Executor {
  /** The run each worker has in hand, by worker id: what a cancel aborts. */
  private readonly runs: Array<JobRun | undefined> = [];
  /** When the last job ended: the pacing (D1) reads it rather than the clock again. */
  private lastClock = 0;
  /** The pool was cancelled: a job handed over but not begun is reported cancelled. */
  private stopped = false;

  constructor(
    private readonly feed: Feed<J, R>,
    private readonly handler: Handler<J, R>,
    private readonly timeout: number | undefined,
  ) {}

  abort(reason: unknown): void {
    this.stopped = true;
    for (const run of this.runs) run?.abort(reason);
  }

  async start(id: number): Promise<void> {
    const feed = this.feed;
    for (;;) {
      let item = feed.take();
      if (item === undefined) {
        if (feed.drained) return;
        item = await feed.idle();
        if (item === undefined) return; // no more work
      }
      if (item === STOP) return;
      if (this.stopped) {
        // Handed over just before the cancel: it never started, like the queued ones.
        await (feed.report(item.seq, { status: "cancelled", job: item.job, error: feed.reason, worker: undefined, duration: 0 }) ?? ready());
        continue;
      }
      const run = this.begin(id);
      const start = clock();
      if (this.timeout !== undefined) {
        await this.runTimed(run, item, start, this.timeout);
        continue;
      }
      let result: Result<J, R>;
      try {
        // In the sender's async context (asynccontext.ts), where the host has one.
        const r = item.ctx === undefined ? this.handler(item.job, run) : item.ctx.runInAsyncScope(this.handler, undefined, item.job, run);
        // A handler that returns a plain value costs no promise.
        const value = isThenable(r) ? await r : r;
        result = { status: "done", job: item.job, value, worker: id, duration: this.end(run, start) };
      } catch (error) {
        result = this.failure(run, item.job, error, this.end(run, start));
      }
      // A result taken at once lets the worker go straight on to the next job
      // (a sync handler over a full queue costs no promise per job); pacing (D1) still yields.
      const reported = feed.report(item.seq, result);
      if (reported !== null) await reported;
      else if (spendAt(this.lastClock)) await afterYield(undefined);
    }
  }

  /**
   * Runs a handler under the pool's timeout. The deadline counts from the
   * job's start, its synchronous part included: a job that settles after it
   * is reported timed out, however it overran. At the deadline the handler's
   * signal aborts and the job is reported, but the worker stays busy until
   * the handler really settles, so never more than N handlers run.
   */
  private async runTimed(run: JobRun, { job, seq, ctx }: Queued<J>, start: number, timeout: number): Promise<void> {
    const settled = settle(() => (ctx === undefined ? this.handler(job, run) : ctx.runInAsyncScope(this.handler, undefined, job, run)));
    const o = await beforeDeadline(settled, start, timeout);
    if (inTime(o, start, timeout)) {
      const duration = this.end(run, start, o.at);
      return void (await this.feed.report(seq, o.ok ? { status: "done", job, value: o.value, worker: run.worker, duration } : this.failure(run, job, o.error, duration)));
    }
    const duration = clock() - start;
    const error = new JobTimeoutError(timeout);
    run.abort(error);
    const late = o === undefined; // still running: it keeps its worker until it settles
    if (late) this.feed.overdue(1);
    const reported = this.feed.report(seq, { status: "timeout", job, error, worker: run.worker, duration }) ?? undefined;
    if (late) {
      await settled;
      this.feed.overdue(-1);
    }
    this.end(run, start);
    await reported;
  }

  private begin(worker: number): JobRun {
    const run = new JobRun(worker);
    this.runs[worker] = run;
    this.feed.book(1, worker);
    return run;
  }

  /** Books the end of a run (at `t`, by default now); returns its duration. */
  private end(run: JobRun, start: number, t = clock()): number {
    this.lastClock = t;
    const spent = t - start;
    this.feed.book(-1, run.worker, spent);
    this.runs[run.worker] = undefined;
    return spent;
  }

  /** A handler's error is a cancellation if the pool's cancel aborted it, else a failure. */
  private failure(run: JobRun, job: J, error: unknown, duration: number): Result<J, R> {
    return this.feed.cancelled && run.aborted
      ? { status: "cancelled", job, error, worker: run.worker, duration }
      : { status: "failed", job, error, worker: run.worker, duration };
  }
}

