/**
 * A channel owned by another thread, as a goroutine on this thread holds
 * it: a Channel flavor whose handle forwards every operation to the owner
 * (host.ts) and completes the local waiter when the owner answers. The
 * public operations are Channel's own, written over the handle, so `send`,
 * `recv`, `receive`, `range`, the views and `select` work unchanged; only
 * what must answer at once differs: `len` and `close` read and set the
 * cells the owner mirrors its state into (shared memory), a send that wins
 * a credit completes here and its value follows in a batch (outbox.ts),
 * and `trySend` / `tryRecv`, which only the owner could answer at once,
 * throw RemoteTryError (a select with a default asks the owner instead).
 */
import { CLOSED, COUNT, freeSlots, shut } from "../channel/shared.js";
import { Channel, CAN_RECV, CAN_SEND, EMPTY, IS_CLOSED, PARK_RECV, PARK_SEND, QUEUES, RECV_NOW, REMOTE, SEND_NOW, SHARE, SIZE, UNPARK, type Queues, type Waiter } from "../channel/internal.js";
import { CloseOfClosedChannelError } from "../channel/errors.js";
import { decodeError } from "../threads/errors.js";
import { admit, decode, encode } from "./codec.js";
import { RemoteTryError, UncloneableError } from "./errors.js";
import { flushAll, Outbox } from "./outbox.js";
import { arrived, registry, unref, type Stand } from "./registry.js";
import { portPair, type Answer, type Port, type Request } from "./wire.js";

/** A fresh port to the owner, to hand this channel on to another thread. */
export const FORWARD: unique symbol = Symbol.for("gochan.forward") as never;

const NO_QUEUES: Queues<unknown> = { recv: null, send: null };

export class RemoteChannel<T> extends Channel<T> implements Stand {
  /** The channel's id at its owner ("thread:serial"). */
  readonly id: string;
  /** [count, closed] as the owner mirrors them; null without SharedArrayBuffer. */
  readonly cells: Int32Array | null;
  readonly #port: Port;
  readonly #parked = new Map<number, Waiter<T>>();
  readonly #ids = new Map<Waiter<T>, number>();
  #next = 1;
  #dead: unknown = null;
  #closedHere = false;
  /** Where a send with a credit leaves its value; null when the owner lends none. */
  readonly #outbox: Outbox | null = null;
  /**
   * Whether sends may take credits: at once for a channel its owner handed
   * here, after the owner's hello for one another holder handed on (the
   * owner serves its value port only once it has read that holder's
   * message, and a value it has not pulled in must not count as sent).
   */
  #lending = false;

  constructor(id: string, port: Port, capacity: number, cells: Int32Array | null, values: { port: Port; taken: Int32Array; direct: boolean } | null) {
    super(capacity);
    this.id = id;
    this.cells = cells;
    this.#port = port;
    this[SHARE]({ cells: null, admit }); // a value sent from here must be able to cross
    port.onmessage = (e: { data: Answer }) => this.#answer(e.data);
    unref(port);
    if (values !== null && cells !== null) {
      this.#outbox = new Outbox(cells, values.port, values.taken);
      unref(values.port);
      if (values.direct) this.#lending = true;
      else this.#post({ t: "hello" });
    }
  }

  override trySend(_value: T): boolean {
    throw new RemoteTryError("trySend");
  }

  override tryRecv(): never {
    throw new RemoteTryError("tryRecv");
  }

