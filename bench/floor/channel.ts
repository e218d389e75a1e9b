/**
 * The floor channel: the smallest promise hand-off channel we know how to
 * write, and the lower bound every channel ratio in the benchmarks divides by.
 *
 * A ring buffer of values plus two FIFOs (parked receivers, parked senders)
 * and a `closed` flag: Go's `hchan` with everything else left out. No
 * cancellation, no direction views, no microtask policy (so it holds the
 * event loop as long as work never has to wait), no checks beyond what the
 * workloads need to finish. A receive resolves to the bare value, or to
 * `DONE` once the channel is closed and drained: no `[v, ok]` tuple.
 *
 * `floorSelect` is the minimal receive-only select over it: pick a ready
 * channel uniformly, else park one receiver per channel that share a `won`
 * flag. Losing receivers are not removed; they stay in their queues and a
 * later send skips them (a parked receiver that returns `false` declined).
 */

/** What a receive resolves to once the channel is closed and drained. */
export const DONE: unique symbol = Symbol("floor.done");
/** What `poll` answers when a receive would have to wait. */
export const EMPTY: unique symbol = Symbol("floor.empty");

/** A parked receiver: a promise's resolve, or a select case that may decline (false). */
type Receiver<T> = (value: T | typeof DONE) => boolean | void;
interface Sender<T> {
  value: T;
  resolve: () => void;
  reject: (reason: Error) => void;
}

const RESOLVED: Promise<void> = Promise.resolve();
const EMPTY_RING: never[] = [];

/** A growable ring of items; `shift` and `push` are O(1) (no Array#shift). */
class Ring<T> {
  // Allocated on first push: an idle channel holds three empty rings.
  private items: Array<T | undefined> = EMPTY_RING;
  private head = 0;
  size = 0;

  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & (this.items.length - 1)] = item;
    this.size++;
  }

  /** The caller checks `size > 0` first. */
  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    return item;
  }

  private grow(): void {
    const next = new Array<T | undefined>(Math.max(4, this.items.length * 2));
    for (let i = 0; i < this.size; i++) next[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = next;
    this.head = 0;
  }
}

export class FloorChannel<T> {
  private readonly buf = new Ring<T>();
  private readonly recvq = new Ring<Receiver<T>>();
  private readonly sendq = new Ring<Sender<T>>();
  private closed = false;

  constructor(private readonly cap = 0) {}

  /** Hands `value` to the oldest parked receiver, else buffers it, else parks. */
  send(value: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error("send on closed channel"));
    while (this.recvq.size > 0) if (this.recvq.shift()(value) !== false) return RESOLVED;
    if (this.buf.size < this.cap) {
      this.buf.push(value);
      return RESOLVED;
    }
    return new Promise((resolve, reject) => this.sendq.push({ value, resolve, reject }));
  }

  /** Takes a value now if there is one, else parks. */
  recv(): Promise<T | typeof DONE> {
    const v = this.poll();
    if (v !== EMPTY) return Promise.resolve(v);
    return new Promise((resolve) => this.recvq.push(resolve));
  }

  /** Whether a receive would complete now. */
  ready(): boolean {
    return this.buf.size > 0 || this.sendq.size > 0 || this.closed;
  }

  /**
   * Completes a receive now if it can. From a full buffer with a parked
   * sender, takes the head and moves the sender's value to the tail (FIFO).
   */
  poll(): T | typeof DONE | typeof EMPTY {
    if (this.buf.size > 0) {
      const v = this.buf.shift();
      if (this.sendq.size > 0) {
        const s = this.sendq.shift();
        this.buf.push(s.value);
        s.resolve();
      }
      return v;
    }
    if (this.sendq.size > 0) {
      const s = this.sendq.shift();
      s.resolve();
      return s.value;
    }
    return this.closed ? DONE : EMPTY;
  }

  /** Parks a receiver (for `floorSelect`). */
  park(r: Receiver<T>): void {
    this.recvq.push(r);
  }

  close(): void {
    this.closed = true;
    while (this.recvq.size > 0) this.recvq.shift()(DONE);
    while (this.sendq.size > 0) this.sendq.shift().reject(new Error("send on closed channel"));
  }
}

/** Receives from whichever of `chans` is ready first: `[index, value]`. */
export function floorSelect<T>(chans: readonly FloorChannel<T>[]): Promise<[number, T | typeof DONE]> {
  // Reservoir sampling: each ready channel is kept with probability 1/ready.
  let pick = -1;
  let ready = 0;
  for (let i = 0; i < chans.length; i++) {
    if (chans[i]!.ready() && Math.random() * ++ready < 1) pick = i;
  }
  if (pick >= 0) return Promise.resolve([pick, chans[pick]!.poll() as T | typeof DONE]);
  return new Promise((resolve) => {
    let won = false;
    for (let i = 0; i < chans.length; i++) {
      chans[i]!.park((value) => {
        if (won) return false;
        won = true;
        resolve([i, value]);
        return true;
      });
    }
  });
}

/** The smallest WaitGroup: a counter and one promise, for the seeds' flow on the floor. */
export class FloorWaitGroup {
  private count = 0;
  private release: (() => void) | null = null;
  private waiting: Promise<void> | null = null;

  add(n: number): void {
    this.count += n;
    if (this.count === 0 && this.release !== null) {
      this.release();
      this.release = this.waiting = null;
    }
  }

  done(): void {
    this.add(-1);
  }

  wait(): Promise<void> {
    if (this.count === 0) return RESOLVED;
    return (this.waiting ??= new Promise((resolve) => (this.release = resolve)));
  }
}
