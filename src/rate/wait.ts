/**
 * The options of `Limiter.wait`: what Go's `WaitN(ctx, n)` gets from its
 * context. gochan's contexts hand over two things: a signal, which ends a
 * parked wait, and a deadline, which lets a wait that could not end by
 * then fail at once, taking nothing. Its own file to keep limiter.ts to
 * the limiter's calls: the option's type, and the check that a deadline is
 * a time, come before the bucket or the line is asked anything.
 */
import type { OpOptions } from "../channel/index.js";
import type { ExceedsDeadlineError } from "./errors.js";
import type { Limiter } from "./limiter.js";

/**
 * Options of {@link Limiter.wait}.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeout(background(), 5000);
 * await lim.wait(1, { signal: ctx.signal, deadline: ctx.deadline() }); // Go: lim.Wait(ctx)
 * cancel();
 * ```
 */
export interface WaitOptions extends OpOptions {
  /**
   * When the caller's context expires (a Date, or ms since the epoch, as
   * `withDeadline` takes): if the wait could not end by then, it rejects
   * at once with {@link ExceedsDeadlineError} and reserves nothing, as Go's
   * `WaitN` does with a context's deadline. Pair it with the context's
   * `signal`, which is what ends the wait if it is still parked then.
   */
  deadline?: Date | number | undefined;
}

/** The deadline of `options`, as ms since the epoch; checked at the call. */
export function deadlineOf(options: WaitOptions | undefined): number | undefined {
  const d: unknown = options?.deadline;
  if (d === undefined) return undefined;
  const at = d instanceof Date ? d.getTime() : d;
  if (typeof at !== "number" || Number.isNaN(at)) {
    throw new RangeError(`rate: Limiter.wait: deadline must be a Date or ms since the epoch, got ${String(d)}`);
  }
  return at;
}
