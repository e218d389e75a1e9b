/**
 * `gochan/time`: Go's `time` package, as far as concurrency needs it:
 * `after` (time.After), `Timer` (time.NewTimer), `afterFunc`
 * (time.AfterFunc), `Ticker` (time.NewTicker), `sleep` (time.Sleep), and
 * `done(signal)`, an AbortSignal as a channel. See docs/time.md for each Go
 * form beside its gochan form.
 *
 * Its own folder because Go keeps these in `time`, not in the select
 * statement: a Go programmer looks for timers here. Timers are channel
 * flavors, so this folder imports src/channel and nothing else; select
 * imports time (its index re-exports these, so the old `gochan/select`
 * imports keep working), never the other way round.
 *
 * @module
 */
export { after } from "./after.js";
export { Timer } from "./timer.js";
export { afterFunc, AfterFuncTimer } from "./afterfunc.js";
export { Ticker } from "./ticker.js";
export { sleep } from "./sleep.js";
export { done } from "./done.js";
