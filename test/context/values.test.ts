/**
 * K4 (values), K5 (causes, also through a context the library did not
 * make), K6 (afterFunc, withoutCancel), `using` for `defer cancel()`, and
 * bad deadlines: the cases of Go's context/x_test.go (TestValues,
 * TestLayersCancel's values, TestWithValueChecksKey, TestCause,
 * TestCustomContextPropagation, TestCustomContextCause, TestWithoutCancel,
 * TestAfterFunc*), in our own words.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  afterFunc,
  background,
  Canceled,
  cause,
  DeadlineExceeded,
  withCancel,
  withCancelCause,
  withDeadline,
  withDeadlineCause,
  withoutCancel,
  withTimeout,
  withTimeoutCause,
  withValue,
  type Context,
} from "gochan/context";
import { Channel, contextAfterFunc, afterFunc as timeAfterFunc } from "gochan";
import { flush } from "../support/flush.js";

const isDone = (ctx: Context) => ctx.done().tryRecv() !== undefined;
const children = (ctx: Context) => (ctx as unknown as { childCount: number }).childCount;

/** Go's otherContext: a Context that is not one of ours, passing everything to the one it wraps. */
function other(inner: Context): Context {
  return {
    done: () => inner.done(),
    err: () => inner.err(),
    deadline: () => inner.deadline(),
    value: (k) => inner.value(k),
    get signal() {
      return inner.signal;
    },
  };
}

/**
 * Go's customContext (newCustomContext): its own done and err, cancelled by
 * its own cancel or, through afterFunc, by its parent; values and deadline
 * from the parent.
 */
function custom(parent: Context): [Context, () => void] {
  const ac = new AbortController();
  const done = new Channel<never>();
  let err: Error | undefined;
  const finish = (e: Error) => {
    if (err !== undefined) return;
    err = e;
    done.close();
    ac.abort(e);
  };
  afterFunc(parent, () => finish(parent.err()!));
  const ctx: Context = {
    done: () => done.recvOnly(),
    err: () => err,
    deadline: () => parent.deadline(),
    value: (k) => parent.value(k),
    signal: ac.signal,
  };
  return [ctx, () => finish(Canceled)];
}

describe("K4: withValue, and value lookups through the chain", () => {
  // Go's key1(1) and key2(1) are equal ints of different types: here, different objects.
  const k1 = { name: "k1" };
  const k2 = { name: "k2" };
  const k3 = Symbol("k3");
  const check = (c: Context, v1: unknown, v2: unknown, v3: unknown) => {
    expect([c.value(k1), c.value(k2), c.value(k3)]).toEqual([v1, v2, v3]);
  };

  it("K4: the nearest value wins, a child's values are invisible to its parent (Go's TestValues)", () => {
    const c0 = background();
    check(c0, undefined, undefined, undefined);
    const c1 = withValue(background(), k1, "c1k1");
    check(c1, "c1k1", undefined, undefined);
    const c2 = withValue(c1, k2, "c2k2");
    check(c2, "c1k1", "c2k2", undefined);
    const c3 = withValue(c2, k3, "c3k3");
    check(c3, "c1k1", "c2k2", "c3k3");
    const c4 = withValue(c3, k1, undefined); // Go's WithValue(c3, k1, nil): hides c1's value
    check(c4, undefined, "c2k2", "c3k3");
    check(c1, "c1k1", undefined, undefined); // the parent does not see what its children set

    const o1 = other(withValue(background(), k1, "c1k1"));
    check(o1, "c1k1", undefined, undefined);
    const o2 = withValue(o1, k2, "o2k2");
    check(o2, "c1k1", "o2k2", undefined);
    const o3 = other(c4);
    check(o3, undefined, "c2k2", "c3k3");
    const o4 = withValue(o3, k3, undefined);
    check(o4, undefined, "c2k2", undefined);
  });

  it("K4: keys compare by identity: an equal-looking object is another key", () => {
    const ctx = withValue(background(), { id: 1 }, "a");
    expect(ctx.value({ id: 1 })).toBeUndefined();
    const s = withValue(background(), "user", "alice"); // strings compare by value, as Go's
    expect(s.value("user")).toBe("alice");
  });

  it("K4: values are seen through cancel and timer layers, before and after cancel (Go's TestLayersCancel)", () => {
    let ctx: Context = background();
    const keys: object[] = [];
    const cancels: Array<() => void> = [];
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 0) {
        const k = { i };
        keys.push(k);
        ctx = withValue(ctx, k, k);
      } else if (i % 3 === 1) {
        const [c, cancel] = withCancel(ctx);
        ctx = c;
        cancels.push(cancel);
      } else {
        const [c, cancel] = withTimeout(ctx, 3_600_000);
        ctx = c;
        cancels.push(cancel);
      }
    }
    for (const k of keys) expect(ctx.value(k)).toBe(k);
    expect(isDone(ctx)).toBe(false);
    cancels[4]!();
    expect(isDone(ctx)).toBe(true);
    expect(ctx.err()).toBe(Canceled);
    for (const k of keys) expect(ctx.value(k)).toBe(k);
    for (const c of cancels) c();
  });

  it("K4: a value context is cancelled with its parent, and a child under it registers with the cancel node above", () => {
    const [parent, cancel] = withCancel(background());
    const v = withValue(parent, "k", 1);
    const [child] = withCancel(v);
    expect(children(parent)).toBe(1);
    expect(v.signal).toBe(parent.signal);
    cancel();
    expect([v.err(), child.err()]).toEqual([Canceled, Canceled]);
    expect(isDone(v) && isDone(child)).toBe(true);
    expect(children(parent)).toBe(0);
  });

  it("K4: a nil key, or a parent that is not a context, throws at the call (Go's TestWithValueChecksKey, TestInvalidDerivedFail)", () => {
    expect(() => withValue(background(), null, "bar")).toThrow(TypeError);
    expect(() => withValue(background(), undefined, "bar")).toThrow(/nil key/);
    expect(() => withValue(null as unknown as Context, "foo", "bar")).toThrow(/nil parent/);
  });
});

