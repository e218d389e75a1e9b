/**
 * The messages between a pool and its threads. Batches are parallel arrays,
 * not arrays of records: one message carries many jobs or results, and
 * postMessage serialises a few flat arrays faster than many small objects.
 *
 * Jobs carry ids that count up per thread (a batch names its first); a
 * thread runs its jobs one at a time, in id order, and writes the id of the job it starts into `started`
 * (shared memory, where the platform has it), so that when a thread dies the
 * pool knows which job it was running and which it had not begun.
 */

/** The pool to its thread. */
export type ToThread =
  | { t: "init"; module: string | null; export: string; worker: number; started: Int32Array | null }
  /** Jobs with ids `first`, `first + 1`, ... */
  | { t: "jobs"; first: number; jobs: unknown[] }
  /** Aborts the job `id`'s signal; `id` -1 aborts the running job and drops the queued ones (the pool's cancel). */
  | { t: "abort"; id: number; reason: unknown }
  /** No more jobs: end once idle (the thread's output is flushed as it ends). */
  | { t: "stop" };

/** How a job ended, in a results batch. */
export const OK = 1;
export const THREW = 0;
/** Dropped unstarted, after an abort of everything. */
export const DROPPED = 2;

/** A thread to its pool. */
export type FromThread =
  | { t: "ready" }
  /** The handler module could not be loaded: nothing will run on this thread. */
  | { t: "fatal"; error: unknown }
  /**
   * Results of the jobs `first`, `first + 1`, ...: `codes` null when every
   * one is OK; `durations` in ms; `starts` when each began, as
   * `performance.timeOrigin + performance.now()` (each thread's clock has its
   * own origin), so that a trace places each job on the pool's clock.
   */
  | { t: "results"; first: number; codes: number[] | null; values: unknown[]; durations: Float64Array; starts: Float64Array };
