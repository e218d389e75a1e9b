import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { after, Channel, done, recv, select, sleep, Ticker } from "gochan";
import { flush, track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { queueSizes } from "../../src/channel/internal.js";

// setImmediate stays real: the event-loop policy and flush() use it.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("after(ms): Go's time.After", () => {
  it("X2: after receives the time once the deadline passes, and only then", async () => {
    const t = after(1000);
    const got = track(t.recv());
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(999);
    await flush();
    expect(got.settled).toBe(false);
    vi.advanceTimersByTime(1);
    await flush();
    expect(got.value).toEqual([expect.any(Date), true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("X2: after runs no timer while nothing waits on it, and its value is there after the deadline", async () => {
    const t = after(50);
    expect(vi.getTimerCount()).toBe(0);
    expect(t.tryRecv()).toBeUndefined();
    vi.advanceTimersByTime(50);
    expect(t.len).toBe(1);
    expect(t.tryRecv()).toEqual([expect.any(Date), true]);
    expect(t.tryRecv()).toBeUndefined(); // once, as in Go
  });

  it("X2: after 100,000 selects won by another case, no timer or waiter is left", async () => {
    const ready = new Channel<number>(1);
    const idle = new Channel<number>();
    for (let i = 0; i < 50_000; i++) {
      ready.trySend(i); // polled: after() is never even armed
      await select([recv(ready), recv(after(1000))]);
    }
    for (let i = 0; i < 50_000; i++) {
      const t = after(1000);
      const s = select([recv(idle), recv(t)]); // parked: after() arms its timer
      if (i === 0) expect(vi.getTimerCount()).toBe(1);
      void idle.send(i); // idle wins: the timer must go at once
      await s;
    }
    expect(vi.getTimerCount()).toBe(0);
    expect(queueSizes(idle).recv + queueSizes(ready).recv).toBe(0);
  });

  it("X1: an aborted receive on after clears its timer", async () => {
    const ac = new AbortController();
    const r = after(1000).recv({ signal: ac.signal });
    expect(vi.getTimerCount()).toBe(1);
    ac.abort();
    await expect(r).rejects.toBeDefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after fires at once for a zero or negative duration, and refuses NaN", async () => {
    expect(await after(0).recv()).toEqual([expect.any(Date), true]);
    expect(await after(-5).recv()).toEqual([expect.any(Date), true]);
    expect(() => after(Number.NaN)).toThrow(RangeError);
  });

  it("a timeout case wins a select when nothing else is ready in time", async () => {
    const results = new Channel<string>();
    const r = select([recv(results, (v) => v), recv(after(1000), () => "timeout 1")]);
    vi.advanceTimersByTime(1000);
    expect(await r).toBe("timeout 1");
    expect(queueSizes(results).recv).toBe(0);
  });
});

describe("Ticker: Go's time.Ticker", () => {
  it("ticks every interval, drops ticks a slow receiver misses, and stops", async () => {
    const ticker = new Ticker(100);
    vi.advanceTimersByTime(350); // three ticks, but C holds one
    expect(ticker.C.len).toBe(1);
    expect(ticker.C.tryRecv()).toEqual([expect.any(Date), true]);
    expect(ticker.C.tryRecv()).toBeUndefined();
    vi.advanceTimersByTime(50);
    expect(ticker.C.len).toBe(1);
    ticker.stop();
    expect(vi.getTimerCount()).toBe(0);
    ticker.C.tryRecv();
    vi.advanceTimersByTime(1000);
    expect(ticker.C.len).toBe(0);
  });

  it("reset changes the interval; using stops it; a non-positive interval is Go's error", () => {
    {
      using ticker = new Ticker(100);
      ticker.reset(1000);
      vi.advanceTimersByTime(999);
      expect(ticker.C.len).toBe(0);
      vi.advanceTimersByTime(1);
      expect(ticker.C.len).toBe(1);
    }
    expect(vi.getTimerCount()).toBe(0);
    expect(() => new Ticker(0)).toThrow(/^non-positive interval for NewTicker$/);
  });
});

describe("sleep(ms): Go's time.Sleep", () => {
  it("resolves after the duration; an abort rejects and clears its timer", async () => {
    const s = track(sleep(100));
    vi.advanceTimersByTime(99);
    await flush();
    expect(s.settled).toBe(false);
    vi.advanceTimersByTime(1);
    await flush();
    expect(s.settled).toBe(true);
    const ac = new AbortController();
    const t = sleep(1000, { signal: ac.signal });
    ac.abort("woken");
    await expect(t).rejects.toBe("woken");
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep(1, { signal: AbortSignal.abort("early") })).rejects.toBe("early");
  });

  it.runIf(isNode)("X2: a sleep that completes drops its abort listener", async () => {
    const ac = new AbortController();
    const s = sleep(10, { signal: ac.signal });
    vi.advanceTimersByTime(10);
    await s;
    expect(await abortListeners(ac.signal)).toBe(0);
  });
});

describe("done(signal): Go's ctx.Done()", () => {
  it("closes when the signal aborts, so cancellation is a select case", async () => {
    const ac = new AbortController();
    const jobs = new Channel<number>();
    const r = select([recv(jobs, () => "job"), recv(done(ac.signal), () => `cancelled: ${String(ac.signal.reason)}`)]);
    ac.abort("shutdown");
    expect(await r).toBe("cancelled: shutdown");
    expect(queueSizes(jobs).recv).toBe(0);
    expect(await done(AbortSignal.abort()).recv()).toEqual([undefined, false]);
  });

  it.runIf(isNode)("X2: asking for done(signal) in a loop adds one listener, not one per select", async () => {
    const ac = new AbortController();
    const ready = new Channel<number>(1);
    for (let i = 0; i < 1000; i++) {
      ready.trySend(i);
      await select([recv(ready), recv(done(ac.signal))]);
    }
    expect(await abortListeners(ac.signal)).toBe(1);
    expect(done(ac.signal)).toBe(done(ac.signal));
  });
});
