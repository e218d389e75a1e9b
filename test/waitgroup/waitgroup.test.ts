import { describe, expect, it } from "vitest";
import { NegativeWaitGroupCounterError, WaitGroup } from "gochan";
import { BAD_SIGNALS } from "../support/bad.js";
import { flush, Steps, track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { WAITERS } from "../../src/kernel/waitlist.js";

describe("W1: add, done, wait", () => {
  it("W1: wait settles once the counter is zero, at once if it already is", async () => {
    const wg = new WaitGroup();
    await wg.wait(); // zero: at once
    wg.add(2);
    const w = track(wg.wait());
    wg.done();
    await flush();
    expect(w.settled).toBe(false);
    wg.done();
    await flush();
    expect(w.settled).toBe(true);
  });

  it("W1: add(n) moves the counter by n, negative deltas included; add() is add(1)", async () => {
    const wg = new WaitGroup();
    wg.add(5);
    wg.add(-3);
    wg.add();
    const w = track(wg.wait());
    wg.add(-2);
    await flush();
    expect(w.settled).toBe(false);
    wg.done();
    await flush();
    expect(w.settled).toBe(true);
  });

  it("W1: many concurrent waiters are all released at once", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const waits = Array.from({ length: 100 }, () => track(wg.wait()));
    expect(wg[WAITERS]).toBe(100);
    wg.done();
    await flush();
    expect(waits.every((w) => w.settled)).toBe(true);
    expect(wg[WAITERS]).toBe(0);
  });

  it("W1: the seeds' shape: workers defer done, main waits, in step order", async () => {
    const wg = new WaitGroup();
    const steps = new Steps();
    const worker = async (id: number) => {
      try {
        await flush();
        steps.expect(id + 1);
      } finally {
        wg.done();
      }
    };
    wg.add(3);
    for (let w = 1; w <= 3; w++) void worker(w);
    steps.expect(1);
    await wg.wait();
    steps.finish(5);
  });

  it("W1: non-integer or non-finite deltas are a RangeError", () => {
    const wg = new WaitGroup();
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, "1"]) {
      expect(() => wg.add(bad as number)).toThrow(RangeError);
    }
  });
});

describe("W2: negative counter", () => {
  it("W2: a counter that goes negative throws 'sync: negative WaitGroup counter' and is left as it was", async () => {
    const wg = new WaitGroup();
    expect(() => wg.done()).toThrow(NegativeWaitGroupCounterError);
    expect(() => wg.add(-1)).toThrow(/^sync: negative WaitGroup counter$/);
    wg.add(1);
    expect(() => wg.add(-2)).toThrow(NegativeWaitGroupCounterError);
    const w = track(wg.wait());
    await flush();
    expect(w.settled).toBe(false); // still 1
    wg.done();
    await flush();
    expect(w.settled).toBe(true);
  });
});

describe("W3: reuse", () => {
  it("W3: a WaitGroup can be reused after its waiters were released", async () => {
    const wg = new WaitGroup();
    for (let round = 0; round < 3; round++) {
      wg.add(2);
      const w = track(wg.wait());
      wg.done();
      wg.done();
      await flush();
      expect(w.settled).toBe(true);
    }
  });
});

describe("W4: go", () => {
  it("W4: go(fn) counts fn now and uncounts it when it returns", async () => {
    const wg = new WaitGroup();
    let release!: () => void;
    const p = wg.go(() => new Promise<string>((r) => (release = () => r("ok"))));
    const w = track(wg.wait());
    await flush();
    expect(w.settled).toBe(false);
    release();
    expect(await p).toBe("ok");
    await flush();
    expect(w.settled).toBe(true);
  });

  it("W4: ...and when it throws, synchronously or not; the error reaches go's promise, not wait", async () => {
    const wg = new WaitGroup();
    const a = wg.go(() => {
      throw new Error("sync throw");
    });
    const b = wg.go(async () => {
      await flush();
      throw new Error("async throw");
    });
    const failures = Promise.all([
      expect(a).rejects.toThrow("sync throw"),
      expect(b).rejects.toThrow("async throw"),
    ]); // handled before anything waits, or Node reports them as unhandled
    await wg.wait();
    await failures;
  });

  it.runIf(isNode)("W4: an unhandled failure of go(fn) is reported as an unhandled rejection, never swallowed", async () => {
    const seen: unknown[] = [];
    const onUnhandled = (reason: unknown) => seen.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const wg = new WaitGroup();
      void wg.go(async () => {
        throw new Error("nobody caught me");
      });
      await wg.wait();
      await flush();
      await flush();
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(seen).toHaveLength(1);
    expect((seen[0] as Error).message).toBe("nobody caught me");
  });

  it("W4: go with a non-function is a TypeError at the call, and counts nothing", async () => {
    const wg = new WaitGroup();
    expect(() => wg.go(42 as never)).toThrow(TypeError);
    await wg.wait();
  });
});

describe("X1, X2: cancelling wait", () => {
  it("X1: an aborted wait rejects with signal.reason and leaves no waiter", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const ac = new AbortController();
    const w = wg.wait({ signal: ac.signal });
    expect(wg[WAITERS]).toBe(1);
    ac.abort("enough");
    await expect(w).rejects.toBe("enough");
    expect(wg[WAITERS]).toBe(0);
    await expect(wg.wait({ signal: AbortSignal.abort("already") })).rejects.toBe("already");
    expect(wg[WAITERS]).toBe(0);
  });

  it.runIf(isNode)("X2: a wait released normally drops its abort listener", async () => {
    const wg = new WaitGroup();
    const ac = new AbortController();
    for (let i = 0; i < 1000; i++) {
      wg.add(1);
      const w = wg.wait({ signal: ac.signal });
      wg.done();
      await w;
    }
    expect(await abortListeners(ac.signal)).toBe(0);
  });
});

describe("X1: WaitGroup.wait refuses a signal that is not an AbortSignal", () => {
  it.each(BAD_SIGNALS)("X1: wait({ signal: %o }) throws a TypeError naming the option; nothing is parked", async (bad) => {
    const wg = new WaitGroup();
    expect(() => wg.wait({ signal: bad as never })).toThrow(/^sync: WaitGroup.wait: signal: expected an AbortSignal, got /);
    wg.add(1);
    expect(() => wg.wait({ signal: bad as never })).toThrow(TypeError);
    expect(wg[WAITERS]).toBe(0);
    const w = track(wg.wait());
    wg.done();
    await flush();
    expect(w.settled).toBe(true);
  });
});

describe("defer wg.Done(): deferDone()", () => {
  it("W1: `using _ = wg.deferDone()` counts down once at scope end, however the scope is left", async () => {
    const wg = new WaitGroup();
    const order: string[] = [];
    for (let i = 1; i <= 3; i++) {
      wg.add(1); // wg.Add(1)
      void (async () => {
        using _ = wg.deferDone(); // defer wg.Done()
        await flush();
        order.push(`worker ${i}`);
        if (i === 2) throw new Error("a worker that throws still counts down");
      })().catch(() => undefined);
    }
    const waited = track(wg.wait());
    await Promise.resolve();
    expect(waited.settled).toBe(false); // the workers are still in their scopes
    await wg.wait();
    expect(order).toEqual(["worker 1", "worker 2", "worker 3"]);
    const d = wg.deferDone(); // it does not count: add does
    wg.add(1);
    d[Symbol.dispose]();
    d[Symbol.dispose](); // a second dispose does nothing
    await wg.wait();
    expect(() => wg.done()).toThrow(NegativeWaitGroupCounterError);
  });
});
