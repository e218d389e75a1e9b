/** sleep(ms): Go's `time.Sleep`, cancellable. */
import type { OpOptions } from "../channel/index.js";
import { signalOf, traceWait, tracing, unwatchAbort, watchAbort, type Abortable } from "../channel/internal.js";
import { checkMs } from "./duration.js";
import { clearLongTimeout, setLongTimeout } from "./timeout.js";

/**
 * Resolves after `ms` milliseconds: Go's `time.Sleep(d)`, however long `d`
 * is (beyond `setTimeout`'s 24.8 days too). If `signal` aborts first,
 * rejects with `signal.reason` and clears its timer (X1, X2).
 *
 * @throws RangeError if `ms` is not a number (NaN, +Infinity); zero or negative returns at once.
 *
 * @throws RangeError at the call if `ms` is not a number; TypeError if
 *   `signal` is not an AbortSignal.
 *
 * @example
 * ```ts
 * await sleep(100);                                  // time.Sleep(100 * time.Millisecond)
 * await sleep(60_000, { signal: AbortSignal.timeout(10) }).catch(() => "woken early");
 * ```
 */
export function sleep(ms: number, options?: OpOptions): Promise<void> {
  checkMs(ms, "sleep");
  const signal = signalOf(options, "sleep");
  const p = wait(ms, signal);
  return tracing() ? traceWait(p, "sleep") : p;
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise((resolve) => setLongTimeout(resolve, ms));
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const op: Abortable = {
      onAbort(reason) {
        clearLongTimeout(timer);
        reject(reason);
      },
    };
    const timer = setLongTimeout(() => {
      unwatchAbort(signal, op);
      resolve();
    }, ms);
    watchAbort(signal, op);
  });
}
