/**
 * done(signal): Go's `ctx.Done()`, an `AbortSignal` as a channel that closes
 * when the signal aborts, so cancellation is one more `select` case.
 *
 * One channel per signal, made on first use and kept in a WeakMap: a select
 * in a loop that asks for `done(signal)` every round adds no listener, and the
 * channel goes when the signal does.
 */
import type { RecvChannel } from "../channel/index.js";
import { Channel, checkSignal } from "../channel/internal.js";

const channels = new WeakMap<AbortSignal, RecvChannel<never>>();

/**
 * A channel that is closed once `signal` aborts (at once if it already has):
 * Go's `ctx.Done()`. Receiving from it waits until then, and then yields
 * `[undefined, false]`; read the cause from `signal.reason` (Go's `ctx.Err()`).
 *
 * @throws TypeError if `signal` is not an AbortSignal.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * await select([
 *   recv(jobs, (j) => console.log("job", j)),
 *   recv(done(ac.signal), () => console.log("cancelled:", ac.signal.reason)),
 * ]);
 * ```
 */
export function done(signal: AbortSignal): RecvChannel<never> {
  checkSignal(signal, "done");
  let ch = channels.get(signal);
  if (ch === undefined) {
    const c = new Channel<never>();
    if (signal.aborted) c.close();
    else signal.addEventListener("abort", () => c.close(), { once: true });
    ch = c.recvOnly();
    channels.set(signal, ch);
  }
  return ch;
}
