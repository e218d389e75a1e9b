/**
 * The errors of Go's sync package where Go stops the program, with Go's text
 * word for word (D3), as exported classes so that a caller can tell them
 * apart with `instanceof`.
 */
import { brandError } from "../kernel/brand.js";

/**
 * Thrown by `Mutex.unlock()` when the mutex is not locked (M1).
 * Go: `fatal error: sync: unlock of unlocked mutex`.
 *
 * @example
 * ```ts
 * try { new Mutex().unlock(); } catch (e) { console.log(e instanceof UnlockOfUnlockedMutexError); } // true
 * ```
 */
export class UnlockOfUnlockedMutexError extends Error {
  constructor() {
    super("sync: unlock of unlocked mutex");
    this.name = "UnlockOfUnlockedMutexError";
  }
}

/**
 * Thrown by `RWMutex.unlock()` when it is not write-locked (M3).
 * Go: `fatal error: sync: Unlock of unlocked RWMutex`.
 *
 * @example
 * ```ts
 * try { new RWMutex().unlock(); } catch (e) { console.log((e as Error).message); } // sync: Unlock of unlocked RWMutex
 * ```
 */
export class UnlockOfUnlockedRWMutexError extends Error {
  constructor() {
    super("sync: Unlock of unlocked RWMutex");
    this.name = "UnlockOfUnlockedRWMutexError";
  }
}

/**
 * Thrown by `RWMutex.rUnlock()` when no reader holds it (M3).
 * Go: `fatal error: sync: RUnlock of unlocked RWMutex`.
 *
 * @example
 * ```ts
 * try { new RWMutex().rUnlock(); } catch (e) { console.log((e as Error).message); } // sync: RUnlock of unlocked RWMutex
 * ```
 */
export class RUnlockOfUnlockedRWMutexError extends Error {
  constructor() {
    super("sync: RUnlock of unlocked RWMutex");
    this.name = "RUnlockOfUnlockedRWMutexError";
  }
}

/**
 * Thrown when the function made by `onceFunc`, `onceValue` or `onceValues`
 * is called again by `f` itself, while the first call is still running. Go
 * deadlocks there (`sync.Once.Do` waits for itself); an error at the call
 * is easier to find.
 *
 * @example
 * ```ts
 * const get: () => number = onceValue(() => get() + 1);
 * try { get(); } catch (e) { console.log(e instanceof OnceCalledItselfError); } // true
 * ```
 */
export class OnceCalledItselfError extends Error {
  /** @param what `OnceFunc`, `OnceValue` or `OnceValues`. */
  constructor(what: string) {
    super(`sync: the function from ${what} called itself`);
    this.name = "OnceCalledItselfError";
  }
}

// instanceof holds across the ESM and CommonJS builds (see src/channel/errors.ts).
brandError(UnlockOfUnlockedMutexError, "UnlockOfUnlockedMutexError");
brandError(UnlockOfUnlockedRWMutexError, "UnlockOfUnlockedRWMutexError");
brandError(RUnlockOfUnlockedRWMutexError, "RUnlockOfUnlockedRWMutexError");
brandError(OnceCalledItselfError, "OnceCalledItselfError");
