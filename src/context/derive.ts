/**
 * The ways to derive a context: Go's `WithCancel`, `WithCancelCause`,
 * `WithDeadline`, `WithDeadlineCause`, `WithTimeout`, `WithTimeoutCause`,
 * `WithValue`, `WithoutCancel`, `AfterFunc` and `Cause`. Each makes a node
 * under its parent (see context.ts) and returns it with its cancel
 * function, the pair Go returns.
 *
 * Every cancel function (and afterFunc's `stop`) is also Disposable, so
 * that `using _ = cancel` is Go's `defer cancel()`.
 */
import { checkMs, wallNow } from "../time/duration.js";
import { causeOf, checkParent, deadlineOf, Node, propagate, ValueCtx, WithoutCancelCtx, type Canceler, type Context } from "./context.js";
import { Canceled, DeadlineExceeded } from "./errors.js";

/**
 * Cancels a context: Go's `context.CancelFunc`. Calling it again does
 * nothing. Call it once the work is done (Go's `defer cancel()`): that is
 * what releases the context's place in its parent and its timer (K3).
 *
 * The cancel functions gochan returns are also `Disposable`
 * (`CancelFunc & Disposable`), so `using _ = cancel;` right after the
 * context is made is Go's `defer cancel()`: it cancels at scope end,
 * however the scope is left.
 *
 * @example
 * ```ts
 * const [ctx, cancel]: [Context, CancelFunc] = withCancel(background());
 * using _ = cancel; // defer cancel()
 * await work(ctx);
 * ```
 */
export type CancelFunc = () => void;

/**
 * Cancels a context with a cause: Go's `context.CancelCauseFunc`.
 * `cause(ctx)` then returns it (or `Canceled` if none was given). The ones
 * gochan returns are also `Disposable`: `using` cancels without a cause.
 *
 * @example
 * ```ts
 * const [ctx, cancel]: [Context, CancelCauseFunc] = withCancelCause(background());
 * cancel(new Error("user left"));
 * ```
 */
export type CancelCauseFunc = (cause?: unknown) => void;

/** A function that is also Disposable, its dispose calling it (with no argument). */
function disposable<F extends (...args: never[]) => unknown>(f: F): F & Disposable {
  const d = f as F & Disposable;
  d[Symbol.dispose] = () => void (f as () => unknown)();
  return d;
}

/** The cancel function of a node: Canceled, with Canceled as the cause. */
function cancelOf(node: Node): CancelFunc & Disposable {
  return disposable(() => node.cancel(Canceled, Canceled));
}

/**
 * A child of `parent` that is cancelled when `cancel` is called or the parent
 * is, whichever comes first: Go's `ctx, cancel := context.WithCancel(parent)`.
 * The cancel function is Disposable: `using _ = cancel` is `defer cancel()`.
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
export function withCancel(parent: Context): [ctx: Context, cancel: CancelFunc & Disposable] {
  const p = checkParent(parent, "WithCancel");
  const node = new Node(p, deadlineOf(p, "WithCancel"));
  node.attach(p);
  return [node, cancelOf(node)];
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
export function withCancelCause(parent: Context): [ctx: Context, cancel: CancelCauseFunc & Disposable] {
  const p = checkParent(parent, "WithCancelCause");
  const node = new Node(p, deadlineOf(p, "WithCancelCause"));
  node.attach(p);
  return [node, disposable((why?: unknown) => node.cancel(Canceled, why ?? Canceled))];
}

/** A deadline given as a Date or ms since the epoch, as ms; ±Infinity kept (see withDeadline). */
function deadlineMs(deadline: unknown, what: string): number {
  if (Object.prototype.toString.call(deadline) === "[object Date]") {
    const t = (deadline as Date).getTime();
    if (Number.isNaN(t)) throw new RangeError(`context: ${what}: the deadline is an Invalid Date`);
    return t;
  }
  if (typeof deadline !== "number") {
    throw new TypeError(`context: ${what} needs a Date or ms since the epoch, got ${deadline === null ? "null" : typeof deadline}`);
  }
  if (Number.isNaN(deadline)) throw new RangeError(`context: ${what} needs a Date or ms since the epoch, got NaN`);
  return deadline;
}

/**
 * The node of a deadline `at` (ms since the epoch), `ms` from now on the
 * monotonic clock, cancelling with `why` when it passes.
 */
function deadlined(p: Context, at: number, ms: number, why: unknown, what: string): [ctx: Context, cancel: CancelFunc & Disposable] {
  const inherited = deadlineOf(p, what);
  // +Infinity never comes: no deadline, no timer (withCancel). The parent's
  // deadline first: then this is withCancel, with no timer of its own (Go does the same).
  const own = at !== Number.POSITIVE_INFINITY && (inherited === undefined || at < inherited);
  const node = new Node(p, own ? at : inherited);
  node.attach(p);
  if (own) node.arm(ms, why);
  return [node, cancelOf(node)];
}

