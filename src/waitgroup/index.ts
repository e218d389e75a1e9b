/**
 * `gochan/waitgroup`: Go's `sync.WaitGroup`. See docs/sync.md.
 *
 * @module
 */
export { WaitGroup } from "./waitgroup.js";
export { NegativeWaitGroupCounterError } from "./errors.js";
