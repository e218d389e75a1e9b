/**
 * The broker bench: `npm run bench:broker` (full) or with `--smoke`.
 *
 * Trivial jobs (`j => j * 2`) through gochan/bullmq (Producer + serve)
 * against BullMQ used directly (`Queue.add` for each job, a `Worker`, and
 * `QueueEvents` for the results, which is how a BullMQ producer hears of
 * them), with 1 and 2 worker processes of concurrency 16, on one
 * redis-server started for the run on a loopback port.
 *
 * gochan runs twice: with its default `buffer` (at most 1,000 jobs wait in
 * Redis; a send waits for room) and with `buffer` n, which lets every job
 * wait at once as BullMQ's `Queue.add` does (BullMQ has no bound). The
 * second is the like-for-like comparison of the adapter; the first shows
 * what the bound costs on top (see Mode).
 *
 * It follows bench/run.ts's rules where it can (fresh worker processes
 * and a fresh queue per measurement; the producers run in this process;
 * rounds interleaved: each round measures every row, 1 and 2 worker
 * processes, the contenders in rotating order, so a change in the
 * machine's load falls on all alike; medians; every answer checked: a
 * wrong sum fails the run) but has its own runner: a measurement here
 * spans a Redis server and worker processes, which must be up before the
 * clock starts, and bench/child.ts times one function in one process.
 *
 * Two figures per row: throughput (n jobs sent at once, all results
 * collected; jobs/s) and latency (one job at a time, sent to result
 * received; median ms). The ratio to BullMQ is the median of the rounds'
 * own ratios (each gochan run against the BullMQ run of its round), and the
 * machine's load average (`uptime`'s) is recorded at the start and end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { HAVE_REDIS, NO_REDIS, RedisServer } from "../../test/support/redis.js";
import { writeSection } from "../section.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const smoke = process.argv.includes("--smoke");
const N = Number(process.env.GOCHAN_BROKER_N ?? (smoke ? 200 : 20_000));
const SERIAL = smoke ? 20 : 300;
const ROUNDS = Number(process.env.GOCHAN_BROKER_ROUNDS ?? (smoke ? 1 : 5));
const CONCURRENCY = 16;
// GOCHAN_DIST: another build of gochan (a dist/ folder) in place of this tree's, for a before/after.
const dist = pathToFileURL(resolve(process.env.GOCHAN_DIST ?? join(root, "dist"))).href + "/";

/**
 * "gochan-all" is gochan with `buffer` at n: every job may wait in Redis at
 * once, as with BullMQ used directly, which has no bound. With gochan's
 * default (1,000 waiting), its producer adds jobs all along the run, as room
 * comes back, where BullMQ's adds them all at the start; so the pair
 * "gochan" / "gochan-all" tells the adapter's own cost from the bound's.
 */
type Mode = "gochan" | "gochan-all" | "direct";
const MODES: readonly Mode[] = ["direct", "gochan", "gochan-all"];
interface Sample { readonly ms: number; readonly latency: number }

function workers(mode: Mode, queue: string, port: number, k: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: k }, () => {
      const p = spawn(process.execPath, [join(here, "worker.mjs"), mode === "direct" ? "direct" : "gochan", queue, String(port), String(CONCURRENCY)], {
        env: { ...process.env, GOCHAN_DIST: dist },
        stdio: ["pipe", "pipe", "inherit"],
      });
      return new Promise<ChildProcess>((resolve, reject) => {
        p.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve(p));
        p.on("exit", (c) => reject(new Error(`worker exited ${c}`)));
      });
    }),
  );
}

const stopAll = (ps: ChildProcess[]) =>
  Promise.all(ps.map((p) => (p.exitCode !== null ? null : new Promise((r) => { p.removeAllListeners("exit"); p.on("exit", r); p.stdin!.end(); }))));

