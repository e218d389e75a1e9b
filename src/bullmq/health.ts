/**
 * Watching one Redis connection for an outage longer than a bound, for the
 * producer and for a worker alike. ioredis reconnects by itself; this only
 * decides when waiting has gone on long enough to give up, and says so
 * with a RedisUnavailableError instead of hanging.
 *
 * It also sorts the errors BullMQ and the client report (`errorKind`),
 * so that none is swallowed: a lost connection is this file's to bound, a
 * job whose record changed under its worker is accounted for by the
 * results, and anything else ends the producer or the server with it.
 */
import { RedisUnavailableError } from "./wire.js";

export interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export class Health {
  #downSince: number | undefined;
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  /** The last error the connection reported, for messages. */
  lastError: unknown;

  /**
   * @param bound ms Redis may stay unreachable; Infinity never gives up.
   * @param onReady every `ready` after the first (a reconnect).
   * @param onGiveUp called once, past the bound.
   */
  readonly #bound: number;
  readonly #onGiveUp: (e: RedisUnavailableError) => void;
  readonly #unreported: () => number;

  constructor(
    client: Emitter,
    bound: number,
    onReady: () => void,
    onGiveUp: (e: RedisUnavailableError) => void,
    unreported: () => number) {
    this.#bound = bound;
    this.#onGiveUp = onGiveUp;
    this.#unreported = unreported;
    let first = true;
    client.on("error", (e) => {
      this.lastError = e;
      this.#down();
    });
    client.on("close", () => this.#down());
    client.on("ready", () => {
      this.#downSince = undefined;
      if (first) first = false;
      else onReady();
    });
    if (Number.isFinite(bound)) {
      this.#timer = setInterval(() => this.#check(), Math.min(250, Math.max(10, bound / 4)));
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  #down(): void {
    this.#downSince ??= Date.now();
  }

  #check(): void {
    if (this.#downSince === undefined) return;
    const downFor = Date.now() - this.#downSince;
    if (downFor > this.#bound) {
      this.stop();
      this.#onGiveUp(new RedisUnavailableError(downFor, this.#unreported()));
    }
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }
}

/**
 * What an error from BullMQ or the Redis client means here:
 * - `connection`: the connection dropped or Redis is not serving yet
 *   (a socket error, a closed stream, Redis loading or failing over). The
 *   client retries by itself; Health gives up past the outage bound.
 * - `job`: BullMQ could not record a job's end because its record changed
 *   under the worker: gone with Redis's data (the producer puts it back),
 *   or its lock lapsed and the stalled check gave it to another worker
 *   (which runs it again). Its result was pushed first, so it still comes
 *   in exactly once; the server counts it (`stats().unrecorded`).
 * - `other`: anything else (Redis out of memory, a command refused, a
 *   script failing on a bad option): retrying would repeat it for ever, so
 *   it ends the producer (`wait()`) or the server (`done`) with it.
 */
export function errorKind(e: unknown): "connection" | "job" | "other" {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === -1 || code === -2 || code === -3 || code === -6) return "job"; // BullMQ's ErrorCode: JobNotExist, JobLockNotExist, JobNotInState, JobLockMismatch
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return "connection"; // ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT...
  const name = (e as { name?: unknown } | null)?.name;
  const message = (e as { message?: unknown } | null)?.message;
  if (name === "MaxRetriesPerRequestError") return "connection";
  if (typeof message === "string" && /^(Connection is closed|Stream isn't writeable|connect E|read E|write E|LOADING|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)/.test(message)) {
    return "connection";
  }
  return "other";
}
