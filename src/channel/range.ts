/**
 * `for await (const v of ch)`: Go's `for v := range ch` (C12).
 *
 * The iterator never reads ahead: each `next()` is one receive, so a loop that
 * ends early has consumed exactly the values its body saw. `return()` (what
 * `break`, `return` and `throw` call) withdraws any receive still parked and
 * does not close the channel: in Go, only the sender closes.
 */
import type { Channel } from "./channel.js";
import { DRAINED, EMPTY, PARK_RECV, QUEUES, RECV_NOW, UNPARK } from "./handle.js";
import { afterYield, spend } from "../kernel/pace.js";
import { Receiver } from "./waiter.js";
import { pending, taken } from "../kernel/pending.js";

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class Range<T> implements AsyncIterableIterator<T> {
  /**
   * How many of this iterator's `next()` calls are parked: one at most in a
   * `for await` loop, more only when a caller stacks them by hand. A count,
   * not a list, so that a completed `next()` is garbage at once.
   */
  waiting = 0;
  #finished = false;

  readonly #ch: Channel<T>;

  constructor(ch: Channel<T>) {
    this.#ch = ch;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#finished) return Promise.resolve(DONE);
    const v = this.#ch[RECV_NOW]();
    if (v !== EMPTY) {
      const result: IteratorResult<T, undefined> = v === DRAINED ? DONE : { value: v, done: false };
      return spend() ? afterYield(result) : Promise.resolve(result);
    }
    const p = pending<IteratorResult<T, undefined>>();
    this.waiting++;
    this.#ch[PARK_RECV](new Next<T>(taken(), this));
    return p;
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.#finished = true;
    // This iterator's parked receives are in the channel's queue of receivers.
    const head = this.#ch[QUEUES].recv;
    if (head !== null) {
      const parked: Next<T>[] = [];
      let w = head;
      do {
        if (w instanceof Next && w.range === this) parked.push(w);
        w = w.next!;
      } while (w !== head && parked.length < this.waiting);
      for (const n of parked) {
        this.#ch[UNPARK](n);
        n.deliver(undefined, false);
      }
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

  override fail(error: unknown): void {
    this.range.waiting--;
    this.resolve(Promise.reject(error) as never);
  }
}