/**
 * A child of `parent` cancelled at `deadline` (a Date or ms since the epoch)
 * with `DeadlineExceeded`, or earlier by `cancel` or its parent: Go's
 * `context.WithDeadline`. A deadline later than the parent's is the
 * parent's (K2). A deadline in the past cancels at once. Durations beyond
 * `setTimeout`'s 24.8 days are waited in full; the deadline never comes
 * early by the monotonic clock (T1).
 *
 * `-Infinity` is a deadline in the past (cancelled at once; `deadline()`
 * shows the earliest Date); `+Infinity` never comes, so the child has no
 * deadline of its own (as `withCancel`). Neither gives an Invalid Date.
 *
 * @throws TypeError if `parent` is not a Context, or `deadline` is neither a
 *   Date nor a number; RangeError if it is NaN or an Invalid Date.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withDeadline(background(), new Date(Date.now() + 50));
 * using _ = cancel; // defer cancel()
 * await ctx.done().recv();
 * console.log(ctx.err()?.message); // context deadline exceeded
 * ```
 */
export function withDeadline(parent: Context, deadline: Date | number): [ctx: Context, cancel: CancelFunc & Disposable] {
  const p = checkParent(parent, "WithDeadline");
  const at = deadlineMs(deadline, "WithDeadline");
  return deadlined(p, at, at - wallNow(), DeadlineExceeded, "WithDeadline");
}

/**
 * {@link withDeadline} whose `cause()` is `why` once the deadline passes:
 * Go 1.21's `context.WithDeadlineCause`. `err()` is still
 * `DeadlineExceeded`; the cancel function cancels with `Canceled` as the
 * cause, as Go's does (K5).
 *
 * @throws as {@link withDeadline}.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withDeadlineCause(background(), new Date(Date.now() + 50), new Error("quote too slow"));
 * await ctx.done().recv();
 * console.log(ctx.err() === DeadlineExceeded, (cause(ctx) as Error).message); // true quote too slow
 * cancel();
 * ```
 */
export function withDeadlineCause(parent: Context, deadline: Date | number, why: unknown): [ctx: Context, cancel: CancelFunc & Disposable] {
  const p = checkParent(parent, "WithDeadlineCause");
  const at = deadlineMs(deadline, "WithDeadlineCause");
  return deadlined(p, at, at - wallNow(), why ?? DeadlineExceeded, "WithDeadlineCause");
}

/**
 * {@link withDeadline} `ms` milliseconds from now: Go's `context.WithTimeout`.
 * The deadline is kept on the monotonic clock: it never passes before `ms`
 * have, by `performance.now()` (T1).
 *
 * @throws TypeError if `parent` is not a Context; RangeError if `ms` is not a number.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeout(background(), 1000); // ctx, cancel := context.WithTimeout(ctx, time.Second)
 * using _ = cancel;                                       // defer cancel()
 * const res = await fetch(url, { signal: ctx.signal });
 * ```
 */
export function withTimeout(parent: Context, ms: number): [ctx: Context, cancel: CancelFunc & Disposable] {
  const p = checkParent(parent, "WithTimeout");
  checkMs(ms, "context: WithTimeout");
  return deadlined(p, wallNow() + ms, ms, DeadlineExceeded, "WithTimeout");
}

/**
 * {@link withTimeout} whose `cause()` is `why` once the time is up: Go
 * 1.21's `context.WithTimeoutCause` (K5).
 *
 * @throws as {@link withTimeout}.
 *
 * @example
 * ```ts
 * const tooSlow = new Error("backend too slow");
 * const [ctx, cancel] = withTimeoutCause(background(), 100, tooSlow);
 * using _ = cancel;
 * await ctx.done().recv();
 * console.log(cause(ctx) === tooSlow); // true
 * ```
 */
export function withTimeoutCause(parent: Context, ms: number, why: unknown): [ctx: Context, cancel: CancelFunc & Disposable] {
  const p = checkParent(parent, "WithTimeoutCause");
  checkMs(ms, "context: WithTimeoutCause");
  return deadlined(p, wallNow() + ms, ms, why ?? DeadlineExceeded, "WithTimeoutCause");
}

