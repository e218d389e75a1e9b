/** sleep(ms): Go's `time.Sleep`, cancellable. */
import type { OpOptions } from "../channel/index.js";
import { checkMs } from "./duration.js";
import { clearLongTimeout, setLongTimeout } from "./timeout.js";

/**
 * Resolves after `ms` milliseconds: Go's `time.Sleep(d)`, however long `d`
 * is (beyond `setTimeout`'s 24.8 days too). If `signal` aborts first,
 * rejects with `signal.reason` and clears its timer (X1, X2).
 *
 * @throws RangeError if `ms` is not a number (NaN, +Infinity); zero or negative returns at once.
 *
 * @example
 * ```ts
 * await sleep(100);                                  // time.Sleep(100 * time.Millisecond)
 * await sleep(60_000, { signal: AbortSignal.timeout(10) }).catch(() => "woken early");
 * ```
 */
export function sleep(ms: number, options?: OpOptions): Promise<void> {
  checkMs(ms, "sleep");
  const signal = options?.signal;
  if (signal === undefined) return new Promise((resolve) => setLongTimeout(resolve, ms));
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearLongTimeout(timer);
      reject(signal.reason);
    };
    const timer = setLongTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
