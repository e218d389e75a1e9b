/**
 * `limiter.ready(n)`: a limiter as a receive-only channel, so that it can be
 * a `select` case (L4).
 *
 * It is a receive flavor of Channel, as a timer's channel is (see
 * src/time/timer.ts): it overrides `canRecv`, `recvNow`, `parkRecv` and
 * `unpark`, and nothing else. Polling it asks the limiter whether `n`
 * tokens can be taken now with nobody waiting ahead; receiving takes them.
 * A parked receiver (a plain `recv()`, a `for await` step, or one case of a
 * select) is a claim in the limiter's line: it takes its tokens only when
 * the limiter serves it, and at that moment it is completed like any
 * channel waiter, which for a select commits the select and withdraws its
 * other cases. A case that loses is withdrawn through `unpark`, which takes
 * its claim out of the line: it has taken nothing (S1, C5), and nothing of
 * it stays behind (X2).
 */
import { CAN_RECV, Channel, EMPTY, PARK_RECV, RECV_NOW, UNPARK, type Waiter } from "../channel/internal.js";
import { Claim, DROP } from "./claim.js";

// The limiter's side of the ready channel, keyed by symbols no user has, so
// that none of it can be reached on a Limiter by name (DROP is claim.ts's).
export const READY_NOW = Symbol("readyNow");
export const TAKE_NOW = Symbol("takeNow");
export const ENQUEUE_CASE = Symbol("enqueueCase");

/** What the channel needs of its limiter. @internal */
export interface Tokens {
  /** Whether `n` tokens could be taken now, with nobody waiting ahead. */
  [READY_NOW](n: number): boolean;
  /** Takes `n` tokens if they are there now, nobody in line; says whether it did. */
  [TAKE_NOW](n: number): boolean;
  /** Puts a parked case in the line. */
  [ENQUEUE_CASE](c: CaseClaim): void;
  /** Takes a claim out of the line, having taken nothing. */
  [DROP](c: Claim): void;
}

/** A parked receiver of a ready channel, as a claim in the limiter's line. */
export class CaseClaim extends Claim {
  readonly #channel: ReadyChannel;
  readonly #waiter: Waiter<number>;

  constructor(
    n: number,
    channel: ReadyChannel,
    waiter: Waiter<number>) {
    super(n);
    this.#channel = channel;
    this.#waiter = waiter;
  }

  grant(): void {
    this.#channel.complete(this.#waiter);
  }
}

/** The channel behind `limiter.ready(n)`: yields `n` each time it takes `n` tokens. */
export class ReadyChannel extends Channel<number> {
  readonly #claims = new Map<Waiter<number>, CaseClaim>();

  readonly #limiter: Tokens;
  readonly #n: number;

  constructor(
    limiter: Tokens,
    n: number) {
    super(0, { name: `rate.Limiter.ready(${n})` });
    this.#limiter = limiter;
    this.#n = n;
  }

  override [CAN_RECV](): boolean {
    return this.#limiter[READY_NOW](this.#n);
  }

  override [RECV_NOW](): number | typeof EMPTY {
    return this.#limiter[TAKE_NOW](this.#n) ? this.#n : EMPTY;
  }

  override [PARK_RECV](w: Waiter<number>): void {
    super[PARK_RECV](w);
    const c = new CaseClaim(this.#n, this, w);
    this.#claims.set(w, c);
    this.#limiter[ENQUEUE_CASE](c);
  }

  override [UNPARK](w: Waiter<number>): void {
    super[UNPARK](w);
    const c = this.#claims.get(w);
    if (c === undefined) return;
    this.#claims.delete(w);
    this.#limiter[DROP](c);
  }

  /** The limiter served `w`'s claim: it has its tokens. @internal */
  complete(w: Waiter<number>): void {
    this.#claims.delete(w);
    super[UNPARK](w);
    w.deliver(this.#n, true);
  }
}
