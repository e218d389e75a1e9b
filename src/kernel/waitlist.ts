/**
 * The one parking facility of every primitive that is not a channel: what
 * Go's runtime/sema.go (`semacquire1(addr, ..., reason)`) is to its sync
 * package. Mutex, RWMutex, Semaphore, WaitGroup, Once, Cond and the pool's
 * waits park here, each with the reason Go's goroutine dump would give, so
 * the wait queue, the abort handling (X1, X2) and what `blocked()` and
 * `run()`'s deadlock report see are written once, not per primitive. Their
 * fast paths (no wait needed) return through `ready()` of pace.ts, so a
 * loop of them yields to the event loop as channel operations do (D1).
 *
 * A Set iterates in insertion order and deletes in O(1), so it is a FIFO
 * that an aborted waiter can leave from the middle at once (X2). A waiter is
 * its own abort listener, and removes that listener when it is granted, so
 * nothing outlives the wait. Granting and aborting both delete the waiter
 * first, synchronously, so a waiter is settled exactly once: a granted
 * waiter is not aborted later, and an aborted one is never granted (M5).
 */
import { traceWait, tracing } from "./trace.js";
import { unwatchAbort, watchAbort, type Abortable } from "./abort.js";

/** How many wait on a primitive now: for gochan's tests and diagnostics, no part of any public surface. */
export const WAITERS: unique symbol = Symbol.for("gochan.waiters") as never;

export class Waiting implements Abortable {
  constructor(
    /** What the primitive tells its waiters apart by (RWMutex: reader or writer; Semaphore: the weight). */
    readonly kind: number,
    private readonly list: WaitList,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (reason: unknown) => void,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Hands the lock over: settles the wait with `value`. */
  grant(value: unknown): void {
    this.list.remove(this);
    if (this.signal !== undefined) unwatchAbort(this.signal, this);
    this.resolve(value);
  }

  /** The signal aborted: leaves the queue having taken nothing. */
  onAbort(reason: unknown): void {
    this.list.remove(this);
    this.reject(reason);
    this.list.onLeave(this);
  }
}

export class WaitList {
  private readonly set = new Set<Waiting>();

  /** @param onLeave runs after a waiter left by abort: the lock may now let others in. */
  constructor(readonly onLeave: (w: Waiting) => void = () => {}) {}

  get size(): number {
    return this.set.size;
  }

  /** The oldest waiter, if any. */
  first(): Waiting | undefined {
    for (const w of this.set) return w;
    return undefined;
  }

  /** The waiters, oldest first, live: one granted during the walk is left out, not revisited. */
  values(): IterableIterator<Waiting> {
    return this.set.values();
  }

  /** Every waiter, oldest first (a copy: granting removes them). */
  all(): Waiting[] {
    return [...this.set];
  }

  /**
   * Parks the caller until granted or until `signal` aborts (checked, and
   * found not aborted, by the caller). `what` and `owner` name the wait in
   * `blocked()` and the deadlock report.
   */
  park<T>(kind: number, signal: AbortSignal | undefined, what: string, owner: object): Promise<T> {
    const p = new Promise<T>((resolve, reject) => {
      const w = new Waiting(kind, this, resolve as (value: unknown) => void, reject, signal);
      this.set.add(w);
      if (signal !== undefined) watchAbort(signal, w);
    });
    return tracing() ? traceWait(p, what, owner) : p;
  }

  remove(w: Waiting): void {
    this.set.delete(w);
  }
}
