/**
 * Limiter: Go's `golang.org/x/time/rate.Limiter`, a token bucket, and the
 * calls a user makes on it.
 *
 * The bucket is Go's (bucket.ts). What gochan adds is the line (line.ts,
 * L2, L4). Go's `WaitN` reserves at once and sleeps a fixed delay, so a
 * wait made before `SetLimit` keeps its old delay, an aborted wait gives
 * back only what later reservations did not count on, and a wait cannot be
 * one case of a select. Here a wait that cannot act at once parks in a FIFO
 * line and takes its tokens only when it is served. So:
 * - a change of rate or burst re-arms the line's timer: waiters re-evaluate
 *   at once (L4);
 * - an aborted wait, or a select case that lost, leaves the line having
 *   taken nothing, and the waits behind it move up (X1, S1);
 * - the figures Go shows are unchanged: tokens(), allow() and reserve()
 *   count the tokens of everyone in the line as taken already, exactly as
 *   Go's early reservations would have, so while nobody's wait is
 *   re-timed, every answer and every time to act is Go's.
 *
 * This file decides, call by call, whether a call acts at once on the
 * bucket or joins the line; a call acts at once only when nobody is in
 * line. The clock is gochan's seam (src/time/duration.ts), so in a synctest
 * bubble all of it runs on virtual time.
 */
import type { RecvChannel } from "../channel/index.js";
import { signalOf, traceWait, tracing, watchAbort } from "../channel/internal.js";
import { now, wallNow } from "../time/duration.js";
import { Bucket } from "./bucket.js";
import { type Claim, DROP, HeldClaim, WaitClaim } from "./claim.js";
import { ExceedsBurstError, ExceedsDeadlineError } from "./errors.js";
import { checkBurst, checkLimit, checkN, durationFrom, Inf, type Limit } from "./limit.js";
import { Line } from "./line.js";
import { BOOK, CANCEL, Reservation } from "./reservation.js";
import { ready } from "../kernel/pace.js";
import { deadlineOf, type WaitOptions } from "./wait.js";
import { type CaseClaim, ENQUEUE_CASE, READY_NOW, ReadyChannel, TAKE_NOW } from "./ready.js";
import { DETAIL } from "../kernel/trace.js";
import { WAITERS } from "../kernel/waitlist.js";

/** Whether a limiter has a timer armed, for gochan's tests. */
export const ARMED: unique symbol = Symbol.for("gochan.rateArmed") as never;

/**
 * A rate limiter: Go's `rate.Limiter`, a token bucket of `burst` tokens,
 * full at the start and refilled at `limit` tokens per second (L1).
 *
 * - `allow(n)` takes `n` tokens if they are there now, and never waits (Go's `Allow`/`AllowN`).
 * - `wait(n, { signal })` waits until `n` tokens can be taken, in the order
 *   the waits were made (Go's `Wait`/`WaitN`, L2).
 * - `reserve(n)` takes `n` tokens now, even before they exist, and says how
 *   long to wait before acting (Go's `Reserve`/`ReserveN`, L3).
 * - `ready(n)` is the limiter as a `select` case (L4).
 *
 * Go's `AllowN(time.Now(), n)`, `WaitN(ctx, n)` and `ReserveN(time.Now(), n)`
 * are `allow(n)`, `wait(n)` and `reserve(n)`, with `n` defaulting to 1, as
 * `Semaphore.acquire(n)` does. Time is gochan's clock: inside a synctest
 * bubble, the bubble's virtual clock.
 *
 * @throws RangeError if `limit` is NaN or negative, or `burst` is not a non-negative safe integer.
 *
 * @example
 * ```ts
 * import { Limiter, every } from "gochan/rate";
 *
 * const lim = new Limiter(every(100), 3); // rate.NewLimiter(rate.Every(100*time.Millisecond), 3)
 * for (const url of urls) {
 *   await lim.wait();                     // lim.Wait(ctx)
 *   void fetch(url);
 * }
 * ```
 */
export class Limiter {
  readonly #bucket: Bucket;
  readonly #line: Line;

  /**
   * @param limit events per second ({@link Inf} for no limit, `every(ms)` for one event per `ms`).
   * @param burst the most tokens the bucket holds, and so the largest `n` any call can take.
   */
  constructor(limit: Limit, burst: number) {
    this.#bucket = new Bucket(checkLimit(limit, "rate: NewLimiter"), checkBurst(burst, "rate: NewLimiter"), now());
    this.#line = new Line(this.#bucket);
  }

  /**
   * The rate, in events per second: Go's `lim.Limit()`.
   *
   * @example
   * ```ts
   * console.log(new Limiter(every(250), 1).limit); // 4
   * ```
   */
  get limit(): Limit {
    return this.#bucket.limit;
  }

  /**
   * The burst: the most tokens the bucket holds, and the largest `n` a
   * call can take. Go's `lim.Burst()`.
   *
   * @example
   * ```ts
   * console.log(new Limiter(10, 5).burst); // 5
   * ```
   */
  get burst(): number {
    return this.#bucket.burst;
  }

