/**
 * A reference model of a Go channel, and of select on it, for model-based
 * tests (fast-check's `fc.commands`): a plain array buffer, two arrays of
 * parked operations and a flag, Go's hchan with nothing clever in it.
 *
 * Every state change of a gochan channel happens at the call,
 * synchronously; only the caller's resumption waits for microtasks. So
 * after each command and one turn of the event loop, the model says exactly
 * how every operation so far has settled, and what the buffer and the
 * queues hold. The commands (commands.ts) run one operation on both, then compare.
 *
 * The one thing the model cannot predict is which of several ready select
 * cases runs (that is random, S2): it reads the choice from the real run
 * and checks that the chosen case was ready. With the seeded scheduler
 * (seeded.ts) the choice itself replays from the seed.
 *
 * Nothing here imports fast-check: the commands (commands.ts) are plain objects of
 * fast-check's command shape, and kit.ts builds arbitraries of them from
 * the `fc` a test passes in.
 */

/**
 * How one operation of a model run has settled, as the model predicts it
 * and as the real channel did it.
 *
 * @example
 * ```ts
 * const o: Outcome = { kind: "recv", value: 3, ok: true };
 * ```
 */
export type Outcome =
  | { kind: "pending" }
  | { kind: "recv"; value: number | undefined; ok: boolean }
  | { kind: "sent" }
  | { kind: "send-on-closed" }
  | { kind: "aborted" }
  | { kind: "select"; index: 0 }
  | { kind: "select"; index: 1; value: number | undefined; ok: boolean }
  | { kind: "default" }
  | { kind: "error"; message: string };

export const PENDING: Outcome = { kind: "pending" };

/**
 * The reason the commands abort operations with: an operation that rejects
 * with it counts as aborted.
 *
 * @example
 * ```ts
 * new AbortController().abort(ABORTED);
 * ```
 */
export const ABORTED = new Error("aborted by the model run");

/**
 * What a model run drives: a gochan `Channel`, or the user's own channel
 * code with the same methods. `sendq`/`recvq` sizes are compared when
 * present (a gochan Channel has them); select commands run only on a
 * gochan Channel.
 *
 * @example
 * ```ts
 * const real: ChannelLike = new Channel<number>(2);
 * ```
 */
export interface ChannelLike {
  /** Go's `ch <- v`: settles once delivered; rejects with `send on closed channel`, or the signal's reason. */
  send(value: number, options?: { signal?: AbortSignal | undefined }): Promise<void>;
  /** Go's `v, ok := <-ch`. */
  recv(options?: { signal?: AbortSignal | undefined }): Promise<readonly [number | undefined, boolean]>;
  /** Sends only if that needs no waiting; throws `send on closed channel` on a closed channel. */
  trySend(value: number): boolean;
  /** Receives only if that needs no waiting; undefined otherwise. */
  tryRecv(): readonly [number | undefined, boolean] | undefined;
  /** Go's `close(ch)`; throws `close of closed channel` the second time. */
  close(): void;
  /** Values buffered now. */
  readonly len: number;
}

/**
 * The reference model: Go's channel as plain arrays. Operations are
 * numbered by the run; `expected` maps each number to how it should have
 * settled so far.
 *
 * @example
 * ```ts
 * const m = new ChannelModel(1);
 * console.log(m.sendNow(5), m.sendNow(6)); // true false: one slot
 * console.log(m.recvNow());                // { kind: "recv", value: 5, ok: true }
 * ```
 */
export class ChannelModel {
  /** Buffered values, oldest first. */
  buf: number[] = [];
  /** Parked senders in arrival order; `group` is the parked select they belong to. */
  sendq: Array<{ id: number; value: number; group: number | null }> = [];
  /** Parked receivers in arrival order. */
  recvq: Array<{ id: number; group: number | null }> = [];
  /** Whether `close` has run. */
  closed = false;
  /** How each operation should have settled so far. */
  readonly expected = new Map<number, Outcome>();

  /** @param cap the capacity of the channel modelled. */
  constructor(
    /** The modelled channel's capacity. */
    readonly cap: number,
  ) {}

