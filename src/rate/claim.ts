/**
 * A place in a limiter's line: a `wait(n)` that is parked, a select case
 * on `ready(n)` that is parked, or a reservation made while others were
 * already waiting. See line.ts for how the line is served.
 */
import { unwatchAbort, type Abortable } from "../kernel/abort.js";
import { ExceedsBurstError } from "./errors.js";
import { BOOK, type Reservation } from "./reservation.js";

/** The key of a limiter's way to take a claim out of its line, having taken nothing. */
export const DROP = Symbol("drop");

export abstract class Claim {
  /** @param n the tokens this claim takes when it is served. */
  constructor(readonly n: number) {}

  /**
   * Its tokens have been taken (at rate Inf: were not needed): it may act
   * now. It has already left the line.
   */
  abstract grant(): void;
}

/** A parked `wait(n)`. */
export class WaitClaim extends Claim implements Abortable {
  readonly #limiter: { [DROP](c: Claim): void };
  readonly #resolve: () => void;
  readonly #reject: (reason: unknown) => void;
  readonly #signal: AbortSignal | undefined;

  constructor(
    n: number,
    limiter: { [DROP](c: Claim): void },
    resolve: () => void,
    reject: (reason: unknown) => void,
    signal: AbortSignal | undefined) {
    super(n);
    this.#limiter = limiter;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#signal = signal;
  }

  grant(): void {
    if (this.#signal !== undefined) unwatchAbort(this.#signal, this);
    this.#resolve();
  }

  /** `setBurst` made its `n` impossible: rejects as a new wait would (L4). */
  refuse(burst: number): void {
    if (this.#signal !== undefined) unwatchAbort(this.#signal, this);
    this.#reject(new ExceedsBurstError(this.n, burst));
  }

  /** The signal aborted while it waited: it leaves the line having taken nothing (X1). */
  onAbort(reason: unknown): void {
    this.#limiter[DROP](this);
    this.#reject(reason);
  }
}

/** A reservation made while others waited: its place in the line. */
export class HeldClaim extends Claim {
  constructor(readonly reservation: Reservation) {
    super(reservation[BOOK].tokens);
  }

  grant(): void {
    this.reservation[BOOK].held = null;
  }
}
