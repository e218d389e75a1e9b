/**
 * Context (K1-K3) and ports of what Go's context/context_test.go checks:
 * TestBackground, TestWithCancel (a tree, cancelled from the root),
 * TestParentFinishesChild, TestChildFinishesFirst, TestDeadline,
 * TestTimeout, TestCanceledTimeout, TestCause, TestSimultaneousCancels,
 * TestInterlockedCancels, TestLayersCancel, TestLayersTimeout,
 * TestCancelRemoves (no child left behind), TestWithCancelCanceledParent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  background,
  Canceled,
  CanceledError,
  cause,
  DeadlineExceeded,
  DeadlineExceededError,
  fromSignal,
  todo,
  withCancel,
  withCancelCause,
  withDeadline,
  withTimeout,
  type Context,
} from "gochan/context";
import { Channel, recv, select, sleep } from "gochan";
import { flush, track } from "../support/flush.js";
import { abortListeners, heapAfterGc, isNode } from "../support/node.js";
import { queueSizes } from "../../src/channel/internal.js";

/** How many children a context of ours still has registered (K3). */
const children = (ctx: Context) => (ctx as unknown as { childCount: number }).childCount;
const isDone = (ctx: Context) => ctx.done().tryRecv() !== undefined;

describe("K1: done() closes on cancel, and err() says why", () => {
  it("K1: background() is never cancelled and has no deadline (Go's TestBackground)", () => {
    const bg = background();
    expect(bg).toBe(todo());
    expect(bg.err()).toBeUndefined();
    expect(bg.deadline()).toBeUndefined();
    expect(isDone(bg)).toBe(false);
    expect(bg.signal.aborted).toBe(false);
  });

  it("K1: cancel closes done(), and err() is Canceled with Go's text", async () => {
    const [ctx, cancel] = withCancel(background());
    expect(ctx.err()).toBeUndefined();
    const waiting = track(ctx.done().recv());
    await flush();
    expect(waiting.settled).toBe(false);
    cancel();
    await flush();
    expect(waiting.value).toEqual([undefined, false]);
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.err()).toBeInstanceOf(CanceledError);
    expect(ctx.err()!.message).toBe("context canceled");
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBe(Canceled);
    expect(ctx.done()).toBe(ctx.done());
    cancel(); // twice: nothing changes
    expect(ctx.err()).toBe(Canceled);
  });

  it("K1: done() is a select case: the for-select loop's case <-ctx.Done(): return", async () => {
    const [ctx, cancel] = withCancel(background());
    const jobs = new Channel<number>();
    const got: number[] = [];
    const worker = (async () => {
      for (;;) {
        const stop = await select([recv(ctx.done(), () => true), recv(jobs, (j) => (got.push(j!), false))]);
        if (stop) return ctx.err();
      }
    })();
    await jobs.send(1);
    await jobs.send(2);
    cancel();
    expect(await worker).toBe(Canceled);
    expect(got).toEqual([1, 2]);
    expect(queueSizes(jobs).recv).toBe(0);
  });

  it("K1: ctx.signal works with the library's own signal options", async () => {
    const [ctx, cancel] = withCancel(background());
    const ch = new Channel<number>();
    const r = ch.recv({ signal: ctx.signal });
    cancel();
    await expect(r).rejects.toBe(Canceled);
  });

  describe("with fake timers", () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it("K1: a passed deadline cancels with DeadlineExceeded and Go's text (Go's TestDeadline, TestTimeout)", async () => {
      const start = Date.now();
      const [ctx, cancel] = withTimeout(background(), 100);
      expect(ctx.deadline()?.getTime()).toBe(start + 100);
      vi.advanceTimersByTime(99);
      expect(isDone(ctx)).toBe(false);
      vi.advanceTimersByTime(1);
      expect(ctx.err()).toBe(DeadlineExceeded);
      expect(ctx.err()).toBeInstanceOf(DeadlineExceededError);
      expect(ctx.err()!.message).toBe("context deadline exceeded");
      expect(cause(ctx)).toBe(DeadlineExceeded);
      expect(isDone(ctx)).toBe(true);
      cancel(); // after the deadline: err stays DeadlineExceeded
      expect(ctx.err()).toBe(DeadlineExceeded);
      const [past] = withDeadline(background(), new Date(start - 1));
      expect(past.err()).toBe(DeadlineExceeded);
    });

    it("K1: cancel before the deadline gives Canceled and clears the timer (Go's TestCanceledTimeout)", () => {
      const [ctx, cancel] = withTimeout(background(), 1000);
      expect(vi.getTimerCount()).toBe(1);
      cancel();
      expect(ctx.err()).toBe(Canceled);
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(2000);
      expect(ctx.err()).toBe(Canceled);
    });

    it("K1: a deadline 30 days away waits 30 days", () => {
      const DAYS30 = 30 * 24 * 3600 * 1000;
      const [ctx, cancel] = withTimeout(background(), DAYS30);
      vi.advanceTimersByTime(DAYS30 - 1);
      expect(ctx.err()).toBeUndefined();
      vi.advanceTimersByTime(1);
      expect(ctx.err()).toBe(DeadlineExceeded);
      cancel();
    });

    it("K2: a child's deadline is never later than its parent's (Go's TestLayersTimeout)", () => {
      const [parent, cancelParent] = withTimeout(background(), 100);
      const [later, cancelLater] = withTimeout(parent, 1000);
      const [sooner, cancelSooner] = withTimeout(parent, 10);
      const [plain, cancelPlain] = withCancel(parent);
      expect(later.deadline()).toEqual(parent.deadline());
      expect(plain.deadline()).toEqual(parent.deadline());
      expect(sooner.deadline()!.getTime()).toBeLessThan(parent.deadline()!.getTime());
      vi.advanceTimersByTime(10);
      expect([sooner.err(), parent.err(), later.err()]).toEqual([DeadlineExceeded, undefined, undefined]);
      vi.advanceTimersByTime(90);
      expect([parent.err(), later.err(), plain.err()]).toEqual([DeadlineExceeded, DeadlineExceeded, DeadlineExceeded]);
      for (const c of [cancelParent, cancelLater, cancelSooner, cancelPlain]) c();
      expect(vi.getTimerCount()).toBe(0);
    });

    it("K1: fromSignal maps AbortSignal.timeout to DeadlineExceeded and keeps the reason as the cause", async () => {
      const ac = new AbortController();
      const ctx = fromSignal(ac.signal);
      ac.abort("bye");
      expect(ctx.err()).toBe(Canceled);
      expect(cause(ctx)).toBe("bye");
      expect(ctx.signal.reason).toBe(Canceled);
      const timedOut = new DOMException("timed out", "TimeoutError");
      const t = fromSignal(AbortSignal.abort(timedOut));
      expect(t.err()).toBe(DeadlineExceeded);
      expect(cause(t)).toBe(timedOut);
    });
  });
});

