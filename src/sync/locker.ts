/** Locker: Go's `sync.Locker`, what Mutex, RWMutex and `rw.rLocker()` have in common. */
import type { OpOptions } from "../channel/index.js";
import type { Locked } from "./locked.js";

/**
 * Anything that locks and unlocks: Go's `sync.Locker`. `Mutex` and
 * `RWMutex` are Lockers, and so is `rw.rLocker()`, whose `lock` reads.
 *
 * @example
 * ```ts
 * async function withLock<T>(l: Locker, fn: () => Promise<T>): Promise<T> {
 *   using _ = await l.lock();
 *   return fn();
 * }
 * ```
 */
export interface Locker {
  /** Waits for and takes the lock; resolves to a {@link Locked} that `using` releases. */
  lock(options?: OpOptions): Promise<Locked>;
  /** Releases the lock. */
  unlock(): void;
}
