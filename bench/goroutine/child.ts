/**
 * One row of bench/goroutine.ts, measured in a process of its own:
 * `node --expose-gc child.js SPEC` (SPEC: the JSON of a `GoSpec`), gochan
 * loaded from the snapshot of dist/ in GOCHAN_DIST. Prints one JSON line, a
 * `GoResult`. A run whose answer is wrong, or whose goroutines did not run
 * on the threads the row names, is an error, never a timing.
 *
 * A process per row keeps maxProcs (set once, before the first goroutine
 * thread starts) and the JIT's feedback to that row alone.
 */
import { Worker } from "node:worker_threads";
import type * as Gochan from "gochan";
import { mustBeDone, Tally, type Check } from "../contender.js";
import { blur } from "../threads/work.mjs";
import { caseNamed, type CaseDef } from "./cases.js";

export interface GoSpec {
  readonly case: string;
  readonly row: string;
  readonly n: number;
  readonly warmup: number;
  readonly reps: number;
  /** "marginal" cases: the short run's size; absent in smoke runs. */
  readonly base?: number;
  /** go-seed-cpu: the expected tally of blur(0..k-1) for each size k run (computed once by the driver). */
  readonly expected?: Record<string, Check>;
}

export type GoResult =
  | { readonly ok: true; readonly value: number; readonly runMs: number; readonly fixedMs?: number; readonly threads: number[] }
  | { readonly ok: false; readonly error: string };

/** A run's answer, its time if the run timed itself on another thread, and the threads its goroutines ran on. */
interface Ran {
  readonly check: Check;
  readonly ms?: number;
  readonly threads?: number[];
}
type Run = (n: number) => Promise<Ran>;

const dist = process.env["GOCHAN_DIST"] ?? new URL("../../dist/", import.meta.url).href;
const g = (await import(new URL("index.js", dist.endsWith("/") ? dist : `${dist}/`).href)) as typeof Gochan;

const here = (file: string): URL => new URL(file, import.meta.url);
type Goroutine = (...args: any[]) => Promise<Record<string, number>>;
const routine = (name: string): Goroutine => g.onThread<Goroutine>(here("./routines.mjs"), name);

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("run with --expose-gc");
  collect();
};

const triangle = (n: number): number => (n * (n - 1)) / 2;

function expected(c: CaseDef, n: number, spec: GoSpec): Check {
  switch (c.name) {
    case "go-stream":
      return { count: n, sum: triangle(n), bad: 0 };
    case "go-pingpong":
      return { sum: (n * (n + 1)) / 2, bad: 0 };
    case "go-seed-tiny": {
      const t = new Tally();
      for (let j = 0; j < n; j++) t.add(j * 2);
      return t.check();
    }
    case "go-seed-cpu": {
      const e = spec.expected?.[String(n)];
      if (e === undefined) throw new Error(`no expected answer for ${n} blur jobs`);
      return e;
    }
  }
}

