/**
 * Cond: Go's `sync.Cond`, a place where tasks wait for a condition to
 * change, with a Locker that guards the condition.
 *
 * Go's Cond keeps a ticket list: `Wait` takes a ticket, unlocks `L`, and
 * parks until its ticket is notified; `Signal` notifies the oldest ticket,
 * `Broadcast` every ticket taken so far. Here the list is the WaitList that
 * Mutex and RWMutex park on (src/sync/waitlist.ts), so a waiter is FIFO,
 * leaves from the middle in O(1) when its signal aborts, and is listed by
 * `blocked()` and the deadlock report as `sync.Cond.Wait`, Go's own wait
 * reason. Unlocking `L` and joining the list happen in one synchronous
 * step, so no `signal()` can fall between them: Go needs its tickets for
 * that; one thread gets it for free.
 *
 * A waiter that is notified leaves the list at that moment (granted), then
 * relocks `L`: while it waits for the lock it is a Mutex waiter, not a
 * Cond waiter, so a later `signal()` wakes somebody else, as in Go.
 */
import type { OpOptions } from "../channel/index.js";
import { signalOf } from "../kernel/options.js";
import type { Locker } from "./locker.js";
import { WaitList, WAITERS } from "../kernel/waitlist.js";
import { DETAIL } from "../kernel/trace.js";

/**
 * A condition variable: Go's `sync.Cond`. Tasks that hold `L` wait in
 * `wait()` for the condition to change; whoever changes it calls
 * `signal()` (wake the oldest waiter) or `broadcast()` (wake them all).
 *
 * As in Go, `wait()` unlocks `L` while it waits and locks it again before
 * it returns, so the caller always holds `L` around it, and the condition
 * must be checked in a loop: another task may have changed it again before
 * the woken one got the lock.
 *
 * @throws TypeError if `locker` has no `lock` and `unlock` methods.
 *
 * @example
 * ```ts
 * const mu = new Mutex();
 * const ready = new Cond(mu);        // sync.NewCond(&mu)
 * const queue: string[] = [];
 *
 * async function take(): Promise<string> {
 *   await mu.lock();
 *   try {
 *     while (queue.length === 0) await ready.wait(); // for len(queue) == 0 { ready.Wait() }
 *     return queue.shift()!;
 *   } finally {
 *     mu.unlock();
 *   }
 * }
 *
 * async function put(s: string) {
 *   using _ = await mu.lock();
 *   queue.push(s);
 *   ready.signal();
 * }
 * ```
 */
export class Cond {
  readonly #waiting = new WaitList();

  /**
   * @param L the Locker that guards the condition: a `Mutex`, an
   *   `RWMutex` (its write lock), `rw.rLocker()`, or anything with
   *   `lock()` and `unlock()`. Go's field `c.L`.
   */
  constructor(
    /** The Locker held while observing or changing the condition: Go's `c.L`. */
    readonly L: Locker,
  ) {
    if (L === null || typeof L !== "object" || typeof L.lock !== "function" || typeof L.unlock !== "function") {
      throw new TypeError("sync: NewCond needs a Locker (an object with lock() and unlock()), such as a Mutex");
    }
  }

  /**
   * Unlocks `L`, waits until `signal()` or `broadcast()` wakes this task,
   * then locks `L` again before it resolves: Go's `c.Wait()`. The caller
   * must hold `L`. It does not return unless woken, so check the
   * condition in a loop around it.
   *
   * - Waiters are woken in the order they began to wait.
   * - Cancellation (gochan's addition; Go's Wait cannot be cancelled): if
   *   `signal` aborts before a wake-up reaches this waiter, it leaves the
   *   list (so no `signal()` is spent on it), locks `L` again, and only then
   *   rejects with `signal.reason`: as after any return from Go's Wait, the
   *   caller holds `L`, and the unlock in its `finally` or `using` stays
   *   right. A signal that has already aborted rejects at once, and `L` is
   *   never unlocked (X1). Nothing stays registered (X2).
   *
   * @throws the Locker's own error at the call, as Go's `c.L.Unlock()`
   *   would panic, if `L` is not locked (`sync: unlock of unlocked mutex`
   *   for a Mutex); nothing is registered. TypeError if `signal` is not an
   *   AbortSignal.
   *
   * @example
   * ```ts
   * await mu.lock();
   * while (!done) await cond.wait({ signal: AbortSignal.timeout(5000) }); // throws on timeout, holding mu
   * mu.unlock();
   * ```
   */
  wait(options?: OpOptions): Promise<void> {
    const signal = signalOf(options, "sync: Cond.wait");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    // Unlock, then join the list, in one synchronous step: nothing can
    // signal in between. A Locker that is not locked throws here, before
    // anything is registered.
    this.L.unlock();
    const woken = this.#waiting.park<void>(0, signal, "sync.Cond.Wait", this);
    return woken.then(
      () => this.#relock(),
      async (reason: unknown) => {
        await this.#relock();
        throw reason;
      },
    );
  }

  /**
   * Wakes the task that has waited longest, if any: Go's `c.Signal()`.
   * Holding `L` while calling it is allowed, not required.
   *
   * @example
   * ```ts
   * using _ = await mu.lock();
   * queue.push(job);
   * cond.signal(); // one taker wakes
   * ```
   */
  signal(): void {
    this.#waiting.first()?.grant(undefined);
  }

  /**
   * Wakes every task waiting now: Go's `c.Broadcast()`. A task that starts
   * to wait after it is not woken by it.
   *
   * @example
   * ```ts
   * using _ = await mu.lock();
   * closed = true;
   * cond.broadcast(); // every waiter rechecks, and sees closed
   * ```
   */
  broadcast(): void {
    for (const w of this.#waiting.all()) w.grant(undefined);
  }

  /** What `blocked()` and the deadlock report say of this Cond. @internal */
  get [DETAIL](): string {
    return `sync.Cond, ${this.#waiting.size} waiting`;
  }

  /** Tasks waiting in `wait()` (not those relocking). @internal */
  get [WAITERS](): number {
    return this.#waiting.size;
  }

  async #relock(): Promise<void> {
    await this.L.lock();
  }
}
