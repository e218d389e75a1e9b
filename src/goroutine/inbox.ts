/**
 * The owner's side of credits (src/channel/shared.ts): what a channel
 * shared with other threads installs as its Sharing. It decides whether
 * the channel lends its free slots, serves the value ports the lent values
 * come back on, and, before any operation looks at the channel (`sync`),
 * pulls in every batch already posted to it, from every port, in the
 * order the credits were taken: so a send another thread completed before
 * this operation (by any chain of events) is in the channel when it looks.
 * A close another thread made (it set the closed cell) is taken in the same
 * way, without waiting for its message.
 */
import { ARRIVE, Channel, IS_CLOSED, RECLAIM, type Sharing } from "../channel/internal.js";
import { CELLS, CLOSED, POSTED } from "../channel/shared.js";
import { nodeThreads } from "../threads/spawn.js";
import { admit, decode } from "./codec.js";
import { flushAll } from "./outbox.js";
import { arrived, registry, unref, type Served } from "./registry.js";
import type { Port, Values } from "./wire.js";

type Receive = (port: unknown) => { message: unknown } | undefined;

/** Node's synchronous read of a port; null where the host has none (the owner then lends nothing). */
const receive: Receive | null = (nodeThreads() as { receiveMessageOnPort?: Receive } | null)?.receiveMessageOnPort ?? null;

/**
 * Whether owners lend at all. Off for now: the relay fault test (threads
 * killed mid-stream, test/goroutine/faults.test.ts) crashed the process
 * (a segfault, with receiveMessageOnPort reading a port whose thread had
 * gone) and, with that read removed, hung in 3 runs of 4 (a lent slot
 * never given back). Every send from another thread is then a request, as
 * before credits; the close cell and pullAll below hold either way.
 */
export const LENDING = false;

const inboxes = new WeakMap<object, Inbox>();
/** Every inbox of this thread's shared channels, for pullAll. */
const all = new Set<Inbox>();

/**
 * Takes in what every thread posted to this one's channels: called when a
 * goroutine's result arrives, since what it did before it returned (its
 * last values, its close) may sit on ports that do not keep this thread's
 * loop alive once the goroutine is done.
 */
export function pullAll(): void {
  for (const inbox of all) inbox.sync();
}

/** The Sharing of `ch`, made when it first crosses. */
export function inboxOf(ch: Channel<unknown>): Inbox {
  let inbox = inboxes.get(ch);
  if (inbox === undefined) {
    inbox = new Inbox(ch);
    inboxes.set(ch, inbox);
  }
  return inbox;
}

/** The cells a new shared channel gets (shared.ts); null without SharedArrayBuffer. */
function newCells(): Int32Array | null {
  return typeof SharedArrayBuffer === "function" ? new Int32Array(new SharedArrayBuffer(CELLS * 4)) : null;
}

/** A port lent values come in on, and what the owner needs if its sender dies. */
class ValuePort implements Served {
  peer = -1;
  received = 0;
  constructor(
    readonly inbox: Inbox,
    readonly port: Port,
    readonly taken: Int32Array,
  ) {}

  withdraw(): void {
    this.inbox.forget(this);
  }
}

export class Inbox implements Sharing {
  readonly cells = newCells();
  readonly credits: boolean;
  readonly #ports = new Set<ValuePort>();
  #consumed = 0;
  #pulling = false;

  constructor(readonly ch: Channel<unknown>) {
    // Only a plain Channel lends: a flavor's own queue knows nothing of lent slots.
    this.credits = LENDING && this.cells !== null && receive !== null && ch.cap > 0 && Object.getPrototypeOf(ch) === Channel.prototype;
    if (this.cells !== null) all.add(this);
  }

  admit(value: unknown): void {
    admit(value);
  }

  flush(): void {
    flushAll();
  }

  sync(): void {
    const cells = this.cells;
    if (cells === null || this.#pulling) return;
    if (this.credits && Atomics.load(cells, POSTED) !== this.#consumed) this.#pull(null);
    if (Atomics.load(cells, CLOSED) === 1 && !this.ch[IS_CLOSED]) {
      try {
        this.ch.close();
      } catch {
        // Expected: the thread that set the cell closed it first (its message will find it closed, as host.ts allows).
      }
    }
  }

  /** A new value port, for a thread the channel is handed to: the other end and the cell it counts its credits in. Null when the channel does not lend. */
  open(): { port: Port; taken: Int32Array } | null {
    if (!this.credits) return null;
    const { port1, port2 } = new MessageChannel();
    const taken = new Int32Array(new SharedArrayBuffer(4));
    this.serve(port1 as unknown as Port, taken);
    return { port: port2 as unknown as Port, taken };
  }

  /** Serves `port`, whose sender counts the credits it takes in `taken`. */
  serve(port: Port, taken: Int32Array): void {
    const vp = new ValuePort(this, port, taken);
    this.#ports.add(vp);
    registry.served.add(vp);
    port.onmessage = (e: { data: Values }) => this.#pull({ vp, m: e.data });
    (port as unknown as { on?: (ev: string, f: () => void) => void }).on?.("close", () => this.forget(vp));
    unref(port);
  }

  /** The sender at `vp` is gone: the slots it took and whose values did not come in are free again. */
  forget(vp: ValuePort): void {
    if (!this.#ports.has(vp)) return;
    // Not read now: Node may crash reading a port whose thread has gone (seen: a segfault).
    // Nor later: a value arriving after its slot was freed would overfill the buffer.
    vp.port.onmessage = null;
    this.#ports.delete(vp);
    registry.served.delete(vp);
    const lost = Atomics.load(vp.taken, 0) - vp.received;
    if (lost > 0) this.ch[RECLAIM](lost);
  }

  #pull(first: { vp: ValuePort; m: Values } | null): void {
    this.#pulling = true;
    try {
      const got: { vp: ValuePort; m: Values }[] = [];
      if (first !== null) got.push(first);
      for (const vp of this.#ports) {
        for (let r = receive?.(vp.port); r !== undefined; r = receive!(vp.port)) got.push({ vp, m: r.message as Values });
      }
      let ports: ValuePort | null | undefined;
      for (const { vp, m } of got) {
        arrived();
        this.#consumed++;
        vp.peer = m.from;
        vp.received += m.items.length / 3;
        ports = ports === undefined || ports === vp ? vp : null;
      }
      // From one port the batches are in order; from several, merge them by sequence number.
      const items = got.length === 1 ? got[0]!.m.items : ports !== null ? got.flatMap((g) => g.m.items) : merged(got.map((g) => g.m.items));
      for (let i = 0; i < items.length; i += 3) this.ch[ARRIVE](decode(items[i + 1], items[i + 2] as boolean));
    } finally {
      this.#pulling = false;
    }
  }
}

/** The triples of several batches in the order of their sequence numbers (which wrap around: compared as differences). */
function merged(batches: unknown[][]): unknown[] {
  const order: number[] = [];
  const all = batches.flat();
  for (let i = 0; i < all.length; i += 3) order.push(i);
  order.sort((a, b) => ((all[a] as number) - (all[b] as number)) | 0);
  const out: unknown[] = [];
  for (const i of order) out.push(all[i], all[i + 1], all[i + 2]);
  return out;
}