function verify(c: CaseDef, row: string, n: number, spec: GoSpec, got: Check): void {
  const want = expected(c, n, spec);
  for (const k of Object.keys({ ...want, ...got })) {
    if (got[k] !== want[k]) throw new Error(`${row} gave a wrong answer on ${c.name}(${n}): ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
}

/** A raw thread of floor.mjs in `role`. */
function floorThread(role: string, data: Record<string, unknown> = {}): Worker {
  const w = new Worker(here("./floor.mjs"), { workerData: { role, ...data } });
  w.on("error", (e) => {
    throw e;
  });
  return w;
}

const reply = <T>(w: Worker): Promise<T> => new Promise((resolve) => w.once("message", resolve));

/** Every goroutine ran on a thread (not main), on as many distinct threads as the row says. */
function onThreads(threads: number[], distinct: number, row: string): number[] {
  if (threads.some((t) => t === 0)) throw new Error(`${row}: a goroutine ran on the main thread`);
  const n = new Set(threads).size;
  if (n !== distinct) throw new Error(`${row}: goroutines ran on ${n} distinct thread(s) (${threads.join(", ")}), expected ${distinct}`);
  return threads;
}

// --- go-stream ---

function streamFloor(batch: number): Run {
  const w = floorThread(batch === 1 ? "drain" : "drain-batched");
  return async (n) => {
    const done = reply<Check>(w);
    w.postMessage({ n });
    if (batch === 1) for (let i = 0; i < n; i++) w.postMessage(i);
    else {
      for (let i = 0; i < n; i += batch) {
        const end = Math.min(n, i + batch);
        const a = new Array<number>(end - i);
        for (let k = i; k < end; k++) a[k - i] = k;
        w.postMessage(a);
      }
    }
    return { check: await done };
  };
}

function ringFloor(): Run {
  const RING = 1024;
  const ctl = new Int32Array(new SharedArrayBuffer(16));
  const data = new Float64Array(new SharedArrayBuffer(RING * 8));
  const w = floorThread("ring");
  return async (n) => {
    Atomics.store(ctl, 0, 0);
    Atomics.store(ctl, 1, 0);
    const done = reply<Check>(w);
    w.postMessage({ ctl, data, n });
    let tail = 0;
    for (let head = 0; head < n; ) {
      if (head - tail >= RING) {
        tail = Atomics.load(ctl, 1);
        if (head - tail >= RING) {
          Atomics.store(ctl, 3, 1); // parked: the consumer notifies
          Atomics.wait(ctl, 1, tail);
          Atomics.store(ctl, 3, 0);
        }
        continue;
      }
      data[head % RING] = head;
      head++;
      Atomics.store(ctl, 0, head);
      if (Atomics.load(ctl, 2) === 1) Atomics.notify(ctl, 0);
    }
    return { check: await done };
  };
}

const streamToThread: Run = async (n) => {
  const ch = new g.Channel<number>(1024);
  const done = routine("drain")(ch);
  for (let i = 0; i < n; i++) await ch.send(i);
  ch.close();
  const r = await done;
  return { check: { count: r["count"]!, sum: r["sum"]!, bad: r["bad"]! }, threads: onThreads([r["thread"]!], 1, "drain") };
};

const streamFromThread: Run = async (n) => {
  const ch = new g.Channel<number>(1024);
  const done = routine("produce")(ch, n);
  let count = 0;
  let sum = 0;
  let bad = 0;
  for await (const v of ch) {
    if (v !== count) bad++;
    count++;
    sum += v;
  }
  const r = await done;
  return { check: { count, sum, bad }, threads: onThreads([r["thread"]!], 1, "produce") };
};

// --- go-pingpong ---

function portThreads(): Run {
  const { port1, port2 } = new MessageChannel();
  const echo = floorThread("echo", { own: true });
  echo.postMessage(port2, [port2]);
  const ping = floorThread("ping");
  ping.postMessage(port1, [port1]);
  return async (n) => {
    const done = reply<{ sum: number; bad: number; ms: number }>(ping);
    ping.postMessage({ n });
    const r = await done;
    return { check: { sum: r.sum, bad: r.bad }, ms: r.ms };
  };
}

function portMain(): Run {
  const echo = floorThread("echo");
  return (n) =>
    new Promise((resolve) => {
      let i = 0;
      let sum = 0;
      let bad = 0;
      const on = (v: number): void => {
        if (v !== i + 1) bad++;
        sum += v;
        if (++i === n) {
          echo.off("message", on);
          resolve({ check: { sum, bad } });
        } else echo.postMessage(i);
      };
      echo.on("message", on);
      echo.postMessage(0);
    });
}

function sabThreads(spin: number): Run {
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const pong = floorThread("sab-pong", { spin });
  pong.postMessage({ cells });
  const ping = floorThread("sab-ping", { spin });
  let from = 0;
  return async (n) => {
    const done = reply<{ sum: number; bad: number; ms: number }>(ping);
    ping.postMessage({ cells, n, from });
    from += n;
    const r = await done;
    return { check: { sum: r.sum, bad: r.bad }, ms: r.ms };
  };
}

/** Polls of the cell before parking: some tens of µs, longer than a round trip between awake threads, shorter than a wake-up here. */
const SPIN = 20_000;

const goPingPong: Run = async (n) => {
  const ping = new g.Channel<number>(0);
  const pong = new g.Channel<number>(0);
  const a = routine("pinger")(ping, pong, n);
  const b = routine("ponger")(ping, pong);
  const [ra, rb] = await Promise.all([a, b]);
  return { check: { sum: ra["sum"]!, bad: ra["bad"]! }, threads: onThreads([ra["thread"]!, rb["thread"]!], 2, "pinger, ponger") };
};

const goPingPongMain: Run = async (n) => {
  const ping = new g.Channel<number>(0);
  const pong = new g.Channel<number>(0);
  const b = routine("ponger")(ping, pong);
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    await ping.send(i);
    const [v, ok] = await pong.recv();
    if (!ok || v !== i + 1) bad++;
    sum += v ?? 0;
  }
  ping.close();
  const rb = await b;
  return { check: { sum, bad }, threads: onThreads([rb["thread"]!], 1, "ponger") };
};

// --- go-seed-tiny, go-seed-cpu ---

/** Seed 000's main, as examples/seed000-threads.ts writes it (buffers of numJobs), with `workers` workers. */
function seed(worker: string, workers: number, distinct: number): Run {
  const start = routine(worker);
  return async (numJobs) => {
    const jobs = new g.Channel<number>(numJobs);
    const results = new g.Channel<number>(numJobs);
    const wg = new g.WaitGroup();
    const started: Promise<Record<string, number>>[] = [];
    for (let w = 0; w < workers; w++) {
      wg.add(1);
      started.push(start(w, jobs, results, wg)); // go worker(w, jobs, results, &wg)
    }
    for (let j = 0; j < numJobs; j++) await jobs.send(j);
    jobs.close();
    await wg.wait();
    results.close();
    const t = new Tally();
    for await (const r of results) t.add(r);
    const ends = await Promise.all(started); // already settled: wg.wait() returned
    return { check: t.check(), threads: onThreads(ends.map((e) => e["thread"]!), distinct, worker) };
  };
}

function pool(handler: string): Run {
  return async (n) => {
    const p = new g.Pool<number, number>(here(`../threads/${handler}`), { workers: 2, buffer: 1024, results: 1024 });
    void (async () => {
      for (let j = 0; j < n; j++) await p.jobs.send(j);
      p.jobs.close();
    })();
    const t = new Tally();
    for await (const r of p.results) {
      mustBeDone(r);
      if (r.status === "done") t.add(r.value);
    }
    await p.wait();
    return { check: t.check() };
  };
}

const oneThread: Run = async (n) => {
  const t = new Tally();
  for (let j = 0; j < n; j++) t.add(blur(j));
  return { check: t.check() };
};

function runner(c: CaseDef, row: string): Run {
  switch (`${c.name}/${row}`) {
    case "go-stream/postMessage, 1 value a message":
      return streamFloor(1);
    case "go-stream/postMessage, 256 values a message":
      return streamFloor(256);
    case "go-stream/SharedArrayBuffer ring + Atomics":
      return ringFloor();
    case "go-stream/gochan, main -> thread":
      return streamToThread;
    case "go-stream/gochan, thread -> main":
      return streamFromThread;
    case "go-pingpong/MessagePort, thread <-> thread":
      return portThreads();
    case "go-pingpong/MessagePort, main <-> thread":
      return portMain();
    case "go-pingpong/SAB + Atomics, thread <-> thread":
      return sabThreads(0);
    case "go-pingpong/SAB, polling before Atomics.wait (awake receiver)":
      return sabThreads(SPIN);
    case "go-pingpong/gochan, thread <-> thread (channels on main)":
      g.maxProcs(2);
      return goPingPong;
    case "go-pingpong/gochan, main <-> thread":
      return goPingPongMain;
    case "go-seed-tiny/gochan Pool, 2 threads":
      return pool("double.mjs");
    case "go-seed-tiny/gochan seed 000, 2 workers on 2 threads":
      g.maxProcs(2);
      return seed("worker", 2, 2);
    case "go-seed-cpu/gochan seed 000, maxProcs(1), 2 workers":
      g.maxProcs(1);
      return seed("blurWorker", 2, 1);
    case "go-seed-cpu/gochan seed 000, maxProcs(2), 2 workers":
      g.maxProcs(2);
      return seed("blurWorker", 2, 2);
    case "go-seed-cpu/one thread (a loop)":
      return oneThread;
    case "go-seed-cpu/gochan Pool, 2 threads (blur)":
      return pool("blur.mjs");
  }
  throw new Error(`no row "${row}" in ${c.name}`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function timed(c: CaseDef, spec: GoSpec, run: Run, n: number): Promise<{ ms: number; threads: number[] }> {
  gc();
  const t0 = performance.now();
  const r = await run(n);
  const ms = r.ms ?? performance.now() - t0;
  verify(c, spec.row, n, spec, r.check);
  return { ms, threads: r.threads ?? [] };
}

async function main(): Promise<GoResult> {
  const spec = JSON.parse(process.argv[2] ?? "{}") as GoSpec;
  const c = caseNamed(spec.case);
  const run = runner(c, spec.row);
  // The warm-up also starts the threads, so that no timed run (but a marginal case's pair) pays for them.
  if (spec.warmup > 0) await timed(c, spec, run, spec.warmup);
  const long: number[] = [];
  const short: number[] = [];
  let threads: number[] = [];
  for (let i = 0; i < Math.max(1, spec.reps); i++) {
    const r = await timed(c, spec, run, spec.n);
    long.push(r.ms);
    threads = r.threads;
    if (spec.base !== undefined) short.push((await timed(c, spec, run, spec.base)).ms);
  }
  const ms = median(long);
  if (spec.base === undefined) return { ok: true, value: (ms / spec.n) * 1000, runMs: ms, threads };
  const perUnitMs = (ms - median(short)) / (spec.n - spec.base);
  return { ok: true, value: perUnitMs * 1000, runMs: ms, fixedMs: median(short) - spec.base * perUnitMs, threads };
}

let result: GoResult;
try {
  result = await main();
} catch (e) {
  result = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
