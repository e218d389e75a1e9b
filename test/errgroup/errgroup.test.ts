import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ErrGroup, ModifyLimitWhileActiveError } from "gochan";
import { BAD_SIGNALS } from "../support/bad.js";
import { flush, track } from "../support/flush.js";
import { abortListeners, heapAfterGc } from "../support/node.js";

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

describe("ErrGroup.setLimit while goroutines are active", () => {
  it("setLimit right after go(), in the same tick, throws at the call, every time; the group still finishes", async () => {
    const g = new ErrGroup();
    g.setLimit(1);
    const first = g.go(async () => {
      await flush();
    });
    const queued = g.go(async () => undefined); // waits for the slot
    for (let i = 0; i < 3; i++) {
      expect(() => g.setLimit(2)).toThrow(/^errgroup: modify limit while 2 goroutines in the group are still active$/);
    }
    expect(() => g.setLimit(-1)).toThrow(ModifyLimitWhileActiveError);
    expect(await Promise.all([first, queued])).toEqual([true, true]);
    await g.wait();
    g.setLimit(3); // idle again: allowed
  });

  it("setLimit between a finished task and the start of one queued for its slot throws", async () => {
    const g = new ErrGroup();
    g.setLimit(1);
    let release!: () => void;
    void g.go(() => new Promise<void>((r) => (release = r)));
    const queued = g.go(() => undefined);
    let thrown: unknown;
    await flush();
    release();
    // the first task has finished, the queued one has its slot but has not started yet
    await Promise.resolve();
    try {
      g.setLimit(5);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ModifyLimitWhileActiveError);
    expect(await queued).toBe(true);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => void unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    await g.wait();
    await flush();
    process.off("unhandledRejection", onUnhandled);
    expect(unhandled).toEqual([]);
  });
});

describe("ErrGroup({ signal }): a parent signal, and nothing kept on it", () => {
  it("the parent's abort reaches the group's signal while tasks run, and when read while idle", async () => {
    const parent = new AbortController();
    const g = new ErrGroup({ signal: parent.signal });
    let seen: unknown;
    await g.go((signal) => new Promise<void>((r) => signal.addEventListener("abort", () => ((seen = signal.reason), r()))));
    expect(await abortListeners(parent.signal)).toBe(1);
    parent.abort("parent gone");
    await g.wait();
    expect(seen).toBe("parent gone");
    expect(await abortListeners(parent.signal)).toBe(0);

    const idle = new AbortController();
    const h = new ErrGroup({ signal: idle.signal });
    await h.go(() => undefined);
    await h.wait();
    idle.abort("later");
    expect(h.signal.aborted).toBe(true);
    expect(h.signal.reason).toBe("later");
    await h.go((signal) => expect(signal.aborted).toBe(true));
    await h.wait();

    const ready = new ErrGroup({ signal: AbortSignal.abort("already") });
    expect(ready.signal.reason).toBe("already");
  });

  it("a group that has finished leaves no listener on its parent: 100 groups in a row, one at a time and all at once", async () => {
    const parent = new AbortController();
    for (let i = 0; i < 100; i++) {
      const g = new ErrGroup({ signal: parent.signal });
      await g.go(() => flush());
      await g.wait();
    }
    expect(await abortListeners(parent.signal)).toBe(0);
    const groups = Array.from({ length: 100 }, () => new ErrGroup({ signal: parent.signal }));
    for (const g of groups) await g.go(() => flush());
    expect(await abortListeners(parent.signal)).toBe(1);
    await Promise.all(groups.map((g) => g.wait()));
    expect(await abortListeners(parent.signal)).toBe(0);
    const failing = new ErrGroup({ signal: parent.signal });
    await failing.go(() => Promise.reject(new Error("x")));
    await failing.wait().catch(() => undefined);
    expect(await abortListeners(parent.signal)).toBe(0);
  });

  it("50,000 groups on one long-lived parent signal retain nothing once they finished (no AbortSignal.any)", async () => {
    const parent = new AbortController();
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const g = new ErrGroup({ signal: parent.signal });
        void g.signal; // a task or caller reading it
        await g.go(() => undefined);
        await g.wait();
      }
    };
    await run(1_000);
    const before = await heapAfterGc();
    await run(50_000);
    const after = await heapAfterGc();
    // AbortSignal.any keeps ~58 bytes per group for the parent's lifetime: ~3 MB here.
    expect(after - before).toBeLessThan(1_000_000);
  }, 30_000);
});
