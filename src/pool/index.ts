/**
 * `gochan/pool`: the seeds' worker pool as a helper, on this thread or on
 * threads. See docs/pool.md for each seed beside its port, docs/threads.md for threads.
 *
 * @module
 */
export { Pool } from "./pool.js";
export type { Handler, JobContext, PoolOptions, PoolStats, SubmitOptions, ThreadOptions } from "./types.js";
export { JobTimeoutError, type Cancelled, type Done, type Failed, type Result, type TimedOut } from "./result.js";
export { defaultWorkers } from "./parallelism.js";
export { map, Mapped, type MapOptions } from "./map.js";
export { MapStreamReusedError } from "./errors.js";
