// The pool's queue against a model: highest priority first, equal priorities in arrival order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JobQueue, type Queued } from "../../src/pool/queue.js";

describe("JobQueue", () => {
  it("pops by priority, then arrival, across the FIFO of priority 0 and the heap of the rest", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ push: fc.constantFrom(0, 0, 0, 1, 2, -1, 5) }), fc.constant({ pop: true })), { maxLength: 300 }), (ops) => {
        const q = new JobQueue<number>();
        const model: Array<Queued<number>> = [];
        let seq = 0;
        for (const op of ops) {
          if ("push" in op) {
            const item = { job: seq, priority: op.push, seq: seq++ };
            q.push(item);
            model.push(item);
          } else {
            model.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
            expect(q.peek()).toBe(model[0]);
            expect(q.pop()).toBe(model.shift());
          }
          expect(q.size).toBe(model.length);
        }
        model.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
        expect(q.drain()).toEqual(model);
        expect(q.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("a long FIFO run stays bounded in memory (the read part is dropped)", () => {
    const q = new JobQueue<number>();
    for (let i = 0; i < 100_000; i++) {
      q.push({ job: i, priority: 0, seq: i });
      if (i % 2 === 1) {
        q.pop();
        q.pop();
      }
    }
    expect(q.size).toBe(0);
    expect((q as unknown as { fifo: unknown[] }).fifo.length).toBeLessThan(2048);
  });
});
