/**
 * What the pool reports for every job: seed 001's
 * `Result{JobID, Error, TimeSpent}`, with the worker and how it ended.
 *
 * Every job submitted is reported exactly once: done, failed, timed out, or
 * cancelled. A handler that throws is a failed result, never a dead worker.
 */
import { brandError } from "../channel/internal.js";

/**
 * A job that ran to completion: `value` is what the handler returned.
 *
 * @example
 * ```ts
 * if (r.status === "done") console.log(`job ${r.job} -> ${r.value}`);
 * ```
 */
export interface Done<J, R> {
  readonly status: "done";
  readonly job: J;
  readonly value: R;
  readonly error?: undefined;
  /** The worker that ran it, numbered from 1 as in the seeds. */
  readonly worker: number;
  /** Milliseconds from start to settle: the seeds' `TimeSpent`. */
  readonly duration: number;
}

/**
 * A job whose handler threw or rejected.
 *
 * @example
 * ```ts
 * if (r.status === "failed") console.error(`job ${r.job} failed:`, r.error);
 * ```
 */
export interface Failed<J> {
  readonly status: "failed";
  readonly job: J;
  readonly value?: undefined;
  readonly error: unknown;
  readonly worker: number;
  readonly duration: number;
}

/**
 * A job whose handler did not settle before the pool's `timeout`: reported at the deadline.
 *
 * @example
 * ```ts
 * if (r.status === "timeout") console.warn(`job ${r.job} took over ${r.duration} ms`);
 * ```
 */
export interface TimedOut<J> {
  readonly status: "timeout";
  readonly job: J;
  readonly value?: undefined;
  /** A {@link JobTimeoutError}. */
  readonly error: unknown;
  readonly worker: number;
  readonly duration: number;
}

/**
 * A job stopped by the pool's signal: never started (`worker` undefined), or aborted while running.
 *
 * @example
 * ```ts
 * if (r.status === "cancelled" && r.worker === undefined) requeue(r.job); // it never ran
 * ```
 */
export interface Cancelled<J> {
  readonly status: "cancelled";
  readonly job: J;
  readonly value?: undefined;
  /** The pool signal's `reason`. */
  readonly error: unknown;
  readonly worker: number | undefined;
  readonly duration: number;
}

/**
 * How one job ended. Narrow it on `status`.
 *
 * @example
 * ```ts
 * for await (const r of pool.results) {
 *   if (r.status === "done") console.log(`job ${r.job} -> ${r.value} in ${r.duration} ms`);
 *   else console.log(`job ${r.job} ${r.status}:`, r.error);
 * }
 * ```
 */
export type Result<J, R> = Done<J, R> | Failed<J> | TimedOut<J> | Cancelled<J>;

/**
 * The error of a job that did not finish within the pool's `timeout`. The
 * handler's signal aborts with it, and the job's result carries it.
 *
 * @example
 * ```ts
 * if (r.status === "timeout") console.log(r.error instanceof JobTimeoutError); // true
 * ```
 */
export class JobTimeoutError extends Error {
  constructor(
    /** The deadline the job overran, in ms. */
    readonly timeout: number,
  ) {
    super(`job timed out after ${timeout} ms`);
    this.name = "JobTimeoutError";
  }
}

brandError(JobTimeoutError, "JobTimeoutError");
