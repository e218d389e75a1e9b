import { describe, expect, it } from "vitest";
import { CloseOfClosedChannelError, JobTimeoutError, Pool, SendOnClosedChannelError, after, recv, select, send, type Result } from "gochan";
import { flush } from "../support/flush.js";

/** A promise to settle from outside: a handler that runs until the test says so. */
function gate<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function collect<J, R>(pool: Pool<J, R>): Promise<Array<Result<J, R>>> {
  const out: Array<Result<J, R>> = [];
  for await (const r of pool.results) out.push(r);
  return out;
}

describe("the seeds' flow", () => {
  it("jobs in, results out: each job once, by 3 workers, then results close and wait resolves", async () => {
    const pool = new Pool(async (j: number) => j * 2, { workers: 3, buffer: 5 });
    for (let j = 1; j <= 5; j++) await pool.jobs.send(j);
    pool.jobs.close();
    await pool.wait(); // the seed waits before collecting: results has room for all 5
    const results = await collect(pool);
    expect(results.map((r) => r.value).sort((a, b) => a! - b!)).toEqual([2, 4, 6, 8, 10]);
    expect(results.every((r) => r.status === "done" && r.worker >= 1 && r.worker <= 3)).toBe(true);
    expect(pool.stats()).toMatchObject({ submitted: 5, completed: 5, queued: 0, running: 0 });
  });

  it("a send on jobs after close is Go's error, and so is a second close", async () => {
    const pool = new Pool((j: number) => j, { workers: 1 });
    pool.close();
    await expect(pool.jobs.send(1)).rejects.toThrow(SendOnClosedChannelError);
    await expect(pool.submit(1)).rejects.toThrow(SendOnClosedChannelError);
    expect(() => pool.close()).toThrow(CloseOfClosedChannelError);
    await pool.wait();
  });
});

describe("errors as results (seed 001: worker failures)", () => {
  it("a handler that throws or rejects gives a failed result; the worker and pool keep going", async () => {
    const pool = new Pool(
      (j: number) => {
        if (j === 2) throw new Error("sync boom");
        if (j === 4) return Promise.reject(new Error("async boom"));
        return j;
      },
      { workers: 1 },
    );
    void (async () => {
      for (let j = 1; j <= 5; j++) await pool.submit(j);
      pool.close();
    })();
    const results = await collect(pool);
    expect(results.map((r) => [r.job, r.status])).toEqual([
      [1, "done"],
      [2, "failed"],
      [3, "done"],
      [4, "failed"],
      [5, "done"],
    ]);
    expect((results[1]!.error as Error).message).toBe("sync boom");
    expect(pool.stats()).toMatchObject({ completed: 3, failed: 2 });
  });
});

describe("timeouts (seed 001: missing timeout mechanisms)", () => {
  it("a job past its deadline is reported as timed out then, and its worker stays busy until the handler settles", async () => {
    const slow = gate();
    const started: number[] = [];
    const seen: AbortSignal[] = [];
    const pool = new Pool(
      async (j: number, { signal }) => {
        started.push(j);
        seen.push(signal);
        if (j === 1) await slow.promise; // ignores its signal
        return j;
      },
      { workers: 1, timeout: 20 },
    );
    await pool.submit(1);
    await pool.submit(2);
    pool.close();
    const [first] = await (async () => {
      const it = pool.results[Symbol.asyncIterator]();
      return [(await it.next()).value as Result<number, number>];
    })();
    expect(first).toMatchObject({ job: 1, status: "timeout" });
    expect(first.error).toBeInstanceOf(JobTimeoutError);
    expect(seen[0]!.aborted).toBe(true);
    expect(seen[0]!.reason).toBe(first.error);
    expect(pool.stats()).toMatchObject({ overdue: 1, running: 1, timedOut: 1 });
    await flush();
    expect(started).toEqual([1]); // honest: job 2 waits for the overdue handler
    slow.resolve();
    const rest = await collect(pool);
    expect(rest).toMatchObject([{ job: 2, status: "done" }]);
    expect(pool.stats()).toMatchObject({ overdue: 0, running: 0 });
  });
});

