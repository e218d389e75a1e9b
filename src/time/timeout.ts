/**
 * The one place gochan arms a real timer: every timeout and interval of
 * gochan (after, Timer, afterFunc, Ticker, sleep, context deadlines, the
 * Pool's job timeouts) is set here, and nowhere else.
 *
 * Two things `setTimeout` does not promise are kept here (T1):
 * - Never early. A host's timer counts from its own idea of "now" (libuv's,
 *   cached at the start of a loop turn, in whole milliseconds), so by
 *   `performance.now()` it can run up to about 2 ms early. Each timer here
 *   records its deadline on the monotonic clock, and a callback that comes
 *   before it is armed again for what is left; only then does `fn` run.
 *   Go promises "at least d" the same way.
 * - Any length. `setTimeout` holds a delay in a signed 32-bit integer:
 *   anything above 2^31-1 ms (about 24.8 days) becomes 1 ms, with only a
 *   warning. A longer delay is armed in links of at most that length, by
 *   the same re-arming.
 *
 * An interval is a timeout armed again each time it fires, at Go's ticker
 * times: tick k is due `k * period` after the start, never before; a tick
 * that could not run on time is dropped and the next one keeps the
 * schedule (Go's `Ticker` drops ticks for a slow reader the same way).
 *
 * One small object per timer, and the host's own setTimeout handle inside
 * it; a channel operation that arms no timer pays nothing.
 *
 * Being the one place timers are set, it is also where gochan/testing hooks
 * in: while `hook` is not null (a synctest bubble, or a leak check, is on),
 * every timeout and interval is asked of it instead, and it hands back a
 * {@link HookedTimer}, virtual or real. While it is null, that null test is
 * all a timer pays.
 */

/** The longest delay `setTimeout` honours: 2^31-1 ms. */
export const MAX_TIMEOUT = 2 ** 31 - 1;

type Handle = ReturnType<typeof setTimeout>;

/**
 * The monotonic clock deadlines are kept on. Read through the global each
 * time (not bound once), so that fake timers that replace `performance`
 * (vitest's, sinon's) are seen. @internal
 */
export const clock: () => number = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();

/**
 * A real timer: its deadline on the monotonic clock, the host timer now
 * running towards it, and for an interval its period. @internal
 */
export class RealTimer {
  handle: Handle;
  /** When `fn` is due next, on {@link clock}. */
  at: number;

  constructor(
    readonly fn: () => void,
    ms: number,
    /** The period of an interval; 0 for a timeout. */
    readonly every: number,
  ) {
    const d = ms > 0 ? ms : 0;
    this.at = clock() + d;
    this.handle = setTimeout(step, link(d), this);
  }
}

/** What one host timer may wait: a whole number of ms (so a fraction is not cut to 0), at most MAX_TIMEOUT. */
function link(ms: number): number {
  return ms <= 0 ? 0 : ms >= MAX_TIMEOUT ? MAX_TIMEOUT : Math.ceil(ms);
}

/** A host timer ran: fire if the deadline has passed, else wait for what is left (T1). */
function step(t: RealTimer): void {
  const now = clock();
  const left = t.at - now;
  if (left > 0) {
    t.handle = setTimeout(step, link(left), t);
    return;
  }
  if (t.every > 0) {
    // Go's ticker: the next tick is the first of the schedule still ahead.
    t.at += t.every * (1 + Math.floor((now - t.at) / t.every));
    t.handle = setTimeout(step, link(t.at - now), t);
  }
  t.fn();
}

/**
 * A timer that the hook made (a virtual one in a bubble, or a real one being
 * watched by a leak check): it cancels itself, so that clearing it works
 * even after the hook has gone. @internal
 */
export abstract class HookedTimer {
  abstract cancel(): void;
}

/** What gochan/testing installs: every gochan timer is asked of it. @internal */
export interface TimerHook {
  timeout(fn: () => void, ms: number): HookedTimer;
  /**
   * `idle`, if given, says that a tick now would change nothing (a Ticker
   * whose one-slot channel is still full): a bubble does not count such an
   * interval as something that keeps it alive.
   */
  interval(fn: () => void, ms: number, idle?: () => boolean): HookedTimer;
  /** The monotonic clock in ms (a bubble's virtual one), or null for the real one. */
  now(): number | null;
  /** The wall clock in ms since the epoch (a bubble's), or null for the real one. */
  wall(): number | null;
}

/** The hook, or null (the default): what every timer tests once. @internal */
export let hook: TimerHook | null = null;

/** Installs (or, with null, removes) the hook. @internal */
export function setTimerHook(h: TimerHook | null): void {
  hook = h;
}

/** What {@link setLongTimeout} returns, for {@link clearLongTimeout}. */
export type LongTimeout = RealTimer | HookedTimer;

/**
 * Calls `fn` once, after at least `ms` milliseconds by the monotonic clock,
 * however long that is (T1). `ms` must be a number the caller has checked
 * (negative or zero runs on the next timer turn).
 */
export function setLongTimeout(fn: () => void, ms: number): LongTimeout {
  if (hook !== null) return hook.timeout(fn, ms);
  return new RealTimer(fn, ms, 0);
}

/** {@link setLongTimeout} without the hook: what the hook itself arms. @internal */
export function realTimeout(fn: () => void, ms: number): RealTimer {
  return new RealTimer(fn, ms, 0);
}

/** Cancels a timeout from {@link setLongTimeout}; harmless if it has run. */
export function clearLongTimeout(t: LongTimeout): void {
  if (t instanceof HookedTimer) t.cancel();
  else clearTimeout(t.handle);
}

/** What {@link setLongInterval} returns, for {@link clearLongInterval}. */
export type LongInterval = LongTimeout;

/**
 * Calls `fn` every `ms` milliseconds (which must be positive), each call at
 * least `k * ms` after this one by the monotonic clock, until cleared.
 * `idle` (see {@link TimerHook.interval}) matters only to a synctest bubble.
 */
export function setLongInterval(fn: () => void, ms: number, idle?: () => boolean): LongInterval {
  if (hook !== null) return hook.interval(fn, ms, idle);
  return new RealTimer(fn, ms, ms);
}

/** {@link setLongInterval} without the hook. @internal */
export function realInterval(fn: () => void, ms: number): RealTimer {
  return new RealTimer(fn, ms, ms);
}

/** Cancels an interval from {@link setLongInterval}. */
export function clearLongInterval(t: LongInterval): void {
  clearLongTimeout(t);
}
