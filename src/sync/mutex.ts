/**
 * Mutex: Go's `sync.Mutex`, always in what Go calls starvation mode.
 *
 * Go's mutex lets a newly arriving goroutine barge ahead of woken waiters
 * for throughput, and switches to handing the lock straight to the oldest
 * waiter once one has waited over 1 ms. In a single-threaded event loop
 * barging buys nothing (there is no spinning, and a woken waiter runs on the
 * next microtask), so `unlock()` always hands the mutex to the oldest waiter
 * and no waiter starves (M2).
 *
 * A lock taken without waiting counts toward the event-loop policy of
 * src/channel/pace.ts (D1), like a channel operation that completes at
 * once: a task that relocks in a loop that never waits would otherwise hold
 * the microtask queue, and with it every timer and I/O callback.
 *
 * Invariant: waiters are parked only while the mutex is locked; handing it
 * over keeps it locked, so between the hand-off and the new holder's resume
 * no `tryLock()` can slip in.
 */
import type { OpOptions } from "../channel/index.js";
import { signalOf } from "../kernel/options.js";
import { ready } from "../kernel/pace.js";
import { DETAIL } from "../kernel/trace.js";
import { UnlockOfUnlockedMutexError } from "./errors.js";
import { Locked } from "./locked.js";
import type { Locker } from "./locker.js";
import { WaitList, WAITERS } from "../kernel/waitlist.js";

/**
 * A mutual exclusion lock: Go's `sync.Mutex`. The zero value of Go is
 * `new Mutex()`, unlocked. Any task may unlock it, as in Go (a mutex is not
 * tied to the task that locked it).
 *
 * @example
 * ```ts
 * const mu = new Mutex();
 * let balance = 0;
 * async function deposit(n: number) {
 *   using _ = await mu.lock(); // mu.Lock(); defer mu.Unlock()
 *   const b = balance;
 *   await saveAudit(n);        // other tasks run here, but not in this section
 *   balance = b + n;
 * }
 * ```
 */
export class Mutex implements Locker {
  #locked = false;

  /** What `blocked()` and the deadlock report say of this mutex. @internal */
  get [DETAIL](): string {
    return `Mutex ${this.#locked ? "locked" : "unlocked"}, ${this.#waiting.size} waiting`;
  }
  readonly #waiting = new WaitList();

  /**
   * Locks the mutex, waiting while another holder has it: Go's `mu.Lock()`.
   * Waiters get it in the order they asked (M2). Resolves to a
   * {@link Locked} that `using` unlocks at scope end.
   *
   * - Cancellation: if `signal` aborts before the mutex is handed over, rejects
   *   with `signal.reason` and takes nothing; the next waiter is not held up
   *   (M5, X1). Nothing stays registered (X2).
   *
   * @example
   * ```ts
   * await mu.lock({ signal: AbortSignal.timeout(1000) }); // give up after 1 s
   * try { critical(); } finally { mu.unlock(); }
   * ```
   */
  lock(options?: OpOptions): Promise<Locked> {
    const signal = signalOf(options, "sync: Mutex.lock");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (!this.#locked) {
      this.#locked = true;
      return ready(new Locked(this));
    }
    return this.#waiting.park<Locked>(0, signal, "mutex lock", this);
  }

  /**
   * Locks the mutex only if that needs no waiting: Go's `mu.TryLock()`.
   * False while it is held or others wait for it, so it never jumps the queue (M2).
   *
   * @example
   * ```ts
   * if (mu.tryLock()) {
   *   try { flush(); } finally { mu.unlock(); }
   * }
   * ```
   */
  tryLock(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    return true;
  }

  /**
   * Unlocks the mutex: Go's `mu.Unlock()`. The oldest waiter, if any, gets it
   * at once (M2).
   *
   * @throws UnlockOfUnlockedMutexError (`sync: unlock of unlocked mutex`) if it is not locked (M1).
   *
   * @example
   * ```ts
   * await mu.lock();
   * try { count++; } finally { mu.unlock(); }
   * ```
   */
  unlock(): void {
    if (!this.#locked) throw new UnlockOfUnlockedMutexError();
    const next = this.#waiting.first();
    if (next === undefined) this.#locked = false;
    else next.grant(new Locked(this)); // handed over: stays locked
  }

  /** Tasks waiting in `lock()`. @internal */
  get [WAITERS](): number {
    return this.#waiting.size;
  }
}
