/**
 * `gochan/bullmq`: the seeds' worker pool across processes and machines,
 * with the queue in Redis through BullMQ. A {@link Producer} sends jobs
 * and reads results as a Pool does; {@link serve} runs the handler in each
 * worker process. See docs/distributed.md.
 *
 * Named after what it runs on, as Go names a driver package after its
 * backend (`go-redis`, `pgx`, `nats.go`): a Go programmer who wants the
 * pool on BullMQ looks for `bullmq`, and the import says which peer
 * package it needs (`npm install bullmq ioredis`). bullmq is loaded only
 * when a producer or server starts, so importing this subpath without it
 * installed works, and the first use says what to install.
 *
 * @module
 */
export { Producer } from "./producer.js";
export { serve, Server } from "./serve.js";
export type { Backoff, Connection, ProducerOptions, ProducerStats, RemoteResult, ServeOptions, ServeStats, Where } from "./types.js";
export { NotSerializableError, RedisUnavailableError, RemoteError } from "./wire.js";
