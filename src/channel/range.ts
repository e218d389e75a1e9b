/**
 * `for await (const v of ch)`: Go's `for v := range ch` (C12).
 *
 * The iterator never reads ahead: each `next()` is one receive, so a loop that
 * ends early has consumed exactly the values its body saw. `return()` (what
 * `break`, `return` and `throw` call) withdraws any receive still parked and
 * does not close the channel: in Go, only the sender closes.
 */
import type { Channel } from "./channel.js";
import { DRAINED, EMPTY } from "./result.js";
import { afterYield, spend } from "./pace.js";
import { Waiter } from "./waiter.js";

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class Range<T> implements AsyncIterableIterator<T> {
  /** The most recent parked `next()`; older ones hang off `older` (only manual callers stack them). */
  private parked: Next<T> | null = null;
  private finished = false;

  constructor(private readonly ch: Channel<T>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.finished) return Promise.resolve(DONE);
    const v = this.ch.recvNow();
    if (v !== EMPTY) {
      const result: IteratorResult<T, undefined> = v === DRAINED ? DONE : { value: v, done: false };
      return spend() ? afterYield(result) : Promise.resolve(result);
    }
    return new Promise((resolve) => {
      const w = new Next<T>(resolve, this.parked);
      this.parked = w;
      this.ch.parkRecv(w);
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.finished = true;
    for (let w = this.parked; w !== null; w = w.older) {
      if (w.queue !== null) {
        this.ch.unpark(w);
        w.resolve(DONE);
      }
    }
    this.parked = null;
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

/** A parked `next()`. It only ever receives. */
class Next<T> extends Waiter<T> {
  constructor(
    readonly resolve: (result: IteratorResult<T, undefined>) => void,
    readonly older: Next<T> | null,
  ) {
    super(undefined);
  }

  deliver(value: T | undefined, ok: boolean): void {
    this.resolve(ok ? { value: value as T, done: false } : DONE);
  }

  sent(): void {
    throw new Error("unreachable: a range loop never sends");
  }

  closed(): void {
    throw new Error("unreachable: a range loop never sends");
  }
}
