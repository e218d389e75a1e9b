/**
 * The Context interface and the one node type behind every cancellable
 * context: Go's `cancelCtx` and `timerCtx` in one class.
 *
 * A context is a node in a tree. Cancelling a node cancels its subtree at
 * once, with the same error and cause (K2): each node keeps its children in
 * a Set, and cancels them before it aborts its own signal. A node leaves
 * its parent's Set the moment it is cancelled, by its parent, by its own
 * cancel function or by its deadline, and clears its timer, so a finished
 * child leaves nothing on its parent, however long the parent lives (K3).
 * Children of our own nodes never listen on the parent's AbortSignal: that
 * is a listener per child, which is exactly what K3 forbids while the child
 * lives on. Only a parent that is not one of ours (a Context written by
 * hand) is listened on, and that listener goes when the child is cancelled.
 *
 * Cancellation order, as in Go's `cancelCtx.cancel`: record the error and
 * cause, close `done()`, cancel the children, leave the parent, abort the
 * signal last (its listeners are user code and may run anything).
 */
import type { RecvChannel } from "../channel/index.js";
import { Channel } from "../channel/internal.js";
import { wallNow } from "../time/duration.js";
import { clearLongTimeout, setLongTimeout, type LongTimeout } from "../time/timeout.js";
import { Canceled, DeadlineExceeded } from "./errors.js";

/**
 * Go's `context.Context`: a deadline, a cancellation signal, and the reason
 * it was cancelled, passed down a call tree. Made by {@link background},
 * {@link withCancel}, {@link withTimeout}, {@link withDeadline},
 * {@link withCancelCause} and {@link fromSignal}.
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
   * An AbortSignal that aborts when the context is cancelled, whose reason
   * is `err()`: pass it to `fetch` or to any gochan `{ signal }` option.
   */
  readonly signal: AbortSignal;
}

/** A context of ours: something children can register with directly. @internal */
export class Node implements Context {
  private readonly controller = new AbortController();
  private error: Error | undefined = undefined;
  private why: unknown = undefined;
  private doneCh: Channel<never> | null = null;
  private doneView: RecvChannel<never> | null = null;
  private children: Set<Node> | null = null;
  private timer: LongTimeout | null = null;
  /** Undoes this node's registration with its parent; null once done or when there is none. */
  private detach: (() => void) | null = null;

  /** @param when the deadline in ms since the epoch, if this node or an ancestor has one. */
  constructor(private readonly when: number | undefined) {}

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
    return this.when === undefined ? undefined : new Date(this.when);
  }

  /** Go's `context.Cause(ctx)`: why it was cancelled. */
  get cause(): unknown {
    return this.why;
  }

  /** Links this node under `parent`; if the parent is already cancelled, cancels this one now. */
  attach(parent: Context): void {
    if (parent instanceof Node) {
      if (parent.error !== undefined) return this.cancel(parent.error, parent.why);
      if (parent === BACKGROUND) return; // never cancelled: nothing to register with
      (parent.children ??= new Set()).add(this);
      this.detach = () => parent.children?.delete(this); // null while the parent cancels its children
      return;
    }
    // A Context written by hand: all we know of it is its signal.
    const signal = parent.signal;
    if (signal.aborted) return this.cancel(parent.err() ?? Canceled, signal.reason);
    const onAbort = () => this.cancel(parent.err() ?? Canceled, signal.reason);
    signal.addEventListener("abort", onAbort);
    this.detach = () => signal.removeEventListener("abort", onAbort);
  }

  /** Arms the deadline; called once attached, so an earlier parent deadline already won. */
  arm(): void {
    if (this.when === undefined || this.error !== undefined) return;
    const ms = this.when - wallNow(); // a bubble's virtual time inside gochan/testing's synctest
    if (ms <= 0) return this.cancel(DeadlineExceeded, DeadlineExceeded);
    this.timer = setLongTimeout(() => this.cancel(DeadlineExceeded, DeadlineExceeded), ms);
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

/** The root: never cancelled, no deadline. */
const BACKGROUND = new Node(undefined);

/**
 * The empty root context, never cancelled and without a deadline: Go's
 * `context.Background()`. Everything else derives from it.
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
