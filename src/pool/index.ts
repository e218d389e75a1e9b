/**
 * `gochan/pool`: the seeds' worker pool as a helper, built only from Channel,
 * select and WaitGroup. See docs/pool.md for each seed beside its port.
 *
 * @module
 */
export { Pool, type Handler, type JobContext, type PoolOptions, type PoolStats, type SubmitOptions } from "./pool.js";
export { JobTimeoutError, type Cancelled, type Done, type Failed, type Result, type TimedOut } from "./result.js";
export { defaultWorkers } from "./parallelism.js";
export { map, Mapped, type MapOptions } from "./map.js";