describe("K5: causes, with deadlines and through contexts the library did not make", () => {
  const forever = 1e9;
  const parentCause = new Error("parentCause");
  const childCause = new Error("childCause");
  const tooSlow = new Error("tooSlow");
  const finishedEarly = new Error("finishedEarly");

  // Go's TestCause table: what err() and cause() are, case by case.
  const cases: Array<[string, () => Context, Error | undefined, unknown]> = [
    ["Background", () => background(), undefined, undefined],
    ["WithCancel", () => { const [c, cancel] = withCancel(background()); cancel(); return c; }, Canceled, Canceled],
    ["WithCancelCause", () => { const [c, cancel] = withCancelCause(background()); cancel(parentCause); return c; }, Canceled, parentCause],
    ["WithCancelCause nil", () => { const [c, cancel] = withCancelCause(background()); cancel(undefined); return c; }, Canceled, Canceled],
    ["parent cause before child", () => { const [p, cp] = withCancelCause(background()); const [c, cc] = withCancelCause(p); cp(parentCause); cc(childCause); return c; }, Canceled, parentCause],
    ["parent cause after child", () => { const [p, cp] = withCancelCause(background()); const [c, cc] = withCancelCause(p); cc(childCause); cp(parentCause); return c; }, Canceled, childCause],
    ["parent cause before nil", () => { const [p, cp] = withCancelCause(background()); const [c, cc] = withCancel(p); cp(parentCause); cc(); return c; }, Canceled, parentCause],
    ["parent cause after nil", () => { const [p, cp] = withCancelCause(background()); const [c, cc] = withCancel(p); cc(); cp(parentCause); return c; }, Canceled, Canceled],
    ["child cause after nil", () => { const [p, cp] = withCancel(background()); const [c, cc] = withCancelCause(p); cp(); cc(childCause); return c; }, Canceled, Canceled],
    ["child cause before nil", () => { const [p, cp] = withCancel(background()); const [c, cc] = withCancelCause(p); cc(childCause); cp(); return c; }, Canceled, childCause],
    ["WithTimeout", () => { const [c, cancel] = withTimeout(background(), 0); cancel(); return c; }, DeadlineExceeded, DeadlineExceeded],
    ["WithTimeout canceled", () => { const [c, cancel] = withTimeout(background(), forever); cancel(); return c; }, Canceled, Canceled],
    ["WithTimeoutCause", () => { const [c, cancel] = withTimeoutCause(background(), 0, tooSlow); cancel(); return c; }, DeadlineExceeded, tooSlow],
    ["WithTimeoutCause canceled", () => { const [c, cancel] = withTimeoutCause(background(), forever, tooSlow); cancel(); return c; }, Canceled, Canceled],
    ["WithTimeoutCause stacked", () => { const [p, cp] = withCancelCause(background()); const [c] = withTimeoutCause(p, 0, tooSlow); cp(finishedEarly); return c; }, DeadlineExceeded, tooSlow],
    ["WithTimeoutCause stacked canceled", () => { const [p, cp] = withCancelCause(background()); const [c, cc] = withTimeoutCause(p, forever, tooSlow); cp(finishedEarly); cc(); return c; }, Canceled, finishedEarly],
    ["WithDeadlineCause in the past", () => { const [c, cancel] = withDeadlineCause(background(), Date.now() - 1, tooSlow); cancel(); return c; }, DeadlineExceeded, tooSlow],
    ["WithoutCancel", () => withoutCancel(background()), undefined, undefined],
    ["WithoutCancel canceled", () => { const [p, cp] = withCancelCause(background()); const c = withoutCancel(p); cp(finishedEarly); return c; }, undefined, undefined],
    ["WithoutCancel timeout", () => { const [p, cp] = withTimeoutCause(background(), 0, tooSlow); const c = withoutCancel(p); cp(); return c; }, undefined, undefined],
    ["parent of custom context not canceled", () => { const [p] = withCancelCause(background()); const [c, cc] = custom(p); cc(); return c; }, Canceled, Canceled],
    ["parent of custom context is canceled before", () => { const [p, cp] = withCancelCause(background()); const [c, cc] = custom(p); cp(parentCause); cc(); return c; }, Canceled, parentCause],
    // As Go says of this case: not really right, but a custom context cannot tell which came first.
    ["parent of custom context is canceled after", () => { const [p, cp] = withCancelCause(background()); const [c, cc] = custom(p); cc(); cp(parentCause); return c; }, Canceled, parentCause],
  ];
  for (const [name, make, err, why] of cases) {
    it(`K5: ${name}: err() and cause() as Go's TestCause says`, () => {
      const ctx = make();
      expect(ctx.err()).toBe(err);
      expect(cause(ctx)).toBe(why);
    });
  }

  it("K5: a child of a context we did not make gets the cause from beyond it (Go's TestCustomContextPropagation)", async () => {
    const why = new Error("TestCustomContextPropagation");
    const [ctx1, cancel1] = withCancelCause(background());
    // Go's customDoneContext: everything of ctx1's except its own done channel (and so its own signal).
    const donec = new Channel<never>();
    const ac = new AbortController();
    const ctx2: Context = {
      done: () => donec.recvOnly(),
      err: () => ctx1.err(),
      deadline: () => ctx1.deadline(),
      value: (k) => ctx1.value(k),
      signal: ac.signal,
    };
    const [ctx3, cancel3] = withCancel(ctx2);
    using _ = cancel3; // defer cancel3()
    cancel1(why);
    donec.close();
    ac.abort(new Error("the custom context's own reason, not the cause"));
    await ctx3.done().recv();
    expect(ctx3.err()).toBe(Canceled);
    expect(cause(ctx3)).toBe(why);
  });

  it("K5: a custom context's cancellation reaches its children, each with its own cause (Go's TestCustomContextCause)", () => {
    // Go's customCauseContext: its own done and err, no values.
    const makeCcc = () => {
      const ac = new AbortController();
      let err: Error | undefined;
      let cancelChild: (() => void) | undefined;
      const ctx: Context = { done: () => new Channel<never>(), err: () => err, deadline: () => undefined, value: () => undefined, signal: ac.signal };
      return {
        ctx,
        cancel: () => {
          err = Canceled;
          ac.abort(Canceled);
          cancelChild?.();
        },
        setCancelChild: (f: () => void) => (cancelChild = f),
      };
    };
    let ccc = makeCcc();
    ccc.cancel();
    expect([ccc.ctx.err(), cause(ccc.ctx)]).toEqual([Canceled, Canceled]);

    ccc = makeCcc();
    const [ctx, causeFunc] = withCancelCause(ccc.ctx);
    const why = new Error("TestCustomContextCause");
    causeFunc(why);
    expect([ctx.err(), cause(ctx), ccc.ctx.err(), cause(ccc.ctx)]).toEqual([Canceled, why, undefined, undefined]);
    ccc.cancel();
    expect([ctx.err(), cause(ctx), ccc.ctx.err(), cause(ccc.ctx)]).toEqual([Canceled, why, Canceled, Canceled]);

    ccc = makeCcc();
    const [ctx2, cancelFunc] = withCancel(ccc.ctx);
    ccc.setCancelChild(cancelFunc);
    ccc.cancel();
    expect([ctx2.err(), cause(ctx2), ccc.ctx.err(), cause(ccc.ctx)]).toEqual([Canceled, Canceled, Canceled, Canceled]);
  });

  describe("with fake timers", () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it("K5: withDeadlineCause and withTimeoutCause give their cause when the deadline passes, not before", () => {
      const slow = new Error("slow");
      const [a, ca] = withTimeoutCause(background(), 100, slow);
      const [b, cb] = withDeadlineCause(background(), new Date(Date.now() + 100), slow);
      vi.advanceTimersByTime(99);
      expect([cause(a), cause(b)]).toEqual([undefined, undefined]);
      vi.advanceTimersByTime(1);
      expect([a.err(), b.err()]).toEqual([DeadlineExceeded, DeadlineExceeded]);
      expect([cause(a), cause(b)]).toEqual([slow, slow]);
      const [child] = withCancel(a);
      expect(cause(child)).toBe(slow); // children inherit it
      ca();
      cb();
    });

    it("K5: under a parent with an earlier deadline, the child's cause is the parent's (Go returns WithCancel there)", () => {
      const [p, cp] = withTimeoutCause(background(), 50, new Error("parent"));
      const [c, cc] = withTimeoutCause(p, 1000, new Error("child"));
      vi.advanceTimersByTime(50);
      expect((cause(c) as Error).message).toBe("parent");
      expect(vi.getTimerCount()).toBe(0);
      cp();
      cc();
    });
  });
});

