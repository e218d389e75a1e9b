/**
 * Timer and afterFunc: Go's time.NewTimer and time.AfterFunc with Go 1.23's
 * semantics (T1-T4), and ports of what Go's time/sleep_test.go and the timer
 * half of tick_test.go check. Fake timers throughout: no wall-clock windows.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterFunc, Channel, recv, select, Timer } from "gochan";
import { flush, Steps, track } from "../support/flush.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Go's select { case <-c: ...; default: } as a boolean. */
const ready = (t: Timer) => t.C.tryRecv() !== undefined;

describe("T1: a timer fires once, after its duration", () => {
  it("T1: C yields one value after the duration, and nothing before or after that", async () => {
    const t = new Timer(100);
    const got = track(t.C.recv());
    vi.advanceTimersByTime(99);
    await flush();
    expect(got.settled).toBe(false);
    vi.advanceTimersByTime(1);
    await flush();
    expect(got.value).toEqual([expect.any(Date), true]);
    vi.advanceTimersByTime(1000);
    expect(ready(t)).toBe(false); // once
    expect(vi.getTimerCount()).toBe(0);
  });

  it("T1: the value is the time the timer was due, even when it is looked at later (Go sends the due time)", () => {
    const start = Date.now();
    const t = new Timer(100);
    vi.advanceTimersByTime(5000);
    const r = t.C.tryRecv();
    expect(r?.[1]).toBe(true);
    expect((r![0] as Date).getTime()).toBe(start + 100);
  });

  it("T1: a duration of zero or less fires at once (Go's TestZeroTimer)", async () => {
    for (const d of [0, -1, -1e9, Number.NEGATIVE_INFINITY]) {
      const t = new Timer(d);
      expect(await t.C.recv()).toEqual([expect.any(Date), true]);
    }
  });

  it("T1: a timer is a select case, and a timer that loses the select leaves no timeout running", async () => {
    const results = new Channel<string>();
    const t = new Timer(1000);
    const r = select([recv(results, (v) => v), recv(t.C, () => "timeout")]);
    expect(vi.getTimerCount()).toBe(1);
    void results.send("result");
    expect(await r).toBe("result");
    expect(vi.getTimerCount()).toBe(0); // X2
    expect(t.stop()).toBe(true); // still pending: it had not fired
  });

  it("T1: NaN and +Infinity are RangeErrors at the call", () => {
    expect(() => new Timer(Number.NaN)).toThrow(RangeError);
    expect(() => new Timer(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => new Timer("5" as unknown as number)).toThrow(RangeError);
    expect(() => new Timer(5).reset(Number.NaN)).toThrow(RangeError);
  });

  it("T1: timers of different durations fire in the order of their deadlines (Go's TestAfterQueuing)", async () => {
    const order: number[] = [];
    const ds = [9, 3, 7, 1, 5, 0, 8, 2, 6, 4];
    const waits = ds.map(async (d) => {
      await new Timer(d * 10).C.recv();
      order.push(d);
    });
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(10);
      await flush();
    }
    await Promise.all(waits);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe("T2: stop()", () => {
  it("T2: stop() before firing returns true, and C never yields", async () => {
    const t = new Timer(100);
    const got = track(t.C.recv());
    expect(t.stop()).toBe(true);
    vi.advanceTimersByTime(1000);
    await flush();
    expect(got.settled).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(t.stop()).toBe(false); // already stopped
  });

  it("T2: stop() after firing returns false and no stale value is received", async () => {
    const t = new Timer(100);
    vi.advanceTimersByTime(100);
    expect(await t.C.recv()).toEqual([expect.any(Date), true]);
    expect(t.stop()).toBe(false);
    expect(ready(t)).toBe(false);
  });

  it("T2: stop() after the deadline but before anyone received returns true and drops the value (Go 1.23)", async () => {
    const t = new Timer(100);
    vi.advanceTimersByTime(500); // due, nobody has looked
    expect(t.stop()).toBe(true);
    expect(ready(t)).toBe(false);
    const t2 = new Timer(100);
    vi.advanceTimersByTime(500);
    expect(t2.C.len).toBe(1); // looked at: the value is in the channel
    expect(t2.stop()).toBe(true); // still not received: stopped, and drained
    expect(t2.C.len).toBe(0);
    expect(ready(t2)).toBe(false);
  });

  it("T2: a race of stop and firing, in every order: stop is true exactly when the value was not received", async () => {
    // Stop before, at and after the deadline, with and without a parked receiver.
    for (const at of [99, 100, 101]) {
      for (const parked of [false, true]) {
        const t = new Timer(100);
        const got = parked ? track(t.C.recv()) : null;
        vi.advanceTimersByTime(at);
        const received = got !== null && at >= 100; // the parked receiver was handed the value when it fired
        expect(t.stop()).toBe(!received);
        await flush();
        expect(got?.settled ?? false).toBe(received);
        expect(ready(t)).toBe(false);
      }
    }
  });

  it("T2: stopping in a loop, 10,000 timers (Go's TestTimerStopStress), leaves no timeout running", async () => {
    const timers: Timer[] = [];
    const parked: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10_000; i++) {
      const t = new Timer(2000);
      timers.push(t);
      if (i % 2 === 0) parked.push(t.C.recv());
    }
    vi.advanceTimersByTime(1000);
    for (const t of timers) expect(t.stop()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    for (const t of timers) expect(ready(t)).toBe(false);
  });
});

describe("T3: reset(d)", () => {
  it("T3: reset re-arms from now, and returns whether the timer was pending", async () => {
    const t = new Timer(100);
    vi.advanceTimersByTime(50);
    expect(t.reset(100)).toBe(true);
    const got = track(t.C.recv());
    vi.advanceTimersByTime(99);
    await flush();
    expect(got.settled).toBe(false);
    vi.advanceTimersByTime(1);
    await flush();
    expect(got.settled).toBe(true);
    expect(t.reset(10)).toBe(false); // fired and received
    vi.advanceTimersByTime(10);
    expect(ready(t)).toBe(true); // a reset timer fires again
    expect(t.stop()).toBe(false);
    expect(t.reset(10)).toBe(false); // after stop
  });

  it("T3: after reset, no value of the earlier arming is received (Go 1.23, golang/go#11513)", async () => {
    const t = new Timer(10);
    vi.advanceTimersByTime(20); // the first arming is due, not received
    expect(t.reset(100)).toBe(true);
    expect(ready(t)).toBe(false); // not the stale value
    const start = Date.now();
    const [v] = await Promise.all([t.C.recv(), vi.advanceTimersByTimeAsync(100)]);
    expect((v[0] as Date).getTime()).toBe(start + 100);
  });

  it("T3: a race of reset and firing, in every order: reset is true exactly when the value was not received, and only the new arming delivers", async () => {
    for (const at of [99, 100, 101]) {
      for (const parked of [false, true]) {
        const t = new Timer(100);
        const got = parked ? track(t.C.recv()) : null;
        vi.advanceTimersByTime(at);
        const received = got !== null && at >= 100;
        expect(t.reset(50)).toBe(!received);
        expect(ready(t)).toBe(false); // nothing of the first arming
        vi.advanceTimersByTime(50);
        await flush();
        if (got === null) {
          expect(ready(t)).toBe(true); // the new arming's value, once
          expect(ready(t)).toBe(false);
        } else {
          expect(got.settled).toBe(true); // the first arming's value if it had fired, else the new one's
          expect(ready(t)).toBe(received); // if the receiver took the first, the new one waits in C
        }
      }
    }
  });

  it("T3: a reset while a receiver is parked moves its deadline; the receiver gets the new arming's value", async () => {
    const t = new Timer(100);
    const got = track(t.C.recv());
    vi.advanceTimersByTime(90);
    t.reset(100);
    vi.advanceTimersByTime(90);
    await flush();
    expect(got.settled).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10);
    await flush();
    expect(got.settled).toBe(true);
  });

  it("T3: a timer reset earlier fires earlier (Go's TestTimerModifiedEarlier)", async () => {
    const t = new Timer(10_000);
    const got = track(t.C.recv());
    t.reset(10);
    vi.advanceTimersByTime(10);
    await flush();
    expect(got.settled).toBe(true);
  });

  it("T2, T3: using stops a timer at scope end", async () => {
    let t: Timer;
    {
      using timer = new Timer(100);
      t = timer;
    }
    vi.advanceTimersByTime(200);
    expect(ready(t)).toBe(false);
    expect(t.stop()).toBe(false);
  });
});

describe("T4: afterFunc(d, f)", () => {
  it("T4: f runs once after d, as its own task, and stop() afterwards is false", async () => {
    const steps = new Steps();
    const t = afterFunc(100, () => steps.expect(2));
    steps.expect(1);
    vi.advanceTimersByTime(99);
    expect(steps.count).toBe(1);
    vi.advanceTimersByTime(1);
    steps.finish(3);
    expect(t.stop()).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(steps.count).toBe(3);
  });

  it("T4: stop() before f runs returns true and f never runs (Go's TestAfterStop)", () => {
    const f = vi.fn();
    const t = afterFunc(100, f);
    vi.advanceTimersByTime(50);
    expect(t.stop()).toBe(true);
    expect(t.stop()).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(f).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("T4: reset() moves f later and says whether it was pending; after running, reset schedules it again", () => {
    const f = vi.fn();
    const t = afterFunc(100, f);
    vi.advanceTimersByTime(90);
    expect(t.reset(100)).toBe(true);
    vi.advanceTimersByTime(90);
    expect(f).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(f).toHaveBeenCalledTimes(1);
    expect(t.reset(5)).toBe(false);
    vi.advanceTimersByTime(5);
    expect(f).toHaveBeenCalledTimes(2);
  });

  it("T4: a chain of afterFuncs, each arming the next, runs in order (Go's TestAfterFunc)", () => {
    let i = 10;
    const order: number[] = [];
    const next = () => {
      order.push(i);
      if (--i > 0) afterFunc(0, next);
    };
    afterFunc(0, next);
    vi.runAllTimers();
    expect(order).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("T4: a non-function is a TypeError, a NaN duration a RangeError, at the call", () => {
    expect(() => afterFunc(10, "f" as unknown as () => void)).toThrow(TypeError);
    expect(() => afterFunc(Number.NaN, () => {})).toThrow(RangeError);
    expect(vi.getTimerCount()).toBe(0);
  });
});
