/**
 * The pool's queue of waiting jobs: a binary max-heap on (priority, then
 * arrival), so the highest priority goes first and equal priorities stay
 * FIFO (seed 000's tip: "job prioritization"). O(log n) per push and pop.
 */

/** A job as the queue holds it: `seq` is its arrival number. */
export interface Queued<J> {
  job: J;
  priority: number;
  seq: number;
}

export class JobQueue<J> {
  private readonly items: Array<Queued<J>> = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Queued<J> | undefined {
    return this.items[0];
  }

  push(item: Queued<J>): void {
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
