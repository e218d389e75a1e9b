/**
 * after(ms): Go's `time.After`, a timer's channel with no way to stop it
 * (Go: `time.NewTimer(d).C`). See timer.ts for how it costs nothing while
 * nobody waits on it.
 */
import type { RecvChannel } from "../channel/index.js";
import { checkMs } from "./duration.js";
import { TimerChannel } from "./timer.js";

/**
 * A channel that receives the current time once, `ms` milliseconds from now:
 * Go's `time.After(d)`. Use it as a timeout case in `select`; a timer runs
 * only while something waits on it, so an `after` that loses a select costs
 * nothing afterwards. Durations longer than `setTimeout` holds (about 24.8
 * days) are waited in full (T1).
 *
 * @throws RangeError if `ms` is not a finite number (≤ 0 fires at once, as in Go).
 *
 * @example
 * ```ts
 * await select([
 *   recv(results, (r) => console.log("result", r)),
 *   recv(after(1000), () => console.log("timeout 1")),
 * ]);
 * ```
 */
export function after(ms: number): RecvChannel<Date> {
  return new TimerChannel(checkMs(ms, "after"));
}
