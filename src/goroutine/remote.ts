/**
 * A channel owned by another thread, as a goroutine on this thread holds
 * it: a Channel flavor whose handle forwards every operation to the owner
 * (host.ts) and completes the local waiter when the owner answers. The
 * public operations are Channel's own, written over the handle, so `send`,
 * `recv`, `receive`, `range`, the views and `select` work unchanged; only
 * what must answer at once differs: `len` and `close` read and set the
 * cells the owner mirrors its state into (shared memory), and `trySend` /
 * `tryRecv`, which only the owner could answer at once, throw
 * RemoteTryError (a select with a default asks the owner instead).
 */
import { Channel, CAN_RECV, CAN_SEND, EMPTY, IS_CLOSED, PARK_RECV, PARK_SEND, QUEUES, RECV_NOW, REMOTE, SEND_NOW, SHARE, SIZE, UNPARK, type Queues, type Waiter } from "../channel/internal.js";
import { CloseOfClosedChannelError } from "../channel/errors.js";
import { decodeError } from "../threads/errors.js";
import { admit, decode, encode } from "./codec.js";
import { RemoteTryError, UncloneableError } from "./errors.js";
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

  constructor(id: string, port: Port, capacity: number, cells: Int32Array | null) {
    super(capacity);
    this.id = id;
    this.cells = cells;
    this.#port = port;
    this[SHARE]({ cells: null, admit }); // a value sent from here must be able to cross
    port.onmessage = (e: { data: Answer }) => this.#answer(e.data);
    unref(port);
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
      if (Atomics.compareExchange(this.cells, 1, 0, 1) !== 0) throw new CloseOfClosedChannelError();
    } else if (this.#closedHere) throw new CloseOfClosedChannelError();
    this.#closedHere = true;
    this.#post({ t: "close", checked: this.cells !== null, g: registry.goroutine?.() });
  }

  override [Symbol.dispose](): void {
    if (!this[IS_CLOSED]) this.close();
  }

  override [SIZE](): number {
    return this.cells === null ? 0 : Atomics.load(this.cells, 0);
  }

  override get [IS_CLOSED](): boolean {
    return this.cells === null ? this.#closedHere : Atomics.load(this.cells, 1) === 1;
  }

  // Only the owner knows: every operation goes there.
  override [CAN_SEND](): boolean {
    return false;
  }
  override [CAN_RECV](): boolean {
    return false;
  }
  override [SEND_NOW](): boolean {
    return false;
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

  /** A new port to the owner, which it serves as it serves this one (codec.ts). */
  [FORWARD](): Port {
    const [port1, port2] = portPair();
    this.#post({ t: "adopt", port: port1 }, [port1]);
    return port2;
  }

  died(error: unknown): void {
    this.#dead = error;
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
    this.#port.postMessage(m, list ?? []);
    registry.sent++;
  }

  #answer(m: Answer): void {
    arrived();
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
