// gochan/bullmq against a real redis-server (Debian's), one per test file on
// a free loopback port, with worker processes started from
// fixtures/worker.ts (through procs.ts). Without redis-server these skip with one line (under
// CI, test/support/redis.ts fails instead).
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotSerializableError, Producer, RedisUnavailableError, RemoteError } from "gochan/bullmq";
import { JobTimeoutError } from "gochan/pool";
import { freePort, HAVE_REDIS, NO_REDIS, REDIS_BIN, RedisServer } from "../support/redis.js";
import { collect, sleep, within, worker, type Job, type Proc } from "./procs.js";

if (!HAVE_REDIS) console.warn(NO_REDIS);
const suite = HAVE_REDIS ? describe : describe.skip;

suite("gochan/bullmq on a real redis-server", () => {
  let redis: RedisServer;
  let port: number;
  let q = 0;
  const name = () => `t${process.pid}-${++q}`;
  const procs: Proc[] = [];
  const start = (queue: string, env?: Record<string, string>) => {
    const p = worker(port, queue, env);
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    port = redis.port;
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await redis?.stop();
  });

  it("1 producer, 3 worker processes, 2,000 jobs, one process SIGKILLed mid-run: every job reported exactly once", async () => {
    const queue = name();
    const env = { WORKERS: "4", STALLED: "500", LOCK: "2000" };
    const ws = [start(queue, env), start(queue, env), start(queue, env)];
    await Promise.all(ws.map((w) => w.ready));
    const producer = new Producer<Job, number>(queue, { connection: redis.connection, buffer: 200 });
    const N = 2000;
    void (async () => {
      for (let n = 1; n <= N; n++) await producer.jobs.send({ n, ms: 8 });
      producer.jobs.close();
    })();
    const victim = ws[0]!;
    let killedAt = 0;
    const results = await collect(producer, (_, k) => {
      if (k === 500) {
        killedAt = k;
        victim.child.kill("SIGKILL");
      }
    });
    await producer.wait();
    const codes = await Promise.all(ws.map((w) => w.exited));

    expect(killedAt).toBe(500);
    expect(results).toHaveLength(N);
    const seen = new Set(results.map((r) => r.job.n));
    expect(seen.size).toBe(N);
    for (const r of results) {
      expect(r.status).toBe("done");
      expect(r.value).toBe(r.job.n * 2);
      expect(typeof r.host).toBe("string");
    }
    const byPid = new Map<number, number>();
    for (const r of results) byPid.set(r.pid!, (byPid.get(r.pid!) ?? 0) + 1);
    const runs = ws.reduce((s, w) => s + w.ran.length, 0);
    const victimDone = results.filter((r) => r.pid === victim.child.pid).length;
    const stats = producer.stats();
    // What the closing note reports.
    console.log(
      `kill test: ${N} jobs, ${results.length} results, ${seen.size} distinct, ${runs} handler runs seen ` +
        `(${runs - N} redelivered), ${stats.duplicates} duplicate results dropped; by process ${JSON.stringify([...byPid.values()])}; ` +
        `killed after ${killedAt} results, the killed process had started ${victim.ran.length} and reported ${victimDone}; exit codes ${JSON.stringify(codes)}`,
    );
    // Whether the kill caught the process mid-job, and how many it held, is up to the scheduler: nothing here depends on it.
    expect(codes[0]).toBeNull(); // killed
    expect(codes.slice(1)).toEqual([0, 0]); // the end of the run reached the survivors
    expect(runs).toBeGreaterThanOrEqual(N); // every job ran somewhere; those the dead process held, again elsewhere
    expect(stats).toMatchObject({ completed: N, unreported: 0 });
  }, 45_000);

  it("close reaches every worker: results close after the last, and each worker leaves once the producer has every result", async () => {
    const queue = name();
    const producer = new Producer<Job, number>(queue, { connection: redis.connection });
    const ws = [start(queue), start(queue), start(queue)];
    for (let n = 1; n <= 30; n++) await producer.jobs.send({ n, ms: 20 });
    producer.jobs.close();
    const results = await collect(producer);
    await producer.wait();
    expect(results.map((r) => r.job.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await Promise.all(ws.map((w) => w.exited))).toEqual([0, 0, 0]);
  }, 20_000);

  it("an empty run: closed before any job, wait() resolves and a worker leaves", async () => {
    const queue = name();
    const producer = new Producer<Job, number>(queue, { connection: redis.connection });
    producer.jobs.close();
    await producer.wait();
    const w = start(queue);
    expect(await w.exited).toBe(0);
  }, 20_000);

  it("priorities: higher first, equal ones in order", async () => {
    const queue = name();
    const producer = new Producer<Job, number>(queue, { connection: redis.connection, buffer: 100 });
    const sent: Array<{ n: number; p: number }> = [];
    for (let n = 1; n <= 40; n++) {
      const p = [0, 5, -3, 10][n % 4]!;
      sent.push({ n, p });
      await producer.submit({ n }, { priority: p });
    }
    producer.jobs.close();
    // All 40 in Redis before the one worker starts (counted, not waited for by a clock).
    const watch = new Redis(redis.connection);
    while ((await watch.zcard(`bull:${queue}:prioritized`)) < 40) await sleep(10);
    watch.disconnect();
    start(queue, { WORKERS: "1" });
    const order = (await collect(producer)).map((r) => r.job.n);
    const expected = [...sent].sort((a, b) => b.p - a.p || a.n - b.n).map((s) => s.n);
    expect(order).toEqual(expected);
  }, 20_000);

  it("priorities from the first one on: jobs sent before it, still waiting, go first (BullMQ's plain list); every later job by priority", async () => {
    const queue = name();
    const producer = new Producer<Job, number>(queue, { connection: redis.connection, buffer: 100 });
    for (const n of [1, 2, 3]) await producer.jobs.send({ n });
    await producer.submit({ n: 4 }, { priority: 10 });
    await producer.jobs.send({ n: 5 });
    await producer.submit({ n: 6 }, { priority: 20 });
    await producer.submit({ n: 7 }, { priority: -1 });
    producer.jobs.close();
    const watch = new Redis(redis.connection);
    while ((await watch.llen(`bull:${queue}:wait`)) < 3 || (await watch.zcard(`bull:${queue}:prioritized`)) < 4) await sleep(10);
    watch.disconnect();
    start(queue, { WORKERS: "1" });
    expect((await collect(producer)).map((r) => r.job.n)).toEqual([1, 2, 3, 6, 4, 5, 7]);
  });

  it("timeout: reported at the deadline with a JobTimeoutError, not retried; others are done", async () => {
    const queue = name();
    const producer = new Producer<Job, number>(queue, { connection: redis.connection, timeout: 300, attempts: 3 });
    const w = start(queue, { HANDLER: "abortable", WORKERS: "2" });
    await producer.jobs.send({ n: 1, ms: 10_000 });
    await producer.jobs.send({ n: 2, ms: 10 });
    producer.jobs.close();
    const t0 = Date.now();
    const results = await collect(producer);
    const slow = results.find((r) => r.job.n === 1)!;
    expect(slow.status).toBe("timeout");
    expect(slow.error).toBeInstanceOf(JobTimeoutError);
    expect(slow.duration).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(results.find((r) => r.job.n === 2)!.status).toBe("done");
    expect(await w.exited).toBe(0);
    expect(w.ran.filter((n) => n === 1)).toHaveLength(1);
  }, 20_000);

  it("retries with backoff (BullMQ's attempts): a flaky job is done on its third try; past attempts it fails with the worker's error", async () => {
    const queue = name();
    const producer = new Producer<Job, number>(queue, { connection: redis.connection, attempts: 3, backoff: { type: "exponential", delay: 50 } });
    start(queue, { HANDLER: "flaky", WORKERS: "2" });
    await producer.jobs.send({ n: 1, fail: 2 });
    await producer.jobs.send({ n: 2, fail: 5 });
    producer.jobs.close();
    const results = await collect(producer);
    const ok = results.find((r) => r.job.n === 1)!;
    expect(ok).toMatchObject({ status: "done", value: 3 });
    const bad = results.find((r) => r.job.n === 2)!;
    expect(bad.status).toBe("failed");
    expect(bad.error).toBeInstanceOf(RemoteError);
    expect((bad.error as RemoteError).message).toBe("try 3 of job 2");
    expect((bad.error as RemoteError).fields).toEqual({ code: "EFLAKY" });
    expect(results).toHaveLength(2);
  }, 20_000);

  it("cancel: waiting jobs are removed from Redis and reported cancelled (never ran); running ones see their signal abort", async () => {
    const queue = name();
    const ac = new AbortController();
    const producer = new Producer<Job, number>(queue, { connection: redis.connection, signal: ac.signal });
    const w = start(queue, { HANDLER: "abortable", WORKERS: "2" });
    for (let n = 1; n <= 20; n++) await producer.jobs.send({ n, ms: 10_000 });
    while (w.ran.length < 2) await sleep(10);
    const reason = new Error("stop");
    ac.abort(reason);
    const results = await collect(producer);
    await producer.wait();
    expect(results).toHaveLength(20);
    for (const r of results) {
      expect(r.status).toBe("cancelled");
      expect(r.error).toBe(reason);
    }
    const ran = results.filter((r) => r.worker !== undefined).map((r) => r.job.n).sort();
    expect(ran).toEqual([...w.ran].sort());
    expect(results.filter((r) => r.worker === undefined)).toHaveLength(18);
    await expect(producer.submit({ n: 99 })).rejects.toBe(reason);
    expect(await w.exited).toBe(0);
  }, 20_000);

  it("backpressure: the queue's length in Redis never exceeds buffer", async () => {
    const queue = name();
    const buffer = 10;
    const producer = new Producer<Job, number>(queue, { connection: redis.connection, buffer });
    const watch = new Redis(redis.connection);
    let max = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const [[, a], [, b]] = (await watch.multi().llen(`bull:${queue}:wait`).zcard(`bull:${queue}:prioritized`).exec()) as [[null, number], [null, number]];
        max = Math.max(max, a + b);
      }
    })();
    start(queue, { WORKERS: "2" });
    for (let n = 1; n <= 150; n++) await producer.jobs.send({ n, ms: 5 });
    producer.jobs.close();
    const results = await collect(producer);
    watching = false;
    await watcher;
    watch.disconnect();
    expect(results).toHaveLength(150);
    expect(max).toBeLessThanOrEqual(buffer);
    expect(max).toBeGreaterThanOrEqual(buffer / 2); // the producer really was held back
  }, 20_000);

  it("serialization: a job JSON cannot carry fails at send with a clear error, and nothing is sent", async () => {
    const queue = name();
    const producer = new Producer<unknown, unknown>(queue, { connection: redis.connection });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: Array<[unknown, RegExp]> = [
      [{ when: new Date(0) }, /job\.when is a Date: send date\.toISOString\(\)/],
      [{ tags: new Set([1]) }, /job\.tags is a Set/],
      [{ id: 1n }, /job\.id is a bigint/],
      [{ f: () => 1 }, /job\.f is a function/],
      [[1, NaN], /job\[1\] is NaN/],
      [cycle, /job\.self refers back to itself/],
      [undefined, /job is undefined/],
    ];
    for (const [job, message] of cases) {
      const e = await producer.jobs.send(job).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NotSerializableError);
      expect((e as Error).message).toMatch(message);
    }
    expect(() => producer.jobs.trySend({ m: new Map() })).toThrow(NotSerializableError);
    expect(producer.stats().submitted).toBe(0);
    producer.jobs.close();
    await producer.wait();
  });
});

