/**
 * A limiter's line: what gochan adds to Go's limiter (L2, L4). A wait that
 * cannot act at once parks here, in FIFO order, and takes its tokens from
 * the bucket only when it is served: the head of the line is served as
 * soon as the bucket holds its `n`, and one timer, armed for that moment,
 * is all that runs. Select cases on `ready(n)` wait here too, and
 * reservations made while the line is not empty hold their place here as
 * placeholders, which take their tokens (as a debt) when they reach the
 * head, as Go's reservation did when it was made.
 *
 * Its own file because it is the part of the limiter Go does not have, and
 * the part with a timer and re-entrancy to get right; the bucket it draws
 * from is bucket.ts, and limiter.ts decides, call by call, whether a call
 * acts at once or joins the line.
 *
 * Invariants, between any two calls: the line holds only claims that could
 * be served (their `n` fits the burst, or they are placeholders); its head
 * is a wait or a case that the bucket cannot serve yet, and the timer is
 * armed for the moment it can (none if the rate is 0, none if the line is
 * empty); `queued` is the sum of the line's `n`.
 */
import { now } from "../time/duration.js";
import { clearLongTimeout, setLongTimeout, type LongTimeout } from "../time/timeout.js";
import type { Bucket } from "./bucket.js";
import { Claim, HeldClaim, WaitClaim } from "./claim.js";
import { durationFrom, Inf } from "./limit.js";
import { CaseClaim } from "./ready.js";
import { BOOK } from "./reservation.js";

/**
 * How far short of `n` a head may be when its timer fires and still be
 * served: the float error of converting tokens to ms and back. Go's own
 * conversion truncates to whole nanoseconds, a larger error than this.
 */
const EPS = 1e-9;

export class Line {
  /** Parked waits and cases, and reservations made behind them, oldest first. */
  readonly #claims = new Set<Claim>();
  /** Cases whose `n` exceeds the burst now: parked, out of the line, until the burst grows. */
  readonly #dormant = new Set<CaseClaim>();
  /** The sum of the line's `n`: tokens the line counts as taken already. */
  queued = 0;
  #timer: LongTimeout | null = null;
  /** When the head of the line can be served: what the timer is armed for. */
  #due = 0;
  #pumping = false;
  #again = false;
  readonly #bucket: Bucket;

  constructor(bucket: Bucket) {
    this.#bucket = bucket;
  }

  /** Whether nobody is in line (dormant cases are not in line). */
  get empty(): boolean {
    return this.#claims.size === 0;
  }

  /** Claims parked now, in line or dormant. */
  get waiting(): number {
    return this.#claims.size + this.#dormant.size;
  }

  /** Whether a timer is armed for the head. */
  get armed(): boolean {
    return this.#timer !== null;
  }

  /** Puts a claim at the back; a new head is armed for, never served here: a select is still parking its cases. */
  enqueue(c: Claim): void {
    this.#claims.add(c);
    this.queued += c.n;
    if (this.#claims.size === 1) {
      const t = now();
      this.#arm(t, durationFrom(c.n - this.#bucket.advance(t), this.#bucket.limit));
    }
  }

  /** A case parked on `ready(n)`: into the line, or dormant if it does not fit the burst. */
  enqueueCase(c: CaseClaim): void {
    if (this.#bucket.limit !== Inf && c.n > this.#bucket.burst) this.#dormant.add(c);
    else this.enqueue(c);
  }

  /** Takes a claim out (an abort, a case that lost), having taken nothing; the claims behind it move up. */
  drop(c: Claim): void {
    if (c instanceof CaseClaim && this.#dormant.delete(c)) return;
    if (!this.#claims.has(c)) return;
    const head = this.#claims.values().next().value === c;
    this.#claims.delete(c);
    this.queued -= c.n;
    if (head) this.pump();
  }

  /**
   * The burst is now `burst`: waits whose `n` no longer fits are refused,
   * cases that no longer fit go dormant, and dormant cases that fit again
   * rejoin the line. The caller pumps.
   */
  refit(burst: number): void {
    if (this.#bucket.limit !== Inf) {
      for (const c of this.#claims) {
        if (c.n <= burst || c instanceof HeldClaim) continue;
        this.#claims.delete(c);
        this.queued -= c.n;
        if (c instanceof WaitClaim) c.refuse(burst);
        else if (c instanceof CaseClaim) this.#dormant.add(c);
      }
    }
    for (const c of this.#dormant) {
      if (c.n > burst) continue;
      this.#dormant.delete(c);
      this.#claims.add(c);
      this.queued += c.n;
    }
  }

  /**
   * Serves the line from its head: every claim whose tokens are there now
   * (placeholders at once, owing), until one has to wait; then arms the
   * timer for it. Re-entrant calls (a served case's select withdrawing
   * another case of this limiter) are folded into the running one.
   */
  pump(fromTimer = false): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        this.#serve(fromTimer);
        fromTimer = false;
      } while (this.#again);
    } finally {
      this.#pumping = false;
    }
  }

  #serve(fromTimer: boolean): void {
    const t = now();
    const bucket = this.#bucket;
    if (bucket.limit === Inf) {
      // Go's Inf takes no tokens, whatever the burst.
      for (const c of this.#dormant) {
        this.#dormant.delete(c);
        c.grant();
      }
    }
    for (const c of this.#claims) {
      if (bucket.limit !== Inf) {
        const tokens = bucket.advance(t);
        if (c instanceof HeldClaim) bucket.take(t, tokens - c.n, c.reservation[BOOK].timeToAct);
        else if (tokens + EPS >= c.n || (fromTimer && t >= this.#due)) {
          fromTimer = false;
          bucket.take(t, tokens - c.n, t);
        } else {
          this.#arm(t, durationFrom(c.n - tokens, bucket.limit));
          return;
        }
      }
      this.#claims.delete(c);
      this.queued -= c.n;
      c.grant();
    }
    this.#disarm();
  }

  #arm(t: number, ms: number): void {
    this.#disarm();
    if (ms === Number.POSITIVE_INFINITY) return; // rate 0: only setLimit can serve it
    const d = ms > 0 ? ms : 0;
    this.#due = t + d;
    this.#timer = setLongTimeout(this.#fire, d);
  }

  #disarm(): void {
    if (this.#timer !== null) {
      clearLongTimeout(this.#timer);
      this.#timer = null;
    }
  }

  readonly #fire = (): void => {
    this.#timer = null;
    this.pump(true);
  };
}
