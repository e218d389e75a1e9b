/**
 * The pool as an executor sees it (executor.ts's `Feed`): a class rather than
 * an object of closures, so that the calls an executor makes on every job
 * (take, book, report) are plain method calls the engine inlines.
 */
import { IS_CLOSED, recorder } from "../channel/internal.js";
import type { Dispatch } from "./dispatch.js";
import type { Result } from "./result.js";
import type { Feed, Work } from "./executor.js";

/** The pool's counters that executors move. */
export interface Counts {
  submitted: number;
  running: number;
  completed: number;
  failed: number;
  timedOut: number;
  overdue: number;
  cancelled: number;
  killed: number;
}

export class PoolFeed<J, R> implements Feed<J, R> {
  constructor(
    readonly pool: object,
    private readonly dispatch: Dispatch<J>,
    private readonly counts: Counts,
    private readonly busy: Record<number, number>,
    private readonly signal: AbortSignal | undefined,
    private readonly reporter: (seq: number, result: Result<J, R>) => Promise<void> | null,
  ) {}

  take(): Work<J> | undefined {
    return this.dispatch.take();
  }

  idle(): Promise<Work<J> | undefined> {
    return this.dispatch.idle();
  }

  get drained(): boolean {
    return this.dispatch.work[IS_CLOSED];
  }

  report(seq: number, result: Result<J, R>): Promise<void> | null {
    return this.reporter(seq, result);
  }

  get cancelled(): boolean {
    return this.signal !== undefined && this.signal.aborted;
  }

  get reason(): unknown {
    return this.signal?.reason;
  }

  book(running: number, id?: number, ms?: number): void {
    this.counts.running += running;
    if (ms !== undefined && id !== undefined) this.busy[id] = (this.busy[id] ?? 0) + ms;
    if (recorder !== null && running !== 0) recorder.pool(this.pool, running > 0 ? "begin" : "end", id ?? 0, this.dispatch.queue.size, this.counts.running);
  }

  overdue(n: number): void {
    this.counts.overdue += n;
  }

  killed(): void {
    this.counts.killed++;
  }
}