suite("gochan/bullmq when Redis goes away", () => {
  it("Redis restarts mid-run (its data gone): producer and workers reconnect, and nothing is lost", async () => {
    const redis = await RedisServer.start();
    const queue = "restart";
    const ws = [worker(redis.port, queue, { WORKERS: "4" }), worker(redis.port, queue, { WORKERS: "4" })];
    try {
      const producer = new Producer<Job, number>(queue, { connection: redis.connection, buffer: 100 });
      const N = 400;
      void (async () => {
        for (let n = 1; n <= N; n++) await producer.jobs.send({ n, ms: 5 });
        producer.jobs.close();
      })();
      let restarted: Promise<void> | undefined;
      const results = await collect(producer, (_, k) => {
        if (k === 100) restarted = redis.down().then(() => sleep(500)).then(() => redis.up());
      });
      await restarted;
      await producer.wait();
      expect(new Set(results.map((r) => r.job.n)).size).toBe(N);
      expect(results).toHaveLength(N);
      expect(results.every((r) => r.status === "done")).toBe(true);
      expect(producer.stats().resent).toBeGreaterThan(0);
      console.log(`restart test: ${N} jobs, ${results.length} results, ${producer.stats().resent} resent after the restart, ${producer.stats().duplicates} duplicates dropped`);
      expect(await Promise.all(ws.map((w) => w.exited))).toEqual([0, 0]);
    } finally {
      for (const w of ws) if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await redis.stop();
    }
  }, 40_000);

  it("Redis stays down past the outage bound: wait() rejects with RedisUnavailableError, and the workers exit with it", async () => {
    const redis = await RedisServer.start();
    const queue = "outage";
    const w = worker(redis.port, queue, { WORKERS: "2", OUTAGE: "1500" });
    try {
      const producer = new Producer<Job, number>(queue, { connection: redis.connection, outage: 1500 });
      for (let n = 1; n <= 50; n++) await producer.jobs.send({ n, ms: 100 });
      await sleep(300);
      await redis.down();
      const t0 = Date.now();
      const e = await producer.wait().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RedisUnavailableError);
      expect((e as RedisUnavailableError).unreported).toBeGreaterThan(0);
      expect((e as Error).message).toMatch(/Redis unreachable for \d+ ms, past the outage bound/);
      expect(Date.now() - t0).toBeLessThan(6000);
      await expect(producer.jobs.send({ n: 99 })).rejects.toBeInstanceOf(RedisUnavailableError);
      expect(await w.exited).toBe(3);
    } finally {
      if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await redis.stop();
    }
  }, 20_000);
});

