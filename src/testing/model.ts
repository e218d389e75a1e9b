/**
 * A reference model of a Go channel, and of select on it, for model-based
 * tests (fast-check's `fc.commands`): a plain array buffer, two arrays of
 * parked operations and a flag, Go's hchan with nothing clever in it.
 *
 * Every state change of a gochan channel happens at the call,
 * synchronously; only the caller's resumption waits for microtasks. So
 * after each command and one turn of the event loop, the model says exactly
 * how every operation so far has settled, and what the buffer and the
 * queues hold. The commands below run one operation on both, then compare.
 *
 * The one thing the model cannot predict is which of several ready select
 * cases runs (that is random, S2): it reads the choice from the real run
 * and checks that the chosen case was ready. With the seeded scheduler
 * (seeded.ts) the choice itself replays from the seed.
 *
 * Nothing here imports fast-check: the commands are plain objects of
 * fast-check's command shape, and kit.ts builds arbitraries of them from
 * the `fc` a test passes in.
 */
import type { Channel } from "../channel/index.js";
import { channelOf } from "../channel/internal.js";
import { recv, select, send } from "../select/index.js";

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

const PENDING: Outcome = { kind: "pending" };

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

function isSendOnClosed(e: unknown): boolean {
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

/**
 * One step of a model run, in fast-check's async command shape: `run`
 * performs it on the model and on the channel, then {@link compare}s.
 *
 * @example
 * ```ts
 * const step: ChannelCommand = new SendCommand(false);
 * ```
 */
export interface ChannelCommand {
  /** Whether the step applies to this model state (fast-check's precondition). */
  check(m: Readonly<ChannelModel>): boolean;
  /** Performs the step on both sides and compares them. */
  run(m: ChannelModel, r: ChannelRun): Promise<void>;
  /** How the step is printed in a counterexample. */
  toString(): string;
}

/**
 * `await ch.send(v)`, abortable or not: Go's `ch <- v`.
 *
 * @example
 * ```ts
 * await new SendCommand(true).run(new ChannelModel(1), new ChannelRun(new Channel<number>(1)));
 * ```
 */
export class SendCommand implements ChannelCommand {
  /** @param abortable whether it gets a signal that an {@link AbortCommand} may fire. */
  constructor(
    /** Whether the operation is given a signal that the run may abort. */
    readonly abortable: boolean,
  ) {}
  /** Always applicable (fast-check's precondition). */
  check(): boolean {
    return true;
  }
  /** Performs the step on the model and on the channel, then {@link compare}s them. */
  async run(m: ChannelModel, r: ChannelRun): Promise<void> {
    const id = r.start(this.abortable, (v, signal) => r.ch.send(v, { signal }));
    if (m.closed) m.expected.set(id, { kind: "send-on-closed" });
    else if (m.sendNow(id)) m.expected.set(id, { kind: "sent" });
    else {
      m.sendq.push({ id, value: id, group: null });
      m.expected.set(id, PENDING);
    }
    await compare(m, r, this.toString());
  }
  /** How fast-check prints the step in a counterexample. */
  toString(): string {
    return `send(abortable=${this.abortable})`;
  }
}

/**
 * `await ch.recv()`, abortable or not: Go's `v, ok := <-ch`.
 *
 * @example
 * ```ts
 * await new RecvCommand(false).run(new ChannelModel(1), new ChannelRun(new Channel<number>(1)));
 * ```
 */
export class RecvCommand implements ChannelCommand {
  /** @param abortable whether it gets a signal that an {@link AbortCommand} may fire. */
  constructor(
    /** Whether the operation is given a signal that the run may abort. */
    readonly abortable: boolean,
  ) {}
  /** Always applicable (fast-check's precondition). */
  check(): boolean {
    return true;
  }
  /** Performs the step on the model and on the channel, then {@link compare}s them. */
  async run(m: ChannelModel, r: ChannelRun): Promise<void> {
    const id = r.start(this.abortable, (_, signal) => r.ch.recv({ signal }));
    const now = m.recvNow();
    if (now !== null) m.expected.set(id, now);
    else {
      m.recvq.push({ id, group: null });
      m.expected.set(id, PENDING);
    }
    await compare(m, r, this.toString());
  }
  /** How fast-check prints the step in a counterexample. */
  toString(): string {
    return `recv(abortable=${this.abortable})`;
  }
}

/**
 * `ch.trySend(v)`: select with one send case and a default.
 *
 * @example
 * ```ts
 * await new TrySendCommand().run(new ChannelModel(0), new ChannelRun(new Channel<number>()));
 * ```
 */
export class TrySendCommand implements ChannelCommand {
  /** Always applicable (fast-check's precondition). */
  check(): boolean {
    return true;
  }
  /** Performs the step on the model and on the channel, then {@link compare}s them. */
  async run(m: ChannelModel, r: ChannelRun): Promise<void> {
    const value = 1_000_000 + r.id();
    let got: boolean | "send-on-closed";
    try {
      got = r.ch.trySend(value);
    } catch (e) {
      if (!isSendOnClosed(e)) throw e;
      got = "send-on-closed";
    }
    const want = m.closed ? "send-on-closed" : m.sendNow(value);
    if (got !== want) throw new ModelMismatchError("trySend", want, got);
    await compare(m, r, this.toString());
  }
  /** How fast-check prints the step in a counterexample. */
  toString(): string {
    return "trySend";
  }
}

/**
 * `ch.tryRecv()`: select with one receive case and a default.
 *
 * @example
 * ```ts
 * await new TryRecvCommand().run(new ChannelModel(0), new ChannelRun(new Channel<number>()));
 * ```
 */
export class TryRecvCommand implements ChannelCommand {
  /** Always applicable (fast-check's precondition). */
  check(): boolean {
    return true;
  }
  /** Performs the step on the model and on the channel, then {@link compare}s them. */
  async run(m: ChannelModel, r: ChannelRun): Promise<void> {
    const want = m.recvNow();
    const got = r.ch.tryRecv();
    const seen = got === undefined ? null : { kind: "recv", value: got[0], ok: got[1] };
    if (JSON.stringify(seen) !== JSON.stringify(want)) throw new ModelMismatchError("tryRecv", want, seen);
    await compare(m, r, this.toString());
  }
  /** How fast-check prints the step in a counterexample. */
  toString(): string {
    return "tryRecv";
  }
}

/**
 * `ch.close()`; on a closed channel it must throw `close of closed channel` (C7).
 *
 * @example
 * ```ts
 * await new CloseCommand().run(new ChannelModel(0), new ChannelRun(new Channel<number>()));
 * ```
 */
export class CloseCommand implements ChannelCommand {
  /** Always applicable (fast-check's precondition). */
  check(): boolean {
    return true;
  }
  /** Performs the step on the model and on the channel, then {@link compare}s them. */
  async run(m: ChannelModel, r: ChannelRun): Promise<void> {
    let threw: string | null = null;
    try {
      r.ch.close();
    } catch (e) {
      threw = e instanceof Error ? e.message : String(e);
    }
    const want = m.closed ? "close of closed channel" : null;
    if (threw !== want) throw new ModelMismatchError("close", want, threw);
    if (!m.closed) m.close();
    await compare(m, r, this.toString());
  }
  /** How fast-check prints the step in a counterexample. */
  toString(): string {
    return "close";
  }
}

/**
 * Aborts one of the abortable operations started so far (the `pick`-th,
 * modulo how many there are): X1 says it then had no effect.
 *
 * @example
 * ```ts
 * const cmd = new AbortCommand(2);
 * ```
 */
export class AbortCommand implements ChannelCommand {
  /** @param pick which abortable operation, modulo their number. */
  constructor(
    /** Which parked operation to abort, modulo how many there are. */
    readonly pick: number,
  ) {}
  /** Always applicable (fast-check's precondition). */
  check(): boolean {
    return true;
  }
  /** Performs the step on the model and on the channel, then {@link compare}s them. */
  async run(m: ChannelModel, r: ChannelRun): Promise<void> {
    const ids = [...r.controllers.keys()];
    if (ids.length > 0) {
      const id = ids[this.pick % ids.length]!;
      r.controllers.get(id)!.abort(ABORTED);
      r.controllers.delete(id);
      m.abort(id);
    }
    await compare(m, r, this.toString());
  }
  /** How fast-check prints the step in a counterexample. */
  toString(): string {
    return `abort(${this.pick})`;
  }
}

/**
 * `select` with a send case and a receive case on the channel, with or
 * without a default, abortable or not. Runs only on a gochan Channel.
 *
 * @example
 * ```ts
 * const cmd = new SelectCommand(true, false);
 * ```
 */
export class SelectCommand implements ChannelCommand {
  /**
   * @param withDefault whether the select has a default (and so never parks).
   * @param abortable whether it gets a signal that an {@link AbortCommand} may fire.
   */
  constructor(
    /** Whether the select has a default case. */ readonly withDefault: boolean,
    /** Whether the operation is given a signal that the run may abort. */ readonly abortable: boolean,
  ) {}
  /** Always applicable (fast-check's precondition). */
  check(): boolean {
    return true;
  }
  /** Performs the step on the model and on the channel, then {@link compare}s them. */
  async run(m: ChannelModel, r: ChannelRun): Promise<void> {
    // A gochan Channel by its brand, so one from the other build (ESM or CommonJS) counts too.
    if (channelOf(r.ch, "send") === null) return;
    const ch = r.ch as unknown as Channel<number>;
    const sendReady = m.canSend();
    const recvReady = m.canRecv();
    const id = r.start(this.abortable, (v, signal) =>
      select(
        [send(ch, v, (): Outcome => ({ kind: "select", index: 0 })), recv(ch, (value, ok): Outcome => ({ kind: "select", index: 1, value, ok }))],
        this.withDefault ? { default: (): Outcome => ({ kind: "default" }), signal } : { signal },
      ),
    );
    if (!sendReady && !recvReady) {
      if (this.withDefault) m.expected.set(id, { kind: "default" });
      else {
        m.sendq.push({ id, value: id, group: id });
        m.recvq.push({ id, group: id });
        m.expected.set(id, PENDING);
      }
      return compare(m, r, this.toString());
    }
    // Ready cases: which one ran is random (S2), so read it, check it was ready, and apply it.
    await r.settle();
    const got = r.observed.get(id);
    if (got?.kind === "send-on-closed" && sendReady && m.closed) m.expected.set(id, got);
    else if (got?.kind === "select" && got.index === 0 && sendReady) {
      if (!m.sendNow(id)) throw new ModelMismatchError("select send case", "a ready send", "it could not send");
      m.expected.set(id, got);
    } else if (got?.kind === "select" && got.index === 1 && recvReady) {
      const now = m.recvNow()!;
      m.expected.set(id, now.kind === "recv" ? { kind: "select", index: 1, value: now.value, ok: now.ok } : now);
    } else throw new ModelMismatchError(this.toString(), `one of the ready cases (send ${sendReady}, recv ${recvReady})`, got);
    await compare(m, r, this.toString());
  }
  /** How fast-check prints the step in a counterexample. */
  toString(): string {
    return `select(send, recv${this.withDefault ? ", default" : ""}, abortable=${this.abortable})`;
  }
}
