/**
 * `gochan/errgroup`: Go's `golang.org/x/sync/errgroup`. See docs/sync.md.
 *
 * @module
 */
export { ErrGroup, type Task } from "./errgroup.js";
export { ModifyLimitWhileActiveError } from "./errors.js";