describe("K2: cancelling a context cancels every context derived from it", () => {
  it("K2: a tree cancelled at the root: every node at once, with the same error (Go's TestWithCancel, TestLayersCancel)", () => {
    const [root, cancelRoot] = withCancel(background());
    const nodes: Context[] = [];
    const grow = (parent: Context, depth: number) => {
      if (depth === 0) return;
      for (let i = 0; i < 3; i++) {
        const [c] = i === 1 ? withTimeout(parent, 60_000) : i === 2 ? withCancelCause(parent) : withCancel(parent);
        nodes.push(c);
        grow(c, depth - 1);
      }
    };
    grow(root, 4);
    expect(nodes).toHaveLength(3 + 9 + 27 + 81);
    expect(nodes.every((n) => n.err() === undefined)).toBe(true);
    cancelRoot();
    // At once: synchronously, before any await.
    expect(nodes.every((n) => n.err() === Canceled && isDone(n) && n.signal.reason === Canceled)).toBe(true);
  });

  it("K2: cancelling a child leaves its parent and siblings alone (Go's TestChildFinishesFirst)", () => {
    const [parent, cancelParent] = withCancel(background());
    const [a, cancelA] = withCancel(parent);
    const [b] = withCancel(parent);
    const [grandchild] = withCancel(a);
    cancelA();
    expect([a.err(), grandchild.err(), parent.err(), b.err()]).toEqual([Canceled, Canceled, undefined, undefined]);
    expect(children(parent)).toBe(1);
    cancelParent();
    expect(b.err()).toBe(Canceled);
  });

  it("K2: a child of a cancelled parent is cancelled at birth (Go's TestWithCancelCanceledParent)", () => {
    const [parent, cancel] = withCancelCause(background());
    const why = new Error("already gone");
    cancel(why);
    const [child] = withCancel(parent);
    expect(child.err()).toBe(Canceled);
    expect(cause(child)).toBe(why);
    expect(children(parent)).toBe(0);
  });

  it("K2: withCancelCause: err() is Canceled, cause() the cause, passed down to children (Go's TestCause)", () => {
    const [parent, cancel] = withCancelCause(background());
    const [child] = withTimeout(parent, 60_000);
    expect(cause(parent)).toBeUndefined();
    const why = new Error("user left");
    cancel(why);
    cancel(new Error("second cause is ignored"));
    expect([parent.err(), child.err()]).toEqual([Canceled, Canceled]);
    expect([cause(parent), cause(child)]).toEqual([why, why]);
    const [other, cancelOther] = withCancelCause(background());
    cancelOther();
    expect(cause(other)).toBe(Canceled); // no cause: Canceled, as Go
  });

  it("K2: simultaneous and interlocked cancels settle once (Go's TestSimultaneousCancels, TestInterlockedCancels)", () => {
    const [parent, cancelParent] = withCancel(background());
    const [child, cancelChild] = withCancel(parent);
    let aborts = 0;
    child.signal.addEventListener("abort", () => {
      aborts++;
      cancelChild(); // re-entered from its own abort
      cancelParent();
    });
    cancelParent();
    cancelChild();
    expect(aborts).toBe(1);
    expect([parent.err(), child.err()]).toEqual([Canceled, Canceled]);
  });

  it("K2: a context written by hand can be a parent; its cancellation reaches derived contexts", () => {
    const ac = new AbortController();
    const custom: Context = {
      done: () => new Channel<never>(),
      err: () => (ac.signal.aborted ? Canceled : undefined),
      deadline: () => undefined,
      value: () => undefined,
      signal: ac.signal,
    };
    const [child, cancel] = withCancel(custom);
    ac.abort();
    expect(child.err()).toBe(Canceled);
    cancel();
  });

  it("K2: a parent that is not a context, and a bad deadline, are errors at the call", () => {
    expect(() => withCancel(null as unknown as Context)).toThrow(/cannot create context from nil parent/);
    expect(() => withTimeout({} as Context, 1)).toThrow(TypeError);
    expect(() => withTimeout(background(), Number.NaN)).toThrow(RangeError);
    expect(() => withDeadline(background(), new Date(Number.NaN))).toThrow(RangeError);
    expect(() => fromSignal("signal" as unknown as AbortSignal)).toThrow(TypeError);
  });
});

