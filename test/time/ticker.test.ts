/**
 * T5: Ticker, Go's time.NewTicker, with Go 1.23's stop/reset semantics, and
 * ports of what Go's time/tick_test.go checks (TestTicker,
 * TestTickerStopWithDirectInitialization, TestNewTickerLtZeroDuration,
 * TestTickerResetLtZeroDuration, the ticker half of TestChan).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Channel, recv, select, Ticker } from "gochan";
import { flush, track } from "../support/flush.js";
import { queueSizes } from "../../src/channel/internal.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("T5: a ticker delivers a value every period", () => {
  it("T5: a reader that keeps up gets one tick per period (Go's TestTicker)", async () => {
    const ticker = new Ticker(100);
    const got: number[] = [];
    const reader = (async () => {
      for (let i = 0; i < 10; i++) got.push((await ticker.C.receive())!.getTime());
    })();
    const start = Date.now();
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(100);
    await reader;
    ticker.stop();
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => start + 100 * (i + 1)));
  });

  it("T5: a reader that falls behind finds at most one tick waiting; the rest are dropped", () => {
    const ticker = new Ticker(10);
    vi.advanceTimersByTime(1000); // 100 ticks
    expect(ticker.C.len).toBe(1);
    expect(ticker.C.tryRecv()?.[1]).toBe(true);
    expect(ticker.C.tryRecv()).toBeUndefined();
    ticker.stop();
  });

  it("T5: stop() ends the ticks, and drops a tick sent but not received (Go 1.23)", async () => {
    const ticker = new Ticker(100);
    vi.advanceTimersByTime(150);
    expect(ticker.C.len).toBe(1);
    ticker.stop();
    expect(ticker.C.tryRecv()).toBeUndefined();
    const got = track(ticker.C.recv());
    vi.advanceTimersByTime(10_000);
    await flush();
    expect(got.settled).toBe(false); // like Go, C is not closed
    expect(vi.getTimerCount()).toBe(0);
    ticker.stop(); // stopping twice is harmless
  });

  it("T5: reset(d) changes the period from now, drops a stale tick, and restarts a stopped ticker", () => {
    const ticker = new Ticker(100);
    vi.advanceTimersByTime(150);
    ticker.reset(1000);
    expect(ticker.C.len).toBe(0); // the tick from before reset is gone
    vi.advanceTimersByTime(999);
    expect(ticker.C.len).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ticker.C.len).toBe(1);
    ticker.stop();
    ticker.reset(50);
    vi.advanceTimersByTime(50);
    expect(ticker.C.tryRecv()?.[1]).toBe(true);
    ticker.stop();
  });

  it("T5: a period of zero or less throws Go's text, for NewTicker and for Ticker.Reset", () => {
    for (const d of [0, -1]) {
      expect(() => new Ticker(d)).toThrow(/^non-positive interval for NewTicker$/);
    }
    const ticker = new Ticker(100);
    expect(() => ticker.reset(0)).toThrow(/^non-positive interval for Ticker.Reset$/);
    expect(() => ticker.reset(-5)).toThrow(RangeError);
    vi.advanceTimersByTime(100);
    expect(ticker.C.len).toBe(1); // a refused reset leaves the ticker running
    ticker.stop();
    expect(() => new Ticker(Number.NaN)).toThrow(RangeError);
  });

  it("T5: a ticker is a select case in a for-select loop that ends on a done channel", async () => {
    const ticker = new Ticker(10);
    const quit = new Channel<void>();
    let ticks = 0;
    const loop = (async () => {
      for (;;) {
        const stop = await select([recv(ticker.C, () => (ticks++, false)), recv(quit, () => true)]);
        if (stop) return;
      }
    })();
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(10);
    quit.close();
    await loop;
    ticker.stop();
    expect(ticks).toBe(5);
    expect(queueSizes(quit).recv).toBe(0);
  });

  it("T5: using stops a ticker at scope end (Go's defer ticker.Stop())", () => {
    {
      using ticker = new Ticker(100);
      vi.advanceTimersByTime(100);
      expect(ticker.C.len).toBe(1);
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});