  /**
   * The non-blocking send: hand the value to the oldest parked receiver,
   * else buffer it; false if it would block. (The caller handles closed.)
   *
   * @example
   * ```ts
   * new ChannelModel(0).sendNow(1); // false: nobody receives
   * ```
   */
  sendNow(value: number): boolean {
    const r = this.recvq.shift();
    if (r !== undefined) {
      this.#withdraw(r.group);
      this.expected.set(r.id, r.group === null ? { kind: "recv", value, ok: true } : { kind: "select", index: 1, value, ok: true });
      return true;
    }
    if (this.buf.length < this.cap) {
      this.buf.push(value);
      return true;
    }
    return false;
  }

  /**
   * The non-blocking receive: from the buffer (moving the oldest parked
   * sender's value into it), else from a parked sender, else the closed
   * answer; null if it would block.
   *
   * @example
   * ```ts
   * new ChannelModel(0).recvNow(); // null
   * ```
   */
  recvNow(): Outcome | null {
    if (this.buf.length > 0) {
      const value = this.buf.shift()!;
      const s = this.sendq.shift();
      if (s !== undefined) {
        this.buf.push(s.value);
        this.#sent(s);
      }
      return { kind: "recv", value, ok: true };
    }
    const s = this.sendq.shift();
    if (s !== undefined) {
      this.#sent(s);
      return { kind: "recv", value: s.value, ok: true };
    }
    return this.closed ? { kind: "recv", value: undefined, ok: false } : null;
  }

  /**
   * Whether a send could proceed now (or, closed, would throw): a select's send case is ready.
   *
   * @example
   * ```ts
   * new ChannelModel(1).canSend(); // true
   * ```
   */
  canSend(): boolean {
    return this.closed || this.recvq.length > 0 || this.buf.length < this.cap;
  }

  /**
   * Whether a receive could proceed now: a select's receive case is ready.
   *
   * @example
   * ```ts
   * new ChannelModel(1).canRecv(); // false
   * ```
   */
  canRecv(): boolean {
    return this.buf.length > 0 || this.sendq.length > 0 || this.closed;
  }

  /**
   * Closes: parked receivers get the closed answer, parked senders the
   * send-on-closed error (receivers first, as Go's closechan does).
   *
   * @example
   * ```ts
   * const m = new ChannelModel(0);
   * m.close();
   * console.log(m.recvNow()); // { kind: "recv", value: undefined, ok: false }
   * ```
   */
  close(): void {
    this.closed = true;
    for (const r of this.recvq) {
      if (this.expected.get(r.id)?.kind !== "pending") continue; // its select already went
      this.#withdraw(r.group);
      this.expected.set(r.id, r.group === null ? { kind: "recv", value: undefined, ok: false } : { kind: "select", index: 1, value: undefined, ok: false });
    }
    for (const s of this.sendq) if (this.expected.get(s.id)?.kind === "pending") this.expected.set(s.id, { kind: "send-on-closed" });
    this.recvq = [];
    this.sendq = [];
  }

  /**
   * Withdraws a parked operation (an abort); true if it was parked.
   *
   * @example
   * ```ts
   * new ChannelModel(0).abort(3); // false: nothing parked
   * ```
   */
  abort(id: number): boolean {
    const before = this.recvq.length + this.sendq.length;
    this.recvq = this.recvq.filter((r) => r.id !== id);
    this.sendq = this.sendq.filter((s) => s.id !== id);
    if (this.recvq.length + this.sendq.length === before) return false;
    this.expected.set(id, { kind: "aborted" });
    return true;
  }

  #sent(s: { id: number; group: number | null }): void {
    this.#withdraw(s.group);
    this.expected.set(s.id, s.group === null ? { kind: "sent" } : { kind: "select", index: 0 });
  }

  /** A select's case ran: its other cases leave their queues. */
  #withdraw(group: number | null): void {
    if (group === null) return;
    this.recvq = this.recvq.filter((r) => r.group !== group);
    this.sendq = this.sendq.filter((s) => s.group !== group);
  }
}

/**
 * The real side of a model run: the channel under test, and how each
 * operation started on it has settled.
 *
 * @example
 * ```ts
 * const real = new ChannelRun(new Channel<number>(1));
 * ```
 */
export class ChannelRun {
  /** How each operation has settled so far, as seen. */
  readonly observed = new Map<number, Outcome>();
  /** Abort controllers of abortable operations not yet aborted. */
  readonly controllers = new Map<number, AbortController>();
  #nextId = 0;

