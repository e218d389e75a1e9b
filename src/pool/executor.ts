/**
 * The one seam between the pool and the place its handlers run. The pool
 * owns the queue, priorities, ordering, stats and cancel; an executor owns
 * only "run this job somewhere and report how it ended". Two exist: this
 * thread (inline.ts) and threads (threaded.ts). The broker is no third
 * executor: its producer keeps its jobs in Redis, not in this pool's queue
 * (src/bullmq/producer.ts says why).
 *
 * Named `executor`, not `runtime`: `gochan/runtime` is the package of
 * `run(main)` and the deadlock report.
 */
import type { Queued } from "./queue.js";
import type { Result } from "./result.js";

/** What a worker that is free takes next: a job, or STOP (the pool shrank). */
export const STOP = Symbol("stop");
export type Work<J> = Queued<J> | typeof STOP;

/** What the pool offers an executor. */
export interface Feed<J, R> {
  /** The pool, as a trace knows it. */
  readonly pool: object;
  /** The next job or STOP, without waiting; undefined if nothing is queued. */
  take(): Work<J> | undefined;
  /** Waits for a job or STOP handed to an idle worker; undefined once no more will come. */
  idle(): Promise<Work<J> | undefined>;
  /** True once no job is queued and none can come: idle workers leave. */
  readonly drained: boolean;
  /** Reports a job's result (once per job): null if `results` took it at once, else a promise of when it does. */
  report(seq: number, result: Result<J, R>): Promise<void> | null;
  /** Whether the pool's signal has aborted, and its reason. */
  readonly cancelled: boolean;
  readonly reason: unknown;
  /** Books `n` more (or fewer) running handlers, and `ms` of work for worker `id`. */
  book(running: number, id?: number, ms?: number): void;
  /** Counts a handler running past its deadline (`+1`), or one that settled (`-1`); and a killed thread. */
  overdue(n: number): void;
  killed(): void;
}

/** Where handlers run. */
export interface Executor {
  /** Starts worker `id`: it takes jobs until STOP or until none can come; resolves once it has exited. */
  start(id: number): Promise<void>;
  /** Jobs were queued, a stop asked for, or the inputs closed: an executor that does not park on the pool's `work` looks again (one that does has no `wake`). */
  wake?(): void;
  /** The pool was cancelled: every running handler's signal aborts with `reason`. */
  abort(reason: unknown): void;
}
