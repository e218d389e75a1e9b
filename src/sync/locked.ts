/**
 * Locked: what `lock()` and `rLock()` resolve to, so that `using` unlocks at
 * scope end as Go's `defer mu.Unlock()` does.
 *
 * One small object per acquisition, not one per mutex, so that disposing it
 * twice cannot unlock a later holder's hold: only the first dispose unlocks.
 * It cannot know about an `unlock()` called by hand, so a scope unlocks one
 * way or the other, not both.
 */

/** @internal What a Locked releases. */
export interface Unlockable {
  unlock(): void;
}

/**
 * A held lock: `using _ = await mu.lock()` unlocks it at the end of the
 * scope, Go's `mu.Lock(); defer mu.Unlock()`. Disposing it a second time
 * does nothing. Code that unlocks by hand (`mu.unlock()`) ignores it, and
 * must not also dispose it.
 *
 * @example
 * ```ts
 * const mu = new Mutex();
 * async function increment() {
 *   using _ = await mu.lock(); // mu.Lock(); defer mu.Unlock()
 *   count++;
 * }
 * ```
 */
export class Locked implements Disposable {
  #owner: Unlockable | null;

  /** @internal */
  constructor(owner: Unlockable) {
    this.#owner = owner;
  }

  /**
   * Unlocks, the first time only: what `using` calls at scope end.
   *
   * @example
   * ```ts
   * const held = await mu.lock();
   * held[Symbol.dispose](); // same as mu.unlock(), once
   * ```
   */
  [Symbol.dispose](): void {
    const owner = this.#owner;
    if (owner === null) return;
    this.#owner = null;
    owner.unlock();
  }
}
