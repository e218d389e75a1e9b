/**
 * The error an ErrGroup throws where Go's x/sync/errgroup panics, with Go's text (D3).
 */
import { brandError } from "../kernel/brand.js";

/**
 * Thrown by `setLimit` while the group has goroutines: running, or waiting
 * for a slot (counted from the `go()` call). Go:
 * `panic: errgroup: modify limit while 2 goroutines in the group are still active`.
 *
 * @example
 * ```ts
 * const g = new ErrGroup();
 * void g.go(() => work());
 * try { g.setLimit(4); } catch (e) { console.log(e instanceof ModifyLimitWhileActiveError); } // true
 * ```
 */
export class ModifyLimitWhileActiveError extends Error {
  /**
   * @param active how many goroutines were in the group.
   */
  constructor(
    /** How many goroutines were active when `setLimit` was called. */
    readonly active: number,
  ) {
    super(`errgroup: modify limit while ${active} goroutines in the group are still active`);
    this.name = "ModifyLimitWhileActiveError";
  }
}

brandError(ModifyLimitWhileActiveError, "ModifyLimitWhileActiveError");
