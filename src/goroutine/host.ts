/**
 * The owner's side of a channel that other threads hold: a port per
 * crossing, whose requests run against the real channel here, so that every
 * rule holds as it does on one thread (the channel's state never leaves
 * this thread). A request completes at once if the channel can, else it
 * parks a RemoteWaiter in the channel's queue like any local waiter; the
 * answer goes back when the channel completes it.
 *
 * A request with a ticket (a select case, an abortable operation) is
 * completed only while holding that ticket, and a parked RemoteWaiter only
 * after claiming it (src/kernel/ticket.ts), so another thread's select,
 * racing this thread, still completes exactly one case.
 */
import { CAN_RECV, CAN_SEND, DRAINED, EMPTY, IS_CLOSED, PARK_RECV, PARK_SEND, RECV_NOW, SEND_NOW, UNPARK, Waiter, type Channel } from "../channel/internal.js";
import { claim, holdWhile, type Ticket } from "../kernel/ticket.js";
import { recorder } from "../kernel/trace.js";
import { encodeError } from "../threads/errors.js";
import { realTimeout } from "../time/timeout.js";
import { decode, encode } from "./codec.js";
import { inboxOf } from "./inbox.js";
import { flushAll } from "./outbox.js";
import { arrived, registry, unref, type Served } from "./registry.js";
import type { Answer, Port, Request } from "./wire.js";

/** Serves `ch` to whoever holds the other end of `port`. */
export function serve<T>(ch: Channel<T>, port: Port): void {
  const s = new Serving(ch as Channel<unknown>, port);
  registry.served.add(s);
  port.onmessage = (e: { data: Request }) => s.handle(e.data);
  // A port closes when its holder's thread ends or it is handed back home (Node says so).
  (port as unknown as { on?: (ev: string, f: () => void) => void }).on?.("close", () => s.withdraw());
  unref(port);
}

class Serving implements Served {
  peer = -1;
  readonly parked = new Map<number, RemoteWaiter>();

  constructor(
    readonly ch: Channel<unknown>,
    readonly port: Port,
  ) {}

  answer(m: Answer, list?: object[]): void {
    flushAll();
    this.port.postMessage(m, list ?? []);
    registry.sent++;
  }

  handle(m: Request): void {
    arrived();
    if (m.t === "op") this.peer = m.from;
    // While a trace records, the operation belongs to the goroutine that asked: its lane.
    if (recorder?.inGoroutine !== undefined && (m.t === "op" || m.t === "close")) recorder.inGoroutine(this.peer, m.g, () => this.#handle(m));
    else this.#handle(m);
  }

  #handle(m: Request): void {
    switch (m.t) {
      case "op":
        this.act(m, m.recv ? undefined : decode(m.value, m.h));
        return;
      case "cancel": {
        const w = this.parked.get(m.id);
        if (w !== undefined) {
          this.parked.delete(m.id);
          this.ch[UNPARK](w);
        }
        return;
      }
      case "close":
        try {
          this.ch.close();
        } catch (e) {
          // Checked: the holder's close was the first, and this one found the cell it set.
          if (!m.checked) this.answer({ t: "panic", error: encodeError(e) });
        }
        return;
      case "adopt":
        serve(this.ch, m.port);
        if (m.values !== null) inboxOf(this.ch).serve(m.values, m.taken!);
        return;
      case "hello":
        this.answer({ t: "hello" });
        return;
    }
  }

  act(m: Extract<Request, { t: "op" }>, value: unknown): void {
    const ch = this.ch;
    const w = new RemoteWaiter(this, m.id, value, m.ticket);
    // Hold the ticket only when the channel could complete the operation:
    // holding it otherwise would make the requester's own thread spin.
    const ready = m.recv ? ch[CAN_RECV]() : ch[CAN_SEND]();
    const how = ready ? holdWhile(m.ticket, () => (m.recv ? receiveNow(ch, w) : sendNow(ch, w))) : "missed";
    if (how === "won" || how === "done") return; // done: its select completed elsewhere
    if (how === "busy") {
      // Another owner holds a ticket this step needs, for a step of its own: let it finish.
      realTimeout(() => this.act(m, value), 0);
      return;
    }
    if (m.poll) return this.answer({ t: "missed", id: m.id });
    this.parked.set(m.id, w);
    if (m.recv) ch[PARK_RECV](w);
    else ch[PARK_SEND](w);
  }

  /** The peer died: its parked operations will never be answered. */
  withdraw(): void {
    registry.served.delete(this);
    for (const w of this.parked.values()) this.ch[UNPARK](w);
    this.parked.clear();
  }
}

function receiveNow(ch: Channel<unknown>, w: RemoteWaiter): boolean {
  const v = ch[RECV_NOW]();
  if (v === EMPTY) return false;
  if (v === DRAINED) w.deliver(undefined, false);
  else w.deliver(v, true);
  return true;
}

function sendNow(ch: Channel<unknown>, w: RemoteWaiter): boolean {
  if (ch[IS_CLOSED]) {
    w.closed();
    return true;
  }
  if (!ch[SEND_NOW](w.value)) return false;
  w.sent();
  return true;
}

/** Another thread's operation, parked in a channel here. */
class RemoteWaiter extends Waiter<unknown> {
  constructor(
    private readonly port: Serving,
    private readonly id: number,
    value: unknown,
    private readonly t: Ticket | null,
  ) {
    super(value);
  }

  override claim(): boolean {
    return this.t === null || claim(this.t);
  }

  /** Whose goroutine this is, for blocked() and the deadlock report (G5). */
  get thread(): number {
    return this.port.peer;
  }

  deliver(value: unknown, ok: boolean): void {
    this.port.parked.delete(this.id);
    const e = encode(value, "receive");
    this.port.answer({ t: "done", id: this.id, recv: true, value: e.value, h: e.handles, ok }, e.list);
  }

  sent(): void {
    this.port.parked.delete(this.id);
    this.port.answer({ t: "done", id: this.id, recv: false, value: undefined, h: false, ok: true });
  }

  closed(): void {
    this.port.parked.delete(this.id);
    this.port.answer({ t: "closed", id: this.id });
  }
}
