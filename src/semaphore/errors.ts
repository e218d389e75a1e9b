/**
 * The error a Semaphore throws where Go's x/sync/semaphore panics, with Go's text (D3).
 */
import { brandError } from "../kernel/brand.js";

/**
 * Thrown by `release(n)` when `n` is more than is held: the caller released
 * what it never acquired. Go: `panic: semaphore: released more than held`.
 *
 * @example
 * ```ts
 * const sem = new Semaphore(2);
 * try { sem.release(); } catch (e) { console.log(e instanceof ReleasedMoreThanHeldError); } // true
 * ```
 */
export class ReleasedMoreThanHeldError extends Error {
  constructor() {
    super("semaphore: released more than held");
    this.name = "ReleasedMoreThanHeldError";
  }
}

brandError(ReleasedMoreThanHeldError, "ReleasedMoreThanHeldError");
