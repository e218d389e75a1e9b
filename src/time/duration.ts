/** Checks a duration in milliseconds at the call, the way Go's time package takes a Duration. */
export function checkMs(ms: unknown, what: string): number {
  if (typeof ms !== "number" || Number.isNaN(ms) || ms === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${what}: duration must be a finite number of milliseconds, got ${String(ms)}`);
  }
  return ms;
}

import { clock as monotonic, hook } from "./timeout.js";

/**
 * A monotonic clock in milliseconds where there is one (timers are measured
 * against it); a synctest bubble's virtual clock inside a bubble.
 */
export function now(): number {
  return hook === null ? monotonic() : (hook.now() ?? monotonic());
}

/** The wall clock (`Date.now()`), or a bubble's virtual one: what a timer's value says. */
export function wallNow(): number {
  return hook === null ? Date.now() : (hook.wall() ?? Date.now());
}
