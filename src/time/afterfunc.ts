/**
 * afterFunc(d, f): Go's `time.AfterFunc`, a function run once after a delay,
 * with a handle that can stop or re-arm it.
 *
 * Unlike a timer's channel, this one must fire whether or not anyone waits,
 * so a real timeout runs from the call until it fires or is stopped.
 */
import { checkMs } from "./duration.js";
import { clearLongTimeout, setLongTimeout, type LongTimeout } from "./timeout.js";

/**
 * The handle {@link afterFunc} returns: Go's `*Timer` from `time.AfterFunc`
 * (which has no channel).
 *
 * @example
 * ```ts
 * const t: AfterFuncTimer = afterFunc(1000, () => console.log("late"));
 * t.stop();
 * ```
 */
export class AfterFuncTimer implements Disposable {
  #timer: LongTimeout | null = null;

  readonly #f: () => unknown;

  /**
   * Always `null`: Go's `t.C` is nil for a timer made by `time.AfterFunc`,
   * so `t.C != nil` tells the two kinds apart, and `recv(t.C)` in a
   * `select` is a nil channel's case, never ready (C14).
   *
   * @example
   * ```ts
   * const t = afterFunc(1000, flush);
   * console.log(t.C === null); // true, as Go's t.C == nil
   * ```
   */
  readonly C: null = null;

  /** @internal */
  constructor(f: () => unknown, ms: number) {
    this.#f = f;
    this.#arm(ms);
  }

  /**
   * Keeps `f` from running: Go's `t.Stop()`. True if it did (`f` had not
   * started); false if `f` had already been started or the timer was stopped.
   * It does not wait for a running `f` to finish (T4).
   *
   * @example
   * ```ts
   * const t = afterFunc(1000, flush);
   * if (t.stop()) console.log("flush will not run");
   * ```
   */
  stop(): boolean {
    if (this.#timer === null) return false;
    clearLongTimeout(this.#timer);
    this.#timer = null;
    return true;
  }

  /**
   * Runs `f` `ms` from now instead: Go's `t.Reset(d)`. True if the timer was
   * still pending; false if `f` had already been started or was stopped, in
   * which case `f` is scheduled to run once more.
   *
   * @throws RangeError if `ms` is not a number (NaN, +Infinity).
   *
   * @example
   * ```ts
   * const save = afterFunc(500, write);
   * input.on("change", () => save.reset(500)); // debounce: write 500 ms after the last change
   * ```
   */
  reset(ms: number): boolean {
    checkMs(ms, "Timer.Reset");
    const pending = this.stop();
    this.#arm(ms);
    return pending;
  }

  /**
   * Stops the timer: what `using` calls at scope end.
   *
   * @example
   * ```ts
   * {
   *   using _ = afterFunc(1000, () => console.log("too slow"));
   *   await work();
   * } // stopped here if work() was quick
   * ```
   */
  [Symbol.dispose](): void {
    this.stop();
  }

  #arm(ms: number): void {
    this.#timer = setLongTimeout(() => {
      this.#timer = null;
      // Its own task, like Go's goroutine: a throw is uncaught and a
      // rejection unhandled, reported by the runtime, never swallowed.
      void this.#f();
    }, Math.max(0, ms));
  }
}

/**
 * Runs `f` once, `ms` milliseconds from now, as its own task: Go's
 * `time.AfterFunc(d, f)`. The returned handle's `stop()` says whether it kept
 * `f` from running (T4).
 *
 * @throws TypeError if `f` is not a function; RangeError if `ms` is not a number.
 *
 * @example
 * ```ts
 * const t = afterFunc(2000, () => console.log("still working..."));
 * await work();
 * t.stop(); // quick enough: no message
 * ```
 */
export function afterFunc(ms: number, f: () => unknown): AfterFuncTimer {
  checkMs(ms, "AfterFunc");
  if (typeof f !== "function") throw new TypeError(`time: AfterFunc needs a function, got ${typeof f}`);
  return new AfterFuncTimer(f, ms);
}
