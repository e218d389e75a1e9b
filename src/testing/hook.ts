/**
 * The one timer hook gochan/testing installs (src/time/timeout.ts asks it
 * for every gochan timer), shared by the bubbles of synctest.ts and the
 * leak checks of leaks.ts. A timer set inside a bubble goes on the
 * bubble's virtual clock; any other one is a real timer, recorded (with
 * where it was set) while a leak check watches. The hook is installed only
 * while one of them is on, so a program that never uses gochan/testing
 * pays one null test per timer.
 *
 * Which bubble the running code is in is AsyncLocalStorage's answer where
 * the host has it (Node, Deno, Bun): it follows a task across its awaits,
 * so tests in other bubbles, or outside any, keep their own time. Without it
 * (a browser) one bubble at a time may run, and every gochan timer set
 * meanwhile is that bubble's.
 */
import { asyncLocal, type Als } from "../runtime/host.js";
import { userFrames } from "../runtime/blocked.js";
import { clearLongInterval, clearLongTimeout, HookedTimer, realInterval, realTimeout, setTimerHook, type RealTimer, type TimerHook } from "../time/timeout.js";

/** What a bubble offers the hook: its clock and its timers. */
export interface BubbleClock {
  timeout(fn: () => void, ms: number): HookedTimer;
  interval(fn: () => void, ms: number, idle?: () => boolean): HookedTimer;
  now(): number;
  wall(): number;
}

const als: Als<BubbleClock> | null = asyncLocal<BubbleClock>();
let only: BubbleClock | null = null;

/** Whether bubbles can tell their tasks apart (AsyncLocalStorage), so several may run at once. */
export const scoped = als !== null;

/** The bubble the running code belongs to, if any. */
export function currentBubble(): BubbleClock | undefined {
  return als !== null ? als.getStore() : (only ?? undefined);
}

/** Runs `fn` as part of bubble `b` (and so does everything it starts). */
export function inBubble<R>(b: BubbleClock, fn: () => R): R {
  if (als !== null) return als.run(b, fn);
  if (only !== null && only !== b) throw new Error("synctest: without AsyncLocalStorage, one bubble at a time");
  only = b;
  return fn();
}

/** A bubble has ended: without AsyncLocalStorage, the next one may start. */
export function leftBubble(b: BubbleClock): void {
  if (only === b) only = null;
}

/** A real gochan timer that a leak check watches: pending until it fires (a timeout) or is cancelled. */
export class WatchedTimer extends HookedTimer {
  #handle: RealTimer | null = null;
  readonly since = performance.now();
  readonly site: Error;

  constructor(
    readonly kind: "timeout" | "interval",
    readonly ms: number,
    fn: () => void,
  ) {
    super();
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 20;
    this.site = new Error("timer set");
    Error.stackTraceLimit = limit;
    pending.add(this);
    if (kind === "timeout") {
      this.#handle = realTimeout(() => {
        pending.delete(this);
        fn();
      }, ms);
    } else this.#handle = realInterval(fn, ms);
  }

  /** Where it was set, the caller's frames only. */
  get stack(): string {
    return userFrames(this.site.stack ?? "");
  }

  cancel(): void {
    pending.delete(this);
    const h = this.#handle;
    this.#handle = null;
    if (h === null) return;
    if (this.kind === "interval") clearLongInterval(h);
    else clearLongTimeout(h);
  }
}

/** Real gochan timers pending now, while a leak check watches. */
export const pending = new Set<WatchedTimer>();

let bubbles = 0;
let watchers = 0;

const impl: TimerHook = {
  timeout(fn, ms) {
    const b = currentBubble();
    return b !== undefined ? b.timeout(fn, ms) : new WatchedTimer("timeout", ms, fn);
  },
  interval(fn, ms, idle) {
    const b = currentBubble();
    return b !== undefined ? b.interval(fn, ms, idle) : new WatchedTimer("interval", ms, fn);
  },
  now() {
    return currentBubble()?.now() ?? null;
  },
  wall() {
    return currentBubble()?.wall() ?? null;
  },
};

function update(): void {
  setTimerHook(bubbles > 0 || watchers > 0 ? impl : null);
}

/** A bubble starts (+1) or ends (-1); a leak check starts or stops watching. */
export function useHook(kind: "bubble" | "watch", delta: 1 | -1): void {
  if (kind === "bubble") bubbles += delta;
  else watchers += delta;
  update();
}
