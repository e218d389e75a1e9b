import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReleasedMoreThanHeldError, Semaphore } from "gochan";
import { BAD_SIGNALS } from "../support/bad.js";
import { flush, track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { HELD } from "../../src/semaphore/semaphore.js";
import { WAITERS } from "../../src/kernel/waitlist.js";

describe("Semaphore: Go's x/sync/semaphore.Weighted", () => {
  it("acquires at once while it fits, waits while it does not, and release grants waiters", async () => {
    const sem = new Semaphore(3);
    await sem.acquire(2);
    expect(sem.tryAcquire(2)).toBe(false);
    const w = track(sem.acquire(2));
    await flush();
    expect(w.settled).toBe(false);
    sem.release(1);
    await flush();
    expect(w.settled).toBe(true);
    expect(sem[HELD]).toBe(3);
  });

  it("is FIFO: a large request is not starved by a stream of small ones", async () => {
    const sem = new Semaphore(4);
    await sem.acquire(1);
    const big = track(sem.acquire(4)); // waits for the 1 to come back
    const small = [track(sem.acquire(1)), track(sem.acquire(1))];
    expect(sem.tryAcquire(1)).toBe(false); // no jumping the queue, though 3 are free
    await flush();
    expect([big.settled, ...small.map((s) => s.settled)]).toEqual([false, false, false]);
    sem.release(1);
    await flush();
    expect([big.settled, ...small.map((s) => s.settled)]).toEqual([true, false, false]);
    sem.release(4);
    await flush();
    expect(small.every((s) => s.settled)).toBe(true);
  });

  it("X1: an aborted acquire takes nothing and lets those behind it through", async () => {
    const sem = new Semaphore(2);
    await sem.acquire(1);
    const ac = new AbortController();
    const big = sem.acquire(2, { signal: ac.signal }); // blocks the queue
    const small = track(sem.acquire(1));
    await flush();
    expect(small.settled).toBe(false);
    ac.abort("no");
    await expect(big).rejects.toBe("no");
    await flush();
    expect(small.settled).toBe(true);
    expect(sem[HELD]).toBe(2);
    expect(sem[WAITERS]).toBe(0);
    await expect(sem.acquire(1, { signal: AbortSignal.abort("pre") })).rejects.toBe("pre");
  });

  it.runIf(isNode)("X2: a granted acquire drops its abort listener", async () => {
    const sem = new Semaphore(1);
    const ac = new AbortController();
    for (let i = 0; i < 100; i++) {
      await sem.acquire(1);
      const w = sem.acquire(1, { signal: ac.signal });
      sem.release(1);
      await w;
      sem.release(1);
    }
    expect(await abortListeners(ac.signal)).toBe(0);
  });

  it("bad input is an error at the call", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    const sem = new Semaphore(2);
    expect(() => sem.acquire(3)).toThrow(/exceeds the semaphore's size 2/);
    expect(() => sem.acquire(0)).toThrow(RangeError);
    expect(() => sem.tryAcquire(-1)).toThrow(RangeError);
    expect(() => sem.release(1)).toThrow(/^semaphore: released more than held$/);
    expect(() => sem.release(1)).toThrow(ReleasedMoreThanHeldError);
    expect(sem[HELD]).toBe(0);
  });
});

describe("Semaphore: model-based", () => {
  type Op = { kind: "acquire"; n: number; abortable: boolean } | { kind: "try"; n: number } | { kind: "release" } | { kind: "abort"; k: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant("acquire" as const), n: fc.integer({ min: 1, max: 4 }), abortable: fc.boolean() }),
    fc.record({ kind: fc.constant("try" as const), n: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant("release" as const) }),
    fc.record({ kind: fc.constant("abort" as const), k: fc.nat(10) }),
  );

  it("held never exceeds the size; grants are FIFO; every acquire is granted or aborted (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const size = 4;
        const sem = new Semaphore(size);
        const granted: number[] = []; // ids, in grant order
        const holding: Array<{ id: number; n: number }> = [];
        const pending = new Map<number, { n: number; ac?: AbortController }>();
        const outcome = new Map<number, "granted" | "aborted">();
        let id = 0;
        for (const o of ops) {
          if (o.kind === "acquire") {
            const me = id++;
            const ac = o.abortable ? new AbortController() : undefined;
            pending.set(me, { n: o.n, ...(ac ? { ac } : {}) });
            sem.acquire(o.n, { signal: ac?.signal }).then(
              () => {
                outcome.set(me, "granted");
                granted.push(me);
                holding.push({ id: me, n: o.n });
                pending.delete(me);
              },
              () => {
                outcome.set(me, "aborted");
                pending.delete(me);
              },
            );
          } else if (o.kind === "try") {
            const before = sem[HELD];
            const ok = sem.tryAcquire(o.n);
            expect(ok).toBe(sem[WAITERS] === 0 && before + o.n <= size);
            if (ok) holding.push({ id: -1, n: o.n });
          } else if (o.kind === "release") {
            const h = holding.shift();
            if (h) sem.release(h.n);
          } else {
            const abortable = [...pending.values()].filter((p) => p.ac);
            abortable[o.k % Math.max(1, abortable.length)]?.ac?.abort();
          }
          await flush();
          const held = holding.reduce((s, h) => s + h.n, 0);
          expect(sem[HELD]).toBe(held);
          expect(held).toBeLessThanOrEqual(size);
        }
        // Release everything: every acquire still waiting is then granted (none was lost).
        for (let h = holding.shift(); h; h = holding.shift()) {
          sem.release(h.n);
          await flush();
        }
        for (let i = 0; i < id; i++) expect(outcome.has(i)).toBe(true);
        expect(granted).toEqual([...granted].sort((a, b) => a - b)); // FIFO among those granted
        expect(sem[WAITERS]).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("X1: Semaphore.acquire refuses a signal that is not an AbortSignal", () => {
  it.each(BAD_SIGNALS)("X1: acquire(1, { signal: %o }) throws a TypeError naming the option; no permit leaks", async (bad) => {
    const sem = new Semaphore(1);
    await sem.acquire(1);
    expect(() => sem.acquire(1, { signal: bad as never })).toThrow(/^semaphore: acquire: signal: expected an AbortSignal, got /);
    expect(sem[WAITERS]).toBe(0);
    const next = track(sem.acquire(1));
    expect(() => sem.release(1)).not.toThrow();
    await flush();
    expect(next.settled).toBe(true);
    sem.release(1);
    expect(sem[HELD]).toBe(0);
    // refused also when it would be granted at once: nothing is taken
    expect(() => sem.acquire(1, { signal: bad as never })).toThrow(TypeError);
    expect(sem[HELD]).toBe(0);
  });
});