  /**
   * Closes the channel at its owner. A second close from any thread that
   * holds it throws here at once (C7); one that races the owner's own close
   * throws on this thread a moment later, as an uncaught error (Go's panic).
   */
  override close(): void {
    if (this.cells !== null) {
      flushAll(); // a thread that sees the closed cell must find the values sent before it
      if (Atomics.compareExchange(this.cells, CLOSED, 0, 1) !== 0) throw new CloseOfClosedChannelError();
      if (this.#outbox !== null) shut(this.cells);
    } else if (this.#closedHere) throw new CloseOfClosedChannelError();
    this.#closedHere = true;
    this.#post({ t: "close", checked: this.cells !== null, g: registry.goroutine?.() });
  }

  override [Symbol.dispose](): void {
    if (!this[IS_CLOSED]) this.close();
  }

  override [SIZE](): number {
    if (this.cells === null) return 0;
    // With credits, a value lent a slot is in the channel before the owner has it.
    return this.#outbox !== null ? this.cap - freeSlots(this.cells) : Atomics.load(this.cells, COUNT);
  }

  override get [IS_CLOSED](): boolean {
    return this.cells === null ? this.#closedHere : Atomics.load(this.cells, CLOSED) === 1;
  }

  // Only the owner knows, but for a send that takes a credit: every other
  // operation goes there. While main traces (registry.goroutine is set),
  // no credits: each value then reaches main as a request in its sender's lane.
  override [CAN_SEND](): boolean {
    return this.#lending && registry.goroutine === null && this.#outbox!.open;
  }
  override [CAN_RECV](): boolean {
    return false;
  }
  override [SEND_NOW](value: T): boolean {
    return this.#lending && registry.goroutine === null && this.#outbox!.put(value);
  }
  override [RECV_NOW](): typeof EMPTY {
    return EMPTY;
  }

  override [PARK_RECV](w: Waiter<T>): void {
    this.#park(w, true);
  }

  override [PARK_SEND](w: Waiter<T>): void {
    this.#park(w, false);
  }

  override [UNPARK](w: Waiter<T>): void {
    if (w.queue !== this) return;
    const id = this.#ids.get(w)!;
    this.#forget(w, id);
    if (this.#dead === null) this.#post({ t: "cancel", id });
  }

  override get [QUEUES](): Queues<T> {
    return NO_QUEUES as Queues<T>;
  }

  /** A new port to the owner, which it serves as it serves this one (codec.ts), with a value port of its own if the owner lends. */
  [FORWARD](): { port: Port; values: Port | null; taken: Int32Array | null } {
    const [port1, port2] = portPair();
    if (this.#outbox === null) {
      this.#post({ t: "adopt", port: port1, values: null, taken: null }, [port1]);
      return { port: port2, values: null, taken: null };
    }
    const [values1, values2] = portPair();
    const taken = new Int32Array(new SharedArrayBuffer(4));
    this.#post({ t: "adopt", port: port1, values: values1, taken }, [port1, values1]);
    return { port: port2, values: values2, taken };
  }

  died(error: unknown): void {
    this.#dead = error;
    this.#lending = false;
    this.#outbox?.drop();
    for (const [w, id] of [...this.#ids]) {
      this.#forget(w, id);
      w.fail(error);
    }
  }

  #park(w: Waiter<T>, recv: boolean): void {
    const e = recv ? null : encode(w.value, "send");
    const id = this.#next++;
    const ticket = w.ticket();
    w.queue = this;
    this.#parked.set(id, w);
    this.#ids.set(w, id);
    if (this.#dead !== null) {
      const error = this.#dead;
      queueMicrotask(() => {
        if (w.queue !== this) return;
        this.#forget(w, id);
        w.fail(error);
      });
      return;
    }
    const m: Request = { t: "op", id, recv, value: e?.value, h: e?.handles ?? false, ticket, poll: w.polling, from: registry.thread };
    if (registry.goroutine !== null) m.g = registry.goroutine();
    try {
      this.#post(m, e?.list);
    } catch (error) {
      this.#forget(w, id);
      throw new UncloneableError("send", error);
    }
  }

  #forget(w: Waiter<T>, id: number): void {
    this.#parked.delete(id);
    this.#ids.delete(w);
    w.queue = null;
  }

  #post(m: Request, list?: object[]): void {
    flushAll(); // the values sent before this request reach the owner first
    this.#port.postMessage(m, list ?? []);
    registry.sent++;
  }

  #answer(m: Answer): void {
    arrived();
    if (m.t === "hello") {
      this.#lending = this.#dead === null;
      return;
    }
    if (m.t === "panic") {
      const error = decodeError(m.error);
      setTimeout(() => {
        throw error;
      }, 0);
      return;
    }
    const w = this.#parked.get(m.id);
    if (w === undefined) return; // withdrawn meanwhile: its ticket made sure nothing completed it
    this.#forget(w, m.id);
    if (m.t === "missed") w.missed();
    else if (m.t === "closed") w.closed();
    else if (m.recv) w.deliver(decode(m.value, m.h) as T, m.ok);
    else w.sent();
  }
}

Object.defineProperty(RemoteChannel.prototype, REMOTE, { value: true });
