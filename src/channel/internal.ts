/**
 * What the folders above the channel (select, time, rate, the pool, the
 * broker, testing) may use of it, and nothing in `src/index.ts` re-exports:
 * the handle (handle.ts) and the waiter interface, a way to reach the
 * channel behind a directional view, and the queue sizes tests look at.
 * For their convenience it also passes on the kernel's pieces they share
 * (pacing, option checks, the abort listener, brands, the diagnostics
 * hooks); new code may import those from src/kernel/ directly.
 */
import { Channel } from "./channel.js";
import { BRAND } from "./result.js";
import { QUEUES, VIEWED } from "./handle.js";
import { RecvOnly, SendOnly, refuse } from "./views.js";
import type { Waiter } from "./waiter.js";

export { Channel } from "./channel.js";
export { Receiver, Waiter } from "./waiter.js";
export { CLOSED } from "./result.js";
export * from "./handle.js";
export type { Queues } from "./channel.js";
export { afterYield, spend, spendAt, yielding } from "../kernel/pace.js";
export { pending, taken } from "../kernel/pending.js";
export { isThenable } from "../kernel/thenable.js";
export { checkSignal, signalOf } from "../kernel/options.js";
export { unwatchAbort, watchAbort, type Abortable } from "../kernel/abort.js";
export { brandError } from "../kernel/brand.js";
export { activity, level, nameOf, onPool, parkedNow, recorder, setOnPool, setLevel, setRecorder, traceTask, traceWait, tracing, type ParkRecord, type Recorder } from "../kernel/trace.js";

/**
 * The channel behind `x` (a Channel or one of its views) for use in direction
 * `use`; null if `x` is neither. A view used against its direction throws as
 * the view's own methods do (C13).
 */
export function channelOf<T>(x: unknown, use: "recv" | "send"): Channel<T> | null {
  switch (brandOf(x)) {
    case "channel":
      return x as Channel<T>;
    case "recv-only":
      return use === "recv" ? (x as RecvOnly<T>)[VIEWED] : refuse("send to receive-only channel");
    case "send-only":
      return use === "send" ? (x as SendOnly<T>)[VIEWED] : refuse("receive from send-only channel");
    default:
      return null;
  }
}

// A brand, not `instanceof`: an app can load both the ESM and the CommonJS
// build of gochan (one through a dependency), and a channel made by one must
// still work in the other's select. Symbol.for keys are shared by both.
function brandOf(x: unknown): string | undefined {
  if (x instanceof Channel) return "channel";
  if (x instanceof RecvOnly) return "recv-only";
  if (x instanceof SendOnly) return "send-only";
  return typeof x === "object" && x !== null ? (x as { [BRAND]?: string })[BRAND] : undefined;
}

/** How many waiters each queue of `ch` holds (a walk: O(n)), for tests and diagnostics. */
export function queueSizes(ch: Channel<unknown>): { recv: number; send: number } {
  const q = ch[QUEUES];
  return { recv: count(q.recv), send: count(q.send) };
}

function count(head: Waiter<unknown> | null): number {
  if (head === null) return 0;
  let n = 1;
  for (let w = head.next!; w !== head; w = w.next!) n++;
  return n;
}
