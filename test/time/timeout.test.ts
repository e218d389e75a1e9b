/**
 * T1's long durations: setTimeout turns anything above 2^31-1 ms into 1 ms,
 * and vitest's fake timers do the same, so these tests fail without the
 * chain of timeouts in src/time/timeout.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { after, afterFunc, sleep, Ticker, Timer } from "gochan";
import { clearLongTimeout, MAX_TIMEOUT, setLongTimeout } from "../../src/time/timeout.js";
import { flush, track } from "../support/flush.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

const DAY = 24 * 60 * 60 * 1000;
const LONG = 30 * DAY; // above MAX_TIMEOUT (~24.8 days)

/** Advances fake time in steps no timer could overflow on, then lets promises settle. */
async function advance(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms);
  await flush();
}

describe("T1: a duration too long for setTimeout still waits its full length", () => {
  it("T1: setLongTimeout runs once after the full delay, in links no longer than setTimeout holds", () => {
    const f = vi.fn();
    const spy = vi.spyOn(globalThis, "setTimeout");
    setLongTimeout(f, 3 * MAX_TIMEOUT + 5);
    vi.advanceTimersByTime(3 * MAX_TIMEOUT + 4);
    expect(f).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(f).toHaveBeenCalledTimes(1);
    for (const call of spy.mock.calls) expect(call[1]).toBeLessThanOrEqual(MAX_TIMEOUT);
    spy.mockRestore();
    const g = vi.fn();
    const t = setLongTimeout(g, LONG);
    vi.advanceTimersByTime(MAX_TIMEOUT + 1); // into the second link
    clearLongTimeout(t);
    vi.advanceTimersByTime(LONG);
    expect(g).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("T1: sleep(30 days) does not end after a millisecond", async () => {
    const s = track(sleep(LONG));
    await advance(DAY);
    expect(s.settled).toBe(false);
    await advance(LONG - DAY - 1);
    expect(s.settled).toBe(false);
    await advance(1);
    expect(s.settled).toBe(true);
  });

  it("T1: an aborted long sleep clears whichever link is running", async () => {
    const ac = new AbortController();
    const s = sleep(LONG, { signal: ac.signal });
    vi.advanceTimersByTime(MAX_TIMEOUT + 10);
    ac.abort("stop");
    await expect(s).rejects.toBe("stop");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("T1: after(30 days) and a 30-day Timer fire after 30 days", async () => {
    const a = track(after(LONG).recv());
    const t = new Timer(LONG);
    const b = track(t.C.recv());
    await advance(LONG - 1);
    expect([a.settled, b.settled]).toEqual([false, false]);
    await advance(1);
    expect([a.settled, b.settled]).toEqual([true, true]);
  });

  it("T1: a Timer reset to 30 days, and stopped halfway, never fires", async () => {
    const t = new Timer(1);
    const got = track(t.C.recv());
    t.reset(LONG);
    await advance(LONG / 2);
    expect(t.stop()).toBe(true);
    await advance(LONG);
    expect(got.settled).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("T4: afterFunc(30 days) runs f after 30 days, and stop() on the way keeps it from running", () => {
    const f = vi.fn();
    afterFunc(LONG, f);
    vi.advanceTimersByTime(LONG - 1);
    expect(f).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(f).toHaveBeenCalledTimes(1);
    const g = vi.fn();
    const t = afterFunc(LONG, g);
    vi.advanceTimersByTime(MAX_TIMEOUT + 1);
    expect(t.stop()).toBe(true);
    vi.advanceTimersByTime(LONG);
    expect(g).not.toHaveBeenCalled();
  });

  it("T5: a Ticker with a 30-day period ticks every 30 days", () => {
    const ticker = new Ticker(LONG);
    vi.advanceTimersByTime(LONG - 1);
    expect(ticker.C.len).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ticker.C.tryRecv()?.[1]).toBe(true);
    vi.advanceTimersByTime(LONG - 1);
    expect(ticker.C.len).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ticker.C.len).toBe(1);
    ticker.reset(LONG);
    vi.advanceTimersByTime(LONG - 1);
    expect(ticker.C.len).toBe(0);
    ticker.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
