/**
 * Limit: Go's `rate.Limit`, events per second, and the unit conversions
 * between tokens and milliseconds that the limiter is built on.
 *
 * Go measures time in nanoseconds and converts with `float64`; gochan's
 * clock is milliseconds as a float (performance.now(), or a synctest
 * bubble's virtual clock), so the conversions are the same arithmetic
 * without Go's truncation to whole nanoseconds.
 */

/**
 * A rate, in events per second: Go's `rate.Limit`. Zero allows no events
 * beyond the burst; {@link Inf} allows every event.
 *
 * @example
 * ```ts
 * const perSecond: Limit = 10;           // rate.Limit(10)
 * const lim = new Limiter(perSecond, 3);
 * ```
 */
export type Limit = number;

/**
 * The infinite rate: every event is allowed, whatever the burst (Go's
 * `rate.Inf`). JavaScript has an infinity, so it is `Infinity` rather than
 * Go's `math.MaxFloat64`.
 *
 * @example
 * ```ts
 * const unlimited = new Limiter(Inf, 0);
 * console.log(unlimited.allow(1000)); // true
 * ```
 */
export const Inf: Limit = Number.POSITIVE_INFINITY;

/**
 * What `Reservation.delay()` says when the reservation is not OK: Go's
 * `rate.InfDuration`, here `Infinity` milliseconds.
 *
 * @example
 * ```ts
 * const r = new Limiter(1, 1).reserve(2); // more than the burst
 * console.log(r.delay() === InfDuration); // true
 * ```
 */
export const InfDuration: number = Number.POSITIVE_INFINITY;

/**
 * The rate of one event every `intervalMs` milliseconds: Go's
 * `rate.Every(interval)`. An interval of zero or less is {@link Inf}; an
 * infinite interval is a rate of zero.
 *
 * @throws RangeError if `intervalMs` is not a number (NaN included).
 *
 * @example
 * ```ts
 * const lim = new Limiter(every(200), 1); // rate.NewLimiter(rate.Every(200*time.Millisecond), 1)
 * console.log(lim.limit);                 // 5
 * ```
 */
export function every(intervalMs: number): Limit {
  if (typeof intervalMs !== "number" || Number.isNaN(intervalMs)) {
    throw new RangeError(`rate: Every: interval must be a number of milliseconds, got ${String(intervalMs)}`);
  }
  if (intervalMs <= 0) return Inf;
  if (intervalMs === Number.POSITIVE_INFINITY) return 0;
  return 1000 / intervalMs;
}

/** The tokens that accumulate in `ms` at `limit` per second (Go's `tokensFromDuration`). */
export function tokensFrom(ms: number, limit: Limit): number {
  if (limit <= 0 || ms === 0) return 0; // and never Infinity * 0
  return (ms / 1000) * limit;
}

/** The ms it takes `tokens` to accumulate at `limit` per second (Go's `durationFromTokens`). */
export function durationFrom(tokens: number, limit: Limit): number {
  if (limit <= 0) return Number.POSITIVE_INFINITY;
  if (tokens === 0) return 0;
  return (tokens / limit) * 1000;
}

/** Checks a rate at the call. */
export function checkLimit(limit: unknown, where: string): Limit {
  if (typeof limit !== "number" || Number.isNaN(limit) || limit < 0) {
    throw new RangeError(`${where}: limit must be a non-negative number of events per second (or Inf), got ${String(limit)}`);
  }
  return limit;
}

/** Checks a burst at the call. */
export function checkBurst(burst: unknown, where: string): number {
  if (typeof burst !== "number" || !Number.isSafeInteger(burst) || burst < 0) {
    throw new RangeError(`${where}: burst must be a non-negative safe integer, got ${String(burst)}`);
  }
  return burst;
}

/** Checks a number of tokens at the call: a non-negative safe integer (Go's AllowN takes 0 too). */
export function checkN(n: unknown, where: string): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${where}: n must be a non-negative safe integer, got ${String(n)}`);
  }
  return n;
}