/**
 * A child of `parent` that carries `value` under `key`: Go's
 * `context.WithValue` (K4). `ctx.value(key)` on it, or on any context
 * derived from it, returns `value`, unless a nearer `withValue` set the same
 * key; the parent does not see it. Keys compare with `===`: use a
 * `Symbol` or an object of your own, as Go advises an unexported key type,
 * so that packages cannot collide. Cancellation, deadline and signal are
 * the parent's.
 *
 * @throws TypeError if `parent` is not a Context, or `key` is null or
 *   undefined (Go's `nil key`).
 *
 * @example
 * ```ts
 * const userKey = Symbol("user");
 * const ctx = withValue(background(), userKey, "alice");
 * console.log(ctx.value(userKey)); // alice
 * ```
 */
export function withValue(parent: Context, key: unknown, value: unknown): Context {
  const p = checkParent(parent, "WithValue");
  if (key === null || key === undefined) throw new TypeError("context: WithValue: nil key");
  return new ValueCtx(p, key, value);
}

/**
 * A context with `parent`'s values that is never cancelled and has no
 * deadline: Go 1.21's `context.WithoutCancel` (K6). For work that must
 * outlive the request that started it (a log write, a cleanup), still
 * seeing its values. Its `err()` and `cause()` are `undefined`.
 *
 * @throws TypeError if `parent` is not a Context.
 *
 * @example
 * ```ts
 * const [req, cancel] = withCancel(withValue(background(), traceKey, "t-42"));
 * const bg = withoutCancel(req);
 * cancel();
 * console.log(bg.err(), bg.value(traceKey)); // undefined t-42
 * ```
 */
export function withoutCancel(parent: Context): Context {
  return new WithoutCancelCtx(checkParent(parent, "WithoutCancel"));
}

/**
 * What {@link afterFunc} returns: Go's `stop func() bool`. It keeps `f`
 * from running and returns true, if `f` has not been started yet; false
 * if it has (or `stop` was already called). It does not wait for a running
 * `f`. Disposable: `using _ = stop` stops at scope end (Go's `defer stop()`).
 *
 * @example
 * ```ts
 * const stop: AfterFuncStop = afterFunc(ctx, () => conn.close());
 * if (stop()) console.log("conn stays open");
 * ```
 */
export type AfterFuncStop = (() => boolean) & Disposable;

/**
 * Runs `f` once, as its own task, after `ctx` is cancelled (at once if it
 * already is): Go 1.21's `context.AfterFunc` (K6). Calls on one context are
 * independent. The returned `stop()` is true if it kept `f` from running.
 * Cancelling never waits for `f`: it runs on a microtask after the
 * cancellation. Like a child context, the registration leaves the parent
 * when `f` starts or `stop()` is called (K3).
 *
 * `f`'s error is not caught: a throw is an uncaught exception and a
 * rejection unhandled, as a panic in Go's `f` crashes the program.
 *
 * @throws TypeError if `ctx` is not a Context or `f` is not a function.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeout(background(), 5000);
 * const stop = afterFunc(ctx, () => socket.destroy()); // unblock a read when ctx ends
 * try { await readAll(socket); } finally { stop(); cancel(); }
 * ```
 */
export function afterFunc(ctx: Context, f: () => unknown): AfterFuncStop {
  const p = checkParent(ctx, "AfterFunc");
  if (typeof f !== "function") throw new TypeError(`context: AfterFunc needs a function, got ${typeof f}`);
  let state: "waiting" | "started" | "stopped" = "waiting";
  let detach: (() => void) | null = null;
  const reg: Canceler = {
    cancel() {
      if (state !== "waiting") return;
      state = "started";
      const d = detach;
      detach = null;
      d?.();
      // Its own task, as Go's `go f()`: the cancel that got here does not wait for it.
      queueMicrotask(() => void f());
    },
  };
  detach = propagate(p, reg);
  if (state !== "waiting") detach = null;
  return disposable(() => {
    if (state !== "waiting") return false;
    state = "stopped";
    const d = detach;
    detach = null;
    d?.();
    return true;
  });
}

/**
 * Why `ctx` was cancelled: Go 1.20's `context.Cause(ctx)`. `undefined` while
 * it is live; the cause given to a `withCancelCause` cancel, or to
 * `withDeadlineCause` / `withTimeoutCause` when the deadline passed;
 * otherwise `ctx.err()`. A context made by {@link fromSignal} gives the
 * signal's reason. Children inherit their parent's cause, also through a
 * context written by hand, as long as its `value(key)` passes unknown keys
 * to its parent (K5).
 *
 * @throws TypeError if `ctx` is not a Context.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancelCause(background());
 * cancel(new Error("disk full"));
 * console.log((cause(ctx) as Error).message); // disk full
 * ```
 */
export function cause(ctx: Context): unknown {
  return causeOf(checkParent(ctx, "Cause"));
}
