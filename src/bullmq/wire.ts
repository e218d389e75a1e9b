/**
 * What crosses Redis between a producer and its workers, and the errors
 * of the broker itself. One file, read by both sides, so the two cannot
 * drift apart.
 *
 * Keys. BullMQ owns `<prefix>:<queue>:*`; gochan adds four beside them,
 * under `<prefix>:<queue>:gochan:`:
 * - `results`: a list the workers push each job's result onto (JSON, one
 *   per entry) and the producer pops. A result may be pushed twice (a job
 *   redelivered after its worker died after the push); the producer keeps
 *   the first per job id and drops the rest.
 * - `run`: the producer's run id. A producer that finds it gone after a
 *   reconnect knows Redis lost its data, and sends its unreported jobs again
 *   (then writes the id back).
 * - `done`: set once the producer has every job's result: the run is over
 *   and the workers leave. Not "closed": a closed run whose queue looks
 *   empty may still need its workers (a restart's re-add on the way, a dead
 *   worker's jobs not yet handed back, results lost with Redis's data).
 * - `cancel`: set when the producer's signal aborts.
 *
 * Jobs and results are JSON. `checkJson` refuses, with the path of the
 * offending part, what JSON would drop or change silently (a function, a
 * Map, a Date, NaN, a bigint, a cycle), so a job never arrives different
 * from how it was sent.
 */
import { encodeError, type WireError } from "../threads/errors.js";
import { brandError } from "../channel/internal.js";
import { JobTimeoutError } from "../pool/result.js";
import type { RemoteResult } from "./types.js";

/** A job's data in BullMQ: the job, and its timeout in ms if it has one. */
export interface Envelope<J> {
  readonly j: J;
  readonly t?: number;
}

/** A result on the wire. `w` (worker), `h` (host) and `p` (pid) are absent for a job that never started. */
export interface Wire {
  readonly id: string;
  readonly s: "done" | "failed" | "timeout" | "cancelled";
  readonly v?: unknown;
  readonly e?: WireError;
  readonly w?: number;
  readonly h?: string;
  readonly p?: number;
  readonly d: number;
}

/** An error on the wire: the threads' record (src/threads/errors.ts), with only what JSON can carry. */
export type { WireError };

export const keys = (prefix: string, queue: string) => {
  const base = `${prefix}:${queue}:gochan:`;
  return { results: `${base}results`, run: `${base}run`, done: `${base}done`, cancel: `${base}cancel` };
};
export type Keys = ReturnType<typeof keys>;

/** Where BullMQ stores waiting jobs, for backpressure. */
export const waitingKeys = (prefix: string, queue: string) => ({
  wait: `${prefix}:${queue}:wait`,
  prioritized: `${prefix}:${queue}:prioritized`,
  paused: `${prefix}:${queue}:paused`,
});

/** gochan's priority (higher first, 0 by default) as BullMQ's (1 first, up to 2^21). */
export const MAX_PRIORITY = 2 ** 20;
export function bullPriority(priority: number): number {
  const p = Math.round(priority);
  if (p > MAX_PRIORITY || p <= -MAX_PRIORITY) {
    throw new RangeError(`gochan/bullmq: priority must be between ${-MAX_PRIORITY + 1} and ${MAX_PRIORITY}, got ${priority}`);
  }
  return MAX_PRIORITY - p + 1;
}

/**
 * Thrown at `send` (or `submit`) for a job JSON cannot carry unchanged, and
 * reported as a failed result for a handler's value JSON cannot carry. The
 * message names the part: `job.tags is a Set`.
 *
 * @example
 * ```ts
 * await producer.jobs.send({ when: new Date() }).catch((e) => {
 *   if (e instanceof NotSerializableError) console.error(e.message); // job.when is a Date: send date.toISOString()
 * });
 * ```
 */
export class NotSerializableError extends TypeError {
  constructor(
    message: string,
    /** Where in the value: `job`, `job.items[2]`, `result.when`. */
    readonly path: string,
  ) {
    super(message);
    this.name = "NotSerializableError";
  }
}
brandError(NotSerializableError, "NotSerializableError");

/**
 * Redis stayed unreachable longer than the `outage` bound: the producer's
 * `wait()` (and any waiting `send`) rejects with it, and a worker's
 * `done` does.
 *
 * @example
 * ```ts
 * await producer.wait().catch((e) => {
 *   if (e instanceof RedisUnavailableError) console.error(`${e.message}; ${e.unreported} jobs unreported`);
 * });
 * ```
 */