  /**
   * @param ch the channel under test.
   * @param settle lets pending callbacks run between a command and its check (default: one macrotask turn).
   */
  constructor(
    /** The channel under test. */ readonly ch: ChannelLike,
    /** How the run lets parked operations settle between commands (a macrotask turn by default). */ readonly settle: () => Promise<void> = macrotaskTurn,
  ) {}

  /**
   * Ends the run: aborts what is abortable and closes the channel (if it
   * is not closed), so that no operation of the run is left parked for a
   * leak check to find; then lets them settle.
   *
   * @example
   * ```ts
   * const real = new ChannelRun(new Channel<number>(cap));
   * await fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real }), cmds);
   * await real.dispose();
   * ```
   */
  async dispose(): Promise<void> {
    for (const ac of this.controllers.values()) ac.abort(ABORTED);
    this.controllers.clear();
    try {
      this.ch.close();
    } catch {
      // closed already
    }
    await this.settle();
  }

  /**
   * A new operation number.
   *
   * @example
   * ```ts
   * const n = real.id();
   * ```
   */
  id(): number {
    return this.#nextId++;
  }

  /**
   * Starts operation `op` under a new number, abortable if asked; returns the number.
   *
   * @example
   * ```ts
   * const id = real.start(true, (v, signal) => real.ch.send(v, { signal }));
   * ```
   */
  start(abortable: boolean, op: (id: number, signal: AbortSignal | undefined) => Promise<unknown>): number {
    const id = this.id();
    const ac = abortable ? new AbortController() : undefined;
    if (ac !== undefined) this.controllers.set(id, ac);
    this.observed.set(id, PENDING);
    let p: Promise<unknown>;
    try {
      p = op(id, ac?.signal);
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (r) => this.observed.set(id, asOutcome(r)),
      (e: unknown) => this.observed.set(id, e === ABORTED ? { kind: "aborted" } : isSendOnClosed(e) ? { kind: "send-on-closed" } : { kind: "error", message: String(e) }),
    );
    return id;
  }
}

function asOutcome(r: unknown): Outcome {
  if (Array.isArray(r)) return { kind: "recv", value: r[0] as number | undefined, ok: r[1] as boolean };
  if (typeof r === "object" && r !== null && "kind" in r) return r as Outcome;
  return { kind: "sent" };
}

export function isSendOnClosed(e: unknown): boolean {
  return e instanceof Error && e.message === "send on closed channel";
}

function macrotaskTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * What a model run found to differ: the command, then what the model
 * expected and what the channel did.
 *
 * @example
 * ```ts
 * try { await compare(model, real, "send"); }
 * catch (e) { if (e instanceof ModelMismatchError) console.error(e.message); }
 * ```
 */
export class ModelMismatchError extends Error {
  /**
   * @param what which part differed.
   * @param expected what the model says.
   * @param actual what the channel did.
   */
  constructor(
    /** Which observation differed from the model. */ readonly what: string,
    /** What the model predicted. */ readonly expected: unknown,
    /** What the channel did. */ readonly actual: unknown,
  ) {
    super(`${what} differs from the model:\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`);
    this.name = "ModelMismatchError";
  }
}

/**
 * Lets the run settle, then checks that every operation has settled as the
 * model says, and that the buffer and the queues hold what it says.
 *
 * @throws ModelMismatchError (rejects) at the first difference.
 *
 * @example
 * ```ts
 * await compare(new ChannelModel(0), new ChannelRun(new Channel<number>()), "start");
 * ```
 */
export async function compare(m: ChannelModel, r: ChannelRun, after: string): Promise<void> {
  await r.settle();
  const exp = JSON.stringify(Object.fromEntries(m.expected));
  const act = JSON.stringify(Object.fromEntries(r.observed));
  if (exp !== act) throw new ModelMismatchError(`after ${after}: outcomes`, Object.fromEntries(m.expected), Object.fromEntries(r.observed));
  if (r.ch.len !== m.buf.length) throw new ModelMismatchError(`after ${after}: len`, m.buf.length, r.ch.len);
  const q = r.ch as { sendq?: { size: number }; recvq?: { size: number } };
  if (q.sendq !== undefined && q.sendq.size !== m.sendq.length) throw new ModelMismatchError(`after ${after}: parked senders`, m.sendq.length, q.sendq.size);
  if (q.recvq !== undefined && q.recvq.size !== m.recvq.length) throw new ModelMismatchError(`after ${after}: parked receivers`, m.recvq.length, q.recvq.size);
}
