/**
 * `gochan/rate`: Go's `golang.org/x/time/rate`, a token-bucket rate
 * limiter: `new Limiter(limit, burst)` with `allow`, `wait`, `reserve`,
 * `setLimit`, `setBurst`, `tokens`, and `every(ms)`, `Inf`. It runs on
 * gochan's clock (a synctest bubble's virtual time inside a bubble), and
 * `limiter.ready(n)` is a channel, so a limiter can be a `select` case.
 * See docs/rate.md for each Go form beside its gochan form.
 *
 * Its own folder and subpath because a Go programmer looks for it under
 * `rate`. It imports the channel folder and the time folder's clock, and
 * nothing imports it.
 *
 * @module
 */
export { Limiter } from "./limiter.js";
export type { WaitOptions } from "./wait.js";
export { Reservation } from "./reservation.js";
export { every, Inf, InfDuration, type Limit } from "./limit.js";
export { ExceedsBurstError, ExceedsDeadlineError } from "./errors.js";
