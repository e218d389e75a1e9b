/**
 * Channel<T>: Go's `hchan` in TypeScript.
 *
 * One object holds the whole channel: a ring buffer of at most `cap` values,
 * a FIFO of parked receivers, a FIFO of parked senders, and `closed`.
 * Between any two operations these invariants hold:
 *
 * - receivers are parked only while the buffer is empty and no sender is
 *   parked, and senders only while the buffer is full (for an unbuffered
 *   channel, always): the one exception is a select with both a send and a
 *   receive case on one unbuffered channel, whose two waiters never complete
 *   each other (only a running operation completes a parked one);
 * - once closed, no waiter is parked: close wakes them all.
 *
 * Send tries three paths in order, as Go's `chansend` does: hand the value
 * straight to the oldest parked receiver, else buffer it, else park. Receive
 * mirrors it (`chanrecv`): from a full buffer with a parked sender it takes
 * the head and moves the sender's value into the tail, so values leave in the
 * order they arrived across buffer and senders together (C4).
 *
 * The operations `select`, `range` and the flavors need (complete now, park,
 * withdraw) are the symbol-keyed handle of handle.ts, not string members:
 * nothing here but the documented API is reachable by a user, and the state
 * is in `#private` fields. The public operations are written once over the
 * handle, so a flavor (a timer's `C`, the pool's intake) overrides handle
 * members only: a receive-side flavor `CAN_RECV`, `RECV_NOW`, `PARK_RECV`,
 * `UNPARK` and `SIZE`; a send-side one `CAN_SEND`, `SEND_NOW`, `SIZE`, `ROOM`
 * and `close`.
 */
import { CloseOfClosedChannelError, SendOnClosedChannelError } from "./errors.js";
import { afterYield, spend } from "../kernel/pace.js";
import { Blocked, BlockedValue, Watched, WatchedValue } from "./blocked.js";
import { signalOf } from "../kernel/options.js";
import { pending, taken } from "../kernel/pending.js";
import { crossing, markCrossing } from "../kernel/ticket.js";
import { recorder, setName, traceLeft, traceParked, tracing } from "../kernel/trace.js";
import { Range } from "./range.js";
import { BRAND, CLOSED, type OpOptions, type RecvResult } from "./result.js";
import { CLOSED as CLOSED_CELL, COUNT, FREE, SHUT, freeSlots, giveCredits, shut, takeCredit } from "./shared.js";
import { ADMIT, ARRIVE, CAN_RECV, CAN_SEND, DRAINED, EMPTY, IS_CLOSED, PARK_RECV, PARK_SEND, QUEUES, RECLAIM, RECV_NOW, ROOM, SEND_NOW, SHARE, SIZE, UNPARK, type Sharing } from "./handle.js";
import { RecvOnly, SendOnly, type RecvChannel, type SendChannel } from "./views.js";
import type { Waiter } from "./waiter.js";

const RESOLVED: Promise<void> = Promise.resolve();

/** The buffer's first allocation; it doubles up to `cap` as values arrive. */
const FIRST_BUFFER = 16;
const NO_BUFFER: never[] = [];

/**
 * Options of the {@link Channel} constructor.
 *
 * @example
 * ```ts
 * const jobs = new Channel<number>(5, { name: "jobs" });
 * ```
 */
export interface ChannelOptions {
  /**
   * What deadlock reports, `blocked()` and traces call this channel. Kept
   * outside the channel (a WeakMap), so a channel without a name is no bigger.
   */
  name?: string | undefined;
}

/**
 * A Go channel: `make(chan T)` is `new Channel<T>()`, `make(chan T, n)` is
 * `new Channel<T>(n)`.
 *
 * Every operation that can block returns a promise and takes an optional
 * `AbortSignal`; the `try` forms never block.
 *
 * @example
 * ```ts
 * const ch = new Channel<string>();   // ch := make(chan string)
 * void (async () => {
 *   await ch.send("ping");            // ch <- "ping"
 *   ch.close();                       // close(ch)
 * })();
 * for await (const msg of ch) {       // for msg := range ch
 *   console.log(msg);                 // ping
 * }
 * ```
 */