export class RedisUnavailableError extends Error {
  constructor(
    /** How long Redis has been unreachable, in ms. */
    readonly downFor: number,
    /** Jobs sent whose result has not come back (0 on a worker). */
    readonly unreported: number,
  ) {
    super(`gochan/bullmq: Redis unreachable for ${Math.round(downFor)} ms, past the outage bound; giving up`);
    this.name = "RedisUnavailableError";
  }
}
brandError(RedisUnavailableError, "RedisUnavailableError");

/**
 * A handler's error as the producer sees it: the name, message, stack and
 * own fields the worker threw, rebuilt on this side.
 *
 * @example
 * ```ts
 * if (r.status === "failed" && r.error instanceof RemoteError) console.error(r.error.name, r.error.message, r.error.fields);
 * ```
 */
export class RemoteError extends Error {
  /** The thrown error's own enumerable fields that JSON could carry (`code`, `status`...). */
  readonly fields: Record<string, unknown>;
  /** @internal made by the producer from what the worker sent. */
  constructor(wire: WireError) {
    super(wire.message);
    this.name = wire.name;
    this.fields = wire.fields ?? {};
    if (wire.stack !== undefined) this.stack = wire.stack;
  }
}
brandError(RemoteError, "RemoteError");

/** Throws NotSerializableError if `value` would not come out of JSON as it went in. */
export function checkJson(value: unknown, path: string): void {
  walk(value, path, new Set());
}

function walk(v: unknown, path: string, seen: Set<object>): void {
  switch (typeof v) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(v)) fail(`${path} is ${v}, which JSON turns into null`, path);
      return;
    case "undefined":
      fail(`${path} is undefined, which JSON drops`, path);
      break;
    case "bigint":
      fail(`${path} is a bigint: send it as a string`, path);
      break;
    case "function":
    case "symbol":
      fail(`${path} is a ${typeof v}, which JSON cannot carry`, path);
      break;
  }
  if (v === null) return;
  const o = v as object;
  if (seen.has(o)) fail(`${path} refers back to itself (a cycle)`, path);
  seen.add(o);
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) walk(o[i], `${path}[${i}]`, seen);
  } else {
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      const kind = o instanceof Date ? "a Date: send date.toISOString()" : `a ${proto?.constructor?.name ?? "class instance"}: send a plain object`;
      fail(`${path} is ${kind}`, path);
    }
    for (const k of Object.keys(o)) {
      const x = (o as Record<string, unknown>)[k];
      if (x === undefined) continue; // an absent optional field: JSON drops it, and it reads back as undefined
      walk(x, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, seen);
    }
  }
  seen.delete(o);
}

function fail(message: string, path: string): never {
  throw new NotSerializableError(`gochan/bullmq: ${message}`, path);
}

/**
 * A job's result as the producer reports it, from what its worker pushed.
 * A timeout's error is rebuilt as a JobTimeoutError; a cancelled job's is
 * the producer's cancel reason, if it has one.
 */
export function fromWire<J, R>(w: Wire, job: J, timeout: number | undefined, cancelReason: unknown): RemoteResult<J, R> {
  const where = { worker: w.w as number, host: w.h, pid: w.p, duration: w.d };
  switch (w.s) {
    case "done":
      return { status: "done", job, value: w.v as R, ...where };
    case "failed":
      return { status: "failed", job, error: new RemoteError(w.e!), ...where };
    case "timeout":
      return { status: "timeout", job, error: new JobTimeoutError((w.e?.fields["timeout"] as number | undefined) ?? timeout ?? 0), ...where };
    case "cancelled":
      return { status: "cancelled", job, error: cancelReason ?? new RemoteError(w.e!), ...where };
  }
}

/** An error as it crosses: the one codec of gochan's errors, keeping what JSON can carry. */
export function errorToWire(e: unknown): WireError {
  const w = encodeError(e, jsonSafe);
  if (typeof w === "object" && w !== null && (w as WireError).gochanError === 1) return w as WireError;
  // A thrown non-error (a string, a number) crosses as an Error saying what it was.
  return encodeError(new Error(typeof e === "string" ? e : safeString(e)), jsonSafe) as WireError;
}

function jsonSafe(value: unknown): boolean {
  try {
    checkJson(value, "value");
    return true;
  } catch {
    return false;
  }
}

function safeString(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

/** Loads bullmq, which is an optional peer dependency: a clear error if it is not installed. */
export async function loadBullmq(): Promise<typeof import("bullmq")> {
  try {
    return await import("bullmq");
  } catch (e) {
    throw new Error("gochan/bullmq needs the bullmq package and a Redis client: npm install bullmq ioredis", { cause: e });
  }
}
