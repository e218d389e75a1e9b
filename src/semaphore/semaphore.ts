/**
 * Semaphore: Go's `golang.org/x/sync/semaphore.Weighted`, a weighted
 * semaphore with FIFO waiters.
 *
 * Its own folder, as its own Go package, beside `waitgroup/`: it parks
 * through the kernel's wait list like every sync primitive, and `errgroup/`
 * builds its limit on it.
 *
 * FIFO without barging: a request is granted only when it fits and every
 * request ahead of it has been granted, so a large request is not starved by
 * a stream of small ones. When a waiter leaves (aborted), the ones behind it
 * are looked at again, since the head may have been what held them up.
 *
 * Invariant: 0 <= held <= size; waiters exist only while the head does not fit.
 */
import type { OpOptions } from "../channel/index.js";
import { signalOf } from "../kernel/options.js";
import { ready } from "../kernel/pace.js";
import { DETAIL } from "../kernel/trace.js";
import { WaitList, WAITERS } from "../kernel/waitlist.js";
import { ReleasedMoreThanHeldError } from "./errors.js";

/** The held weight, for gochan's own tests. */
export const HELD: unique symbol = Symbol.for("gochan.held") as never;

/**
 * A weighted semaphore: Go's `semaphore.NewWeighted(size)`.
 *
 * @example
 * ```ts
 * const sem = new Semaphore(3); // at most 3 downloads at once
 * await Promise.all(urls.map(async (url) => {
 *   await sem.acquire();
 *   try { await download(url); } finally { sem.release(); }
 * }));
 * ```
 */
export class Semaphore {
  #held = 0;
  // The leaver of an aborted wait may have been what held the others up.
  readonly #waiting = new WaitList(() => this.#notify());

  /** @throws RangeError if `size` is not a positive safe integer. */
  constructor(
    /** The semaphore's size: the most weight it can hold at once. */
    readonly size: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new RangeError(`semaphore: size must be a positive safe integer, got ${String(size)}`);
    }
  }

  /**
   * Acquires `n`, waiting until it fits and every earlier request is served:
   * Go's `sem.Acquire(ctx, n)`.
   *
   * - Cancellation: if `signal` aborts first, rejects with `signal.reason`
   *   and takes nothing (X1); nothing stays registered (X2).
   *
   * @throws RangeError at the call if `n` is not a positive safe integer or
   *   exceeds `size` (it could never be granted).
   * @throws TypeError at the call if `signal` is not an AbortSignal; nothing is taken.
   *
   * @example
   * ```ts
   * await sem.acquire(2, { signal: AbortSignal.timeout(1000) });
   * ```
   */
  acquire(n = 1, options?: OpOptions): Promise<void> {
    this.#check(n);
    const signal = signalOf(options, "semaphore: acquire");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (this.#waiting.size === 0 && this.#held + n <= this.size) {
      this.#held += n;
      return ready();
    }
    return this.#waiting.park<void>(n, signal, "semaphore acquire", this);
  }

  /**
   * Acquires `n` only if that needs no waiting: Go's `sem.TryAcquire(n)`.
   * Fails while others wait, so it does not jump the queue.
   *
   * @example
   * ```ts
   * if (!sem.tryAcquire()) console.log("busy, try later");
   * ```
   */
  tryAcquire(n = 1): boolean {
    this.#check(n);
    if (this.#waiting.size > 0 || this.#held + n > this.size) return false;
    this.#held += n;
    return true;
  }

  /**
   * Releases `n`: Go's `sem.Release(n)`. Waiters that now fit are granted, in order.
   *
   * @throws ReleasedMoreThanHeldError `semaphore: released more than held` (Go's panic) if `n`
   *   exceeds what is held; nothing is released.
   *
   * @example
   * ```ts
   * sem.release(2);
   * ```
   */
  release(n = 1): void {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`semaphore: release needs a positive safe integer, got ${String(n)}`);
    if (n > this.#held) throw new ReleasedMoreThanHeldError();
    this.#held -= n;
    this.#notify();
  }

  /** Held weight now. @internal */
  get [HELD](): number {
    return this.#held;
  }

  /** What a deadlock report says of this semaphore. @internal */
  get [DETAIL](): string {
    return `Semaphore size ${this.size}, held ${this.#held}, ${this.#waiting.size} waiting`;
  }

  /** @internal */
  get [WAITERS](): number {
    return this.#waiting.size;
  }

  #notify(): void {
    // A waiter's kind is its weight.
    for (const w of this.#waiting.values()) {
      if (this.#held + w.kind > this.size) return; // FIFO: nobody passes the head
      this.#held += w.kind;
      w.grant(undefined);
    }
  }

  #check(n: number): void {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new RangeError(`semaphore: weight must be a positive safe integer, got ${String(n)}`);
    }
    if (n > this.size) throw new RangeError(`semaphore: weight ${n} exceeds the semaphore's size ${this.size}`);
  }
}
