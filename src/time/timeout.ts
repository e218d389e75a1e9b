/**
 * setTimeout for any duration: what every timer in gochan arms.
 *
 * `setTimeout` holds a delay in a signed 32-bit integer: anything above
 * 2^31-1 ms (about 24.8 days) becomes 1 ms, with only a warning. A Go program
 * that waits 30 days waits 30 days, so a longer delay here is a chain of
 * timeouts of at most that length each, one running at a time.
 *
 * A delay that fits is a plain `setTimeout` handle, with no object around it,
 * so the common case costs what it did before. Not public API: the pool's
 * per-job timeout is meant to use it too.
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

/** A delay longer than one `setTimeout`: the link now running, and what is left after it. */
class Chain {
  handle: Handle;
  private left: number;

  constructor(
    private readonly fn: () => void,
    ms: number,
  ) {
    this.left = ms - MAX_TIMEOUT;
    this.handle = setTimeout(this.step, MAX_TIMEOUT);
  }

  private readonly step = (): void => {
    if (this.left <= 0) return this.fn();
    const next = Math.min(this.left, MAX_TIMEOUT);
    this.left -= next;
    this.handle = setTimeout(this.step, next);
  };
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
  interval(fn: () => void, ms: number): HookedTimer;
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
export type LongTimeout = Handle | Chain | HookedTimer;

/**
 * Calls `fn` once after `ms` milliseconds, however long that is. `ms` must be
 * a number the caller has checked (negative or zero runs on the next timer turn).
 */
export function setLongTimeout(fn: () => void, ms: number): LongTimeout {
  if (hook !== null) return hook.timeout(fn, ms);
  return realTimeout(fn, ms);
}

/** {@link setLongTimeout} without the hook: what the hook itself arms. @internal */
export function realTimeout(fn: () => void, ms: number): Handle | Chain {
  return ms > MAX_TIMEOUT ? new Chain(fn, ms) : setTimeout(fn, ms);
}

/** Cancels a timeout from {@link setLongTimeout}; harmless if it has run. */
export function clearLongTimeout(t: LongTimeout): void {
  if (t instanceof HookedTimer) t.cancel();
  else clearTimeout(t instanceof Chain ? t.handle : t);
}

/** An interval longer than `setInterval` holds: a long timeout armed again each time it fires. */
class Repeat {
  current: LongTimeout;

  constructor(
    private readonly fn: () => void,
    private readonly ms: number,
  ) {
    this.current = setLongTimeout(this.tick, ms);
  }

  private readonly tick = (): void => {
    this.current = setLongTimeout(this.tick, this.ms);
    this.fn();
  };
}

/** What {@link setLongInterval} returns, for {@link clearLongInterval}. */
export type LongInterval = ReturnType<typeof setInterval> | Repeat | HookedTimer;

/** Calls `fn` every `ms` milliseconds, however long that is, until cleared. */
export function setLongInterval(fn: () => void, ms: number): LongInterval {
  if (hook !== null) return hook.interval(fn, ms);
  return realInterval(fn, ms);
}

/** {@link setLongInterval} without the hook. @internal */
export function realInterval(fn: () => void, ms: number): ReturnType<typeof setInterval> | Repeat {
  return ms > MAX_TIMEOUT ? new Repeat(fn, ms) : setInterval(fn, ms);
}

/** Cancels an interval from {@link setLongInterval}. */
export function clearLongInterval(t: LongInterval): void {
  if (t instanceof HookedTimer) t.cancel();
  else if (t instanceof Repeat) clearLongTimeout(t.current);
  else clearInterval(t);
}
