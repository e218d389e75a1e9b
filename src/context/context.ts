/**
 * The Context interface and the node types behind it: Go's `cancelCtx` and
 * `timerCtx` in one class ({@link Node}), `valueCtx` ({@link ValueCtx}) and
 * `withoutCancelCtx` ({@link WithoutCancelCtx}).
 *
 * A context is a node in a tree. Cancelling a node cancels its subtree at
 * once, with the same error and cause (K2): each node keeps what must be
 * cancelled with it (child nodes, `afterFunc` registrations) in a Set, and
 * cancels them before it aborts its own signal. A child leaves its parent's
 * Set the moment it is cancelled, by its parent, by its own cancel function
 * or by its deadline, and clears its timer, so a finished child leaves
 * nothing on its parent, however long the parent lives (K3). Children of
 * our own nodes never listen on the parent's AbortSignal: that is a
 * listener per child, which is exactly what K3 forbids while the child
 * lives on. Only a parent that is not one of ours (a Context written by
 * hand) is listened on, and that listener goes when the child is cancelled.
 *
 * A value context has no state of its own: done, err, deadline and signal
 * are its parent's, and a child registers with the nearest node of ours
 * above it. Values and causes are found by one walk up the chain
 * ({@link lookup}), which asks a hand-made context its `value(key)`, as
 * Go's `value` function does; the nearest cancel node is found the same
 * way, under a key only this module has, so that `cause()` reaches through
 * a context the library did not make (K4, K5).
 *
 * Cancellation order, as in Go's `cancelCtx.cancel`: record the error and
 * cause, close `done()`, cancel the children, leave the parent, abort the
 * signal last (its listeners are user code and may run anything).
 */
import type { RecvChannel } from "../channel/index.js";
import { Channel } from "../channel/internal.js";
import { clearLongTimeout, setLongTimeout, type LongTimeout } from "../time/timeout.js";
import { Canceled, DeadlineExceeded } from "./errors.js";

/**
 * Go's `context.Context`: a deadline, a cancellation signal, the reason it
 * was cancelled, and request-scoped values, passed down a call tree. Made
 * by {@link background}, {@link withCancel}, {@link withTimeout},
 * {@link withDeadline}, {@link withCancelCause}, {@link withValue},
 * {@link withoutCancel} and {@link fromSignal}; or written by hand, as Go
 * allows any type with these methods.
 *
 * @example
 * ```ts
 * async function worker(ctx: Context, jobs: RecvChannel<number>) {
 *   for (;;) {
 *     const stop = await select([
 *       recv(ctx.done(), () => true),  // case <-ctx.Done(): return ctx.Err()
 *       recv(jobs, (j) => (console.log("job", j), false)),
 *     ]);
 *     if (stop) return ctx.err();
 *   }
 * }
 * ```
 */
export interface Context {
  /**
   * A channel that is closed when this context is cancelled, and never
   * otherwise: Go's `ctx.Done()` (K1). The same channel on every call.
   */
  done(): RecvChannel<never>;
  /**
   * `undefined` while the context is live; then {@link Canceled} or, if its
   * deadline passed first, {@link DeadlineExceeded}: Go's `ctx.Err()` (K1).
   */
  err(): Error | undefined;
  /** When the context will be cancelled by its deadline, if it has one: Go's `ctx.Deadline()`. */
  deadline(): Date | undefined;
  /**
   * The value stored under `key` by the nearest {@link withValue} on the
   * way up from this context, or `undefined`: Go's `ctx.Value(key)` (K4).
   * Keys compare with `===`. A context written by hand should pass keys it
   * does not know to its parent, as Go's do; one without `value` holds none.
   */
  value(key: unknown): unknown;
  /**
   * An AbortSignal that aborts when the context is cancelled, whose reason
   * is `err()`: pass it to `fetch` or to any gochan `{ signal }` option.
   */
  readonly signal: AbortSignal;
}

/** What a node cancels along with itself: a child node or an afterFunc registration. @internal */
export interface Canceler {
  cancel(error: Error, cause: unknown): void;
}

/**
 * The key under which a node of ours answers {@link lookup} with itself
 * (Go's `&cancelCtxKey`): how `cause()` finds the nearest cancel node
 * through a context written by hand that passes keys on. @internal
 */
export const CANCEL_CTX: unique symbol = Symbol("gochan.context.cancelCtx");

