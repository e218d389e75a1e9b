/**
 * Go's token bucket, field for field and formula for formula: `limit`,
 * `burst`, `tokens` as of time `last` (advanced lazily: nothing ticks), and
 * `lastEvent`, the time to act of the newest reservation, which is what
 * `Reservation.cancel` uses to tell how many of a reservation's tokens
 * later reservations already counted on. `tokens` goes negative when
 * reservations take tokens ahead of time; each one acts once the refill
 * has paid back the debt it left.
 *
 * Its own file so that Go's arithmetic can be read beside Go's rate.go,
 * apart from what gochan adds (line.ts: the waits that take their tokens
 * only when served). It reads no clock: its callers pass in gochan's time
 * (src/time/duration.ts), which in a synctest bubble is virtual.
 */
import { durationFrom, tokensFrom, type Limit } from "./limit.js";
import type { Book } from "./reservation.js";

export class Bucket {
  /** Tokens as of `last`; negative while reservations owe. */
  tokens: number;
  last: number;
  /** The time to act of the newest reservation (past or future). */
  lastEvent: number;

  constructor(
    /** Events per second. */
    public limit: Limit,
    /** The most tokens the bucket holds. */
    public burst: number,
    t: number,
  ) {
    this.tokens = burst;
    this.last = t;
    this.lastEvent = t;
  }

  /** The tokens at `t`: Go's `advance`, which changes nothing. */
  advance(t: number): number {
    const last = t < this.last ? t : this.last;
    const tokens = this.tokens + tokensFrom(t - last, this.limit);
    return tokens > this.burst ? this.burst : tokens;
  }

  /** Counts the refill up to `t` at the rate so far: before the rate or the burst changes (Go's `SetLimitAt`, `SetBurstAt`). */
  advanceTo(t: number): void {
    this.tokens = this.advance(t);
    this.last = t;
  }

  /** Records a reservation made at `t` that leaves `tokens` and acts at `act`. */
  take(t: number, tokens: number, act: number): void {
    this.tokens = tokens;
    this.last = t;
    this.lastEvent = act;
  }

  /**
   * Gives back, at `t`, what a cancelled reservation can: Go's `CancelAt`
   * past its checks. Tokens that reservations made after it already count
   * on are not given back. Says whether any came back.
   */
  giveBack(book: Book, t: number): boolean {
    let restore = book.tokens - tokensFrom(this.lastEvent - book.timeToAct, book.limit);
    if (!(restore > 0)) return false;
    if (restore > book.tokens) restore = book.tokens;
    const tokens = this.advance(t) + restore;
    this.tokens = tokens > this.burst ? this.burst : tokens;
    this.last = t;
    if (book.timeToAct === this.lastEvent) {
      const previous = book.timeToAct + durationFrom(-book.tokens, book.limit);
      if (!(previous < t)) this.lastEvent = previous;
    }
    return true;
  }
}