describe("K3: a finished child leaves nothing on its parent", () => {
  it("K3: cancel, a deadline, and the parent's cancel each remove the child from its parent (Go's TestCancelRemoves)", async () => {
    const [parent, cancelParent] = withCancel(background());
    const [, cancel] = withCancel(parent);
    expect(children(parent)).toBe(1);
    cancel();
    expect(children(parent)).toBe(0);
    const [timed] = withTimeout(parent, 1);
    expect(children(parent)).toBe(1);
    await sleep(5);
    expect(timed.err()).toBe(DeadlineExceeded);
    expect(children(parent)).toBe(0);
    withCancel(parent);
    cancelParent();
    expect(children(parent)).toBe(0);
  });

  it.runIf(isNode)("K3: 100,000 short-lived children of a long-lived parent leave no listener, no timer, no memory", async () => {
    const ac = new AbortController();
    const parent = fromSignal(ac.signal);
    const [mid, cancelMid] = withCancel(parent);
    const round = () => {
      for (let i = 0; i < 50_000; i++) {
        const [c, cancel] = i % 2 === 0 ? withCancel(mid) : withTimeout(mid, 60_000);
        c.done(); // a done channel made and dropped too
        cancel();
      }
    };
    round(); // warm up: code and hidden classes
    const before = await heapAfterGc();
    round();
    round();
    const after = await heapAfterGc();
    expect(children(mid)).toBe(0);
    expect(await abortListeners(mid.signal)).toBe(0);
    expect(await abortListeners(ac.signal)).toBe(1); // fromSignal's one listener, not one per child
    // 100,000 children kept would be tens of megabytes (each holds a controller and a signal).
    expect(after - before).toBeLessThan(2_000_000);
    cancelMid();
  });
});
