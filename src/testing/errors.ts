/**
 * What a synctest bubble fails with: Go's two bubble panics (every task
 * blocked; the body returned with tasks still parked) as one error class,
 * and the misuse errors thrown at the call. Their own file, so synctest.ts
 * holds the bubble's scheduling only.
 */
import { brandError } from "../kernel/brand.js";
import type { BlockedOperation } from "../runtime/blocked.js";
import { DeadlockError } from "../runtime/run.js";

/**
 * A Ticker still running when a bubble failed: its period and where it was made.
 *
 * @example
 * ```ts
 * const t: RunningTicker = { period: 1000, receiving: false, stack: "\tat test.ts:3:13" };
 * ```
 */
export interface RunningTicker {
  /** Its period in ms. */
  readonly period: number;
  /** Whether its last tick was received (false: a tick waits in `C`, and the next ones are dropped). */
  readonly receiving: boolean;
  /** Where it was made (or last reset), the caller's frames. */
  readonly stack: string;
}

/**
 * What a bubble rejects with when every task in it is blocked and no timer
 * is pending, or (Go 1.25's other bubble panic) when its body returned with
 * operations still parked. `message` is the whole report: Go's line, then
 * one entry per blocked operation; `blocked` lists them.
 *
 * @example
 * ```ts
 * try {
 *   await synctest(async () => { await new Channel<number>().recv(); });
 * } catch (e) {
 *   if (e instanceof BubbleDeadlockError) console.error(e.blocked.length, "blocked");
 * }
 * ```
 */
export class BubbleDeadlockError extends DeadlockError {
  /**
   * @param blocked the operations parked when it was found.
   * @param report the text of the report.
   * @param kind which of Go's two bubble messages applies, "limit" when
   *   virtual time ran past `limit`, or "ticker" when ticks alone moved the
   *   clock for longer than `tickLimit`.
   * @param tickers the Tickers still running in the bubble, named in the report.
   */
  constructor(
    blocked: readonly BlockedOperation[],
    report: string,
    /**
     * Why the bubble failed: every task blocked, tasks left over after the
     * body returned, the virtual-time limit, or ticks alone moving the clock
     * for longer than `tickLimit`.
     */
    readonly kind: "deadlock" | "leftover" | "limit" | "ticker" = "deadlock",
    /** The Tickers still running in the bubble, named in the report. */
    readonly tickers: readonly RunningTicker[] = [],
  ) {
    super(blocked, report);
    this.name = "BubbleDeadlockError";
    this.message = report;
  }
}

/**
 * Thrown at the call by {@link synctest} inside a bubble: bubbles do not
 * nest. Go panics with the same text.
 *
 * @example
 * ```ts
 * await synctest(async () => {
 *   try { await synctest(async () => {}); } catch (e) { console.log(e instanceof NestedBubbleError); } // true
 * });
 * ```
 */
export class NestedBubbleError extends Error {
  constructor() {
    super("synctest.Run called from within a synctest bubble");
    this.name = "NestedBubbleError";
  }
}

/**
 * Thrown at the call by {@link wait} outside a bubble. Go panics with the
 * same text.
 *
 * @example
 * ```ts
 * try { void wait(); } catch (e) { console.log(e instanceof NotInBubbleError); } // true
 * ```
 */
export class NotInBubbleError extends Error {
  constructor() {
    super("goroutine is not in a bubble");
    this.name = "NotInBubbleError";
  }
}

// instanceof holds across the ESM and CommonJS builds (see src/kernel/brand.ts).
brandError(NestedBubbleError, "NestedBubbleError");
brandError(NotInBubbleError, "NotInBubbleError");