suite("gochan/bullmq shows what it waits on", () => {
  it("stats(): a job held by a worker process that died counts as stalled until another worker takes it over", async () => {
    const redis = await RedisServer.start();
    const queue = "stalled";
    // The first process's lock lapses 1 s after it dies. Nothing hands its job on until a second process starts.
    const victim = worker(redis.port, queue, { WORKERS: "1", LOCK: "1000", STALLED: "1000" });
    let rescuer: Proc | undefined;
    try {
      await victim.ready;
      const producer = new Producer<Job, number>(queue, { connection: redis.connection });
      await producer.jobs.send({ n: 1, ms: 60_000 });
      producer.jobs.close();
      while (victim.ran.length === 0) await sleep(10);
      while (producer.stats().running !== 1) await sleep(50);
      expect(producer.stats()).toMatchObject({ running: 1, stalled: 0, unreported: 1 });
      victim.child.kill("SIGKILL");
      await victim.exited;
      while (producer.stats().stalled !== 1) await sleep(50);
      expect(producer.stats()).toMatchObject({ running: 0, stalled: 1, unreported: 1 });
      // A live worker's stalled check hands the job on; it runs there, fast.
      rescuer = worker(redis.port, queue, { WORKERS: "1", LOCK: "2000", STALLED: "300", MS: "10" });
      const results = await within(collect(producer), 15_000, "the result from the second worker");
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ status: "done", value: 2, pid: rescuer.child.pid });
      expect(producer.stats()).toMatchObject({ running: 0, stalled: 0, unreported: 0 });
      expect(await rescuer.exited).toBe(0);
    } finally {
      for (const w of [victim, rescuer]) if (w !== undefined && w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
      await redis.stop();
    }
  });
});

