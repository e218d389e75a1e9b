/**
 * A FIFO of parked waiters: Go's `waitq`, an intrusive doubly linked list.
 *
 * Intrusive (the links live in the waiter) so that push, shift and remove are
 * O(1) with no allocation: an aborted operation or a select case that lost is
 * withdrawn from the middle of the queue at once, never left behind to be
 * skipped later (rule X2).
 *
 * Invariant: a waiter is in at most one queue, and `w.queue` names it exactly
 * while it is there.
 */
import { traceLeft, traceParked, tracing } from "./trace.js";
import type { Waiter } from "./waiter.js";

export class WaitQueue<T> {
  private head: Waiter<T> | null = null;
  private tail: Waiter<T> | null = null;
  /** How many waiters are parked here. */
  size = 0;

  /** @param owner the channel whose queue this is: what a waiter withdraws itself from. */
  constructor(readonly owner: { unpark(w: Waiter<T>): void; readonly recvq: WaitQueue<T>; readonly cap: number; readonly len: number }) {}

  push(w: Waiter<T>): void {
    if (tracing()) traceParked(w, this.owner, this.owner.recvq === this ? "recv" : "send");
    w.queue = this;
    w.prev = this.tail;
    w.next = null;
    if (this.tail === null) this.head = w;
    else this.tail.next = w;
    this.tail = w;
    this.size++;
  }

  /** The oldest waiter, left in place; walk on with `w.next`. */
  get first(): Waiter<T> | null {
    return this.head;
  }

  /** Dequeues the oldest waiter, or returns null when none is parked. */
  shift(): Waiter<T> | null {
    const w = this.head;
    if (w !== null) this.remove(w);
    return w;
  }

  remove(w: Waiter<T>): void {
    if (tracing()) traceLeft(w);
    if (w.prev === null) this.head = w.next;
    else w.prev.next = w.next;
    if (w.next === null) this.tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = w.next = null;
    w.queue = null;
    this.size--;
  }
}
