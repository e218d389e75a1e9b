/**
 * The microtask policy (D1 of the semantics contract).
 *
 * An operation that can complete at once resolves through the microtask
 * queue, and the event loop runs no timer, I/O callback or rendering until
 * that queue is empty. A pipeline whose operations never have to wait would
 * therefore hold the loop for its whole run. So once such a run has lasted
 * `SLICE_MS`, the next operation that completes without waiting (on any
 * channel) has already taken effect but resolves only after one macrotask:
 * every task that finishes an operation meanwhile waits at the same gate,
 * the microtask queue drains, and timers and I/O get their turn.
 *
 * The slice is measured in time, not in operations: a yield costs a turn of
 * the event loop (tens of microseconds in Node), and yielding every thousand
 * operations spent a fifth of a tight pipeline's time there. The clock is
 * read once every `CHECK_EVERY` operations, so it costs under a nanosecond
 * per operation.
 *
 * Only the moment a caller resumes moves; what the operation did to the
 * channel does not, so no rule of the contract depends on this.
 */
import { now } from "./clock.js";

/** How long operations may run without a macrotask turn: a quarter of a 60 Hz frame. */
export const SLICE_MS = 4;
/** Operations completed without waiting between two looks at the clock. */
export const CHECK_EVERY = 64;


let budget = CHECK_EVERY;
let sliceStart = now();
let gate: Promise<void> | null = null;

/** Counts one operation that completed without waiting; true when it must yield. */
export function spend(): boolean {
  if (--budget > 0) return false;
  // Yielding leaves the budget spent, so every operation until the gate
  // opens waits at it too.
  if (gate !== null || now() - sliceStart >= SLICE_MS) return true;
  budget = CHECK_EVERY;
  return false;
}

/**
 * `spend()` for a caller that has just read the clock itself (a pool worker
 * times every job): true when the slice is over. A count alone would let
 * 64 long jobs run before the clock is looked at.
 */
export function spendAt(t: number): boolean {
  return gate !== null || t - sliceStart >= SLICE_MS;
}

/** Whether a yield is open (gochan/testing's bubble waits for it before it calls itself idle). */
export function yielding(): boolean {
  return gate !== null;
}

/**
 * The promise of an operation that completed without waiting (a free
 * semaphore, a zero WaitGroup, a Once already done): `value` at once, or
 * after a macrotask once the slice is spent. Every primitive's fast path
 * returns through here, so a loop of them yields like a loop of channel
 * operations does (D1).
 */
export function ready(): Promise<void>;
export function ready<T>(value: T): Promise<T>;
export function ready<T>(value?: T): Promise<T | undefined> {
  if (!spend()) return value === undefined ? (RESOLVED as Promise<undefined>) : Promise.resolve(value);
  return afterYield(value);
}

const RESOLVED: Promise<void> = Promise.resolve();

/** Resolves to `value` after the event loop has had a turn. */
export function afterYield<T>(value: T): Promise<T> {
  if (gate === null) {
    gate = new Promise((resolve) =>
      macrotask(() => {
        gate = null;
        budget = CHECK_EVERY;
        sliceStart = now();
        resolve();
      }),
    );
  }
  return gate.then(() => value);
}

// setImmediate (Node, Bun, Deno) runs after I/O and before the next timers
// phase; browsers have no setImmediate, and a MessageChannel message is the
// macrotask there that is not clamped to 4 ms like a nested setTimeout.
const macrotask: (fn: () => void) => void =
  typeof setImmediate === "function"
    ? (fn) => setImmediate(fn)
    : typeof MessageChannel === "function"
      ? messageTask()
      : (fn) => setTimeout(fn, 0);

// The browser's MessageChannel, typed here because this package compiles
// against Node's types only.
declare const MessageChannel: new () => {
  port1: { onmessage: (() => void) | null };
  port2: { postMessage(message: null): void };
};

// At most one gate is pending at a time, so one slot is enough.
function messageTask(): (fn: () => void) => void {
  let pending: (() => void) | null = null;
  const port = new MessageChannel();
  port.port1.onmessage = () => {
    const fn = pending;
    pending = null;
    fn?.();
  };
  return (fn) => {
    pending = fn;
    port.port2.postMessage(null);
  };
}
