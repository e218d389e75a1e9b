// Issue 13's defects at the pool's edges; each test failed before its fix.
import { describe, expect, it } from "vitest";
import { Pool, type Result } from "gochan/pool";

const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe("pool edges", () => {
  it("submit with a priority that is NaN or not a number throws at the call, submitting nothing", async () => {
    const pool = new Pool(async (j: number) => j, { workers: 1 });
    expect(() => pool.submit(1, { priority: Number.NaN })).toThrow(RangeError);
    expect(() => pool.submit(1, { priority: "high" as unknown as number })).toThrow(TypeError);
    expect(() => pool.submit(1, { signal: "x" as unknown as AbortSignal })).toThrow(TypeError);
    await pool.submit(2, { priority: Number.POSITIVE_INFINITY }); // a number: the highest
    pool.close();
    const got: number[] = [];
    for await (const r of pool.results) got.push(r.job);
    expect(got).toEqual([2]);
  });

  it("a throwing onProgress loses no result and no worker; the error is rethrown, not swallowed", async () => {
    const thrown: unknown[] = [];
    const onError = (e: unknown) => thrown.push(e);
    process.on("uncaughtException", onError);
    try {
      const pool = new Pool(async (j: number) => j * 2, {
        workers: 2,
        onProgress: () => {
          throw new Error("progress broke");
        },
      });
      const producer = (async () => {
        for (let j = 0; j < 20; j++) await pool.submit(j);
        pool.close();
      })();
      const got: number[] = [];
      for await (const r of pool.results) got.push(r.value!);
      await producer;
      await pool.wait();
      expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, j) => j * 2));
      await new Promise((r) => setTimeout(r, 0));
      expect(thrown.length).toBe(20);
      expect((thrown[0] as Error).message).toBe("progress broke");
    } finally {
      process.off("uncaughtException", onError);
    }
  });

  it("the deadline counts the handler's synchronous part: 100 ms of computing under timeout 20 is timed out", async () => {
    const pool = new Pool(
      (_: number, { signal }) => {
        spin(100);
        return signal.aborted ? "aborted" : "done";
      },
      { workers: 1, timeout: 20 },
    );
    await pool.submit(1);
    pool.close();
    const [r] = await pool.results.recv();
    expect(r!.status).toBe("timeout");
  });

  it("a job's outcome is timed when its handler settles, not when the pool looks: 60 ms of other microtasks after it settled is no timeout", async () => {
    const pool = new Pool(
      (j: number) => {
        // Runs after the pool has seen the handler settle, before the pool's own continuation.
        void Promise.resolve().then(() => Promise.resolve().then(() => spin(60)));
        return j;
      },
      { workers: 1, timeout: 20 },
    );
    await pool.submit(1);
    pool.close();
    const [r] = await pool.results.recv();
    expect(r!.status).toBe("done");
    expect(r!.duration).toBeLessThan(20);
  });

  it("a submit waiting for room when the pool is cancelled rejects with the signal's reason, as one made after", async () => {
    const ac = new AbortController();
    const pool = new Pool((_: number) => new Promise<never>(() => {}), { workers: 1, buffer: 1, signal: ac.signal });
    await pool.submit(1); // running
    await pool.submit(2); // queued
    const waiting = pool.submit(3); // waits for room
    const reason = new Error("stop");
    ac.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(pool.submit(4)).rejects.toBe(reason);
  });

  it("a handler that never settles under a timeout: results close once every job is reported; settled() waits for the handler", async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const pool = new Pool(async (j: number) => (j === 0 ? stuck.then(() => j) : j), { workers: 2, timeout: 20 });
    for (let j = 0; j < 3; j++) await pool.submit(j);
    pool.close();
    const results: Array<Result<number, number>> = [];
    for await (const r of pool.results) results.push(r);
    await pool.wait();
    expect(results.map((r) => r.status).sort()).toEqual(["done", "done", "timeout"]);
    expect(pool.stats()).toMatchObject({ overdue: 1, running: 1 });
    let settled = false;
    void pool.settled().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    release();
    await pool.settled();
    expect(pool.stats()).toMatchObject({ overdue: 0, running: 0 });
  });

  it("an ordered pool with one stuck job holds back a bounded number of results, and the producer feels it", async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const pool = new Pool(async (j: number) => (j === 0 ? stuck.then(() => j) : j), { workers: 4, buffer: 4, ordered: true });
    let submitted = 0;
    const producer = (async () => {
      for (let j = 0; j < 10_000; j++) {
        await pool.submit(j);
        submitted++;
      }
      pool.close();
    })();
    await new Promise((r) => setTimeout(r, 50));
    // held back (workers + buffer) + running + queued + one parked: far below 10,000
    expect(submitted).toBeLessThan(40);
    release();
    let n = 0;
    let last = -1;
    for await (const r of pool.results) {
      expect(r.job).toBe(last + 1);
      last = r.job;
      n++;
    }
    await producer;
    expect(n).toBe(10_000);
  });
});

describe("pool pacing (D1)", () => {
  it("D1: a pool of CPU-bound handlers on this thread still lets timers run between jobs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const pool = new Pool((_: number) => spin(10), { workers: 2, buffer: 40 });
    for (let j = 0; j < 40; j++) await pool.submit(j);
    pool.close();
    let n = 0;
    for await (const _ of pool.results) n++;
    clearInterval(timer);
    expect(n).toBe(40);
    // 40 jobs of 10 ms: a yield at least every few jobs, so the 1 ms timer runs many times.
    expect(ticks).toBeGreaterThanOrEqual(10);
  });
});
