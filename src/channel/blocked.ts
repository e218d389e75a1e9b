/**
 * The waiter of a plain `send` or `recv` that has to wait: it settles the
 * operation's promise, and withdraws itself if the caller's signal aborts.
 *
 * Small on purpose, since a program may park many thousands of these: it
 * keeps the promise's `resolve` and not its `reject` (a rejection, which is
 * rare, resolves with a rejected promise instead), no reference to its
 * channel (its queue knows the channel), and a signal only when it has one
 * (`Watched`). That waiter watches its signal itself (abort.ts shares one
 * listener per signal), so parking with a signal allocates no closure, and
 * it stops watching the moment it is completed, so nothing outlives the
 * operation (rule X2).
 */
import { unwatchAbort, watchAbort } from "../kernel/abort.js";
import { claim, newTicket, type Ticket } from "../kernel/ticket.js";
import { SendOnClosedChannelError } from "./errors.js";
import { CLOSED } from "./result.js";
import { Waiter } from "./waiter.js";
import { UNPARK } from "./handle.js";

export class Blocked<T> extends Waiter<T> {
  constructor(
    value: T | undefined,
    protected readonly resolve: (result: any) => void,
  ) {
    super(value);
  }

  /** Called on every path that ends the operation. */
  protected release(): void {}

  deliver(value: T | undefined, ok: boolean): void {
    this.release();
    this.resolve(ok ? [value, true] : CLOSED);
  }

  sent(): void {
    this.release();
    this.resolve(undefined);
  }

  closed(): void {
    this.release();
    this.resolve(Promise.reject(new SendOnClosedChannelError()));
  }

  override fail(error: unknown): void {
    this.release();
    this.resolve(Promise.reject(error));
  }
}

/**
 * A blocked `receive()`: the same waiter, resolving to the bare value (or
 * `undefined` once closed), so that no tuple is allocated. Subclasses rather
 * than a flag, so that `recv()`'s waiter is not one field or one branch bigger.
 */
export class BlockedValue<T> extends Blocked<T> {
  override deliver(value: T | undefined, ok: boolean): void {
    this.resolve(ok ? value : undefined);
  }
}

/** A blocked operation with an abort signal: one field more, only when there is a signal. */
export class Watched<T> extends Blocked<T> {
  private signal: AbortSignal | undefined;

  /** Withdraws itself if `signal` aborts before the operation completes (once `watch` is called). */
  constructor(value: T | undefined, resolve: (result: any) => void, signal: AbortSignal) {
    super(value, resolve);
    this.signal = signal;
  }

  /** Starts watching the signal; call once the waiter is parked. */
  watch(): void {
    watchAbort(this.signal!, this);
  }

  /** Taken when parked at another thread's channel, whose owner races this signal. */
  #ticket: Ticket | null = null;

  override ticket(): Ticket | null {
    return (this.#ticket ??= newTicket());
  }

  override claim(): boolean {
    return this.#ticket === null || claim(this.#ticket);
  }

  /** The signal aborted: the operation has not completed, so it has had no effect. */
  onAbort(reason: unknown): void {
    this.signal = undefined; // no longer watched
    // Another thread completed it first: its answer is on the way, and wins.
    if (this.#ticket !== null && !claim(this.#ticket)) return;
    this.queue![UNPARK](this);
    this.resolve(Promise.reject(reason));
  }

  /** Stops watching the signal, so nothing outlives the operation (X2). */
  protected override release(): void {
    if (this.signal !== undefined) {
      unwatchAbort(this.signal, this);
      this.signal = undefined;
    }
  }
}

/** A blocked `receive()` with an abort signal. */
export class WatchedValue<T> extends Watched<T> {
  override deliver(value: T | undefined, ok: boolean): void {
    this.release();
    this.resolve(ok ? value : undefined);
  }
}
