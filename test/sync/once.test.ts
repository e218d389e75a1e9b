/**
 * Once (M4), onceFunc, onceValue, onceValues, and ports of what Go's
 * sync/once_test.go and oncefunc_test.go check: TestOnce (ten concurrent
 * callers, one run), TestOncePanic (a panicking f is not run again),
 * TestOnceFunc/TestOnceValue(s) (one call; a panic is repeated on every call).
 */
import { describe, expect, it } from "vitest";
import { Once, OnceCalledItselfError, onceFunc, onceValue, onceValues } from "gochan/sync";
import { flush, Steps, track } from "../support/flush.js";

describe("M4: Once.do(f) runs f at most once", () => {
  it("M4: ten concurrent callers of an async f run it once, and all wait for it to finish (Go's TestOnce)", async () => {
    const once = new Once();
    let runs = 0;
    let finished = false;
    const f = async () => {
      runs++;
      await flush();
      finished = true;
    };
    const seen: boolean[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        await once.do(f);
        seen.push(finished);
      }),
    );
    expect(runs).toBe(1);
    expect(seen).toEqual(Array(10).fill(true));
    await once.do(f);
    expect(runs).toBe(1);
  });

  it("M4: a sync f runs inside the first call, and later calls resolve at once", async () => {
    const once = new Once();
    const steps = new Steps();
    const p = once.do(() => steps.expect(1));
    steps.expect(2);
    await p;
    await once.do(() => steps.expect(99));
    steps.finish(3);
  });

  it("M4: if f throws, the first caller gets the error and f is not run again (Go's TestOncePanic)", async () => {
    const once = new Once();
    const boom = new Error("boom");
    await expect(
      once.do(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    let ran = false;
    await once.do(() => (ran = true));
    expect(ran).toBe(false);
  });

  it("M4: if an async f rejects, the first caller gets the error and the callers that waited resolve", async () => {
    const once = new Once();
    const boom = new Error("async boom");
    const first = track(
      once.do(async () => {
        await flush();
        throw boom;
      }),
    );
    const waiter = track(once.do(() => {}));
    await flush();
    await flush();
    expect(first.error).toBe(boom);
    expect(waiter.settled).toBe(true);
    expect(waiter.error).toBeUndefined();
  });

  it("M4, X1: a waiting caller whose signal aborts rejects with the reason and leaves the run alone", async () => {
    const once = new Once();
    let release!: () => void;
    const first = once.do(() => new Promise<void>((r) => (release = r)));
    const ac = new AbortController();
    const waiter = once.do(() => {}, { signal: ac.signal });
    ac.abort("tired");
    await expect(waiter).rejects.toBe("tired");
    release();
    await first;
    await expect(once.do(() => {}, { signal: AbortSignal.abort("pre") })).rejects.toBe("pre");
  });

  it("M4: a non-function is a TypeError at the call", () => {
    expect(() => new Once().do(42 as unknown as () => void)).toThrow(TypeError);
  });
});

describe("M4: onceFunc, onceValue, onceValues (Go 1.21)", () => {
  it("M4: onceFunc runs f on the first call only (Go's TestOnceFunc)", () => {
    let calls = 0;
    const f = onceFunc(() => {
      calls++;
    });
    for (let i = 0; i < 10; i++) f();
    expect(calls).toBe(1);
  });

  it("M4: onceValue calls f once and returns its value every time; async f shares one promise", async () => {
    let calls = 0;
    const v = onceValue(() => ++calls * 42);
    expect([v(), v(), v()]).toEqual([42, 42, 42]);
    const load = onceValue(async () => {
      calls++;
      await flush();
      return "config";
    });
    const [a, b] = await Promise.all([load(), load()]);
    expect([a, b]).toEqual(["config", "config"]);
    expect(load()).toBe(load());
    expect(calls).toBe(2);
  });

  it("M4: onceValues returns the same pair every time", () => {
    let calls = 0;
    const f = onceValues((): [number, Error | undefined] => [++calls, undefined]);
    expect(f()).toEqual([1, undefined]);
    expect(f()).toBe(f());
    expect(calls).toBe(1);
  });

  it("M4: if f throws, every call throws the same error and f is not run again (Go's TestOnceXPanic)", () => {
    let calls = 0;
    const err = new Error("x");
    for (const make of [onceFunc, onceValue, onceValues] as Array<(f: () => never) => () => unknown>) {
      const g = make(() => {
        calls++;
        throw err;
      });
      for (let i = 0; i < 3; i++) expect(() => g()).toThrow(err);
    }
    expect(calls).toBe(3);
  });

  it("M4: a function that calls itself through onceValue gets an error instead of Go's deadlock", () => {
    const f: () => number = onceValue(() => f() + 1);
    expect(() => f()).toThrow(/called itself/);
    const g: () => number = onceValue(() => g() + 1);
    expect(() => g()).toThrow(OnceCalledItselfError); // a typed error, at the call
    const h: () => void = onceFunc(() => h());
    expect(() => h()).toThrow("sync: the function from OnceFunc called itself");
  });

  it("M4: a non-function is a TypeError at the call", () => {
    expect(() => onceFunc(null as unknown as () => void)).toThrow(TypeError);
    expect(() => onceValue("x" as unknown as () => number)).toThrow(TypeError);
    expect(() => onceValues(1 as unknown as () => [number, number])).toThrow(TypeError);
  });
});
