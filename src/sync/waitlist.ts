/**
 * A FIFO of tasks waiting for a lock: what Go's runtime semaphore queue
 * (`semacquire`'s sudogs) is to sync.Mutex and sync.RWMutex.
 *
 * A Set iterates in insertion order and deletes in O(1), so it is a FIFO
 * that an aborted waiter can leave from the middle at once (X2). A waiter is
 * its own abort listener, and removes that listener when it is granted, so
 * nothing outlives the wait. Granting and aborting both delete the waiter
 * first, synchronously, so a waiter is settled exactly once: a granted
 * waiter is not aborted later, and an aborted one is never granted (M5).
 */
import { traceWait, tracing, unwatchAbort, watchAbort, type Abortable } from "../channel/internal.js";

export class Waiting implements Abortable {
  constructor(
    /** What the lock tells its waiters apart by (RWMutex: reader or writer). */
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
