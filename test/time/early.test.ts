/**
 * T1, "never early": a host's setTimeout counts from the start of the event
 * loop's turn (libuv caches that time, in whole ms), so by performance.now()
 * a callback can come up to ~2 ms before its delay has passed. These tests
 * build that host on vitest's fake timers: performance.now() reads `drift`
 * ms ahead of the host's timer clock while the test's own code runs, and
 * the drift goes back to 0 when a host timer callback starts, as it does at
 * the start of a real loop turn. Without the re-arming in
 * src/time/timeout.ts every case below sees its timer fire `drift` ms early.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { after, afterFunc, sleep, Ticker, Timer } from "gochan/time";
import { background, withDeadline, withTimeout, withTimeoutCause } from "gochan/context";
import { Pool } from "gochan/pool";
import { setLongTimeout } from "../../src/time/timeout.js";
import { flush } from "../support/flush.js";

const DRIFT = 1.9;
let drift = 0;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"] });
  const hostNow = performance.now.bind(performance);
  vi.spyOn(performance, "now").mockImplementation(() => hostNow() + drift);
  const hostSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    hostSetTimeout(() => {
      drift = 0; // a new turn of the loop: the host's clock and performance.now() agree again
      fn(...args);
    }, ms)) as unknown as typeof setTimeout);
  const hostSetInterval = globalThis.setInterval;
  vi.spyOn(globalThis, "setInterval").mockImplementation(((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    hostSetInterval(() => {
      drift = 0;
      fn(...args);
    }, ms)) as unknown as typeof setInterval);
  drift = DRIFT; // the test's code runs DRIFT ms into its turn
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  drift = 0;
});

/** Advances the host by 1 ms at a time, letting promises settle, until `done()` or `max` ms. */
async function until(done: () => boolean, max = 1000): Promise<void> {
  for (let i = 0; i < max && !done(); i++) {
    vi.advanceTimersByTime(1);
    await flush();
  }
}

describe("T1: timers never fire early by the monotonic clock", () => {
  it("T1: setLongTimeout: a host timer that comes early is armed again for what is left", async () => {
    const start = performance.now();
    let at = -1;
    setLongTimeout(() => (at = performance.now()), 10);
    await until(() => at >= 0);
    expect(at - start).toBeGreaterThanOrEqual(10);
    expect(at - start).toBeLessThan(10 + DRIFT + 2); // and late by no more than the re-arm
  });

  it("T1: after(ms) and a Timer deliver no earlier than ms", async () => {
    const start = performance.now();
    const times: number[] = [];
    void after(10).recv().then(() => times.push(performance.now() - start));
    const t = new Timer(15);
    void t.C.recv().then(() => times.push(performance.now() - start));
    await until(() => times.length === 2);
    expect(times[0]).toBeGreaterThanOrEqual(10);
    expect(times[1]).toBeGreaterThanOrEqual(15);
  });

  it("T1: Timer.reset(ms) counts ms from the reset, never less", async () => {
    const t = new Timer(1000);
    await until(() => false, 5);
    drift = DRIFT;
    const start = performance.now();
    t.reset(7);
    let at = -1;
    void t.C.recv().then(() => (at = performance.now()));
    await until(() => at >= 0);
    expect(at - start).toBeGreaterThanOrEqual(7);
    t.stop();
  });

  it("T1: sleep(ms), also with a signal, returns no earlier than ms", async () => {
    const start = performance.now();
    const ends: number[] = [];
    void sleep(12).then(() => ends.push(performance.now() - start));
    void sleep(12, { signal: new AbortController().signal }).then(() => ends.push(performance.now() - start));
    await until(() => ends.length === 2);
    for (const e of ends) expect(e).toBeGreaterThanOrEqual(12);
  });

  it("T1: afterFunc(ms, f) runs f no earlier than ms", async () => {
    const start = performance.now();
    let at = -1;
    afterFunc(9, () => (at = performance.now()));
    await until(() => at >= 0);
    expect(at - start).toBeGreaterThanOrEqual(9);
  });

  it("T1: a Ticker's k-th tick comes no earlier than k periods, and keeps its schedule", async () => {
    const start = performance.now();
    const ticker = new Ticker(10);
    const ticks: number[] = [];
    void (async () => {
      for (let k = 0; k < 5; k++) {
        await ticker.C.recv();
        ticks.push(performance.now() - start);
        drift = DRIFT; // the receiver's own work runs into the turn again
      }
    })();
    await until(() => ticks.length === 5, 200);
    ticker.stop();
    ticks.forEach((t, k) => {
      expect(t).toBeGreaterThanOrEqual(10 * (k + 1));
      expect(t).toBeLessThan(10 * (k + 1) + 5); // no drift: each tick on the start's schedule
    });
  });

  it("T1: withTimeout, withTimeoutCause and withDeadline are not done before their time", async () => {
    const start = performance.now();
    const wall = Date.now();
    const done: Record<string, number> = {};
    const [a, ca] = withTimeout(background(), 20);
    const [b, cb] = withTimeoutCause(background(), 20, new Error("slow"));
    const [c, cc] = withDeadline(background(), wall + 20);
    for (const [name, ctx] of [["timeout", a], ["cause", b], ["deadline", c]] as const) {
      void ctx.done().recv().then(() => (done[name] = performance.now() - start));
    }
    await until(() => Object.keys(done).length === 3);
    expect(done.timeout).toBeGreaterThanOrEqual(20);
    expect(done.cause).toBeGreaterThanOrEqual(20);
    // A Date has whole ms, so the deadline itself is known to 1 ms: it comes no earlier than that.
    expect(done.deadline).toBeGreaterThanOrEqual(20 - DRIFT);
    for (const cancel of [ca, cb, cc]) cancel();
  });
});

describe("T1: a Pool's timeout is never reported before it passed", () => {
  it("T1: a job reported timed out under timeout: 20 ran at least 20 ms (real clock)", async () => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    const pool = new Pool(async (ms: number, { signal }) => void (await sleep(ms, { signal }).catch(() => undefined)), { workers: 8, timeout: 20 });
    void (async () => {
      for (let i = 0; i < 40; i++) await pool.submit(200);
      pool.close();
    })();
    const durations: number[] = [];
    for await (const r of pool.results) {
      expect(r.status).toBe("timeout");
      durations.push(r.duration);
    }
    await pool.settled();
    expect(durations).toHaveLength(40);
    expect(Math.min(...durations)).toBeGreaterThanOrEqual(20);
  });
});
