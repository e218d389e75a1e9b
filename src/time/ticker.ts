/**
 * Ticker: Go's `time.Ticker`. Its channel `C` (capacity 1) receives the time
 * every period; a receiver that falls behind finds one tick waiting and the
 * others dropped, as in Go (T5). The interval runs until `stop()`, as Go's
 * does until `Stop` (in JavaScript a running interval also keeps Node alive).
 *
 * Go 1.23 semantics: `stop()` and `reset()` drop a tick that was sent but
 * not received, so no stale tick is received after either returns.
 */
import type { RecvChannel } from "../channel/index.js";
import { Channel } from "../channel/internal.js";
import { checkMs, wallNow } from "./duration.js";
import { clearLongInterval, setLongInterval, type LongInterval } from "./timeout.js";

/**
 * Delivers the time on `C` every `ms` milliseconds until stopped: Go's
 * `time.NewTicker(d)`. `using ticker = new Ticker(ms)` stops it at scope end.
 *
 * @example
 * ```ts
 * const ticker = new Ticker(500);
 * for (let i = 0; i < 3; i++) {
 *   const [t] = await ticker.C.recv();
 *   console.log("tick at", t);
 * }
 * ticker.stop();
 * ```
 */
export class Ticker implements Disposable {
  readonly #ch = new Channel<Date>(1);
  #interval: LongInterval | null;

  /** The channel on which ticks are delivered: Go's `ticker.C`. */
  readonly C: RecvChannel<Date> = this.#ch.recvOnly();

  /**
   * @throws RangeError if `ms` is zero or negative, Go's
   *   `non-positive interval for NewTicker`; or not a number.
   */
  constructor(ms: number) {
    this.#interval = this.#start(ms, "NewTicker");
  }

  /**
   * Stops the ticker: Go's `ticker.Stop()`. No tick is received after it
   * returns, not even one sent before (Go 1.23). Like Go, it does not close
   * `C`, so a receiver still waiting on `C` waits on; select on a done
   * channel beside it to end such a loop.
   *
   * @example
   * ```ts
   * const ticker = new Ticker(100);
   * ticker.stop();
   * ```
   */
  stop(): void {
    if (this.#interval !== null) clearLongInterval(this.#interval);
    this.#interval = null;
    this.#ch.tryRecv(); // a tick sent but not received is stale now
  }

  /**
   * Stops the ticker and starts it again with period `ms`: Go's
   * `ticker.Reset(d)`. The next tick comes `ms` from now; a tick sent
   * before and not received is dropped (Go 1.23). Works on a stopped ticker
   * too, which then ticks again.
   *
   * @throws RangeError if `ms` is zero or negative, Go's
   *   `non-positive interval for Ticker.Reset`; the ticker is left as it was.
   *
   * @example
   * ```ts
   * ticker.reset(1000); // from now on, once a second
   * ```
   */
  reset(ms: number): void {
    const next = this.#start(ms, "Ticker.Reset");
    this.stop();
    this.#interval = next;
  }

  /**
   * Stops the ticker: what `using` calls at scope end (Go's `defer ticker.Stop()`).
   *
   * @example
   * ```ts
   * {
   *   using ticker = new Ticker(100);
   *   await ticker.C.recv();
   * } // stopped here
   * ```
   */
  [Symbol.dispose](): void {
    this.stop();
  }

  #start(ms: number, what: string): LongInterval {
    if (!(checkMs(ms, what) > 0)) throw new RangeError(`non-positive interval for ${what}`);
    // Idle while a tick waits unreceived: another one would be dropped (a synctest bubble skips it).
    return setLongInterval(() => this.#ch.trySend(new Date(wallNow())), ms, () => this.#ch.len > 0);
  }
}
