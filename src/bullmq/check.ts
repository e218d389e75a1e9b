/**
 * The checks of gochan/bullmq's options, shared by `Producer` and `serve`,
 * so both refuse the same bad values the same way: at the call, with a
 * TypeError (wrong kind of value) or a RangeError (right kind, out of
 * bounds), before anything connects. What BullMQ would take and then fail
 * on later (a `lockDuration` of 0 sticks a job in `active`; a URL string as
 * the connection makes it fall back to 127.0.0.1:6379) is refused here.
 *
 * Durations are milliseconds, finite, above 0 and at most 2^31 - 1 (about
 * 24.8 days): a timer given more fires at once.
 */
import type { Backoff, Connection } from "./types.js";

/** The longest delay a timer keeps (2^31 - 1 ms); more fires at once. */
export const MAX_MS = 2 ** 31 - 1;

export function count(n: unknown, what: string, min: number): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`gochan/bullmq: ${what} must be an integer ≥ ${min}, got ${String(n)}`);
  }
  return n;
}

export function ms(n: unknown, what: string): number {
  if (typeof n !== "number" || !(n > 0) || n > MAX_MS) {
    throw new RangeError(`gochan/bullmq: ${what} must be a number of milliseconds above 0 and at most ${MAX_MS}, got ${String(n)}`);
  }
  return n;
}

/** An optional duration: its default when undefined. */
export const msOr = (n: unknown, what: string, otherwise: number): number => (n === undefined ? otherwise : ms(n, what));

export function backoffOf(b: Backoff): { type: string; delay: number } {
  if (typeof b === "number") return { type: "fixed", delay: ms(b, "backoff") };
  if (b === null || typeof b !== "object" || (b.type !== "fixed" && b.type !== "exponential")) {
    throw new TypeError('gochan/bullmq: backoff must be ms or { type: "fixed" | "exponential", delay }');
  }
  return { type: b.type, delay: ms(b.delay, "backoff.delay") };
}

/** How many finished jobs BullMQ keeps: a count, or true (all) / false (none). */
export function keepOf(k: unknown, what: string, otherwise: number): number | boolean {
  if (k === undefined) return otherwise;
  if (typeof k === "boolean") return k;
  return count(k, what, 0);
}

export function queueOf(queue: unknown): string {
  if (typeof queue !== "string" || queue === "") throw new TypeError("gochan/bullmq: queue must be a non-empty string");
  if (queue.includes(":")) throw new TypeError(`gochan/bullmq: queue must not contain ":" (BullMQ's key separator), got ${JSON.stringify(queue)}`);
  return queue;
}

export function prefixOf(prefix: unknown): string {
  if (prefix === undefined) return "bull";
  if (typeof prefix !== "string" || prefix === "") throw new TypeError(`gochan/bullmq: prefix must be a non-empty string, got ${String(prefix)}`);
  return prefix;
}

/**
 * The connection as BullMQ takes it: options (`{ host, port, ... }`), or a
 * client instance (anything with `duplicate`), used as it is. A string is
 * refused rather than parsed: BullMQ would silently ignore it, and a URL's
 * parts (`rediss:`, a database number, an encoded password) are better
 * spelled out by the caller than guessed here.
 */
export function connectionOf(c: unknown): Connection {
  if (c === undefined) return { host: "127.0.0.1", port: 6379 };
  if (typeof c === "string") {
    throw new TypeError(
      "gochan/bullmq: connection must be { host, port, password?, db?, tls? } or an ioredis instance, not a string " +
        "(BullMQ would ignore it and connect to 127.0.0.1:6379); from a URL: const u = new URL(url); " +
        "{ host: u.hostname, port: Number(u.port || 6379), password: decodeURIComponent(u.password) }",
    );
  }
  if (c === null || typeof c !== "object") throw new TypeError(`gochan/bullmq: connection must be { host, port } or an ioredis instance, got ${String(c)}`);
  if (typeof (c as { duplicate?: unknown }).duplicate === "function") return c; // a client instance
  const { host, port } = c as { host?: unknown; port?: unknown };
  if (host !== undefined && (typeof host !== "string" || host === "")) throw new TypeError(`gochan/bullmq: connection.host must be a non-empty string, got ${String(host)}`);
  if (port !== undefined && (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new RangeError(`gochan/bullmq: connection.port must be an integer from 1 to 65535, got ${String(port)}`);
  }
  return c;
}
