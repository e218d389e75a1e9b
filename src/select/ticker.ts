/**
 * Ticker: Go's `time.Ticker`. Its channel `C` (capacity 1) receives the time
 * every interval; a receiver that falls behind misses ticks rather than
 * queueing them, as in Go. The interval runs until `stop()`, as Go's does
 * until `Stop` (in JavaScript a running interval also keeps Node alive).
 */
import type { RecvChannel } from "../channel/index.js";
import { Channel } from "../channel/internal.js";
import { checkMs } from "./duration.js";

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
  private readonly ch = new Channel<Date>(1);
  private interval: ReturnType<typeof setInterval>;

  /** The channel on which ticks are delivered: Go's `ticker.C`. */
  readonly C: RecvChannel<Date> = this.ch.recvOnly();

  /** @throws RangeError if `ms` is not positive: Go's `non-positive interval for NewTicker`. */
  constructor(ms: number) {
    this.interval = this.start(ms, "NewTicker");
  }

  /**
   * Stops the ticker: no more ticks are sent. Like Go, it does not close `C`.
   *
   * @example
   * ```ts
   * const ticker = new Ticker(100);
   * ticker.stop();
   * ```
   */
  stop(): void {
    clearInterval(this.interval);
  }

  /**
   * Stops the ticker and restarts it with a new interval: Go's `ticker.Reset(d)`.
   *
   * @example
   * ```ts
   * ticker.reset(1000); // from now on, once a second
   * ```
   */
  reset(ms: number): void {
    const next = this.start(ms, "Ticker.Reset");
    clearInterval(this.interval);
    this.interval = next;
  }

  /** Stops the ticker: what `using` calls at scope end. */
  [Symbol.dispose](): void {
    this.stop();
  }

  private start(ms: number, what: string): ReturnType<typeof setInterval> {
    if (!(checkMs(ms, what) > 0)) throw new RangeError(`non-positive interval for ${what}`);
    return setInterval(() => this.ch.trySend(new Date()), ms);
  }
}
