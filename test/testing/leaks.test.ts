import { afterAll, describe, expect, it } from "vitest";
import { Channel, select, recv } from "gochan";
import { Ticker, sleep, afterFunc } from "gochan/time";
import { Pool } from "gochan/pool";
import { LeakError, LeakTrackerStoppedError, trackLeaks } from "gochan/testing";

const leaks = trackLeaks();
afterAll(() => leaks.stop());

async function leakOf(fn: () => void | Promise<void>): Promise<LeakError | undefined> {
  await leaks.check(); // a fresh window
  await fn();
  return leaks.check().then(
    () => undefined,
    (e: unknown) => e as LeakError,
  );
}

describe("trackLeaks: misuse fails at the call", () => {
  it("an ignore that is not a function is a TypeError at trackLeaks(), not when a check finds something", () => {
    expect(() => trackLeaks({ ignore: 5 as unknown as () => boolean })).toThrow(TypeError);
    expect(() => trackLeaks({ ignore: 5 as unknown as () => boolean })).toThrow(/ignore must be a function/);
    expect(() => trackLeaks(null as unknown as object)).toThrow(TypeError);
  });

  it("check() after stop() rejects with LeakTrackerStoppedError, even with a receive still parked", async () => {
    const own = trackLeaks({ attempts: 1 });
    const ch = new Channel<number>(0, { name: "forgotten" });
    const parked = ch.recv(); // still parked when the tracker is stopped
    own.stop();
    await expect(own.check()).rejects.toBeInstanceOf(LeakTrackerStoppedError);
    expect(() => own.find()).toThrow(LeakTrackerStoppedError);
    own.stop(); // a second stop does nothing
    ch.close();
    await parked;
    await leaks.check();
  });
});

describe("trackLeaks: a goleak for gochan", () => {
  it("a parked send is found and reported with where it was called", async () => {
    const e = await leakOf(() => {
      const jobs = new Channel<number>(0, { name: "jobs" });
      void jobs.send(1); // nobody receives
    });
    expect(e).toBeInstanceOf(LeakError);
    expect(e!.message).toMatch(/^found unexpected gochan leftovers:/);
    expect(e!.leaks).toHaveLength(1);
    expect(e!.leaks[0]!.kind).toBe("operation");
    expect(e!.leaks[0]!.what).toBe("chan send on chan jobs (cap 0, len 0)");
    expect(e!.leaks[0]!.stack).toMatch(/leaks\.test\.ts:\d+/);
  });

  it("a Ticker never stopped is found, with where it was made", async () => {
    let t!: Ticker;
    const e = await leakOf(() => {
      t = new Ticker(100);
    });
    t.stop();
    expect(e!.leaks.map((l) => l.kind)).toEqual(["timer"]);
    expect(e!.leaks[0]!.what).toMatch(/interval every 100 ms/);
    expect(e!.leaks[0]!.stack).toMatch(/leaks\.test\.ts:\d+/);
  });

  it("a Pool never closed is found, with where it was made", async () => {
    let pool!: Pool<number, number>;
    const e = await leakOf(() => {
      pool = new Pool((n: number) => n * 2, { workers: 1 });
    });
    expect(e!.leaks.some((l) => l.kind === "pool" && /leaks\.test\.ts:\d+/.test(l.stack))).toBe(true);
    pool.close();
    await pool.settled();
  });

  it("a select waiting on nothing but its own channels is found as a select", async () => {
    const ac = new AbortController();
    const e = await leakOf(() => {
      const a = new Channel<number>(0, { name: "a" });
      const b = new Channel<number>(0, { name: "b" });
      void select([recv(a), recv(b)], { signal: ac.signal }).catch(() => {});
    });
    ac.abort();
    expect(e!.leaks[0]!.what).toMatch(/^select case receive from chan (a|b)/);
  });

  it("what is still winding down passes: the check retries", async () => {
    const e = await leakOf(() => {
      const ch = new Channel<number>();
      void ch.send(1);
      setTimeout(() => void ch.recv(), 5); // a real timer, outside gochan
      void sleep(3);
      afterFunc(2, () => {});
    });
    expect(e).toBeUndefined();
  });

  it("a clean test passes, and a leak is reported once, in its own test", async () => {
    const ch = new Channel<number>();
    void ch.send(1);
    await expect(leaks.check()).rejects.toBeInstanceOf(LeakError);
    await expect(leaks.check()).resolves.toBeUndefined();
    void ch.recv();
  });

  it("ignore: a leftover the test expects is not reported", async () => {
    const own = trackLeaks({ ignore: (l) => l.what.includes("chan heartbeat"), attempts: 2 });
    const hb = new Channel<number>(0, { name: "heartbeat" });
    void hb.send(1);
    await expect(own.check()).resolves.toBeUndefined();
    own.stop();
    void hb.recv();
    await leaks.check().catch(() => {});
  });
});
