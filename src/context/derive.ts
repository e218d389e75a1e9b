/**
 * The ways to derive a context: Go's `WithCancel`, `WithCancelCause`,
 * `WithDeadline`, `WithTimeout`, and `Cause`. Each makes a Node under its
 * parent (see context.ts) and returns it with its cancel function, the
 * pair Go returns.
 */
import { checkMs, wallNow } from "../time/duration.js";
import { checkParent, Node, type Context } from "./context.js";
import { Canceled } from "./errors.js";

/**
 * Cancels a context: Go's `context.CancelFunc`. Calling it again does
 * nothing. Call it once the work is done (Go's `defer cancel()`): that is
 * what releases the context's place in its parent and its timer (K3).
 *
 * @example
 * ```ts
 * const [ctx, cancel]: [Context, CancelFunc] = withCancel(background());
 * cancel();
 * ```
 */
export type CancelFunc = () => void;

/**
 * Cancels a context with a cause: Go's `context.CancelCauseFunc`.
 * `cause(ctx)` then returns it (or `Canceled` if none was given).
 *
 * @example
 * ```ts
 * const [ctx, cancel]: [Context, CancelCauseFunc] = withCancelCause(background());
 * cancel(new Error("user left"));
 * ```
 */
export type CancelCauseFunc = (cause?: unknown) => void;

/**
 * A child of `parent` that is cancelled when `cancel` is called or the parent
 * is, whichever comes first: Go's `ctx, cancel := context.WithCancel(parent)`.
 *
 * @throws TypeError if `parent` is not a Context.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancel(background());
 * void worker(ctx);
 * cancel(); // the worker's ctx.done() closes; ctx.err() === Canceled
 * ```
 */
export function withCancel(parent: Context): [ctx: Context, cancel: CancelFunc] {
  const [ctx, cancel] = withCancelCause(checkParent(parent, "WithCancel"));
  return [ctx, () => cancel()];
}

/**
 * Like {@link withCancel}, but `cancel(cause)` records why: Go 1.20's
 * `context.WithCancelCause`. `err()` is still `Canceled`; {@link cause}
 * returns `cause`.
 *
 * @throws TypeError if `parent` is not a Context.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancelCause(background());
 * cancel(new Error("shutting down"));
 * console.log(ctx.err() === Canceled, cause(ctx)); // true Error: shutting down
 * ```
 */
export function withCancelCause(parent: Context): [ctx: Context, cancel: CancelCauseFunc] {
  const p = checkParent(parent, "WithCancelCause");
  const node = new Node(p.deadline()?.getTime());
  node.attach(p);
  return [node, (why?: unknown) => node.cancel(Canceled, why ?? Canceled)];
}

/**
 * A child of `parent` cancelled at `deadline` (a Date or ms since the epoch)
 * with `DeadlineExceeded`, or earlier by `cancel` or its parent: Go's
 * `context.WithDeadline`. A deadline later than the parent's is the
 * parent's (K2). A deadline in the past cancels at once. Durations beyond
 * `setTimeout`'s 24.8 days are waited in full.
 *
 * @throws TypeError if `parent` is not a Context; RangeError if `deadline` is not a valid time.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withDeadline(background(), new Date(Date.now() + 50));
 * try { await select([recv(ctx.done(), () => console.log(ctx.err()?.message))]); } // context deadline exceeded
 * finally { cancel(); }
 * ```
 */
export function withDeadline(parent: Context, deadline: Date | number): [ctx: Context, cancel: CancelFunc] {
  const p = checkParent(parent, "WithDeadline");
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  if (typeof at !== "number" || Number.isNaN(at)) {
    throw new RangeError(`context: WithDeadline needs a Date or ms since the epoch, got ${String(deadline)}`);
  }
  const inherited = p.deadline()?.getTime();
  // The parent's deadline comes first: then this is withCancel, with no timer of its own (Go does the same).
  const earlier = inherited !== undefined && inherited <= at;
  const node = new Node(earlier ? inherited : at);
  node.attach(p);
  if (!earlier) node.arm();
  return [node, () => node.cancel(Canceled, Canceled)];
}

/**
 * {@link withDeadline} `ms` milliseconds from now: Go's `context.WithTimeout`.
 *
 * @throws TypeError if `parent` is not a Context; RangeError if `ms` is not a number.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeout(background(), 1000); // ctx, cancel := context.WithTimeout(ctx, time.Second)
 * try {
 *   const res = await fetch(url, { signal: ctx.signal });
 * } finally {
 *   cancel(); // defer cancel()
 * }
 * ```
 */
export function withTimeout(parent: Context, ms: number): [ctx: Context, cancel: CancelFunc] {
  checkParent(parent, "WithTimeout");
  return withDeadline(parent, wallNow() + checkMs(ms, "context: WithTimeout"));
}

/**
 * Why `ctx` was cancelled: Go 1.20's `context.Cause(ctx)`. `undefined` while
 * it is live; the cause given to a `withCancelCause` cancel; otherwise
 * `ctx.err()`. A context made by {@link fromSignal} gives the signal's reason.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancelCause(background());
 * cancel(new Error("disk full"));
 * console.log((cause(ctx) as Error).message); // disk full
 * ```
 */
export function cause(ctx: Context): unknown {
  if (ctx instanceof Node) return ctx.cause;
  const signal = checkParent(ctx, "Cause").signal;
  return signal.aborted ? signal.reason : undefined;
}