describe("shutdown", () => {
  it("graceful: close, in-flight jobs finish, results close, then wait resolves", async () => {
    const g = gate();
    const order: string[] = [];
    const pool = new Pool(
      async (j: number) => {
        await g.promise;
        order.push(`job ${j} done`);
        return j;
      },
      { workers: 2 },
    );
    await pool.submit(1);
    await pool.submit(2);
    pool.close();
    void pool.wait().then(() => order.push("wait resolved"));
    const results = collect(pool).then((r) => {
      order.push("results closed");
      return r;
    });
    await flush();
    expect(order).toEqual([]);
    g.resolve();
    expect((await results).length).toBe(2);
    await pool.wait();
    expect(order).toEqual(["job 1 done", "job 2 done", "results closed", "wait resolved"]);
  });

  it("hard cancel: running handlers see their signal abort, queued jobs are reported cancelled, none dropped", async () => {
    const ac = new AbortController();
    const pool = new Pool(
      (j: number, { signal }) =>
        new Promise<number>((resolve, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason));
          if (j > 100) resolve(j);
        }),
      { workers: 2, buffer: 10, signal: ac.signal },
    );
    for (let j = 1; j <= 6; j++) await pool.submit(j);
    await flush();
    expect(pool.stats()).toMatchObject({ running: 2, queued: 4 });
    ac.abort("shutdown");
    const results = await collect(pool);
    await pool.wait();
    expect(results.map((r) => r.job).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.every((r) => r.status === "cancelled" && r.error === "shutdown")).toBe(true);
    expect(results.filter((r) => r.worker === undefined)).toHaveLength(4); // never started
    await expect(pool.submit(7)).rejects.toBe("shutdown");
    expect(() => pool.close()).not.toThrow(); // the cancelled pool closed its jobs itself
    expect(pool.stats().cancelled).toBe(6);
  });
});

