/**
 * `gochan/context`: Go's `context` package on top of AbortSignal:
 * `background`, `withCancel`, `withCancelCause`, `withDeadline`,
 * `withDeadlineCause`, `withTimeout`, `withTimeoutCause`, `withValue`,
 * `withoutCancel`, `afterFunc`, `cause`, `Canceled`, `DeadlineExceeded`,
 * and `fromSignal` to turn any AbortSignal into a context. See
 * docs/context.md for each Go form beside its gochan form. (From `gochan`
 * itself, `afterFunc` is time's, and this one is `contextAfterFunc`.)
 *
 * Its own folder because Go keeps it in `context`. It imports the channel
 * folder (`done()` is a channel) and time's internal long timeout (for
 * deadlines); neither imports it.
 *
 * @module
 */
export { background, todo, type Context } from "./context.js";
export {
  afterFunc,
  cause,
  withCancel,
  withCancelCause,
  withDeadline,
  withDeadlineCause,
  withoutCancel,
  withTimeout,
  withTimeoutCause,
  withValue,
  type AfterFuncStop,
  type CancelCauseFunc,
  type CancelFunc,
} from "./derive.js";
export { fromSignal } from "./signal.js";
export { Canceled, CanceledError, DeadlineExceeded, DeadlineExceededError } from "./errors.js";
