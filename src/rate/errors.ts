/**
 * The errors `Limiter.wait` rejects with where Go's `WaitN` returns an
 * error, with Go's text word for word (D3), as exported classes so that a
 * caller can tell them apart with `instanceof`.
 */
import { brandError } from "../channel/internal.js";

/**
 * `wait(n)` asked for more tokens than the burst, so it could never be
 * granted (L2); also what a parked wait rejects with when `setBurst` lowers
 * the burst below its `n` (L4). Go: `rate: Wait(n=4) exceeds limiter's burst 3`.
 *
 * @example
 * ```ts
 * const lim = new Limiter(10, 3);
 * await lim.wait(4).catch((e) => console.log(e instanceof ExceedsBurstError, e.message));
 * // true rate: Wait(n=4) exceeds limiter's burst 3
 * ```
 */
export class ExceedsBurstError extends Error {
  /**
   * @param n the tokens asked for.
   * @param burst the burst they exceed.
   */
  constructor(
    /** The tokens asked for. */
    readonly n: number,
    /** The limiter's burst at the time. */
    readonly burst: number,
  ) {
    super(`rate: Wait(n=${n}) exceeds limiter's burst ${burst}`);
    this.name = "ExceedsBurstError";
  }
}

/**
 * `wait(n, { deadline })` would have to wait past its deadline, so it
 * failed at once and reserved nothing, as Go's `WaitN` does when the
 * context's deadline comes first. Go: `rate: Wait(n=1) would exceed context deadline`.
 *
 * @example
 * ```ts
 * const lim = new Limiter(1, 1);
 * lim.allow();
 * const [ctx] = withTimeout(background(), 100);
 * await lim.wait(1, { signal: ctx.signal, deadline: ctx.deadline() })
 *   .catch((e) => console.log(e instanceof ExceedsDeadlineError)); // true: the next token is 1 s away
 * ```
 */
export class ExceedsDeadlineError extends Error {
  /** @param n the tokens asked for. */
  constructor(
    /** The tokens asked for. */
    readonly n: number,
  ) {
    super(`rate: Wait(n=${n}) would exceed context deadline`);
    this.name = "ExceedsDeadlineError";
  }
}

// instanceof holds across the ESM and CommonJS builds (see src/channel/errors.ts).
brandError(ExceedsBurstError, "ExceedsBurstError");
brandError(ExceedsDeadlineError, "ExceedsDeadlineError");
