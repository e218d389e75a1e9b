/**
 * `gochan/semaphore`: Go's `golang.org/x/sync/semaphore`. See docs/sync.md.
 *
 * @module
 */
export { Semaphore } from "./semaphore.js";
export { ReleasedMoreThanHeldError } from "./errors.js";