describe("K6: afterFunc and withoutCancel", () => {
  it("K6: f runs once, after the cancel and not inside it, and stop() is then false (Go's TestAfterFuncCalledAfterCancel)", async () => {
    const [ctx, cancel] = withCancel(background());
    let runs = 0;
    const stop = afterFunc(ctx, () => void runs++);
    await flush();
    expect(runs).toBe(0);
    cancel();
    expect(runs).toBe(0); // its own task: the cancel does not wait for it (Go's TestAfterFuncCalledAsynchronously)
    await flush();
    expect(runs).toBe(1);
    expect(stop()).toBe(false);
    cancel();
    await flush();
    expect(runs).toBe(1);
  });

  it("K6: an already cancelled context runs f at once, in its own task (Go's TestAfterFuncCalledImmediately)", async () => {
    const [ctx, cancel] = withCancel(background());
    cancel();
    let ran = false;
    const stop = afterFunc(ctx, () => (ran = true));
    expect(ran).toBe(false);
    await flush();
    expect(ran).toBe(true);
    expect(stop()).toBe(false);
  });

  it("K6: stop() before the cancel keeps f from running, says so once, and leaves nothing on the parent (Go's TestAfterFuncNotCalledAfterStop)", async () => {
    const [ctx, cancel] = withCancel(background());
    let ran = false;
    const stop = afterFunc(ctx, () => (ran = true));
    expect(children(ctx)).toBe(1);
    expect(stop()).toBe(true);
    expect(children(ctx)).toBe(0);
    cancel();
    await flush();
    expect(ran).toBe(false);
    expect(stop()).toBe(false);
  });

  it("K6: f runs after a deadline; several afterFuncs on one context are independent (Go's TestAfterFuncCalledAfterTimeout)", async () => {
    const [ctx, cancel] = withTimeout(background(), 5);
    const order: string[] = [];
    afterFunc(ctx, () => order.push("a"));
    const stopB = afterFunc(ctx, () => order.push("b"));
    afterFunc(ctx, () => order.push("c"));
    stopB();
    await ctx.done().recv();
    await flush();
    expect(order).toEqual(["a", "c"]);
    cancel();
  });

  it("K6: on a context we did not make, f runs when its signal aborts, and stop() removes the listener", async () => {
    const ac = new AbortController();
    const hand: Context = { done: () => new Channel<never>(), err: () => (ac.signal.aborted ? Canceled : undefined), deadline: () => undefined, value: () => undefined, signal: ac.signal };
    let ran = 0;
    const stop = afterFunc(hand, () => void ran++);
    const stop2 = afterFunc(hand, () => void ran++);
    expect(stop2()).toBe(true);
    ac.abort();
    await flush();
    expect(ran).toBe(1);
    expect(stop()).toBe(false);
  });

  it("K6: afterFunc on background() never runs f; stop() is true once", async () => {
    let ran = false;
    const stop = afterFunc(background(), () => (ran = true));
    await flush();
    expect(ran).toBe(false);
    expect(stop()).toBe(true);
    expect(stop()).toBe(false);
  });

  it("K6: afterFunc's stop is Disposable: `using _ = stop` is Go's `defer stop()`", async () => {
    const [ctx, cancel] = withCancel(background());
    let ran = false;
    {
      using _ = afterFunc(ctx, () => (ran = true));
    }
    cancel();
    await flush();
    expect(ran).toBe(false);
    expect(() => afterFunc(ctx, 5 as unknown as () => void)).toThrow(TypeError);
  });

  it("K6: from gochan, context's afterFunc is contextAfterFunc; afterFunc stays time's", () => {
    expect(contextAfterFunc).toBe(afterFunc);
    expect(timeAfterFunc).not.toBe(afterFunc);
  });

  it("K6: withoutCancel keeps the values, is never cancelled and has no deadline (Go's TestWithoutCancel)", () => {
    const key = "key";
    const [parent, cancel] = withTimeout(withValue(background(), key, "value"), 1000);
    const ctx = withoutCancel(parent);
    cancel();
    expect(parent.err()).toBe(Canceled);
    expect(ctx.deadline()).toBeUndefined();
    expect(ctx.err()).toBeUndefined();
    expect(isDone(ctx)).toBe(false);
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.value(key)).toBe("value");
    expect(cause(ctx)).toBeUndefined();
    const [child, cancelChild] = withCancel(ctx); // a child of it is cancelled only by its own cancel
    expect(child.err()).toBeUndefined();
    cancelChild();
    expect(child.err()).toBe(Canceled);
  });
});

