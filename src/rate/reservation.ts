/**
 * Go's `rate.Reservation`: tokens a limiter took now for an action later.
 * Its own file, as the bucket (bucket.ts) and the line (line.ts) have
 * theirs, so that limiter.ts holds the calls a user makes on a limiter.
 * What the limiter keeps about a reservation is behind a symbol: no part
 * of the public surface.
 */
import { now } from "../time/duration.js";
import type { Claim } from "./claim.js";
import { InfDuration, type Limit } from "./limit.js";

/** The key of what a limiter keeps about a reservation. */
export const BOOK = Symbol("book");
/** The key of a limiter's cancel, called by its reservations. */
export const CANCEL = Symbol("cancel");

/** What a limiter keeps about a reservation. */
export interface Book {
  /** Its place in line, while it waits behind parked waits. */
  held: Claim | null;
  /** Set by the first cancel that got past Go's checks. */
  cancelled: boolean;
  /** The tokens reserved. */
  readonly tokens: number;
  /** When it may act, on gochan's clock. */
  readonly timeToAct: number;
  /** The rate when it was made. */
  readonly limit: Limit;
}

/**
 * What {@link Limiter.reserve} returns: Go's `rate.Reservation`, tokens
 * taken now for an action at a later time.
 *
 * @example
 * ```ts
 * const r = lim.reserve(2);
 * if (r.ok) {
 *   if (r.delay() > 1000) r.cancel(); // too long: give the tokens back
 *   else { await sleep(r.delay()); act(); }
 * }
 * ```
 */
export class Reservation {
  /** What only its limiter reads and writes. @internal */
  readonly [BOOK]: Book;
  readonly #limiter: { [CANCEL](r: Reservation): void };

  /** @internal */
  constructor(
    limiter: { [CANCEL](r: Reservation): void },
    /**
     * Whether the limiter can grant the tokens: Go's `r.OK()`. False only
     * when `n` exceeded the burst; then nothing was taken.
     */
    readonly ok: boolean,
    tokens: number,
    timeToAct: number,
    limit: Limit,
  ) {
    this.#limiter = limiter;
    this[BOOK] = { held: null, cancelled: false, tokens, timeToAct, limit };
  }

  /**
   * How many ms to wait before acting: Go's `r.Delay()`. 0 means now;
   * {@link InfDuration} (`Infinity`) if the reservation is not OK, or if
   * the rate is 0 and the tokens will never come.
   *
   * @example
   * ```ts
   * await sleep(lim.reserve().delay());
   * ```
   */
  delay(): number {
    if (!this.ok) return InfDuration;
    const d = this[BOOK].timeToAct - now();
    return d > 0 ? d : 0;
  }

  /**
   * Gives back what it can: Go's `r.Cancel()` (L3). The tokens that
   * reservations made after this one already count on stay taken; the
   * rest return to the bucket. Does nothing if the reservation is not OK,
   * its time to act has passed, or it was cancelled before (Go would give
   * the tokens back a second time).
   *
   * @example
   * ```ts
   * const r = lim.reserve();
   * if (r.delay() > budget) r.cancel(); // do not act, and do not spend the token
   * ```
   */
  cancel(): void {
    this.#limiter[CANCEL](this);
  }
}

