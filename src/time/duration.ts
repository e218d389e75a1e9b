/** Checks a duration in milliseconds at the call, the way Go's time package takes a Duration. */
export function checkMs(ms: unknown, what: string): number {
  if (typeof ms !== "number" || Number.isNaN(ms) || ms === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${what}: duration must be a finite number of milliseconds, got ${String(ms)}`);
  }
  return ms;
}

/** A monotonic clock in milliseconds where there is one (timers are measured against it). */
export const now: () => number =
  typeof performance !== "undefined" ? () => performance.now() : () => Date.now();
