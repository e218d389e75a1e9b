/**
 * Redis commands per job, gochan/bullmq against BullMQ used directly:
 * `tsx bench/broker/commands.ts [n] [gochan|direct]` (after `npm run build`;
 * under the shared lock, as every bench).
 *
 * The throughput half of bench/broker/run.ts's flow, once per contender
 * with one worker process, on a redis-server of its own whose command
 * counters (INFO commandstats) are reset before the jobs go and read once
 * the last result is in. What a job costs Redis in calls is the cause
 * behind a throughput gap that run.ts only shows; setup and idle polling
 * are in the counts too, spread thin over n jobs. Beside the calls, the
 * CPU each process spent per job (Redis's INFO cpu, process.cpuUsage, the
 * worker's /proc stat). One contender alone, with WORKER_NODE_ARGS set to
 * `--cpu-prof --cpu-prof-dir=DIR` and this run under `node --cpu-prof
 * --import tsx`, gives a CPU profile of each of its processes. GOCHAN_DIST
 * names another build's dist/ folder to count in place of this tree's;
 * GOCHAN_BUFFER sets the producer's `buffer` (gochan's default otherwise).
 */
import { execSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { RedisServer } from "../../test/support/redis.js";

const here = dirname(fileURLToPath(import.meta.url));
// GOCHAN_DIST: another build of gochan (a dist/ folder) to count instead of this tree's, for a before/after.
const dist = pathToFileURL(resolve(process.env.GOCHAN_DIST ?? join(here, "..", "..", "dist"))).href + "/";
const N = Number(process.argv[2] ?? 5000);

type Redis = import("ioredis").Redis;

/** Command calls since the reset, and CPU ms so far of Redis, this process (the producer) and the worker. */
async function stats(r: Redis, workerPid: number, cpu0: Cpu): Promise<Map<string, number>> {
  const text = (await r.info("commandstats")) as string;
  const m = new Map<string, number>();
  for (const [, name, calls] of text.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) m.set(name!, Number(calls));
  const c = await cpu(r, workerPid);
  m.set("cpu:redis", c.redis - cpu0.redis).set("cpu:producer", c.producer - cpu0.producer).set("cpu:worker", c.worker - cpu0.worker);
  return m;
}

interface Cpu { redis: number; producer: number; worker: number }
const TICK = 1000 / Number(execSync("getconf CLK_TCK").toString());
async function cpu(r: Redis, workerPid: number): Promise<Cpu> {
  const info = (await r.info("cpu")) as string;
  const sec = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)![1]);
  const stat = readFileSync(`/proc/${workerPid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const u = process.cpuUsage();
  return { redis: (sec("used_cpu_user") + sec("used_cpu_sys")) * 1000, producer: (u.user + u.system) / 1000, worker: (Number(stat[11]) + Number(stat[12])) * TICK };
}

function worker(mode: string, queue: string, port: number) {
  const p = spawn(process.execPath, [...(process.env.WORKER_NODE_ARGS?.split(" ") ?? []), join(here, "worker.mjs"), mode, queue, String(port), "16"], { env: { ...process.env, GOCHAN_DIST: dist }, stdio: ["pipe", "pipe", "inherit"] });
  return new Promise<typeof p>((resolve) => p.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve(p)));
}

async function gochan(port: number, admin: Redis): Promise<Map<string, number>> {
  const { Producer } = (await import(`${dist}bullmq/index.js`)) as typeof import("gochan/bullmq");
  const w = await worker("gochan", "count-gochan", port);
  const producer = new Producer<number, number>("count-gochan", { connection: { host: "127.0.0.1", port }, ...(process.env.GOCHAN_BUFFER ? { buffer: Number(process.env.GOCHAN_BUFFER) } : {}) });
  await producer.jobs.send(0);
  await producer.results.recv();
  await admin.config("RESETSTAT");
  const c0 = await cpu(admin, w.pid!);
  const t0 = performance.now();
  void (async () => {
    for (let j = 0; j < N; j++) await producer.jobs.send(j);
    producer.jobs.close();
  })();
  let n = 0;
  for await (const _ of producer.results) n++;
  const s = await stats(admin, w.pid!, c0);
  s.set("wall", performance.now() - t0);
  await producer.wait();
  await new Promise((r) => w.on("exit", r));
  if (n !== N) throw new Error(`gochan: ${n} results`);
  return s;
}

async function direct(port: number, admin: Redis): Promise<Map<string, number>> {
  const { Queue, QueueEvents } = await import("bullmq");
  const connection = { host: "127.0.0.1", port };
  const w = await worker("direct", "count-direct", port);
  const q = new Queue("count-direct", { connection, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 }, streams: { events: { maxLen: 50 * N } } });
  const events = new QueueEvents("count-direct", { connection, lastEventId: "0-0" });
  await events.waitUntilReady();
  let n = 0;
  let all!: () => void;
  const done = new Promise<void>((r) => (all = r));
  events.on("completed", () => ++n === N + 1 && all());
  await q.add("job", { j: 0 });
  while (n < 1) await new Promise((r) => setTimeout(r, 10));
  await admin.config("RESETSTAT");
  const c0 = await cpu(admin, w.pid!);
  const t0 = performance.now();
  const inflight = new Set<Promise<unknown>>();
  for (let j = 0; j < N; j++) {
    const p = q.add("job", { j }).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 256) await Promise.race(inflight);
  }
  await done;
  const s = await stats(admin, w.pid!, c0);
  s.set("wall", performance.now() - t0);
  await events.close();
  await q.close();
  w.stdin.end();
  await new Promise((r) => w.on("exit", r));
  return s;
}

const { Redis } = await import("ioredis");
const server = await RedisServer.start();
const admin = new Redis(server.port, "127.0.0.1");
try {
  const only = process.argv[3]; // "gochan" or "direct": one contender alone (for a CPU profile of it)
  const none = new Map<string, number>();
  const g = only === "direct" ? none : await gochan(server.port, admin);
  const d = only === "gochan" ? none : await direct(server.port, admin);
  const names = [...new Set([...g.keys(), ...d.keys()])].filter((k) => k !== "info" && k !== "config|resetstat" && k !== "config" && !k.startsWith("cpu:") && k !== "wall").sort();
  const per = (m: Map<string, number>, k: string) => ((m.get(k) ?? 0) / N).toFixed(3);
  const total = (m: Map<string, number>) => names.reduce((a, k) => a + (m.get(k) ?? 0), 0) / N;
  console.log(`Redis calls per job, ${N} jobs, 1 worker process of concurrency 16\n`);
  console.log("| command | BullMQ directly | gochan/bullmq |\n| --- | ---: | ---: |");
  for (const k of names) console.log(`| ${k} | ${per(d, k)} | ${per(g, k)} |`);
  console.log(`| all | ${total(d).toFixed(3)} | ${total(g).toFixed(3)} |`);
  console.log("\nCPU µs per job\n\n| process | BullMQ directly | gochan/bullmq |\n| --- | ---: | ---: |");
  for (const k of ["redis", "producer", "worker"]) console.log(`| ${k} | ${(((d.get(`cpu:${k}`) ?? 0) * 1000) / N).toFixed(0)} | ${(((g.get(`cpu:${k}`) ?? 0) * 1000) / N).toFixed(0)} |`);
  // A process busy nearly all of the wall time is the one that bounds throughput.
  const busy = (m: Map<string, number>, k: string) => `${Math.round((100 * (m.get(`cpu:${k}`) ?? 0)) / (m.get("wall") ?? 1))}%`;
  console.log(`| wall (µs per job) | ${(((d.get("wall") ?? 0) * 1000) / N).toFixed(0)} | ${(((g.get("wall") ?? 0) * 1000) / N).toFixed(0)} |`);
  for (const k of ["redis", "producer", "worker"]) console.log(`| ${k} busy | ${busy(d, k)} | ${busy(g, k)} |`);
} finally {
  admin.disconnect();
  await server.stop();
}
process.exit(0);