/** The range of a Date: a deadline of ±Infinity is shown as these ends, never as an Invalid Date. */
const MAX_DATE = 8.64e15;

/** A cancellable context of ours: something children can register with directly. @internal */
export class Node implements Context {
  private readonly controller = new AbortController();
  /** @internal */
  error: Error | undefined = undefined;
  /** @internal */
  why: unknown = undefined;
  private doneCh: Channel<never> | null = null;
  private doneView: RecvChannel<never> | null = null;
  /** @internal */
  children: Set<Canceler> | null = null;
  private timer: LongTimeout | null = null;
  /** Undoes this node's registration with its parent; null once done or when there is none. */
  private detach: (() => void) | null = null;

  /**
   * @param parent what values are looked up in past this node; null for a root.
   * @param when the deadline in ms since the epoch, if this node or an ancestor has one.
   */
  constructor(
    /** @internal */
    readonly parent: Context | null,
    private readonly when: number | undefined,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  done(): RecvChannel<never> {
    if (this.doneView === null) {
      this.doneCh = new Channel<never>();
      if (this.error !== undefined) this.doneCh.close();
      this.doneView = this.doneCh.recvOnly();
    }
    return this.doneView;
  }

  err(): Error | undefined {
    return this.error;
  }

  deadline(): Date | undefined {
    return this.when === undefined ? undefined : new Date(Math.min(MAX_DATE, Math.max(-MAX_DATE, this.when)));
  }

  value(key: unknown): unknown {
    return lookup(this, key);
  }

  /** Go's `context.Cause(ctx)`: why it was cancelled. */
  get cause(): unknown {
    return this.why;
  }

  /** Links this node under `parent`; if the parent is already cancelled, cancels this one now. */
  attach(parent: Context): void {
    this.detach = propagate(parent, this);
  }

  /**
   * Arms the deadline, `ms` from now on the monotonic clock (T1), to cancel
   * with `DeadlineExceeded` and `cause`; called once attached, so an earlier
   * parent deadline already won.
   */
  arm(ms: number, cause: unknown): void {
    if (this.error !== undefined) return;
    if (!(ms > 0)) return this.cancel(DeadlineExceeded, cause);
    this.timer = setLongTimeout(() => this.cancel(DeadlineExceeded, cause), ms);
  }

  /** Cancels this node and its subtree with `error`; later calls do nothing. */
  cancel(error: Error, cause: unknown): void {
    if (this.error !== undefined) return;
    this.error = error;
    this.why = cause;
    this.doneCh?.close();
    if (this.timer !== null) {
      clearLongTimeout(this.timer);
      this.timer = null;
    }
    const children = this.children;
    this.children = null;
    if (children !== null) for (const c of children) c.cancel(error, cause);
    if (this.detach !== null) {
      this.detach();
      this.detach = null;
    }
    this.controller.abort(error);
  }

  /** Children still registered, for tests. @internal */
  get childCount(): number {
    return this.children?.size ?? 0;
  }
}

/** The root: never cancelled, no deadline, no values. */
const BACKGROUND = new Node(null, undefined);

/**
 * A context carrying one key and its value: Go's `valueCtx`. Everything
 * else is its parent's. @internal
 */
export class ValueCtx implements Context {
  constructor(
    readonly parent: Context,
    readonly key: unknown,
    readonly val: unknown,
  ) {}

  get signal(): AbortSignal {
    return this.parent.signal;
  }
  done(): RecvChannel<never> {
    return this.parent.done();
  }
  err(): Error | undefined {
    return this.parent.err();
  }
  deadline(): Date | undefined {
    return this.parent.deadline();
  }
  value(key: unknown): unknown {
    return lookup(this, key);
  }
}

/**
 * Its parent's values, and nothing of its cancellation: Go's
 * `withoutCancelCtx`. Never cancelled, no deadline. @internal
 */
export class WithoutCancelCtx implements Context {
  constructor(readonly parent: Context) {}