export class Channel<T> implements SendChannel<T>, RecvChannel<T>, Disposable {
  readonly #capacity: number;
  /**
   * Ring buffer; its length is a power of two (the index mask is length - 1).
   * Shared and empty until the first value is buffered, so an idle or
   * unbuffered channel allocates none.
   */
  #buf: Array<T | undefined> = NO_BUFFER;
  #head = 0;
  #count = 0;
  #isClosed = false;
  /*
   * The two FIFOs of parked waiters, Go's `recvq` and `sendq`, kept inline as
   * intrusive circular doubly linked lists (the links live in the waiter;
   * the head's `prev` is the tail): push, shift and remove are O(1) and
   * allocate nothing, and an aborted operation or a select case that lost is
   * withdrawn from the middle at once, never left to be skipped later (X2).
   * Inline and headed only, so an idle channel is seven fields, less than
   * Go's `hchan`.
   *
   * Invariant: a waiter is in at most one of them, and `w.queue` is this
   * channel exactly while it is. A waiter knows no side: only a head needs
   * one, and a head is recognised by identity.
   */
  #recvHead: Waiter<T> | null = null;
  #sendHead: Waiter<T> | null = null;
  /** Set once the channel is handed to another thread (src/goroutine/); null for every other channel. */
  #shared: Sharing | null = null;

  /** What `select` recognises a channel by, across copies of gochan (on the prototype: no bytes per channel). @internal */
  declare readonly [BRAND]: "channel";

