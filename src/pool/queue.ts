/**
 * The pool's queue of waiting jobs: the highest priority goes first and
 * equal priorities stay FIFO (seed 000's tip: "job prioritization").
 *
 * Most jobs have priority 0 (every `jobs.send`), so those wait in a plain
 * FIFO (an array read from `head`: O(1), no shift), and only jobs with
 * another priority go into a binary max-heap on (priority, then arrival),
 * O(log n). A pop takes the heap's top if it outranks 0, else the FIFO's
 * head, else the heap's top. Arrival numbers only grow, so the FIFO stays in
 * arrival order.
 */
import type { AsyncContext } from "./asynccontext.js";

/** A job as the queue holds it: `seq` is its arrival number. */
export interface Queued<J> {
  job: J;
  priority: number;
  seq: number;
  /** The async context it was sent in, for the handler (asynccontext.ts). */
  ctx?: AsyncContext | undefined;
}

export class JobQueue<J> {
  /** Jobs of priority 0, oldest at `head`. */
  private fifo: Array<Queued<J> | undefined> = [];
  private head = 0;
  /** Jobs of any other priority. */
  private readonly items: Array<Queued<J>> = [];

  get size(): number {
    return this.fifo.length - this.head + this.items.length;
  }

  peek(): Queued<J> | undefined {
    const top = this.items[0];
    const first = this.fifo[this.head];
    if (top === undefined) return first;
    return first === undefined || top.priority > 0 ? top : first;
  }

  push(item: Queued<J>): void {
    if (item.priority === 0) {
      this.fifo.push(item);
      return;
    }
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): Queued<J> | undefined {
    const top = this.items[0];
    const first = this.fifo[this.head];
    if (first !== undefined && (top === undefined || top.priority < 0)) return this.shiftFifo();
    return this.popHeap();
  }

  private shiftFifo(): Queued<J> {
    const first = this.fifo[this.head]!;
    this.fifo[this.head++] = undefined;
    // Compact once the read part is most of the array, so it does not grow for ever.
    if (this.head === this.fifo.length) {
      this.fifo = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    return first;
  }

  private popHeap(): Queued<J> | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }

  /** Empties the queue, oldest first within each priority. */
  drain(): Array<Queued<J>> {
    const out: Array<Queued<J>> = [];
    for (let q = this.pop(); q !== undefined; q = this.pop()) out.push(q);
    return out;
  }
}

function before<J>(a: Queued<J>, b: Queued<J>): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}
