/**
 * The values this thread sent on other threads' channels with a credit
 * (src/channel/shared.ts), on their way to the owners. A send that won a
 * credit has completed; its value waits here in a batch, posted on the
 * channel's value port when the batch is full, when this thread's turn
 * ends, or before this thread posts anything else through gochan (a
 * request, an answer, a WaitGroup's done, a goroutine's result) or closes
 * a shared channel: whatever another thread can learn from this one, it
 * learns after the values sent before it are at their owners, whose `sync`
 * then pulls them in ahead of anything it does next.
 */
import { FREE, POSTED, SEQ, SHUT, takeCredit } from "../channel/shared.js";
import { encode } from "./codec.js";
import { registry } from "./registry.js";
import type { Port, Values } from "./wire.js";

/** Values a batch holds before it is posted without waiting for the turn's end. */
const BATCH = 256;

export class Outbox {
  /** Sequence number, value, whether it holds handles: three entries a value. */
  #items: unknown[] = [];
  #list: object[] = [];
  #taken = 0;

  /**
   * @param cells the channel's cells (shared.ts)
   * @param port the value port to the owner
   * @param taken a cell of its own where this thread counts the credits it took, so the owner can free those a dead thread never posted
   */
  constructor(
    private readonly cells: Int32Array,
    private readonly port: Port,
    private readonly taken: Int32Array,
  ) {}

  /** Whether a send could take a credit now. */
  get open(): boolean {
    const w = Atomics.load(this.cells, FREE);
    return w > 0 && (w & SHUT) === 0;
  }

  /** Sends `value` if a credit is free; false (nothing changed) if none is. */
  put(value: unknown): boolean {
    // Encoded before the credit is taken: a value that cannot cross then takes none.
    const e = encode(value, "send");
    if (!takeCredit(this.cells)) return false;
    const seq = Atomics.add(this.cells, SEQ, 1);
    Atomics.store(this.taken, 0, ++this.#taken);
    if (this.#items.length === 0) pend(this);
    this.#items.push(seq, e.value, e.handles);
    if (e.list.length > 0) this.#list.push(...e.list);
    if (this.#items.length >= BATCH * 3) this.flush();
    return true;
  }

  flush(): void {
    if (this.#items.length === 0) return;
    const m: Values = { items: this.#items, from: registry.thread };
    const list = this.#list;
    this.#items = [];
    this.#list = [];
    registry.outboxes.delete(this);
    this.port.postMessage(m, list);
    Atomics.add(this.cells, POSTED, 1);
    registry.sent++;
  }

  /** The owner died: the values still here are lost with it (their credits too). */
  drop(): void {
    this.#items = [];
    this.#list = [];
    registry.outboxes.delete(this);
  }
}

let scheduled = false;

function pend(o: Outbox): void {
  registry.outboxes.add(o);
  if (scheduled) return;
  scheduled = true;
  const later = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f: () => void) => setTimeout(f, 0));
  later(() => {
    scheduled = false;
    flushAll();
  });
}

/** Posts every batch waiting on this thread: before anything else leaves it. */
export function flushAll(): void {
  if (registry.outboxes.size === 0) return;
  for (const o of [...registry.outboxes]) (o as Outbox).flush();
}
