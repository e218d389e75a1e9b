/**
 * RWMutex: Go's `sync.RWMutex`, any number of readers or one writer (M3).
 *
 * Go's rules for who waits, kept here with one FIFO of waiters:
 * - a reader gets in at once unless a writer holds the lock or waits for it,
 *   so a stream of readers cannot starve a writer;
 * - a writer gets in once no one holds the lock and it is the oldest waiter;
 * - a writer's unlock lets in every reader that waited, before the next
 *   writer (Go releases all readers blocked during the write), so writers
 *   cannot starve readers either.
 *
 * Invariants: `writer` and `readers > 0` never hold together; waiters are
 * parked only while the lock is held, or while readers queue behind a
 * waiting writer. An aborted waiter leaves without taking or losing
 * anything: when a waiting writer leaves, the readers behind it are looked
 * at again, since it may have been all that held them up (M5).
 */
import type { OpOptions } from "../channel/index.js";
import { signalOf } from "../kernel/options.js";
import { ready } from "../kernel/pace.js";
import { RUnlockOfUnlockedRWMutexError, UnlockOfUnlockedRWMutexError } from "./errors.js";
import { Locked, type Unlockable } from "./locked.js";
import type { Locker } from "./locker.js";
import { WaitList, type Waiting } from "../kernel/waitlist.js";

/** The key of an RWMutex's holders and waiters, for gochan's tests. */
export const STATE: unique symbol = Symbol.for("gochan.rwmutexState") as never;

const READER = 0;
const WRITER = 1;

/**
 * A reader/writer mutual exclusion lock: Go's `sync.RWMutex`.
 *
 * @example
 * ```ts
 * const rw = new RWMutex();
 * const cache = new Map<string, string>();
 * async function get(k: string) {
 *   using _ = await rw.rLock(); // rw.RLock(); defer rw.RUnlock()
 *   return cache.get(k);
 * }
 * async function put(k: string, v: string) {
 *   using _ = await rw.lock();  // rw.Lock(); defer rw.Unlock()
 *   cache.set(k, v);
 * }
 * ```
 */
export class RWMutex implements Locker {
  #readers = 0;
  #writer = false;
  /** Writers in the queue: while there is one, new readers wait (M3). */
  #writersWaiting = 0;
  readonly #waiting = new WaitList((w) => this.#onLeave(w));
  readonly #readUnlocker: Unlockable = { unlock: () => this.rUnlock() };

  /**
   * Locks for reading: Go's `rw.RLock()`. Waits while a writer holds the
   * lock or waits for it. Resolves to a {@link Locked} that `using` read-unlocks.
   *
   * - Cancellation: if `signal` aborts first, rejects with `signal.reason`
   *   and takes nothing (M5, X1, X2).
   *
   * @example
   * ```ts
   * await rw.rLock();
   * try { read(); } finally { rw.rUnlock(); }
   * ```
   */
  rLock(options?: OpOptions): Promise<Locked> {
    const signal = signalOf(options, "sync: RWMutex.RLock");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (this.tryRLock()) return ready(new Locked(this.#readUnlocker));
    return this.#waiting.park<Locked>(READER, signal, "rwmutex rlock", this);
  }

  /**
   * Locks for reading only if that needs no waiting: Go's `rw.TryRLock()`.
   *
   * @example
   * ```ts
   * if (rw.tryRLock()) { try { read(); } finally { rw.rUnlock(); } }
   * ```
   */
  tryRLock(): boolean {
    if (this.#writer || this.#writersWaiting > 0) return false;
    this.#readers++;
    return true;
  }

  /**
   * Undoes one `rLock`: Go's `rw.RUnlock()`. The last reader out lets a waiting writer in.
   *
   * @throws RUnlockOfUnlockedRWMutexError (`sync: RUnlock of unlocked RWMutex`) if no reader holds it.
   *
   * @example
   * ```ts
   * rw.rUnlock();
   * ```
   */
  rUnlock(): void {
    if (this.#readers === 0) throw new RUnlockOfUnlockedRWMutexError();
    if (--this.#readers === 0) this.#wake();
  }

  /**
   * Locks for writing: Go's `rw.Lock()`. Waits until no reader or writer
   * holds the lock and every earlier waiter has had its turn; meanwhile new
   * readers wait behind it (M3). Resolves to a {@link Locked} that `using` unlocks.
   *
   * - Cancellation: if `signal` aborts first, rejects with `signal.reason`,
   *   takes nothing, and readers it held back get in (M5, X1, X2).
   *
   * @example
   * ```ts
   * await rw.lock({ signal });
   * try { write(); } finally { rw.unlock(); }
   * ```
   */
  lock(options?: OpOptions): Promise<Locked> {
    const signal = signalOf(options, "sync: RWMutex.Lock");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (this.tryLock()) return ready(new Locked(this));
    this.#writersWaiting++;
    return this.#waiting.park<Locked>(WRITER, signal, "rwmutex lock", this);
  }

  /**
   * Locks for writing only if that needs no waiting: Go's `rw.TryLock()`.
   *
   * @example
   * ```ts
   * if (rw.tryLock()) { try { write(); } finally { rw.unlock(); } }
   * ```
   */
  tryLock(): boolean {
    if (this.#writer || this.#readers > 0 || this.#waiting.size > 0) return false;
    this.#writer = true;
    return true;
  }

  /**
   * Unlocks for writing: Go's `rw.Unlock()`. Every waiting reader gets in;
   * if none waited, the oldest waiting writer does.
   *
   * @throws UnlockOfUnlockedRWMutexError (`sync: Unlock of unlocked RWMutex`) if it is not write-locked.
   *
   * @example
   * ```ts
   * rw.unlock();
   * ```
   */
  unlock(): void {
    if (!this.#writer) throw new UnlockOfUnlockedRWMutexError();
    this.#writer = false;
    let readers = false;
    for (const w of this.#waiting.all()) {
      if (w.kind !== READER) continue;
      readers = true;
      this.#readers++;
      w.grant(new Locked(this.#readUnlocker));
    }
    if (!readers) this.#wake();
  }

  /**
   * A read-locking view, Go's `rw.RLocker()`: its `lock` and `unlock` are
   * `rLock` and `rUnlock`.
   *
   * @example
   * ```ts
   * const r = rw.rLocker();
   * await r.lock();
   * r.unlock();
   * ```
   */
  rLocker(): Locker {
    return { lock: (options) => this.rLock(options), unlock: () => this.rUnlock() };
  }

  /** Holders and waiters, for tests. @internal */
  get [STATE](): { readers: number; writer: boolean; waiting: number } {
    return { readers: this.#readers, writer: this.#writer, waiting: this.#waiting.size };
  }

  /** Lets in whoever may come in now, oldest first: readers at the head, or a writer once the lock is free. */
  #wake(): void {
    for (let w = this.#waiting.first(); w !== undefined && !this.#writer; w = this.#waiting.first()) {
      if (w.kind === READER) {
        this.#readers++;
        w.grant(new Locked(this.#readUnlocker));
      } else {
        if (this.#readers > 0) return;
        this.#writersWaiting--;
        this.#writer = true;
        w.grant(new Locked(this));
      }
    }
  }

  /** A waiter aborted: a writer that leaves no longer holds readers back. */
  #onLeave(w: Waiting): void {
    if (w.kind === WRITER) this.#writersWaiting--;
    this.#wake();
  }
}
