/**
 * The microtask policy (D1 of the semantics contract).
 *
 * An operation that can complete at once resolves through the microtask
 * queue, and the event loop runs no timer, I/O callback or rendering until
 * that queue is empty. A pipeline whose operations never have to wait would
 * therefore hold the loop for its whole run. So every `BUDGET`-th operation
 * that completes without waiting (counted across all channels) has already
 * taken effect, but resolves only after one macrotask: every task that
 * finishes an operation meanwhile waits at the same gate, the microtask queue
 * drains, and timers and I/O get their turn.
 *
 * Only the moment a caller resumes moves; what the operation did to the
 * channel does not, so no rule of the contract depends on this.
 */

/** Operations completed without waiting between two yields to the event loop. */
export const BUDGET = 1024;

let budget = BUDGET;
let gate: Promise<void> | null = null;

/** Counts one operation that completed without waiting; true when it must yield. */
export function spend(): boolean {
  return --budget <= 0;
}

/** Resolves to `value` after the event loop has had a turn. */
export function afterYield<T>(value: T): Promise<T> {
  if (gate === null) {
    gate = new Promise((resolve) =>
      macrotask(() => {
        gate = null;
        budget = BUDGET;
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
