/**
 * The messages between a pool and its threads. Batches are parallel arrays,
 * not arrays of records: one message carries many jobs or results, and
 * postMessage serialises a few flat arrays faster than many small objects.
 *
 * Jobs carry ids that count up per thread; a thread runs its jobs one at a
 * time, in id order, and writes the id of the job it starts into `started`
 * (shared memory, where the platform has it), so that when a thread dies the
 * pool knows which job it was running and which it had not begun.
 */

/** The pool to its thread. */
export type ToThread =
  | { t: "init"; module: string | null; export: string; worker: number; started: Int32Array | null }
  | { t: "jobs"; ids: number[]; jobs: unknown[] }
  /** Aborts the job `id`'s signal; `id` -1 aborts the running job and drops the queued ones (the pool's cancel). */
  | { t: "abort"; id: number; reason: unknown };

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
  | { t: "results"; ids: number[]; codes: number[]; values: unknown[]; durations: number[] };
