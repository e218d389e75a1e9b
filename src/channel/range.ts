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
import { Receiver } from "./waiter.js";
import { pending, taken } from "./pending.js";

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class Range<T> implements AsyncIterableIterator<T> {
  /**
   * How many of this iterator's `next()` calls are parked: one at most in a
   * `for await` loop, more only when a caller stacks them by hand. A count,
   * not a list, so that a completed `next()` is garbage at once.
   */
  waiting = 0;
  private finished = false;

  constructor(private readonly ch: Channel<T>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.finished) return Promise.resolve(DONE);
    const v = this.ch.recvNow();
    if (v !== EMPTY) {
      const result: IteratorResult<T, undefined> = v === DRAINED ? DONE : { value: v, done: false };
      return spend() ? afterYield(result) : Promise.resolve(result);
    }
    const p = pending<IteratorResult<T, undefined>>();
    this.waiting++;
    this.ch.parkRecv(new Next<T>(taken(), this));
    return p;
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.finished = true;
    // This iterator's parked receives are in the channel's queue of receivers.
    for (let w = this.ch.firstRecv; w !== null && this.waiting > 0; ) {
      const next = this.ch.nextRecv(w);
      if (w instanceof Next && w.range === this) {
        this.ch.unpark(w);
        w.deliver(undefined, false);
      }
      w = next;
    }
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

/** A parked `next()`. */
class Next<T> extends Receiver<T> {
  constructor(
    private readonly resolve: (result: IteratorResult<T, undefined>) => void,
    readonly range: Range<T>,
  ) {
    super();
  }

  deliver(value: T | undefined, ok: boolean): void {
    this.range.waiting--;
    this.resolve(ok ? { value: value as T, done: false } : DONE);
  }
}