  /**
   * @param capacity buffer slots; 0 (the default) makes an unbuffered channel
   *   whose send waits for a receiver (C1, C2).
   * @param options `name`: what diagnostics call the channel.
   * @throws RangeError if `capacity` is not a non-negative safe integer.
   *
   * @example
   * ```ts
   * const unbuffered = new Channel<number>();
   * const buffered = new Channel<number>(100);
   * const jobs = new Channel<number>(5, { name: "jobs" }); // named in deadlock reports
   * ```
   */
  constructor(capacity = 0, options?: ChannelOptions) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      throw new RangeError(
        `makechan: size out of range: capacity must be a non-negative safe integer, got ${String(capacity)}`,
      );
    }
    this.#capacity = capacity;
    if (options?.name !== undefined) setName(this, String(options.name));
    if (recorder !== null) recorder.made?.(this);
  }

  /**
   * The number of values in the buffer: Go's `len(ch)` (C10). Never blocks.
   *
   * @example
   * ```ts
   * const ch = new Channel<number>(3);
   * ch.trySend(1);
   * console.log(ch.len, ch.cap); // 1 3
   * ```
   */
  get len(): number {
    return this[SIZE]();
  }

  /**
   * The buffer's capacity: Go's `cap(ch)` (C10).
   *
   * @example
   * ```ts
   * console.log(new Channel<number>(8).cap); // 8
   * ```
   */
  get cap(): number {
    return this[ROOM]();
  }

  /**
   * Sends `value`: Go's `ch <- value`.
   *
   * Resolves once a receiver has taken the value (unbuffered, C2) or it is in
   * the buffer (C3); waits while neither can happen. Blocked senders are
   * served in arrival order (C4).
   *
   * - Closed channel: rejects with {@link SendOnClosedChannelError}, also when
   *   the channel is closed while this send waits; the value is not delivered (C8).
   * - Cancellation: if `signal` aborts before a receiver takes the value, rejects
   *   with `signal.reason` and the value is not delivered; an already-aborted
   *   signal rejects without touching the channel (X1).
   *
   * @throws TypeError at the call if `options.signal` is not an AbortSignal;
   *   nothing is sent.
   *
   * @example
   * ```ts
   * const jobs = new Channel<number>(5);
   * await jobs.send(1);                                      // jobs <- 1
   * await jobs.send(2, { signal: AbortSignal.timeout(100) }); // gives up after 100 ms
   * ```
   */
  send(value: T, options?: OpOptions): Promise<void> {
    const signal = signalOf(options, "send");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (this.#shared !== null) {
      const refused = this.#refusal(value);
      if (refused !== null) return Promise.reject(refused.error);
    }
    if (this.#isClosed) return Promise.reject(new SendOnClosedChannelError());
    if (this[SEND_NOW](value)) return spend() ? afterYield(undefined) : RESOLVED;
    const p = pending<void>();
    if (signal === undefined) this[PARK_SEND](new Blocked<T>(value, taken()));
    else {
      const w = new Watched<T>(value, taken(), signal);
      this[PARK_SEND](w);
      w.watch();
    }
    return p;
  }

  /**
   * Receives a value: Go's `v, ok := <-ch` (C6).
   *
   * Resolves to `[value, true]` for a delivered value, or `[undefined, false]`
   * once the channel is closed and its buffer drained (C9). Waits while the
   * channel is open and has nothing to give. Blocked receivers are served in
   * arrival order (C4).
   *
   * - Closed channel: never rejects; buffered values come first, then
   *   `[undefined, false]` at once, forever.
   * - Cancellation: if `signal` aborts before a value arrives, rejects with
   *   `signal.reason` and nothing is consumed (X1).
   *
   * @throws TypeError at the call if `options.signal` is not an AbortSignal;
   *   nothing is received.
   *
   * @example
   * ```ts
   * const [v, ok] = await ch.recv();  // v, ok := <-ch
   * if (!ok) console.log("closed");
   * ```
   */
  recv(options?: OpOptions): Promise<RecvResult<T>> {
    const signal = signalOf(options, "recv");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    const v = this[RECV_NOW]();
    if (v !== EMPTY) {
      const result: RecvResult<T> = v === DRAINED ? CLOSED : [v, true];
      return spend() ? afterYield(result) : Promise.resolve(result);
    }
    const p = pending<RecvResult<T>>();
    if (signal === undefined) this[PARK_RECV](new Blocked<T>(undefined, taken()));
    else {
      const w = new Watched<T>(undefined, taken(), signal);
      this[PARK_RECV](w);
      w.watch();
    }
    return p;
  }

  /**
   * Receives a value and resolves to the value itself: Go's receive
   * expression `<-ch`, for use inside an expression, as in
   * `total += await ch.receive()` (Go: `total += <-ch`).
   *
   * Named after the Go spec's "receive operator" (and kotlinx's `receive()`):
   * `recv()` is the comma-ok form `v, ok := <-ch`, `receive()` the plain one.
   * Once the channel is closed and drained it resolves to `undefined`, as Go
   * gives the zero value; use `recv()` when `undefined` can also be a value
   * sent. It allocates no `[v, ok]` tuple, so it is the fastest receive.
   *
   * - Closed channel: never rejects; buffered values come first, then
   *   `undefined` at once, forever (C9).
   * - Cancellation: if `signal` aborts before a value arrives, rejects with
   *   `signal.reason` and nothing is consumed (X1).
   *
   * @example
   * ```ts
   * const queue = new Channel<string>(1);
   * await queue.send("job 1");
   * console.log("took", await queue.receive()); // fmt.Println("took", <-queue)
   * ```
   */
  receive(options?: OpOptions): Promise<T | undefined> {
    const signal = signalOf(options, "receive");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    const v = this[RECV_NOW]();
    if (v !== EMPTY) {
      const value = v === DRAINED ? undefined : v;
      return spend() ? afterYield(value) : Promise.resolve(value);
    }
    const p = pending<T | undefined>();
    if (signal === undefined) this[PARK_RECV](new BlockedValue<T>(undefined, taken()));
    else {
      const w = new WatchedValue<T>(undefined, taken(), signal);
      this[PARK_RECV](w);
      w.watch();
    }
    return p;
  }

  /**
   * Sends only if that needs no waiting: Go's `select { case ch <- v: default: }` (C11).
   *
   * @returns true if the value was handed to a receiver or buffered; false
   *   (and nothing changed) if the send would block.
   * @throws SendOnClosedChannelError if the channel is closed (S4).
   *
   * @example
   * ```ts
   * if (!ch.trySend(42)) console.log("full: dropped");
   * ```
   */
  trySend(value: T): boolean {
    if (this.#shared !== null) this.#checkShared(value);
    if (this.#isClosed) throw new SendOnClosedChannelError();
    return this[SEND_NOW](value);
  }

  /**
   * Receives only if that needs no waiting: Go's
   * `select { case v, ok := <-ch: default: }` (C11).
   *
   * @returns `[value, true]` or, when closed and drained, `[undefined, false]`;
   *   `undefined` (and nothing changed) when the receive would block.
   *
   * @example
   * ```ts
   * const r = ch.tryRecv();
   * if (r === undefined) console.log("nothing ready");
   * else if (r[1]) console.log("got", r[0]);
   * else console.log("closed");
   * ```
   */
  tryRecv(): RecvResult<T> | undefined {
    const v = this[RECV_NOW]();
    if (v === EMPTY) return undefined;
    return v === DRAINED ? CLOSED : [v, true];
  }

  /**
   * Closes the channel: Go's `close(ch)`. Buffered values can still be
   * received (C9); every blocked receiver wakes with `[undefined, false]`,
   * every blocked sender rejects with {@link SendOnClosedChannelError} (C8).
   *
   * @throws CloseOfClosedChannelError if the channel is already closed (C7).
   *
   * @example
   * ```ts
   * const done = new Channel<void>();
   * done.close();            // every receiver of done now proceeds
   * console.log(await done.recv()); // [undefined, false]
   * ```
   */
  close(): void {
    if (this.#isClosed) throw new CloseOfClosedChannelError();
    // Shared with other threads: the closed cell decides who closed first.
    // A thread that won it has closed the channel, its message on the way.
    const cells = this.#shared?.cells ?? null;
    if (cells !== null) this.#shared!.flush?.();
    const first = cells === null || Atomics.compareExchange(cells, CLOSED_CELL, 0, 1) === 0;
    this.#closeNow();
    if (!first) throw new CloseOfClosedChannelError();
  }

  /** Closes the open channel: every parked receiver wakes with `ok` false, every parked sender fails (C8, C9). */
  #closeNow(): void {
    this.#isClosed = true;
    if (this.#shared?.credits) shut(this.#shared.cells!);
    if (recorder !== null) recorder.closed(this);
    // Receivers wait on while a value lent out before the close is still to come.
    if (this.#inFlight() === 0) for (let w = this.#shiftRecv(); w !== null; w = this.#shiftRecv()) w.deliver(undefined, false);
    for (let w = this.#shiftSend(); w !== null; w = this.#shiftSend()) w.closed();
  }

  /** Slots lent to other threads whose values have not arrived yet (shared.ts); 0 for a channel that lends none. */
  #inFlight(): number {
    if (!this.#shared?.credits) return 0;
    return this.#capacity - this.#count - freeSlots(this.#shared.cells!);
  }

  /**
   * A send on a channel shared with other threads: one closed from another
   * thread is closed here now (C8), and the value must be able to cross (G2).
   */
  #checkShared(value: T): void {
    const cells = this.#shared!.cells;
    if (cells !== null && Atomics.load(cells, CLOSED_CELL) === 1) {
      if (!this.#isClosed) this.#closeNow(); // another thread won the cell; its message is on the way
      throw new SendOnClosedChannelError();
    }
    this.#shared!.admit(value);
  }

  /** What #checkShared throws, as a value: send() stays free of a try block, which costs every send. */
  #refusal(value: T): { error: unknown } | null {
    try {
      this.#checkShared(value);
      return null;
    } catch (error) {
      return { error };
    }
  }

  /**
   * Closes the channel if it is still open: what `using` calls at the end of
   * the scope, Go's `defer close(ch)`. Unlike `close()`, it never throws, so
   * a channel closed by hand inside the scope does not turn the scope's exit
   * into an error.
   *
   * @example
   * ```ts
   * async function produce() {
   *   using out = new Channel<number>(10); // defer close(out)
   *   for (let i = 0; i < 3; i++) await out.send(i);
   * }
   * ```
   */
  [Symbol.dispose](): void {
    if (!this.#isClosed) this.close();
  }

  /**
   * Receives until the channel is closed and drained: Go's `for v := range ch`
   * (C12). Leaving the loop early neither closes the channel nor consumes a
   * value the loop body did not see.
   *
   * @example
   * ```ts
   * for await (const job of jobs) console.log("job", job);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return new Range(this);
  }

  /**
   * A view of this channel that can only receive: Go's `<-chan T` (C13).
   * Its type has no `send` or `close`, and calling them anyway throws a `TypeError`.
   *
   * @example
   * ```ts
   * function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>) {}
   * worker(1, jobs.recvOnly(), results.sendOnly());
   * ```
   */
  recvOnly(): RecvChannel<T> {
    return new RecvOnly(this);
  }

  /**
   * A view of this channel that can only send and close: Go's `chan<- T` (C13).
   * Its type has no `recv`, and receiving anyway throws a `TypeError`.
   *
   * @example
   * ```ts
   * const out: SendChannel<number> = results.sendOnly();
   * await out.send(2);
   * ```
   */
  sendOnly(): SendChannel<T> {
    return new SendOnly(this);
  }

  /** @internal */
  [SHARE](sharing: Sharing): void {
    markCrossing();
    this.#shared = sharing;
    if (sharing.cells !== null) {
      Atomics.store(sharing.cells, COUNT, this.#count);
      Atomics.store(sharing.cells, CLOSED_CELL, this.#isClosed ? 1 : 0);
      const free = this.#capacity - this.#count;
      Atomics.store(sharing.cells, FREE, sharing.credits !== true ? SHUT : this.#isClosed ? SHUT | free : free);
    }
  }

  /** @internal */
  [ARRIVE](value: T): void {
    const r = this.#shiftRecv();
    if (r === null) {
      this.#push(value); // into the slot lent for it
      return;
    }
    if (recorder !== null) recorder.passed(this, "send", r, value);
    r.deliver(value, true);
    giveCredits(this.#shared!.cells!, 1);
    this.#settle();
  }

  /** @internal */
  [RECLAIM](slots: number): void {
    giveCredits(this.#shared!.cells!, slots);
    this.#settle();
  }

  /** Closed, drained, and nothing more in flight: the receivers still parked learn it (C9). */
  #settle(): void {
    if (!this.#isClosed || this.#count > 0 || this.#inFlight() > 0) return;
    for (let w = this.#shiftRecv(); w !== null; w = this.#shiftRecv()) w.deliver(undefined, false);
  }

  /** @internal */
  [ADMIT](value: T): void {
    if (this.#shared !== null) this.#checkShared(value);
  }

  /** @internal */
  [SIZE](): number {
    this.#shared?.sync?.();
    return this.#count;
  }

  /** @internal */
  [ROOM](): number {
    return this.#capacity;
  }

  /** @internal */
  get [IS_CLOSED](): boolean {
    return this.#isClosed;
  }

  /** @internal */
  [SEND_NOW](value: T): boolean {
    if (this.#shared !== null) this.#shared.sync?.();
    const r = this.#shiftRecv();
    if (r !== null) {
      // The trace counts a value once per side (the running task's send, r's receive).
      if (recorder !== null) recorder.passed(this, "send", r, value);
      r.deliver(value, true);
      return true;
    }
    return this.#count < this.#capacity && this.#buffer(value);
  }

  // The buffered halves of sendNow and recvNow are methods of their own,
  // so that the two stay small enough for V8 to inline into send, recv and
  // the loops that call them, which an unbuffered channel's speed needs.

  /** Puts `value` in the buffer, which has a free slot, unless that slot is lent to another thread (shared.ts). */
  #buffer(value: T): boolean {
    if (this.#shared !== null && !this.#lend()) return false;
    this.#push(value);
    if (recorder !== null) recorder.passed(this, "send", null, value);
    return true;
  }

  /** @internal */
  [RECV_NOW](): T | typeof EMPTY | typeof DRAINED {
    if (this.#shared !== null) this.#shared.sync?.();
    if (this.#count > 0) return this.#unbuffer();
    const s = this.#shiftSend();
    if (s !== null) {
      const v = s.value as T;
      if (recorder !== null) recorder.passed(this, "recv", s, v);
      s.sent();
      return v;
    }
    return this.#isClosed && (this.#shared === null || this.#inFlight() === 0) ? DRAINED : EMPTY;
  }

  /** Takes the buffer's head; the oldest parked sender's value (if any) takes its slot. */
  #unbuffer(): T {
    const s = this.#shiftSend(); // first: it may give up (BUSY) before anything moved
    const v = this.#shift();
    if (recorder !== null) recorder.passed(this, "recv", s, v);
    if (s !== null) {
      this.#push(s.value as T);
      s.sent();
    } else if (this.#shared !== null) this.#freed();
    return v;
  }

  /** @internal */
  [CAN_RECV](): boolean {
    if (this.#shared !== null) this.#shared.sync?.();
    return this.#count > 0 || this.#sendHead !== null || (this.#isClosed && (this.#shared === null || this.#inFlight() === 0));
  }

  /** @internal */
  [CAN_SEND](): boolean {
    if (this.#shared !== null) this.#shared.sync?.();
    return this.#isClosed || this.#recvHead !== null || (this.#count < this.#capacity && (this.#shared === null || !this.#shared.credits || freeSlots(this.#shared.cells!) > 0));
  }

  /** A buffered send on a shared channel: a slot must be free, not lent (shared.ts); a credit always leaves `count` below `cap`. */
  #lend(): boolean {
    return !this.#shared!.credits || takeCredit(this.#shared!.cells!);
  }

  /** A value left the buffer of a shared channel and no sender took its slot: the slot may be lent again. */
  #freed(): void {
    if (this.#shared!.credits) giveCredits(this.#shared!.cells!, 1);
  }

  /** @internal */
  [PARK_RECV](w: Waiter<T>): void {
    if (tracing()) traceParked(w, this, "recv");
    w.queue = this;
    this.#recvHead = append(this.#recvHead, w);
  }

  /** @internal */
  [PARK_SEND](w: Waiter<T>): void {
    if (tracing()) traceParked(w, this, "send");
    w.queue = this;
    this.#sendHead = append(this.#sendHead, w);
  }

  /** @internal */
  [UNPARK](w: Waiter<T>): void {
    if (w.queue === this) this.#remove(w);
  }

  /** The heads of the two queues (a head's `prev` is its tail). @internal */
  get [QUEUES](): Queues<T> {
    return { recv: this.#recvHead, send: this.#sendHead };
  }

  /** Takes `w` out of whichever queue it is in; the caller checked `w.queue === this`. */
  #remove(w: Waiter<T>): void {
    if (tracing()) traceLeft(w);
    const next = w.next!;
    if (next === w) {
      // Alone in its queue.
      if (this.#recvHead === w) this.#recvHead = null;
      else this.#sendHead = null;
    } else {
      const prev = w.prev!;
      prev.next = next;
      next.prev = prev;
      if (this.#recvHead === w) this.#recvHead = next;
      else if (this.#sendHead === w) this.#sendHead = next;
    }
    w.prev = w.next = null;
    w.queue = null;
  }

  // A waiter that another thread completed first (its ticket says so) is
  // dropped on the way: Go's dequeue skips a sudog whose select is done.
  // The claim comes before the removal: a claim that must give up (BUSY,
  // src/kernel/ticket.ts) leaves the queue as it was.
  #shiftRecv(): Waiter<T> | null {
    const w = this.#recvHead;
    if (w === null) return null;
    if (crossing) return this.#claimed(w);
    this.#remove(w);
    return w;
  }

  #shiftSend(): Waiter<T> | null {
    const w = this.#sendHead;
    if (w === null) return null;
    if (crossing) return this.#claimed(w);
    this.#remove(w);
    return w;
  }

  /** The first waiter from `w` on in its queue that is still this channel's to complete (see above). */
  #claimed(w: Waiter<T>): Waiter<T> | null {
    const recv = w === this.#recvHead;
    for (let h: Waiter<T> | null = w; h !== null; h = recv ? this.#recvHead : this.#sendHead) {
      const won = h.claim();
      this.#remove(h);
      if (won) return h;
    }
    return null;
  }

  #push(v: T): void {
    if (this.#count === this.#buf.length) this.#grow();
    this.#buf[(this.#head + this.#count) & (this.#buf.length - 1)] = v;
    this.#count++;
    if (this.#shared?.cells) Atomics.store(this.#shared.cells, COUNT, this.#count);
  }

  #shift(): T {
    const v = this.#buf[this.#head] as T;
    this.#buf[this.#head] = undefined; // let the value be collected
    this.#head = (this.#head + 1) & (this.#buf.length - 1);
    this.#count--;
    if (this.#shared?.cells) Atomics.store(this.#shared.cells, COUNT, this.#count);
    return v;
  }

  #grow(): void {
    const old = this.#buf;
    const size = old.length === 0 ? Math.min(FIRST_BUFFER, 2 ** Math.ceil(Math.log2(this.#capacity))) : old.length * 2;
    const next = new Array<T | undefined>(size).fill(undefined);
    const mask = old.length - 1;
    for (let i = 0; i < this.#count; i++) next[i] = old[(this.#head + i) & mask];
    this.#buf = next;
    this.#head = 0;
  }
}

/** Appends `w` to the circular list headed by `head`; returns the head. */
function append<T>(head: Waiter<T> | null, w: Waiter<T>): Waiter<T> {
  if (head === null) {
    w.prev = w.next = w;
    return w;
  }
  const tail = head.prev!;
  w.prev = tail;
  w.next = head;
  tail.next = w;
  head.prev = w;
  return head;
}

/**
 * The two wait queues of a channel, Go's `recvq` and `sendq`, by their heads:
 * walk a queue with `w.next` until it comes back to the head.
 */
export interface Queues<T> {
  readonly recv: Waiter<T> | null;
  readonly send: Waiter<T> | null;
}

Object.defineProperty(Channel.prototype, BRAND, { value: "channel" });
