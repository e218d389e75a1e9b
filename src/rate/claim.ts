/**
 * A place in a limiter's line: a `wait(n)` that is parked, a select case
 * on `ready(n)` that is parked, or a reservation made while others were
 * already waiting. See limiter.ts for how the line is served.
 */
export abstract class Claim {
  /** @param n the tokens this claim takes when it is served. */
  constructor(readonly n: number) {}

  /**
   * Its tokens have been taken (at rate Inf: were not needed): it may act
   * now. It has already left the line.
   */
  abstract grant(): void;
}
