/**
 * Timer: Go's `time.NewTimer`, with Go 1.23's semantics: once `stop()` or
 * `reset()` returns, no value from before it is received.
 *
 * The timer's channel is a channel flavor (see src/channel/channel.ts). Its
 * value is due at a fixed deadline, but a real timeout runs only while some
 * receiver is parked: anyone who looks after the deadline (a poll, `len`, a
 * new receiver) finds the value there, and a select that finishes by another
 * case withdraws its receiver, which clears the timeout at once (X2). Go 1.23
 * does the same: a timer channel nobody waits on is not in the timer heap.
 *
 * Stop and reset drain a value that fired but was not received, and count
 * it as pending, as Go 1.23's `Stop` does: so `stop()` is true exactly when
 * the program has not received this arming's value and had not stopped it.
 *
 * Invariant: a value is buffered only after its deadline passed; while
 * `deadline` is not null, no value of this arming has been delivered.
 */
import type { RecvChannel } from "../channel/index.js";
import { CAN_RECV, Channel, PARK_RECV, QUEUES, RECV_NOW, SEND_NOW, SIZE, UNPARK, type Waiter } from "../channel/internal.js";
import { checkMs, now, wallNow } from "./duration.js";
import { clearLongTimeout, setLongTimeout, type LongTimeout } from "./timeout.js";

/** The channel of a timer (and of `after`): one value, once its deadline has passed. */
export class TimerChannel extends Channel<Date> {
  /** When the next value is due, on the monotonic clock; null once fired or stopped. */
  #deadline: number | null;
  #timer: LongTimeout | null = null;

  constructor(ms: number) {
    super(1);
    this.#deadline = now() + Math.max(0, ms); // Go: a negative duration fires at once
  }

  override [SIZE](): number {
    this.#due();
    return super[SIZE]();
  }

  override [CAN_RECV](): boolean {
    this.#due();
    return super[CAN_RECV]();
  }

  override [RECV_NOW]() {
    this.#due();
    return super[RECV_NOW]();
  }

  override [PARK_RECV](w: Waiter<Date>): void {
    super[PARK_RECV](w);
    this.#arm();
  }

  override [UNPARK](w: Waiter<Date>): void {
    super[UNPARK](w);
    if (this[QUEUES].recv === null) this.#disarm();
  }

  /** Go's `Stop`: no value of this arming is received after it returns. */
  stop(): boolean {
    let pending = this.#deadline !== null;
    this.#deadline = null;
    this.#disarm();
    if (super[SIZE]() > 0) {
      super[RECV_NOW](); // fired, never received: stale now, so dropped (Go 1.23)
      pending = true;
    }
    return pending;
  }

  /** Go's `Reset`: stops, then arms again to fire `ms` from now. */
  reset(ms: number): boolean {
    const pending = this.stop();
    this.#deadline = now() + Math.max(0, ms);
    if (this[QUEUES].recv !== null) this.#arm();
    return pending;
  }

  #arm(): void {
    if (this.#deadline !== null && this.#timer === null) {
      this.#timer = setLongTimeout(() => this.#fire(), this.#deadline - now());
    }
  }

  #disarm(): void {
    if (this.#timer !== null) {
      clearLongTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #due(): void {
    if (this.#deadline !== null && now() >= this.#deadline) this.#fire();
  }

  #fire(): void {
    if (this.#deadline === null) return;
    // Go sends the time the timer was due, not the time someone looked.
    const late = Math.max(0, now() - this.#deadline);
    this.#deadline = null;
    this.#disarm();
    this[SEND_NOW](new Date(wallNow() - late));
  }
}

/**
 * A timer that sends the time on `C` once, `ms` milliseconds from now: Go's
 * `time.NewTimer(d)`. Unlike `after(ms)`, it can be stopped and re-armed.
 *
 * Go 1.23 semantics (T2, T3): once `stop()` or `reset()` has returned, `C`
 * yields no value from before it, so the Go idiom of draining `t.C` after
 * `Stop` is never needed. `using t = new Timer(ms)` stops it at scope end,
 * Go's `defer t.Stop()`.
 *
 * @example
 * ```ts
 * const t = new Timer(1000);            // t := time.NewTimer(time.Second)
 * await select([
 *   recv(results, (r) => console.log("result", r)),
 *   recv(t.C, () => console.log("timeout")),
 * ]);
 * t.stop();
 * ```
 */
export class Timer implements Disposable {
  readonly #ch: TimerChannel;
  /** Where the time is sent when the timer fires: Go's `t.C`, receive-only. */
  readonly C: RecvChannel<Date>;

  /** @throws RangeError if `ms` is not a number (NaN, +Infinity); zero or negative fires at once. */
  constructor(ms: number) {
    this.#ch = new TimerChannel(checkMs(ms, "NewTimer"));
    this.C = this.#ch.recvOnly();
  }

  /**
   * Stops the timer: Go's `t.Stop()`. Returns true if that kept its value
   * from being received (it had not fired, or had fired but nobody received
   * it yet); false if it had already been received or the timer was stopped.
   * Once it returns, `C` yields nothing until a `reset` (T2).
   *
   * @example
   * ```ts
   * const t = new Timer(1000);
   * if (t.stop()) console.log("stopped before it fired");
   * ```
   */
  stop(): boolean {
    return this.#ch.stop();
  }

  /**
   * Re-arms the timer to fire `ms` from now: Go's `t.Reset(d)`. Returns true
   * if the timer was still pending (as `stop()` counts it). Once it returns,
   * no value of the earlier arming is received (T3).
   *
   * @throws RangeError if `ms` is not a number (NaN, +Infinity).
   *
   * @example
   * ```ts
   * const idle = new Timer(5000);
   * for await (const msg of messages) {
   *   idle.reset(5000); // every message pushes the idle timeout back
   *   console.log(msg);
   * }
   * ```
   */
  reset(ms: number): boolean {
    return this.#ch.reset(checkMs(ms, "Timer.Reset"));
  }

  /**
   * Stops the timer: what `using` calls at scope end (Go's `defer t.Stop()`).
   *
   * @example
   * ```ts
   * {
   *   using t = new Timer(1000);
   *   await select([recv(jobs), recv(t.C)]);
   * } // stopped here
   * ```
   */
  [Symbol.dispose](): void {
    this.#ch.stop();
  }
}