function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`broker bench: ${what} took over ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function viaGochan(port: number, queue: string, k: number, buffer?: number): Promise<Sample> {
  const { Producer } = (await import(`${dist}bullmq/index.js`)) as typeof import("gochan/bullmq");
  const ws = await workers("gochan", queue, port, k);
  const producer = new Producer<number, number>(queue, { connection: { host: "127.0.0.1", port }, ...(buffer === undefined ? {} : { buffer }) });
  // Latency: one job at a time.
  const lat: number[] = [];
  for (let i = 0; i < SERIAL; i++) {
    const t = performance.now();
    await producer.jobs.send(i);
    const [r] = await producer.results.recv();
    if (r?.value !== i * 2) throw new Error(`gochan: wrong answer ${JSON.stringify(r)}`);
    lat.push(performance.now() - t);
  }
  // Throughput: n at once.
  const t0 = performance.now();
  void (async () => {
    for (let j = 0; j < N; j++) await producer.jobs.send(j);
    producer.jobs.close();
  })();
  let sum = 0;
  let count = 0;
  for await (const r of producer.results) {
    if (r.status !== "done") throw new Error(`gochan: ${r.status} ${String(r.error)}`);
    sum += r.value;
    count++;
  }
  const ms = performance.now() - t0;
  await producer.wait();
  if (count !== N || sum !== N * (N - 1)) throw new Error(`gochan: wrong answer: ${count} results, sum ${sum}`);
  await stopAll(ws);
  return { ms, latency: median(lat) };
}

async function direct(port: number, queue: string, k: number): Promise<Sample> {
  const { Queue, QueueEvents } = await import("bullmq");
  const connection = { host: "127.0.0.1", port };
  const ws = await workers("direct", queue, port, k);
  // The events stream must hold a run's events, or QueueEvents misses completions once it is trimmed (default 10,000 entries).
  const q = new Queue(queue, { connection, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 }, streams: { events: { maxLen: 50 * N } } });
  // From the stream's start (the queue is new): no completion is missed while its first read is still on the way.
  const events = new QueueEvents(queue, { connection, lastEventId: "0-0" });
  await events.waitUntilReady();
  await q.waitUntilReady();
  let waiting: ((v: number) => void) | undefined;
  let sum = 0;
  let count = 0;
  let all: (() => void) | undefined;
  events.on("completed", ({ returnvalue }) => {
    const v = Number(returnvalue);
    if (waiting !== undefined) return waiting(v);
    sum += v;
    if (++count === N) all?.();
  });
  const lat: number[] = [];
  for (let i = 0; i < SERIAL; i++) {
    const t = performance.now();
    const got = new Promise<number>((r) => (waiting = r));
    await q.add("job", { j: i });
    const v = await got;
    if (v !== i * 2) throw new Error(`direct: wrong answer ${v}`);
    lat.push(performance.now() - t);
  }
  waiting = undefined;
  const t0 = performance.now();
  const done = new Promise<void>((r) => (all = r));
  // Queue.add per job, 256 in flight at a time (awaiting each in turn would measure round trips, not BullMQ).
  const inflight = new Set<Promise<unknown>>();
  for (let j = 0; j < N; j++) {
    const p = q.add("job", { j }).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 256) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  const stuck = setTimeout(() => void q.getJobCounts().then((c) => console.error(`direct: ${count}/${N} completions heard; queue ${JSON.stringify(c)}`)), 20_000);
  await done;
  clearTimeout(stuck);
  const ms = performance.now() - t0;
  if (count !== N || sum !== N * (N - 1)) throw new Error(`direct: wrong answer: ${count} results, sum ${sum}`);
  await events.close();
  await q.close();
  await stopAll(ws);
  return { ms, latency: median(lat) };
}

interface Row { readonly mode: Mode; readonly workers: number; readonly jobsPerSec: number; readonly msPerRun: number; readonly latencyMs: number; readonly runs: number[]; readonly vsBullmq: number }

const load = () => loadavg().map((x) => x.toFixed(2)).join(", ");

async function main(): Promise<void> {
  if (!HAVE_REDIS) {
    if (process.env.CI) throw new Error(NO_REDIS);
    console.error(NO_REDIS);
    return;
  }
  if (!existsSync(join(root, "dist", "bullmq", "index.js"))) throw new Error("dist/bullmq is missing: run `npm run build` first");
  const redis = await RedisServer.start();
  const started = performance.now();
  const loadBefore = load();
  const rows: Row[] = [];
  const ks = [1, 2];
  const samples = new Map(ks.map((k) => [k, { gochan: [] as Sample[], "gochan-all": [] as Sample[], direct: [] as Sample[] }]));
  try {
    let q = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const k of ks) {
        // Each contender takes each place in the order in turn.
        const order = MODES.map((_, i) => MODES[(i + round + k) % MODES.length]!);
        for (const mode of order) {
          const queue = `bench-${mode}-${k}-${++q}`;
          const run = mode === "direct" ? direct(redis.port, queue, k) : viaGochan(redis.port, queue, k, mode === "gochan-all" ? N : undefined);
          samples.get(k)![mode].push(await deadline(run, smoke ? 60_000 : 180_000, `${mode} with ${k} worker process(es)`));
        }
        const s = samples.get(k)!;
        console.error(`round ${round + 1}/${ROUNDS}, ${k} worker process(es): gochan ${s.gochan.at(-1)!.ms.toFixed(0)} ms, gochan buffer n ${s["gochan-all"].at(-1)!.ms.toFixed(0)} ms, BullMQ ${s.direct.at(-1)!.ms.toFixed(0)} ms (load ${load()})`);
      }
    }
    for (const k of ks) {
      const s = samples.get(k)!;
      for (const mode of MODES) {
        const ms = median(s[mode].map((x) => x.ms));
        const ratios = s[mode].map((g, i) => s.direct[i]!.ms / g.ms);
        rows.push({ mode, workers: k, msPerRun: ms, jobsPerSec: N / (ms / 1000), latencyMs: median(s[mode].map((x) => x.latency)), runs: s[mode].map((x) => x.ms), vsBullmq: median(ratios) });
      }
    }
  } finally {
    await redis.stop();
  }
  const loadAfter = load();
  const table = [
    `Trivial jobs (\`j => j * 2\`), ${N.toLocaleString("en")} per run, worker processes of concurrency ${CONCURRENCY}; median of ${ROUNDS} interleaved round(s); ` +
      `latency: one job at a time, median of ${SERIAL}; throughput vs BullMQ: median of the rounds' own ratios. Load average (1, 5, 15 min): ${loadBefore} at the start, ${loadAfter} at the end.`,
    "",
    "| worker processes | contender | jobs/s | ms per job | latency (ms) | throughput vs BullMQ |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => {
      const name = { direct: "BullMQ directly (Queue.add, Worker, QueueEvents)", gochan: "gochan/bullmq (Producer, serve)", "gochan-all": "gochan/bullmq, `buffer` n (all jobs may wait at once, as above)" }[r.mode];
      return `| ${r.workers} | ${name} | ${Math.round(r.jobsPerSec).toLocaleString("en")} | ${(r.msPerRun / N).toFixed(3)} | ${r.latencyMs.toFixed(2)} | ${r.vsBullmq.toFixed(2)}x |`;
    }),
  ].join("\n");
  console.log(table);
  const seconds = (performance.now() - started) / 1000;
  console.error(`broker bench (${smoke ? "smoke" : "full"}): ${seconds.toFixed(1)} s`);
  if (!smoke) {
    const result = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, bullmq: pkgVersion("bullmq"), n: N, rounds: ROUNDS, load: { start: loadBefore, end: loadAfter }, rows };
    writeFileSync(join(here, "results.json"), `${JSON.stringify(result, null, 2)}\n`);
    const when = `Measured ${result.date.slice(0, 10)} on ${result.cores} × ${result.cpu}, Node ${result.node}, BullMQ ${result.bullmq}, Debian's redis-server on loopback.`;
    writeSection(join(root, "docs", "benchmarks.md"), "broker", "bench/broker/run.ts", `${when}\n\n${table}`);
  }
}

function pkgVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

await main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
