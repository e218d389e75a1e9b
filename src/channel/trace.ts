/**
 * Seeing what is blocked (D2 of the semantics contract).
 *
 * Go stops a program whose goroutines are all blocked with "all goroutines
 * are asleep - deadlock!"; Node just exits with promises that never settle.
 * With tracing on, every operation that parks on a channel (send, recv, a
 * select case, a `for await` step) is recorded with where it was called, and
 * `blocked()` lists those still parked. Off by default: it captures a stack
 * per parked operation. Off, it costs one boolean test per park.
 */
import type { Waiter } from "./waiter.js";

/**
 * One operation still waiting on a channel.
 *
 * @example
 * ```ts
 * for (const b of blocked()) console.error(`${b.op} waiting ${performance.now() - b.since} ms at\n${b.stack}`);
 * ```
 */
export interface BlockedOperation {
  /** Which side of the channel it waits on. */
  readonly op: "send" | "recv";
  /** When it parked, in ms on `performance.now()`'s clock. */
  readonly since: number;
  /** Where it was called: the stack at the moment it parked. */
  readonly stack: string;
}

let parked: Map<Waiter<unknown>, BlockedOperation> | null = null;

/**
 * Starts (or, with `false`, stops and forgets) recording operations that park.
 *
 * @example
 * ```ts
 * traceBlocked();
 * process.on("beforeExit", () => {
 *   const stuck = blocked();
 *   if (stuck.length > 0) console.error("still blocked:", stuck.map((b) => `${b.op}\n${b.stack}`));
 * });
 * ```
 */
export function traceBlocked(enable = true): void {
  parked = enable ? (parked ?? new Map()) : null;
}

/**
 * The operations parked now, oldest first; empty unless {@link traceBlocked} is on.
 *
 * @example
 * ```ts
 * traceBlocked();
 * void new Channel<number>().send(1); // nobody will receive
 * console.log(blocked()[0]?.op);      // "send"
 * ```
 */
export function blocked(): BlockedOperation[] {
  return parked === null ? [] : [...parked.values()];
}

/** Called by a wait queue when a waiter parks. */
export function traceParked(w: Waiter<unknown>, op: "send" | "recv"): void {
  parked?.set(w, { op, since: performance.now(), stack: (new Error().stack ?? "").split("\n").slice(3).join("\n") });
}

/** Called by a wait queue when a waiter leaves it, completed or withdrawn. */
export function traceLeft(w: Waiter<unknown>): void {
  parked?.delete(w);
}

/** Whether tracing is on: the queues test this before calling in. */
export function tracing(): boolean {
  return parked !== null;
}
