/**
 * The steps of a model run: each runs one channel operation on the
 * reference model (model.ts) and on the real channel, then compares them.
 * Plain objects of fast-check's command shape; kit.ts builds arbitraries of
 * them from the `fc` a test passes in.
 */
import type { Channel } from "../channel/index.js";
import { channelOf } from "../channel/internal.js";
import { recv, select, send } from "../select/index.js";
import { ABORTED, ChannelModel, ChannelRun, compare, isSendOnClosed, ModelMismatchError, PENDING, type Outcome } from "./model.js";

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
