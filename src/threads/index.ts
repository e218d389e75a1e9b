/**
 * `gochan/threads`: what a handler module that runs on a pool's threads may
 * need: `transfer` to move buffers instead of copying them, `serve` for the
 * bundler pattern, and the error a dead thread reports. The pool itself is
 * `gochan/pool`'s `Pool`, given a module instead of a function: see
 * docs/threads.md.
 *
 * @module
 */
export { transfer } from "./transfer.js";
export { serve, type ThreadContext, type ThreadHandler } from "./serve.js";
export { ThreadExitError, ThreadLoadError, type ThreadLoadFailure } from "./errors.js";
export { threads, type StartedWorker, type ThreadSource } from "./source.js";
