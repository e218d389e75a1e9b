/**
 * The vocabulary of gochan/bullmq: the options of both sides, the result
 * with its host and pid, the counters. None of it names a bullmq type, so
 * the subpath's types compile without bullmq installed.
 */
import type { Result } from "../pool/result.js";

/**
 * Where Redis is: what BullMQ's `connection` option takes. Options
 * (`{ host, port, password, db, tls }`) make BullMQ open its own ioredis
 * connections (ioredis must be installed); a client instance (ioredis or
 * node-redis) is used as it is. Default: `{ host: "127.0.0.1", port: 6379 }`.
 *
 * @example
 * ```ts
 * const connection: Connection = { host: "redis.internal", port: 6379, password: process.env.REDIS_PASSWORD };
 * ```
 */
export type Connection = { readonly host?: string; readonly port?: number; readonly [option: string]: unknown } | object;

/**
 * Retry spacing: a fixed delay in ms, or BullMQ's fixed or exponential backoff.
 *
 * @example
 * ```ts
 * const backoff: Backoff = { type: "exponential", delay: 100 }; // 100, 200, 400 ms...
 * ```
 */
export type Backoff = number | { readonly type: "fixed" | "exponential"; readonly delay: number };

/**
 * Which process ran a job, beside `worker` (its number within that
 * process). Both are undefined for a job that never started (cancelled
 * while it waited).
 *
 * @example
 * ```ts
 * const where = (r: RemoteResult<unknown, unknown>) => `worker ${r.worker} on ${r.host}:${r.pid}`;
 * ```
 */
export interface Where {
  /** The worker process's host name (`os.hostname()`). */
  readonly host: string | undefined;
  /** The worker process's pid. */
  readonly pid: number | undefined;
}

/**
 * How one job ended, as the pool's {@link Result} (so code written for a
 * Pool reads it unchanged), plus the host and pid of the process that ran it.
 * A `failed` result's `error` is a {@link RemoteError}; a `timeout`'s is a
 * `JobTimeoutError`; a `cancelled` one's is the producer signal's reason.
 *
 * @example
 * ```ts
 * for await (const r of producer.results) {
 *   if (r.status === "done") console.log(`job ${r.job} -> ${r.value} by worker ${r.worker} on ${r.host}:${r.pid}`);
 * }
 * ```
 */
export type RemoteResult<J, R> = Result<J, R> & Where;

/**
 * Options of {@link Producer}.
 *
 * @example
 * ```ts
 * new Producer("images", { connection: { host: "127.0.0.1", port: 6379 }, buffer: 100, timeout: 5_000, attempts: 3, backoff: 200 });
 * ```
 */
export interface ProducerOptions {
  /** Where Redis is. Default `{ host: "127.0.0.1", port: 6379 }`. */
  connection?: Connection | undefined;
  /** BullMQ's key prefix. Default `"bull"`. */
  prefix?: string | undefined;
  /** How many jobs may wait in Redis before a send waits (backpressure); once full, sends wait until an eighth of it (at most 250) is free again. Default 1000. */
  buffer?: number | undefined;
  /** Capacity of the `results` channel. Default: `buffer`. */
  results?: number | undefined;
  /** Per-job deadline in ms, counted on the worker from the job's start: the handler's signal aborts and the job is reported timed out (not retried). */
  timeout?: number | undefined;
  /** Tries per job, the first included (BullMQ's `attempts`): a handler that throws runs again until then. Default 1. */
  attempts?: number | undefined;
  /** Spacing of those retries. Default: none (at once). */
  backoff?: Backoff | undefined;
  /** Cancels: waiting jobs are removed from Redis and reported cancelled; running handlers see their signal abort. */
  signal?: AbortSignal | undefined;
  /** How long Redis may stay unreachable before `wait()` rejects with RedisUnavailableError. Default 30,000 ms. */
  outage?: number | undefined;
  /** How many finished jobs BullMQ keeps for its tools to show (its `removeOnComplete` and `removeOnFail`). Default 1000 and 5000. */
  keep?: { readonly completed?: number | boolean; readonly failed?: number | boolean } | undefined;
}

/**
 * A snapshot of the producer's counters.
 *
 * @example
 * ```ts
 * const { completed, failed, duplicates, unreported } = producer.stats();
 * ```
 */
export interface ProducerStats {
  /** Jobs accepted by `send` or `submit`. */
  readonly submitted: number;
  /** Jobs the producer counts as waiting in Redis (an upper bound). */
  readonly queued: number;
  /** Jobs sent whose result has not come back yet. */
  readonly unreported: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly cancelled: number;
  /** Results that came twice (a job redelivered after its worker died) and were dropped. */
  readonly duplicates: number;
  /** Jobs sent again because Redis had lost them (a restart without persistence). */
  readonly resent: number;
  /** This run's jobs a worker holds with its lock alive, at the producer's last look (once a second). */
  readonly running: number;
  /**
   * This run's jobs held by a worker whose lock has lapsed, at the last
   * look: the worker died or its event loop froze. BullMQ's stalled check
   * hands them to another worker, within about `lockDuration + 2 ×
   * stalledInterval` of the death (see {@link ServeOptions}). Until then
   * the run waits on them; this is what to print meanwhile.
   */
  readonly stalled: number;
}

/**
 * Options of {@link serve}.
 *
 * @example
 * ```ts
 * serve("images", processImage, { connection: { host: "redis.internal" }, workers: 8 });
 * ```
 */
export interface ServeOptions {
  /** Where Redis is. Default `{ host: "127.0.0.1", port: 6379 }`. */
  connection?: Connection | undefined;
  /** BullMQ's key prefix. Default `"bull"`. */
  prefix?: string | undefined;
  /** How many handlers this process runs at once (BullMQ's `concurrency`). Default 1. */
  workers?: number | undefined;
  /**
   * BullMQ's lock on a running job, in ms, renewed every half of it: a
   * process silent that long (dead, or its event loop blocked) loses its
   * jobs to the others. Default 30,000 (BullMQ's).
   */
  lockDuration?: number | undefined;
  /**
   * How often BullMQ looks for jobs whose process died (their lock lapsed),
   * in ms. Default 30,000 (BullMQ's). A dead process's jobs run elsewhere
   * after its lock lapses and one or two of these checks: up to about
   * `lockDuration + 2 × stalledInterval`, a minute with the defaults;
   * meanwhile the producer's `stats().stalled` counts them.
   */
  stalledInterval?: number | undefined;
  /** How often this process looks for the producer's cancel and the end of its run, in ms. Default 100. */
  poll?: number | undefined;
  /** How long Redis may stay unreachable before `done` rejects with RedisUnavailableError. Default 30,000 ms. */
  outage?: number | undefined;
  /** Stops the server as `close()` does. */
  signal?: AbortSignal | undefined;
}

/**
 * A worker process's counters.
 *
 * @example
 * ```ts
 * const { ran, running } = server.stats();
 * ```
 */
export interface ServeStats {
  /** Handlers started in this process. */
  readonly ran: number;
  /** Handlers running now. */
  readonly running: number;
  /**
   * Jobs whose end BullMQ could not record here because their record had
   * changed under this process: lost with Redis's data (the producer sends
   * them again), or handed to another worker after this one's lock lapsed
   * (a handler that kept the event loop busy past `lockDuration`). Their
   * results went out first, so each is still reported exactly once; a
   * count that keeps growing means `lockDuration` is too short.
   */
  readonly unrecorded: number;
}
