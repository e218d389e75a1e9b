/**
 * The producer's jobs channel, apart from the producer because it is a
 * channel: what a send, a try-send and a select's case see of Redis's room
 * goes through the channel's own hooks here, and the producer only says
 * how much room there is and takes what comes in.
 */
import { Channel } from "../channel/index.js";
import { CAN_SEND, DRAINED, EMPTY, IS_CLOSED, QUEUES, RECV_NOW, ROOM, SEND_NOW, SHARE } from "../channel/internal.js";
import { checkJson } from "./wire.js";

/**
 * The producer's jobs channel: a channel flavor (like the pool's Intake)
 * that buffers nothing itself. A send completes at once while Redis has
 * room for it, and parks otherwise; the producer pulls parked senders in
 * as room opens. A value JSON cannot carry is refused at the send.
 */
export interface OutboxHost {
  room(): number;
  closing(): void;
  readonly cap: number;
  /** Why sends are refused, if the producer was cancelled or gave up. */
  refusal(): { why: unknown } | undefined;
}

export class Outbox<T> extends Channel<T> {
  readonly #producer: OutboxHost;
  readonly #offer: (value: T) => void;
  readonly #jobOf: (value: T) => unknown;

  constructor(
    producer: OutboxHost,
    offer: (value: T) => void,
    jobOf: (value: T) => unknown) {
    super(0);
    this.#producer = producer;
    this.#offer = offer;
    this.#jobOf = jobOf;
    // A job leaves for the broker as JSON: every send (plain, try, or a
    // select's case) is checked at the call, as a channel shared with
    // another thread checks that its values can be cloned.
    this[SHARE]({
      cells: null,
      admit: (value) => {
        checkJson(this.#jobOf(value as T), "job");
        const refused = this.#producer.refusal();
        if (refused !== undefined) throw refused.why;
      },
    });
  }

  override [ROOM](): number {
    return this.#producer.cap;
  }

  override [SEND_NOW](value: T): boolean {
    if (this.#producer.room() <= 0) return false;
    this.#offer(value);
    return true;
  }

  override [CAN_SEND](): boolean {
    return this[IS_CLOSED] || this.#producer.room() > 0;
  }

  /** Whether a sender waits for room (the channel's queue head: null when none; O(1), unlike `sendq`, which counts). */
  hasParked(): boolean {
    return this[QUEUES].send !== null;
  }

  firstParked(): T | undefined {
    return this[QUEUES].send?.value;
  }

  /** Takes the oldest parked sender's value into the producer; false if none is parked. */
  pull(): boolean {
    const v = this[RECV_NOW]();
    if (v === EMPTY || v === DRAINED) return false;
    this.#offer(v);
    return true;
  }

  override close(): void {
    super.close();
    this.#producer.closing();
  }
}
