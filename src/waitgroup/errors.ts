/**
 * The errors a WaitGroup throws where Go's sync package panics, with Go's text (D3).
 */
import { brandError } from "../kernel/brand.js";

/**
 * Thrown by `add`/`done` when the counter would go below zero (W2).
 * Go: `panic: sync: negative WaitGroup counter`.
 *
 * @example
 * ```ts
 * const wg = new WaitGroup();
 * try { wg.done(); } catch (e) { console.log(e instanceof NegativeWaitGroupCounterError); } // true
 * ```
 */
export class NegativeWaitGroupCounterError extends Error {
  constructor() {
    super("sync: negative WaitGroup counter");
    this.name = "NegativeWaitGroupCounterError";
  }
}

brandError(NegativeWaitGroupCounterError, "NegativeWaitGroupCounterError");
