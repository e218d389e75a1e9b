/**
 * Model-based tests: fast-check drives random command sequences against a
 * Channel and a plain model of Go's hchan (an array buffer, two arrays of
 * parked operations, a flag). Every channel state change happens at the call,
 * synchronously, so after each command the model predicts exactly how every
 * operation so far has settled, and the queue sizes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channel, SendOnClosedChannelError } from "gochan";
import { flush } from "../support/flush.js";

type Outcome =
  | { kind: "pending" }
  | { kind: "recv"; value: number | undefined; ok: boolean }
  | { kind: "sent" }
  | { kind: "send-on-closed" }
  | { kind: "aborted" };

const PENDING: Outcome = { kind: "pending" };
const ABORT = new Error("aborted by the test");

class Model {
  buf: number[] = [];
  sendq: Array<{ id: number; value: number }> = [];
  recvq: number[] = [];
  closed = false;
  expected = new Map<number, Outcome>();
  constructor(readonly cap: number) {}

  /** The non-blocking send: hand-off, else buffer; false if it would block. */
  sendNow(value: number): boolean {
    const r = this.recvq.shift();
    if (r !== undefined) {
      this.expected.set(r, { kind: "recv", value, ok: true });
      return true;
    }
    if (this.buf.length < this.cap) {
      this.buf.push(value);
      return true;
    }
    return false;
  }

  /** The non-blocking receive: null if it would block. */
  recvNow(): Outcome | null {
    if (this.buf.length > 0) {
      const value = this.buf.shift()!;
      const s = this.sendq.shift();
      if (s) {
        this.buf.push(s.value);
        this.expected.set(s.id, { kind: "sent" });
      }
      return { kind: "recv", value, ok: true };
    }
    const s = this.sendq.shift();
    if (s) {
      this.expected.set(s.id, { kind: "sent" });
      return { kind: "recv", value: s.value, ok: true };
    }
    return this.closed ? { kind: "recv", value: undefined, ok: false } : null;
  }
}

class Real {
  observed = new Map<number, Outcome>();
  controllers = new Map<number, AbortController>();
  nextId = 0;
  constructor(readonly ch: Channel<number>) {}

  /** Starts an operation under a new id, with its own AbortController if `abortable`. */
  start(abortable: boolean, op: (id: number, signal: AbortSignal | undefined) => Promise<unknown>): number {
    const id = this.nextId++;
    const ac = abortable ? new AbortController() : undefined;
    if (ac) this.controllers.set(id, ac);
    this.watch(id, op(id, ac?.signal));
    return id;
  }

  watch(id: number, p: Promise<unknown>): void {
    this.observed.set(id, PENDING);
    p.then(
      (r) =>
        this.observed.set(
          id,
          Array.isArray(r) ? { kind: "recv", value: r[0] as number | undefined, ok: r[1] as boolean } : { kind: "sent" },
        ),
      (e: unknown) =>
        this.observed.set(
          id,
          e === ABORT ? { kind: "aborted" } : e instanceof SendOnClosedChannelError ? { kind: "send-on-closed" } : { kind: "pending", e } as Outcome,
        ),
    );
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

async function settleAndCompare(m: Model, r: Real): Promise<void> {
  await flush();
  expect(Object.fromEntries(r.observed)).toEqual(Object.fromEntries(m.expected));
  expect(r.ch.len).toBe(m.buf.length);
  expect(r.ch.sendq.size).toBe(m.sendq.length);
  expect(r.ch.recvq.size).toBe(m.recvq.length);
}

class Send implements Cmd {
  constructor(readonly abortable: boolean) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const id = r.start(this.abortable, (v, signal) => r.ch.send(v, { signal }));
    if (m.closed) m.expected.set(id, { kind: "send-on-closed" });
    else if (m.sendNow(id)) m.expected.set(id, { kind: "sent" });
    else {
      m.sendq.push({ id, value: id });
      m.expected.set(id, PENDING);
    }
    await settleAndCompare(m, r);
  }
  toString = () => `send(abortable=${this.abortable})`;
}

class Recv implements Cmd {
  constructor(readonly abortable: boolean) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const id = r.start(this.abortable, (_, signal) => r.ch.recv({ signal }));
    const now = m.recvNow();
    if (now) m.expected.set(id, now);
    else {
      m.recvq.push(id);
      m.expected.set(id, PENDING);
    }
    await settleAndCompare(m, r);
  }
  toString = () => `recv(abortable=${this.abortable})`;
}

class TrySend implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    const value = 1_000_000 + r.nextId++;
    if (m.closed) expect(() => r.ch.trySend(value)).toThrow(SendOnClosedChannelError);
    else expect(r.ch.trySend(value)).toBe(m.sendNow(value));
    await settleAndCompare(m, r);
  }
  toString = () => "trySend";
}

class TryRecv implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    const now = m.recvNow();
    const got = r.ch.tryRecv();
    expect(got === undefined ? null : { kind: "recv", value: got[0], ok: got[1] }).toEqual(now);
    await settleAndCompare(m, r);
  }
  toString = () => "tryRecv";
}

class Close implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    if (m.closed) {
      expect(() => r.ch.close()).toThrow(/^close of closed channel$/);
    } else {
      r.ch.close();
      m.closed = true;
      for (const id of m.recvq) m.expected.set(id, { kind: "recv", value: undefined, ok: false });
      for (const s of m.sendq) m.expected.set(s.id, { kind: "send-on-closed" });
      m.recvq = [];
      m.sendq = [];
    }
    await settleAndCompare(m, r);
  }
  toString = () => "close";
}

class Abort implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const ids = [...r.controllers.keys()];
    if (ids.length > 0) {
      const id = ids[this.pick % ids.length]!;
      r.controllers.get(id)!.abort(ABORT);
      r.controllers.delete(id);
      const before = m.recvq.length + m.sendq.length;
      m.recvq = m.recvq.filter((x) => x !== id);
      m.sendq = m.sendq.filter((s) => s.id !== id);
      if (m.recvq.length + m.sendq.length < before) m.expected.set(id, { kind: "aborted" });
    }
    await settleAndCompare(m, r);
  }
  toString = () => `abort(${this.pick})`;
}

const commands = [
  fc.boolean().map((a) => new Send(a)),
  fc.boolean().map((a) => new Recv(a)),
  fc.constant(new TrySend()),
  fc.constant(new TryRecv()),
  fc.nat(20).map((k) => new Abort(k)),
  fc.constant(new Close()),
];

export const MODEL_RUNS = 250;

describe.each([0, 1, 2, 3])("C4, C5, C8, C9, C11, X1: model-based, capacity %i", (cap) => {
  it(`C5: random send/recv/trySend/tryRecv/close/abort sequences match the model (${MODEL_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60 }), (cmds) =>
        fc.asyncModelRun(() => ({ model: new Model(cap), real: new Real(new Channel<number>(cap)) }), cmds),
      ),
      { numRuns: MODEL_RUNS },
    );
  });
});
