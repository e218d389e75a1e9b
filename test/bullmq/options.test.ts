// gochan/bullmq's options are checked at the call, with a typed error,
// before anything connects; and an error BullMQ reports is never swallowed:
// what is not a lost connection or a job handed on ends the server's `done`
// or the producer's `wait()` with it.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Producer, serve, type ProducerOptions, type ServeOptions } from "gochan/bullmq";
import { HAVE_REDIS, NO_REDIS, RedisServer } from "../support/redis.js";
import { within, worker, type Job } from "./procs.js";

if (!HAVE_REDIS) console.warn(NO_REDIS);

const handler = async (j: number) => j;
// Nothing here may reach a Redis: a port nobody listens on, and every case throws before connecting.
const nowhere = { host: "127.0.0.1", port: 1 };

describe("gochan/bullmq options are checked at the call", () => {
  const durations: Array<[unknown, RegExp]> = [
    [0, /above 0/],
    [-5, /above 0/],
    [NaN, /above 0/],
    [Infinity, /at most 2147483647/],
    [2 ** 31, /at most 2147483647/],
    ["100", /milliseconds/],
  ];

  it.each(["timeout", "outage"] as const)("Producer: %s must be a finite duration above 0", (what) => {
    for (const [v, message] of durations) {
      expect(() => new Producer("q", { connection: nowhere, [what]: v } as ProducerOptions), `${what}: ${String(v)}`).toThrow(RangeError);
      expect(() => new Producer("q", { connection: nowhere, [what]: v } as ProducerOptions)).toThrow(message);
    }
  });

  it.each(["lockDuration", "stalledInterval", "poll", "outage"] as const)("serve: %s must be a finite duration above 0", (what) => {
    for (const [v, message] of durations) {
      expect(() => serve("q", handler, { connection: nowhere, [what]: v } as ServeOptions), `${what}: ${String(v)}`).toThrow(RangeError);
      expect(() => serve("q", handler, { connection: nowhere, [what]: v } as ServeOptions)).toThrow(message);
    }
  });

  it("Producer: counts and bounds", () => {
    const bad: Array<[ProducerOptions, ErrorConstructor, RegExp]> = [
      [{ buffer: 0 }, RangeError, /buffer must be an integer ≥ 1/],
      [{ buffer: 1.5 }, RangeError, /buffer/],
      [{ results: -1 }, RangeError, /results must be an integer ≥ 0/],
      [{ attempts: 0 }, RangeError, /attempts must be an integer ≥ 1/],
      [{ backoff: -1 }, RangeError, /backoff/],
      [{ backoff: { type: "linear", delay: 5 } as never }, TypeError, /backoff must be/],
      [{ backoff: { type: "fixed", delay: 0 } }, RangeError, /backoff\.delay/],
      [{ keep: { completed: -1 } }, RangeError, /keep\.completed/],
      [{ keep: { failed: 2.5 } }, RangeError, /keep\.failed/],
      [{ keep: 5 as never }, TypeError, /keep must be/],
      [{ prefix: "" }, TypeError, /prefix must be a non-empty string/],
      [{ signal: {} as AbortSignal }, TypeError, /signal/],
    ];
    for (const [options, type, message] of bad) {
      const make = () => new Producer("q", { connection: nowhere, ...options });
      expect(make, JSON.stringify(options)).toThrow(type);
      expect(make).toThrow(message);
    }
  });

  it("serve: workers, queue, handler, prefix, signal", () => {
    expect(() => serve("q", handler, { connection: nowhere, workers: 0 })).toThrow(RangeError);
    expect(() => serve("q", handler, { connection: nowhere, workers: 2.5 })).toThrow(/workers must be an integer ≥ 1/);
    expect(() => serve("", handler, { connection: nowhere })).toThrow(TypeError);
    expect(() => serve("a:b", handler, { connection: nowhere })).toThrow(/must not contain ":"/);
    expect(() => serve("q", 5 as never, { connection: nowhere })).toThrow(/handler must be a function/);
    expect(() => serve("q", handler, { connection: nowhere, prefix: 7 as never })).toThrow(TypeError);
    expect(() => serve("q", handler, { connection: nowhere, signal: "stop" as never })).toThrow(TypeError);
    expect(() => new Producer("a:b", { connection: nowhere })).toThrow(/must not contain ":"/);
    expect(() => new Producer("q", null as never)).toThrow(/options must be an object/);
    expect(() => serve("q", handler, null as never)).toThrow(/options must be an object/);
  });

  it("connection: a URL string is refused with what to pass instead; a bad host or port is refused", () => {
    for (const make of [
      () => new Producer("q", { connection: "redis://redis.internal:6380" as never }),
      () => serve("q", handler, { connection: "redis://redis.internal:6380" as never }),
    ]) {
      expect(make).toThrow(TypeError);
      expect(make).toThrow(/not a string .*\{ host: u\.hostname, port: Number\(u\.port \|\| 6379\)/);
    }
    expect(() => new Producer("q", { connection: 6379 as never })).toThrow(TypeError);
    expect(() => new Producer("q", { connection: null as never })).toThrow(TypeError);
    expect(() => new Producer("q", { connection: { host: "", port: 6379 } })).toThrow(/connection\.host/);
    expect(() => serve("q", handler, { connection: { host: "h", port: 70_000 } })).toThrow(RangeError);
    expect(() => serve("q", handler, { connection: { host: "h", port: "6379" as never } })).toThrow(/connection\.port/);
  });
});

(HAVE_REDIS ? describe : describe.skip)("gochan/bullmq never swallows an error", () => {
  let redis: RedisServer;
  let admin: Redis;
  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.connection);
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  it("a Worker error that is neither a lost connection nor a job handed on (Redis out of memory) rejects the server's done with it", async () => {
    const queue = "oom-worker";
    const producer = new Producer<Job, number>(queue, { connection: redis.connection });
    await producer.jobs.send({ n: 1 });
    while ((await admin.llen(`bull:${queue}:wait`)) === 0) await new Promise((r) => setTimeout(r, 10)); // in Redis (no priority: the plain list)
    await admin.config("SET", "maxmemory", "1");
    try {
      const w = worker(redis.port, queue, { WORKERS: "1" });
      expect(await within(w.exited, 15_000, "the worker's exit")).toBe(3); // fixtures/worker.ts: done rejected
      expect(w.stderr()).toMatch(/OOM command not allowed/);
      expect(w.ran).toEqual([]);
    } finally {
      await admin.config("SET", "maxmemory", "0");
    }
    const server = serve<Job, number>(queue, async (j) => j.n * 2, { connection: redis.connection, poll: 20 });
    const results: number[] = [];
    for await (const r of producer.results) {
      results.push(r.value!);
      producer.jobs.close();
    }
    await producer.wait();
    await server.done;
    expect(results).toEqual([2]);
  });

  it("the producer: an error adding jobs that retrying would only repeat (Redis out of memory) rejects wait() and the sends", async () => {
    const queue = "oom-producer";
    const producer = new Producer<Job, number>(queue, { connection: redis.connection });
    while ((await admin.exists(`bull:${queue}:gochan:run`)) === 0) await new Promise((r) => setTimeout(r, 10));
    await admin.config("SET", "maxmemory", "1");
    try {
      await producer.jobs.send({ n: 1 });
      const e = await within(producer.wait().catch((x: unknown) => x), 10_000, "wait()");
      expect(String(e)).toMatch(/OOM command not allowed/);
      await expect(producer.jobs.send({ n: 2 })).rejects.toBe(e);
    } finally {
      await admin.config("SET", "maxmemory", "0");
    }
  });

  it("serve: lockDuration 0 is refused at the call instead of sticking a job in active", () => {
    expect(() => serve("q", handler, { connection: redis.connection, lockDuration: 0 })).toThrow(/lockDuration must be a number of milliseconds above 0/);
  });
});
