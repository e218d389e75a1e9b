/**
 * One abort listener per signal, shared by every operation waiting on it.
 *
 * A program may park any number of operations on one signal (a request's,
 * a server's). With a listener each, Node prints "Possible EventTarget
 * memory leak detected" from the eleventh on, although nothing leaks; and
 * the warning cannot be silenced without a Node-only call. So each signal
 * gets one listener, installed when its first operation starts waiting and
 * removed when its last one stops, which fans the abort out to the
 * operations waiting at that moment. Only `addEventListener` and a WeakMap
 * are used: it works wherever AbortSignal does.
 *
 * Invariants: a signal has our listener exactly while some operation is
 * watching it (so X2, no listener left behind, holds per signal), and an
 * operation is told of an abort at most once, and never after it stopped
 * watching. The listener object is kept (weakly, with its signal) between
 * bursts of waiting, so a signal reused in a loop allocates it once.
 */

/** An operation that gives up when its signal aborts. */
export interface Abortable {
  /** The signal aborted while this operation was watching it; it is no longer watched. */
  onAbort(reason: unknown): void;
}

/** The one listener on a signal, and the operations it speaks for, in the order they began. */
class Watchers {
  // A Set: O(1) removal from the middle, and iteration in insertion order
  // that skips what is removed meanwhile.
  readonly ops = new Set<Abortable>();

  constructor(private readonly signal: AbortSignal) {}

  handleEvent(): void {
    const reason = this.signal.reason;
    // Live iteration: an operation that completes because an earlier one
    // gave up (a semaphore waiter granted when the head leaves) is removed
    // before it is reached, and is not told.
    for (const op of this.ops) {
      this.ops.delete(op);
      op.onAbort(reason);
    }
    this.signal.removeEventListener("abort", this);
  }
}

const watchers = new WeakMap<AbortSignal, Watchers>();

/** Tells `op` when `signal` aborts, until {@link unwatchAbort}. The caller has checked that `signal` has not aborted. */
export function watchAbort(signal: AbortSignal, op: Abortable): void {
  let w = watchers.get(signal);
  if (w === undefined) {
    w = new Watchers(signal);
    watchers.set(signal, w);
  }
  if (w.ops.size === 0) signal.addEventListener("abort", w);
  w.ops.add(op);
}

/** Stops telling `op` about `signal`; the listener goes with the last operation. Does nothing if `op` is not watching. */
export function unwatchAbort(signal: AbortSignal, op: Abortable): void {
  const w = watchers.get(signal);
  if (w !== undefined && w.ops.delete(op) && w.ops.size === 0) signal.removeEventListener("abort", w);
}