  get signal(): AbortSignal {
    return BACKGROUND.signal; // never aborts
  }
  done(): RecvChannel<never> {
    return BACKGROUND.done(); // never closes
  }
  err(): Error | undefined {
    return undefined;
  }
  deadline(): Date | undefined {
    return undefined;
  }
  value(key: unknown): unknown {
    return lookup(this, key);
  }
}

/**
 * The value of `key` seen from `ctx`: Go's `value(c, key)`, a loop up the
 * chain through our own types, handing over to `value()` at the first
 * context written by hand. Under {@link CANCEL_CTX}, the nearest cancel
 * node (none past a {@link withoutCancel}). @internal
 */
export function lookup(ctx: Context, key: unknown): unknown {
  let c: Context = ctx;
  for (;;) {
    if (c instanceof ValueCtx) {
      if (c.key === key) return c.val;
      c = c.parent;
    } else if (c instanceof Node) {
      if (key === CANCEL_CTX) return c === BACKGROUND ? undefined : c;
      if (c.parent === null) return undefined;
      c = c.parent;
    } else if (c instanceof WithoutCancelCtx) {
      if (key === CANCEL_CTX) return undefined;
      c = c.parent;
    } else {
      return typeof (c as Partial<Context>).value === "function" ? c.value(key) : undefined;
    }
  }
}

/**
 * Go's `context.Cause`: the cause recorded by the nearest cancel node (found
 * through contexts written by hand too, if they pass keys on), or else
 * `err()`. @internal
 */
export function causeOf(ctx: Context): unknown {
  const node = lookup(ctx, CANCEL_CTX);
  if (node instanceof Node && node.why !== undefined) return node.why;
  return ctx.err();
}

/**
 * Registers `c` to be cancelled when `parent` is (Go's `propagateCancel`),
 * or cancels it now if the parent already is. Returns how to undo the
 * registration, or null when nothing was registered. @internal
 */
export function propagate(parent: Context, c: Canceler): (() => void) | null {
  let p = parent;
  while (p instanceof ValueCtx) p = p.parent;
  if (p === BACKGROUND || p instanceof WithoutCancelCtx) return null; // never cancelled
  if (p instanceof Node) {
    const node = p;
    if (node.error !== undefined) {
      c.cancel(node.error, node.why);
      return null;
    }
    (node.children ??= new Set()).add(c);
    return () => node.children?.delete(c); // null while the parent cancels its children
  }
  // A Context written by hand: all we know of it is its signal, its err() and its cause.
  const custom = p;
  const signal = custom.signal;
  const onAbort = () => c.cancel(custom.err() ?? Canceled, causeOf(custom));
  if (signal.aborted) {
    onAbort();
    return null;
  }
  signal.addEventListener("abort", onAbort);
  return () => signal.removeEventListener("abort", onAbort);
}

/**
 * The empty root context, never cancelled and without a deadline or
 * values: Go's `context.Background()`. Everything else derives from it.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeout(background(), 5000);
 * try { await run(ctx); } finally { cancel(); }
 * ```
 */
export function background(): Context {
  return BACKGROUND;
}

/**
 * Go's `context.TODO()`: the same root as {@link background}, for code that
 * has not been given a context yet.
 *
 * @example
 * ```ts
 * await fetchUser(todo(), "alice"); // TODO: thread a real context through
 * ```
 */
export function todo(): Context {
  return BACKGROUND;
}

/** Throws at the call for a parent that is not a Context, as Go panics on a nil parent. @internal */
export function checkParent(parent: unknown, what: string): Context {
  if (
    typeof parent !== "object" ||
    parent === null ||
    typeof (parent as Context).done !== "function" ||
    typeof (parent as Context).err !== "function" ||
    typeof (parent as Context).deadline !== "function" ||
    !((parent as Context).signal instanceof AbortSignal)
  ) {
    throw new TypeError(`context: ${what}: cannot create context from nil parent`);
  }
  return parent as Context;
}

/**
 * The parent's deadline in ms since the epoch, checked: a context written
 * by hand whose `deadline()` returns something else than a Date or
 * `undefined` is a TypeError at the call, naming what it returned. @internal
 */
export function deadlineOf(parent: Context, what: string): number | undefined {
  if (parent instanceof Node && parent !== BACKGROUND) return parent.deadline()?.getTime();
  const d: unknown = parent.deadline();
  if (d === undefined) return undefined;
  if (Object.prototype.toString.call(d) !== "[object Date]") {
    const shown = typeof d === "object" && d !== null ? (d.constructor?.name ?? "object") : `${typeof d} ${String(d)}`;
    throw new TypeError(`context: ${what}: the parent's deadline() returned ${shown}, not a Date or undefined`);
  }
  const t = (d as Date).getTime();
  if (Number.isNaN(t)) throw new TypeError(`context: ${what}: the parent's deadline() returned an Invalid Date`);
  return t;
}
