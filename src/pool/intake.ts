/**
 * The pool's jobs channel: a channel flavor (see src/channel/channel.ts)
 * whose buffer is the pool's priority queue.
 *
 * A send completes at once while the queue has room, and puts the job
 * straight into the queue (and from there, if a worker is idle, into its
 * hands); while the queue is full it parks like any send on a full channel,
 * with the same cancellation and `select` behavior. The pool pulls parked
 * senders in (`recvNow`) as workers make room. No goroutine sits between
 * the producer and the workers: a job costs no extra hop.
 */
import { CAN_SEND, Channel, DRAINED, EMPTY, IS_CLOSED, PARK_SEND, QUEUES, RECV_NOW, ROOM, SEND_NOW, SIZE, type Waiter } from "../channel/internal.js";
import { captureContext, type AsyncContext } from "./asynccontext.js";

/** What `takeParked` says when no sender is parked. */
export const NONE: unique symbol = Symbol("none");

export class Intake<T> extends Channel<T> {
  /**
   * @param queue the pool's queue, shared by its intakes.
   * @param room how many jobs the queue holds.
   * @param offer queues a value; called only while the queue has room.
   * @param closing told once this channel is closed.
   * @param capture whether a parked send keeps its async context for the handler (asynccontext.ts).
   */
  constructor(
    private readonly queue: { readonly size: number },
    private readonly room: number,
    private readonly offer: (value: T) => void,
    private readonly closing: () => void,
    private readonly capture: boolean,
  ) {
    super(0);
  }

  /** Jobs waiting in the queue: the seeds' `len(jobs)`. */
  override [SIZE](): number {
    return this.queue.size;
  }

  override [ROOM](): number {
    return this.room;
  }

  override [SEND_NOW](value: T): boolean {
    if (this.queue.size >= this.room) return false;
    this.offer(value);
    return true;
  }

  override [CAN_SEND](): boolean {
    return this[IS_CLOSED] || this.queue.size < this.room;
  }

  /** A parked send's async context, captured as it parks (the send that completes at once is captured by the pool). */
  private readonly contexts = new WeakMap<object, AsyncContext>();

  override [PARK_SEND](w: Waiter<T>): void {
    const ctx = this.capture ? captureContext() : undefined;
    if (ctx !== undefined) this.contexts.set(w, ctx);
    super[PARK_SEND](w);
  }

  /** The async context of the oldest parked sender; read before `takeParked` takes it. */
  parkedContext(): AsyncContext | undefined {
    const w = this[QUEUES].send;
    return w === null || w === undefined ? undefined : this.contexts.get(w);
  }

  /** The value the oldest parked sender offers, if one is parked. */
  firstParked(): T | undefined {
    return this[QUEUES].send?.value;
  }

  /** Takes the oldest parked sender's value (it completes); NONE if none is parked. */
  takeParked(): T | typeof NONE {
    const v = this[RECV_NOW](); // EMPTY unless a sender is parked: an intake buffers nothing itself
    return v === EMPTY || v === DRAINED ? NONE : v;
  }

  override close(): void {
    super.close();
    this.closing();
  }
}