  /**
   * The tokens available now: Go's `lim.Tokens()`. Negative while
   * reservations, and the waits in line, owe tokens that have not been
   * refilled yet.
   *
   * @example
   * ```ts
   * const lim = new Limiter(10, 3);
   * lim.allow(2);
   * console.log(lim.tokens()); // 1
   * ```
   */
  tokens(): number {
    return this.#bucket.advance(now()) - this.#line.queued;
  }

  /**
   * Takes `n` tokens if they are there now, and says whether it did: Go's
   * `lim.Allow()` and `lim.AllowN(time.Now(), n)` (L1). It never waits, and
   * never takes tokens that a wait in line is waiting for.
   *
   * @throws RangeError if `n` is not a non-negative safe integer.
   *
   * @example
   * ```ts
   * if (!lim.allow()) return new Response("slow down", { status: 429 });
   * ```
   */
  allow(n = 1): boolean {
    checkN(n, "rate: Limiter.allow");
    return this[TAKE_NOW](n);
  }

  /**
   * Takes `n` tokens now, before they are there if need be, and returns a
   * {@link Reservation} that says how long to wait before acting: Go's
   * `lim.Reserve()` and `lim.ReserveN(time.Now(), n)` (L3). Not OK (and
   * nothing taken) if `n` exceeds the burst.
   *
   * @throws RangeError if `n` is not a non-negative safe integer.
   *
   * @example
   * ```ts
   * const r = lim.reserve();
   * if (!r.ok) throw new Error("n exceeds the burst");
   * await sleep(r.delay());
   * act();
   * ```
   */
  reserve(n = 1): Reservation {
    checkN(n, "rate: Limiter.reserve");
    const t = now();
    const b = this.#bucket;
    if (b.limit === Inf) return new Reservation(this, true, n, t, 0);
    if (n > b.burst) return new Reservation(this, false, 0, t, b.limit);
    const tokens = b.advance(t);
    const after = tokens - this.#line.queued - n;
    const wait = after < 0 ? durationFrom(-after, b.limit) : 0;
    const r = new Reservation(this, true, n, t + wait, b.limit);
    if (this.#line.empty) b.take(t, tokens - n, r[BOOK].timeToAct);
    else {
      r[BOOK].held = new HeldClaim(r);
      this.#line.enqueue(r[BOOK].held);
    }
    return r;
  }

  /**
   * Waits until `n` tokens can be taken, then takes them: Go's
   * `lim.Wait(ctx)` and `lim.WaitN(ctx, n)` (L2). Waits are served in the
   * order they were made; `allow` and `reserve` never pass them.
   *
   * - Rejects at once with {@link ExceedsBurstError} if `n` exceeds the
   *   burst (unless the rate is {@link Inf}), as Go's does; and later, if
   *   `setBurst` lowers the burst below `n` while it waits (L4).
   * - `deadline`: rejects at once with {@link ExceedsDeadlineError}, taking
   *   nothing, if the wait could not end by then (Go's context deadline).
   * - A change of rate or burst applies to a parked wait at once (L4).
   * - Cancellation: if `signal` aborts first, rejects with `signal.reason`
   *   and takes nothing; the waits behind it move up (X1). Nothing stays
   *   registered (X2).
   *
   * @throws RangeError at the call if `n` is not a non-negative safe integer
   *   or `deadline` is not a time; TypeError if `signal` is not an AbortSignal.
   *
   * @example
   * ```ts
   * const lim = new Limiter(2, 1);      // 2 requests a second
   * for (const job of jobs) {
   *   await lim.wait(1, { signal });    // if err := lim.Wait(ctx); err != nil { return err }
   *   await call(job);
   * }
   * ```
   */
  wait(n = 1, options?: WaitOptions): Promise<void> {
    checkN(n, "rate: Limiter.wait");
    const signal = signalOf(options, "rate: Limiter.wait");
    const deadline = deadlineOf(options);
    const b = this.#bucket;
    if (n > b.burst && b.limit !== Inf) return Promise.reject(new ExceedsBurstError(n, b.burst));
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (b.limit === Inf) return ready();
    const t = now();
    const tokens = b.advance(t);
    const after = tokens - this.#line.queued - n;
    if (deadline !== undefined && (after < 0 ? durationFrom(-after, b.limit) : 0) > deadline - wallNow()) {
      return Promise.reject(new ExceedsDeadlineError(n));
    }
    if (this.#line.empty && after >= 0) {
      b.take(t, tokens - n, t);
      return ready();
    }
    const p = new Promise<void>((resolve, reject) => {
      const c = new WaitClaim(n, this, resolve, reject, signal);
      this.#line.enqueue(c);
      if (signal !== undefined) watchAbort(signal, c);
    });
    return tracing() ? traceWait(p, "rate.Limiter.Wait", this) : p;
  }

  /**
   * The limiter as a receive-only channel, for `select` (L4): it can be
   * received from whenever `n` tokens can be taken, and receiving takes
   * them and yields `n`. A parked receive waits in line with the waits; a
   * select case that loses takes nothing. While `n` exceeds the burst
   * (lowered after this call) its receives cannot proceed, as a nil
   * channel's, and do not hold up the line.
   *
   * @throws RangeError if `n` is not a non-negative safe integer;
   *   ExceedsBurstError if `n` exceeds the burst now (and the rate is not Inf).
   *
   * @example
   * ```ts
   * await select([
   *   recv(lim.ready(), () => send(request)),      // a token came first
   *   recv(ctx.done(), () => console.log("gave up")),
   * ]);
   * ```
   */
  ready(n = 1): RecvChannel<number> {
    checkN(n, "rate: Limiter.ready");
    if (n > this.#bucket.burst && this.#bucket.limit !== Inf) throw new ExceedsBurstError(n, this.#bucket.burst);
    return new ReadyChannel(this, n).recvOnly();
  }

  /**
   * Changes the rate: Go's `lim.SetLimit(newLimit)`. Tokens refilled so far
   * count at the old rate; from now on, at the new one. Waits in line are
   * re-timed at once (L4): a faster rate serves them sooner, {@link Inf}
   * serves them all now, 0 holds them until the rate changes again.
   *
   * @throws RangeError if `newLimit` is NaN or negative.
   *
   * @example
   * ```ts
   * if (res.status === 429) lim.setLimit(lim.limit / 2); // back off
   * ```
   */
  setLimit(newLimit: Limit): void {
    checkLimit(newLimit, "rate: Limiter.setLimit");
    this.#bucket.advanceTo(now());
    this.#bucket.limit = newLimit;
    this.#line.pump();
  }

  /**
   * Changes the burst: Go's `lim.SetBurst(newBurst)`. The bucket never
   * holds more than the new burst. Applies to waiters at once (L4): a wait
   * whose `n` now exceeds the burst rejects with {@link ExceedsBurstError};
   * a parked `ready(n)` case that no longer fits waits, out of the line,
   * until the burst grows again.
   *
   * @throws RangeError if `newBurst` is not a non-negative safe integer.
   *
   * @example
   * ```ts
   * lim.setBurst(10); // allow bigger bursts from now on
   * ```
   */
  setBurst(newBurst: number): void {
    checkBurst(newBurst, "rate: Limiter.setBurst");
    this.#bucket.advanceTo(now());
    this.#bucket.burst = newBurst;
    this.#line.refit(newBurst);
    this.#line.pump();
  }

  /** What `blocked()` and the deadlock report say of this limiter. @internal */
  get [DETAIL](): string {
    const rate = this.#bucket.limit === Inf ? "Inf" : `${this.#bucket.limit}/s`;
    return `rate.Limiter ${rate}, burst ${this.#bucket.burst}, tokens ${this.tokens().toFixed(2)}, ${this.#line.waiting} waiting`;
  }

  /** Whether a timer is armed for the line (tests: nothing left behind). @internal */
  get [ARMED](): boolean {
    return this.#line.armed;
  }

  /** Claims parked now, in line or dormant. @internal */
  get [WAITERS](): number {
    return this.#line.waiting;
  }

  /** Whether `n` tokens could be taken now, with nobody in line. @internal */
  [READY_NOW](n: number): boolean {
    const b = this.#bucket;
    if (b.limit === Inf) return true;
    if (n > b.burst || !this.#line.empty) return false;
    return b.advance(now()) >= n;
  }

  /** Takes `n` tokens now if it could. @internal */
  [TAKE_NOW](n: number): boolean {
    const b = this.#bucket;
    if (b.limit === Inf) return true;
    if (n > b.burst || !this.#line.empty) return false;
    const t = now();
    const left = b.advance(t) - n;
    if (left < 0) return false;
    b.take(t, left, t);
    return true;
  }

  /** A case parked on `ready(n)`: into the line, or dormant if it does not fit the burst. @internal */
  [ENQUEUE_CASE](c: CaseClaim): void {
    this.#line.enqueueCase(c);
  }

  /** Takes a claim out of the line (an abort, a case that lost), having taken nothing. @internal */
  [DROP](c: Claim): void {
    this.#line.drop(c);
  }

  /** Go's `Reservation.CancelAt(time.Now())`. @internal */
  [CANCEL](r: Reservation): void {
    if (!r.ok || r[BOOK].cancelled) return;
    const t = now();
    if (this.#bucket.limit === Inf || r[BOOK].tokens === 0 || r[BOOK].timeToAct < t) return;
    r[BOOK].cancelled = true;
    if (r[BOOK].held !== null) {
      // Still in line behind waits: it has taken nothing yet, so it gives
      // nothing back, and the claims behind it move up.
      const c = r[BOOK].held;
      r[BOOK].held = null;
      this.#line.drop(c);
      return;
    }
    // What came back may serve the head of the line.
    if (this.#bucket.giveBack(r[BOOK], t)) this.#line.pump();
  }
}