describe("defer cancel(): cancel functions are Disposable", () => {
  it("`using _ = cancel` cancels at scope end, however the scope is left", () => {
    let ctx!: Context;
    const leave = () => {
      const [c, cancel] = withCancel(background());
      using _ = cancel; // defer cancel()
      ctx = c;
      throw new Error("left by a throw");
    };
    expect(leave).toThrow("left by a throw");
    expect(ctx.err()).toBe(Canceled);
    for (const make of [() => withTimeout(background(), 1000), () => withDeadline(background(), Date.now() + 1000), () => withCancelCause(background())] as const) {
      let c!: Context;
      {
        const [x, cancel] = make();
        using _ = cancel;
        c = x;
      }
      expect(c.err()).toBe(Canceled);
      expect(cause(c)).toBe(Canceled);
    }
  });
});

describe("bad deadlines fail at the call, and none is an Invalid Date", () => {
  it("a parent whose deadline() is not a Date is a TypeError naming what it returned", () => {
    const bad: Context = { done: () => new Channel<never>(), err: () => undefined, deadline: () => 12345 as unknown as Date, value: () => undefined, signal: new AbortController().signal };
    expect(() => withCancel(bad)).toThrow(TypeError);
    expect(() => withTimeout(bad, 10)).toThrow(/deadline\(\) returned number 12345, not a Date or undefined/);
    const invalid: Context = { ...bad, deadline: () => new Date(Number.NaN) };
    expect(() => withCancel(invalid)).toThrow(/Invalid Date/);
  });

  it("a deadline that is neither a Date nor a number is a TypeError; NaN a RangeError", () => {
    expect(() => withDeadline(background(), "tomorrow" as unknown as Date)).toThrow(TypeError);
    expect(() => withDeadline(background(), Number.NaN)).toThrow(RangeError);
    expect(() => withDeadlineCause(background(), new Date(Number.NaN), "x")).toThrow(RangeError);
  });

  it("+Infinity never comes: no deadline, no timer; -Infinity has passed: cancelled at once; never an Invalid Date", () => {
    const [late, cancelLate] = withDeadline(background(), Number.POSITIVE_INFINITY);
    expect(late.deadline()).toBeUndefined();
    expect(late.err()).toBeUndefined();
    const [early] = withDeadline(background(), Number.NEGATIVE_INFINITY);
    expect(early.err()).toBe(DeadlineExceeded);
    expect(Number.isNaN(early.deadline()!.getTime())).toBe(false);
    const [underLate, c2] = withTimeout(late, 1000); // a child of it has its own deadline
    expect(Number.isNaN(underLate.deadline()!.getTime())).toBe(false);
    const [huge, c3] = withTimeout(background(), 1e300);
    expect(Number.isNaN(huge.deadline()!.getTime())).toBe(false);
    for (const c of [cancelLate, c2, c3]) c();
  });
});