describe("sizing", () => {
  it("resize up and down while running, without losing a job, and never more than N at once", async () => {
    let running = 0;
    let peak = 0;
    const limits: Array<[number, number]> = [];
    const pool = new Pool(
      async (j: number) => {
        running++;
        peak = Math.max(peak, running);
        limits.push([running, pool.stats().workers]);
        await flush();
        running--;
        return j;
      },
      { workers: 2, buffer: 4 },
    );
    const producer = (async () => {
      for (let j = 0; j < 60; j++) {
        if (j === 10) pool.resize(5);
        if (j === 40) pool.resize(1);
        await pool.submit(j);
      }
      pool.close();
    })();
    const results = await collect(pool);
    await producer;
    expect(results.map((r) => r.job).sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
    expect(peak).toBe(5);
    expect(pool.stats().workers).toBe(1);
    expect(Object.keys(pool.stats().busy)).toHaveLength(5); // workers 1..5 existed
  });

  it("the default worker count is the platform's parallelism", async () => {
    const { defaultWorkers } = await import("gochan");
    const pool = new Pool((j: number) => j);
    expect(pool.stats().workers).toBe(defaultWorkers());
    expect(defaultWorkers()).toBeGreaterThanOrEqual(1);
    pool.close();
    await pool.wait();
  });
});

describe("backpressure and priorities", () => {
  it("a fast producer blocks once the queue is full (seed 003)", async () => {
    const g = gate();
    const pool = new Pool(() => g.promise, { workers: 1, buffer: 2 });
    let sent = 0;
    const producer = (async () => {
      for (let j = 0; j < 10; j++) {
        await pool.submit(j);
        sent++;
      }
      pool.close();
    })();
    await flush();
    await flush();
    expect(sent).toBe(3); // one running, two queued, the fourth submit waits
    expect(pool.stats()).toMatchObject({ running: 1, queued: 2 });
    g.resolve();
    const results = collect(pool); // results hold 2: collect while producing, as in Go
    await producer;
    expect((await results).length).toBe(10);
  });

  it("jobs is a channel: len counts queued jobs, cap is the buffer, and a select can send on it", async () => {
    const g = gate();
    const pool = new Pool(() => g.promise, { workers: 1, buffer: 2 });
    expect([pool.jobs.len, pool.jobs.cap]).toEqual([0, 2]);
    await pool.jobs.send(1); // handed to the idle worker
    await pool.jobs.send(2);
    await pool.jobs.send(3);
    expect(pool.jobs.len).toBe(2);
    expect(pool.jobs.trySend(4)).toBe(false); // full: would block
    const r = await select([send(pool.jobs, 4, () => "sent"), recv(after(5), () => "full")]);
    expect(r).toBe("full");
    const s = select([send(pool.jobs, 4, () => "sent")]);
    g.resolve(); // the worker finishes job 1 and takes job 2: room for the parked case
    expect(await s).toBe("sent");
    pool.close();
    const results = await collect(pool);
    expect(results.map((x) => x.job)).toEqual([1, 2, 3, 4]);
  });

  it("higher priority goes first among queued jobs; equal priorities stay FIFO", async () => {
    const g = gate();
    const order: string[] = [];
    const pool = new Pool(
      async (j: string) => {
        await g.promise;
        order.push(j);
      },
      { workers: 1, buffer: 10 },
    );
    await pool.submit("first");
    await flush(); // the worker takes it and blocks
    for (const [j, p] of [["low-a", 0], ["high-a", 5], ["low-b", 0], ["high-b", 5], ["mid", 2]] as const) {
      await pool.submit(j, { priority: p });
    }
    pool.close();
    g.resolve();
    await collect(pool);
    expect(order).toEqual(["first", "high-a", "high-b", "mid", "low-a", "low-b"]);
  });
});

describe("results order and monitoring", () => {
  it("ordered: results come in submission order whatever the completion order", async () => {
    const pool = new Pool(
      async (j: number) => {
        for (let i = 0; i < (10 - j) * 2; i++) await Promise.resolve();
        return j;
      },
      { workers: 4, ordered: true },
    );
    void (async () => {
      for (let j = 0; j < 10; j++) await pool.submit(j);
      pool.close();
    })();
    expect((await collect(pool)).map((r) => r.job)).toEqual([...Array(10).keys()]);
  });

  it("stats and onProgress count every result; busy time is per worker", async () => {
    const progress: string[] = [];
    const pool = new Pool(
      (j: number) => {
        if (j % 3 === 0) throw new Error("bad");
        return j;
      },
      { workers: 2, onProgress: (s, r) => progress.push(`${r.job}:${r.status}:${s.completed + s.failed}`) },
    );
    void (async () => {
      for (let j = 1; j <= 6; j++) await pool.submit(j);
      pool.close();
    })();
    await collect(pool);
    expect(progress).toHaveLength(6);
    expect(progress.map((p) => Number(p.split(":")[2])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const s = pool.stats();
    expect(s).toMatchObject({ submitted: 6, completed: 4, failed: 2, timedOut: 0, cancelled: 0, workers: 2 });
    expect(Object.keys(s.busy).map(Number)).toEqual([1, 2]);
  });
});

describe("bad input is an error at the call", () => {
  it("rejects a non-function handler and bad sizes", () => {
    expect(() => new Pool("nope" as never)).toThrow(TypeError);
    for (const workers of [0, -1, 1.5, Number.NaN, "3"]) {
      expect(() => new Pool((j: number) => j, { workers: workers as number })).toThrow(RangeError);
    }
    expect(() => new Pool((j: number) => j, { buffer: 0 })).toThrow(/buffer must be an integer/);
    expect(() => new Pool((j: number) => j, { timeout: -5 })).toThrow(RangeError);
    expect(() => new Pool((j: number) => j, { onProgress: 1 as never })).toThrow(TypeError);
    const pool = new Pool((j: number) => j, { workers: 1 });
    expect(() => pool.resize(0)).toThrow(RangeError);
    pool.close();
  });
});

describe("await using", () => {
  it("await using closes the pool's jobs and waits for it at the end of the scope", async () => {
    const pool = new Pool(async (j: number) => j + 1, { workers: 2, buffer: 10 });
    {
      await using p = pool;
      for (let j = 0; j < 5; j++) await p.submit(j);
    }
    expect(pool.stats()).toMatchObject({ submitted: 5, completed: 5, running: 0 });
    expect((await collect(pool)).length).toBe(5);
  });
});
