/**
 * One bubble's virtual clock and the timers set on it: what synctest.ts's
 * driver moves, and what the timer hook (hook.ts) hands every gochan timer
 * set inside the bubble to.
 *
 * Its own file because it is the bubble's state, apart from the policy of
 * when to move it: the driver decides *whether* the clock may move (nobody
 * can run, nothing outside is pending); this file knows *where to* (the
 * earliest live timer, ties in the order they were set) and what moving
 * does. A Ticker whose last tick is unreceived is passed over here, its
 * ticks skipped, since each would be dropped: see synctest.ts's header.
 */
import { userFrames } from "../runtime/blocked.js";
import { HookedTimer } from "../time/timeout.js";
import { inBubble, type BubbleClock } from "./hook.js";
import type { RunningTicker } from "./errors.js";

/** Virtual time starts where Go's does: 2000-01-01 00:00:00 UTC. */
export const EPOCH = Date.UTC(2000, 0, 1);

/** A timer on a bubble's clock: a timeout, or an interval (a Ticker's). */
export interface Entry {
  when: number;
  seq: number;
  fn: () => void;
  /** The period of an interval; 0 for a timeout. */
  every: number;
  live: boolean;
  /** An interval's: true while a tick now would change nothing (see synctest.ts's header). */
  idle?: (() => boolean) | undefined;
  /** An interval's: where it was set. */
  site?: Error | undefined;
}

class VirtualTimer extends HookedTimer {
  constructor(private readonly entry: Entry) {
    super();
  }
  cancel(): void {
    this.entry.live = false;
  }
}

/** One bubble: its clock, its timers, its waiters, its outside work. */
export class Bubble implements BubbleClock {
  t = 0;
  #seq = 0;
  #entries: Entry[] = [];
  readonly waiters: Array<() => void> = [];
  readonly outside = new Set<Promise<unknown>>();
  /** When the bubble began, on the clock of blocked()'s `since`: what is parked since is its own. */
  readonly start = performance.now();

  now(): number {
    return this.t;
  }
  wall(): number {
    return EPOCH + this.t;
  }
  timeout(fn: () => void, ms: number): HookedTimer {
    return new VirtualTimer(this.#add(fn, ms, 0));
  }
  interval(fn: () => void, ms: number, idle?: () => boolean): HookedTimer {
    const e = this.#add(fn, ms, Math.max(1, ms));
    e.idle = idle;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 20;
    e.site = new Error("ticker set");
    Error.stackTraceLimit = limit;
    return new VirtualTimer(e);
  }
  #add(fn: () => void, ms: number, every: number): Entry {
    const e: Entry = { when: this.t + Math.max(0, ms), seq: this.#seq++, fn, every, live: true };
    this.#entries.push(e);
    return e;
  }
  /**
   * The timer due first (ties: the one set first), dropping cancelled ones
   * and passing over idle tickers, whose ticks up to then are skipped: they
   * would all be dropped, since nothing runs before the timer chosen.
   */
  next(): Entry | undefined {
    this.#entries = this.#entries.filter((e) => e.live);
    let best: Entry | undefined;
    let idle = false;
    for (const e of this.#entries) {
      if (e.idle?.() === true) {
        idle = true;
        continue;
      }
      if (best === undefined || e.when < best.when || (e.when === best.when && e.seq < best.seq)) best = e;
    }
    if (idle && best !== undefined) {
      const t = best.when;
      for (const e of this.#entries) if (e.every > 0 && e.when < t && e.idle?.() === true) e.when += e.every * Math.ceil((t - e.when) / e.every);
    }
    return best;
  }
  /** The tickers still running, for a report. */
  tickers(): RunningTicker[] {
    return this.#entries
      .filter((e) => e.live && e.every > 0)
      .map((e) => ({ period: e.every, receiving: e.idle?.() !== true, stack: userFrames(e.site?.stack ?? "") }));
  }
  /** Moves the clock to `e` and runs it, as the bubble's own task. */
  fire(e: Entry): void {
    this.t = Math.max(this.t, e.when);
    if (e.every > 0) {
      e.when = this.t + e.every;
      e.seq = this.#seq++;
    } else e.live = false;
    inBubble(this, e.fn);
  }
  pendingTimers(): number {
    return this.#entries.filter((e) => e.live).length;
  }
  clear(): void {
    for (const e of this.#entries) e.live = false;
    this.#entries = [];
  }
}
