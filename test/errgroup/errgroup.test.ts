import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ErrGroup } from "gochan";
import { BAD_SIGNALS } from "../support/bad.js";
import { flush, track } from "../support/flush.js";

describe("ErrGroup: Go's x/sync/errgroup", () => {
  it("wait resolves once every task has settled, never earlier", async () => {
    const g = new ErrGroup();
    const releases: Array<() => void> = [];
    for (let i = 0; i < 3; i++) await g.go(() => new Promise<void>((r) => releases.push(r)));
    const w = track(g.wait());
    releases[0]!();
    releases[1]!();
    await flush();
    expect(w.settled).toBe(false);
    releases[2]!();
    await flush();
    expect(w.settled).toBe(true);
    expect(w.error).toBeUndefined();
  });

  it("the first error aborts every other task's signal, and wait rejects with it after all settle", async () => {
    const g = new ErrGroup();
    const first = new Error("first");
    let sawAbort: unknown;
    let slowSettled = false;
    await g.go(async (signal) => {
      await new Promise((r) => signal.addEventListener("abort", r));
      sawAbort = signal.reason;
      await flush();
      slowSettled = true;
    });
    await g.go(async () => {
      throw first;
    });
    await g.go(async () => {
      await flush();
      throw new Error("second");
    });
    await expect(g.wait()).rejects.toBe(first);
    expect(sawAbort).toBe(first);
    expect(slowSettled).toBe(true); // wait waited for the slow task
    expect(g.signal.aborted).toBe(true);
  });

  it("setLimit: never more than n at once; go waits for a slot; tryGo refuses when full", async () => {
    const g = new ErrGroup();
    g.setLimit(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await flush();
      running--;
    };
    const started: Array<Promise<boolean>> = [];
    for (let i = 0; i < 10; i++) started.push(g.go(task));
    expect(g.tryGo(task)).toBe(false);
    expect(await Promise.all(started)).toEqual(Array(10).fill(true));
    await g.wait();
    expect(peak).toBe(2);
    expect(g.tryGo(task)).toBe(true);
    await g.wait();
  });

  it("after the first error, go calls still waiting for a slot do not start their function", async () => {
    const g = new ErrGroup();
    g.setLimit(1);
    const ran: number[] = [];
    const first = g.go(async () => {
      ran.push(0);
      await flush();
      throw new Error("boom");
    });
    const later = [1, 2, 3].map((i) => g.go(() => void ran.push(i)));
    expect(await first).toBe(true);
    expect(await Promise.all(later)).toEqual([false, false, false]);
    await expect(g.wait()).rejects.toThrow("boom");
    expect(ran).toEqual([0]);
  });

  it("a parent signal aborts the group's signal; Go's errors for bad limits and limit changes", async () => {
    const parent = new AbortController();
    const g = new ErrGroup({ signal: parent.signal });
    parent.abort("parent gone");
    expect(g.signal.aborted).toBe(true);
    const h = new ErrGroup();
    expect(() => h.setLimit(0)).toThrow(RangeError);
    expect(() => h.setLimit(1.5)).toThrow(RangeError);
    let release!: () => void;
    await h.go(() => new Promise<void>((r) => (release = r)));
    expect(() => h.setLimit(3)).toThrow(/^errgroup: modify limit while 1 goroutines in the group are still active$/);
    release();
    await h.wait();
    h.setLimit(-1); // no limit
    expect(() => h.go(7 as never)).toThrow(TypeError);
  });

  it("a task that throws synchronously is the group's error, not an exception at go", async () => {
    const g = new ErrGroup();
    expect(await g.go(() => {
      throw new Error("sync");
    })).toBe(true);
    await expect(g.wait()).rejects.toThrow("sync");
  });

  it("for random task sets and limits: wait settles after all, with the first error, never over the limit (200 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ fails: fc.boolean(), ticks: fc.nat(3) }), { maxLength: 12 }), fc.integer({ min: 1, max: 4 }), async (tasks, limit) => {
        const g = new ErrGroup();
        g.setLimit(limit);
        let running = 0;
        let peak = 0;
        let settled = 0;
        let firstError: Error | undefined;
        const calls = tasks.map((t, i) =>
          g.go(async () => {
            running++;
            peak = Math.max(peak, running);
            try {
              for (let k = 0; k < t.ticks; k++) await flush();
              if (t.fails) {
                const e = new Error(`task ${i}`);
                firstError ??= e;
                throw e;
              }
            } finally {
              running--;
              settled++;
            }
          }),
        );
        const started = (await Promise.all(calls)).filter(Boolean).length;
        const result = await g.wait().then(() => undefined, (e: unknown) => e);
        expect(settled).toBe(started);
        expect(peak).toBeLessThanOrEqual(limit);
        expect(result).toBe(firstError);
      }),
      { numRuns: 200 },
    );
  });
});

describe("X1: ErrGroup refuses a parent signal that is not an AbortSignal", () => {
  it.each(BAD_SIGNALS)("X1: new ErrGroup({ signal: %o }) throws a TypeError naming the option", (bad) => {
    expect(() => new ErrGroup({ signal: bad as never })).toThrow(/^errgroup: signal: expected an AbortSignal, got /);
  });
});