suite("gochan/bullmq on a Redis without BLMPOP (before 7.0)", () => {
  it("the producer falls back to BLPOP then LPOP, and every result comes once", async () => {
    const port = await freePort();
    // Redis 7 with BLMPOP renamed away answers "unknown command", as Redis 6 does.
    const server = spawn(REDIS_BIN, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--rename-command", "BLMPOP", ""], { stdio: "ignore" });
    const connection = { host: "127.0.0.1", port };
    const admin = new Redis({ ...connection, retryStrategy: () => 20 });
    const w = worker(port, "old-redis", { WORKERS: "4" });
    try {
      await admin.ping();
      await expect(admin.call("BLMPOP", "1", "1", "x", "LEFT")).rejects.toThrow(/unknown command/i);
      const producer = new Producer<Job, number>("old-redis", { connection });
      for (let n = 1; n <= 50; n++) await producer.jobs.send({ n });
      producer.jobs.close();
      const results = await collect(producer);
      await producer.wait();
      expect(results.map((r) => r.job.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(results.every((r) => r.value === r.job.n * 2)).toBe(true);
      expect(await w.exited).toBe(0);
    } finally {
      admin.disconnect();
      if (w.child.exitCode === null) w.child.kill("SIGKILL");
      server.kill("SIGKILL");
    }
  });
});
