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
import { Channel } from "../channel/internal.js";

/** What the pool answers an intake. */
export interface Taker<T> {
  /** Queues `value` if there is room; false if the queue is full. */
  offer(value: T): boolean;
  /** Whether `offer` would take a value now. */
  hasRoom(): boolean;
  /** The channel was closed: no more values will come from it. */
  closing(): void;
  /** Jobs waiting in the queue: this channel's `len`. */
  readonly queued: number;
  /** The queue's capacity: this channel's `cap`. */
  readonly room: number;
}

export class Intake<T> extends Channel<T> {
  constructor(private readonly taker: Taker<T>) {
    super(0);
  }

  override get len(): number {
    return this.taker.queued;
  }

  override get cap(): number {
    return this.taker.room;
  }

  override sendNow(value: T): boolean {
    return this.taker.offer(value);
  }

  override canSend(): boolean {
    return this.closed || this.taker.hasRoom();
  }

  override close(): void {
    super.close();
    this.taker.closing();
  }
}
