/**
 * A parked operation: what a channel keeps in its queues (Go's `sudog`).
 *
 * This is the internal interface between channels and everything that blocks
 * on them. A channel completes a waiter by first dequeuing it and then calling
 * exactly one of its three methods; it never touches a waiter that is not in
 * one of its queues. Whoever parked the waiter decides what completion means:
 * a plain `send`/`recv` settles its promise (`Blocked`), a `for await` loop
 * settles its `next()`, and a `select` case commits its whole select and
 * withdraws its other cases before returning (`src/select/`).
 *
 * Exactly-once by construction: completion and withdrawal both remove the
 * waiter from its queue synchronously, and JavaScript runs one of them to the
 * end before the other can start, so a waiter is completed at most once and a
 * withdrawn waiter is never completed.
 */
import { UNPARK } from "./handle.js";

/** What a waiter is parked in: its channel, which holds both queues. */
export interface Parking<T> {
  /** Withdraws `w` (a flavor may do more, as a timer disarms). */
  [UNPARK](w: Waiter<T>): void;
}

export abstract class Waiter<T> {
  prev: Waiter<T> | null = null;
  next: Waiter<T> | null = null;
  /** The channel this waiter is parked in; null once dequeued or withdrawn. */
  queue: Parking<T> | null = null;

  /** @param value what a parked sender offers; unused by receivers. */
  constructor(public value: T | undefined) {}

  /**
   * What this waiter is one case of (a select), or null: diagnostics list
   * a group once. A getter on the prototype, so it costs a waiter no bytes.
   */
  get group(): object | null {
    return null;
  }

  /** Its place among its group's cases (a select's case index): diagnostics list cases in the order written. */
  get order(): number {
    return 0;
  }

  /**
   * Whether this waiter may still be completed, and if so that the caller
   * completes it: a channel calls it on dequeuing, and skips (drops) a
   * waiter that answers false. Always true on one thread; a waiter parked on
   * several threads at once (a select with a case on another thread's
   * channel) answers through its ticket (src/kernel/ticket.ts).
   */
  claim(): boolean {
    return true;
  }

  /**
   * The ticket another thread must win before it completes this waiter, or
   * null if nothing but a channel can complete it (a plain send or receive
   * without a signal). Asked by a channel of another thread when the waiter
   * parks there (src/goroutine/remote.ts).
   */
  ticket(): Int32Array | null {
    return null;
  }

  /**
   * True for a case of a select with a default: a channel of another thread
   * only tries it once (and calls `missed` if it cannot complete it now).
   */
  get polling(): boolean {
    return false;
  }

  /** A channel of another thread tried this polling waiter and could not complete it now. */
  missed(): void {}

  /** The operation cannot complete: the thread that owns its channel died. */
  fail(_error: unknown): void {}

  /** A parked receiver gets `value` (`ok` true), or the channel closed (`ok` false). */
  abstract deliver(value: T | undefined, ok: boolean): void;
  /** A receiver took this parked sender's value. */
  abstract sent(): void;
  /** This parked sender's channel was closed: its value is not delivered (C8). */
  abstract closed(): void;
}

/** A waiter that only ever receives (a `for await` step, an idle pool worker): never in a send queue. */
export abstract class Receiver<T> extends Waiter<T> {
  constructor() {
    super(undefined);
  }

  sent(): void {
    throw new Error("unreachable: a receiver was completed as a sender");
  }

  closed(): void {
    throw new Error("unreachable: a receiver was completed as a sender");
  }
}
