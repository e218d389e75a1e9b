/**
 * The waiter of a plain `send` or `recv` that has to wait: it settles the
 * operation's promise, and withdraws itself if the caller's signal aborts.
 *
 * The waiter is its own abort listener (`handleEvent`), so parking with a
 * signal allocates no closure, and it removes that listener the moment it is
 * completed, so nothing outlives the operation (rule X2).
 */
import { SendOnClosedChannelError } from "./errors.js";
import { CLOSED } from "./result.js";
import { Waiter } from "./waiter.js";

/** What a waiter withdraws itself from when its signal aborts. */
export interface Parking<T> {
  unpark(w: Waiter<T>): void;
}

export class Blocked<T> extends Waiter<T> {
  private signal: AbortSignal | null = null;
  private from: Parking<T> | null = null;

  constructor(
    value: T | undefined,
    protected readonly resolve: (result: any) => void,
    private readonly reject: (reason: unknown) => void,
  ) {
    super(value);
  }

  /** Withdraws this waiter from `from` if `signal` aborts before it completes. */
  watch(signal: AbortSignal | undefined, from: Parking<T>): void {
    if (signal === undefined) return;
    this.signal = signal;
    this.from = from;
    signal.addEventListener("abort", this);
  }

  /** The abort listener: the operation has not completed, so it has had no effect. */
  handleEvent(): void {
    const signal = this.signal!;
    this.release();
    this.from!.unpark(this);
    this.reject(signal.reason);
  }

  /** Drops the abort listener: called on every path that ends the operation. */
  protected release(): void {
    if (this.signal !== null) {
      this.signal.removeEventListener("abort", this);
      this.signal = null;
    }
  }

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
    this.reject(new SendOnClosedChannelError());
  }
}
