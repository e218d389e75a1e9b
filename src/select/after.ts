/**
 * after(ms): Go's `time.After`, a channel that receives the time once `ms`
 * have passed.
 *
 * A channel flavor (see src/channel/channel.ts): the deadline is fixed at the
 * call, but a real timer runs only while some receiver is parked on the
 * channel. A select that finishes by another case withdraws its receiver, and
 * with the last receiver gone the timer is cleared at once: nothing outlives
 * the select (X2). Anyone who looks after the deadline (a poll, `len`, a new
 * receiver) finds the value there, as in Go.
 */
import type { RecvChannel } from "../channel/index.js";
import { Channel, type Waiter } from "../channel/internal.js";
import { checkMs, now } from "./duration.js";

class After extends Channel<Date> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fired = false;

  constructor(private readonly deadline: number) {
    super(1);
  }

  override get len(): number {
    this.due();
    return super.len;
  }

  override canRecv(): boolean {
    this.due();
    return super.canRecv();
  }

  override recvNow() {
    this.due();
    return super.recvNow();
  }

  override parkRecv(w: Waiter<Date>): void {
    super.parkRecv(w);
    if (!this.fired && this.timer === null) {
      this.timer = setTimeout(() => this.fire(), Math.max(0, this.deadline - now()));
    }
  }

  override unpark(w: Waiter<Date>): void {
    super.unpark(w);
    if (this.timer !== null && this.recvq.size === 0) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private due(): void {
    if (!this.fired && now() >= this.deadline) this.fire();
  }

  private fire(): void {
    this.fired = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.sendNow(new Date());
  }
}

/**
 * A channel that receives the current time once, `ms` milliseconds from now:
 * Go's `time.After(d)`. Use it as a timeout case in `select`; a timer runs
 * only while something waits on it, so an `after` that loses a select costs
 * nothing afterwards.
 *
 * @throws RangeError if `ms` is not a finite number (≤ 0 fires at once, as in Go).
 *
 * @example
 * ```ts
 * await select([
 *   recv(results, (r) => console.log("result", r)),
 *   recv(after(1000), () => console.log("timeout 1")),
 * ]);
 * ```
 */
export function after(ms: number): RecvChannel<Date> {
  return new After(now() + checkMs(ms, "after"));
}
