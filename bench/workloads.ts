/**
 * The workloads: what each measures, its sizes, its floor, and the answer a
 * contender must return for its timing to count.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Check, Job, ThreadJob, WorkloadName } from "./contender.js";
import { Tally } from "./contender.js";
import { CHANNEL_CONTENDERS, CPU_CONTENDERS, DIAG_CONTENDERS, GO_STYLE_CONTENDERS, POOL_CONTENDERS, THREAD_CONTENDERS, TRANSFER_CONTENDERS, type ContenderName } from "./registry.js";
import { blur } from "./threads/work.mjs";

export interface Workload {
  readonly name: WorkloadName;
  /** One line for the docs. */
  readonly title: string;
  /**
   * "time": ms per run; "memory": heap bytes per item; "lag": worst timer
   * delay in ms; "perjob": µs per job, the run of `n` jobs less the run of
   * `base` jobs (each from starting the pool to shutting it down), over
   * `n - base`: what a job costs once the threads are up.
   */
  readonly measure: "time" | "memory" | "lag" | "perjob";
  /** The rows of its table; the first is the floor its ratios divide by. */
  readonly contenders: readonly ContenderName[];
  /** What `n` counts. */
  readonly unit: string;
  readonly size: { readonly full: number; readonly smoke: number };
  /** "perjob": the size of the short run subtracted (start-up, shut-down and the tail); smoke runs have none. */
  readonly base?: number;
  /** Thread workloads: the job and the threads. */
  readonly threads?: { readonly job: ThreadJob; readonly workers: number };
  /** Rows are read as speed-ups over the first row (floor median / median) rather than as ratios. */
  readonly speedup?: boolean;
  /** Left out of smoke runs (another workload already runs the same code at smoke size). */
  readonly skipSmoke?: boolean;
  /** Warm-up size, run once in the same process before the timed run (full mode). */
  readonly warmup: number;
  /** Rounds in full mode; each round runs every contender once, in rotated order. */
  readonly rounds: number;
  /** Measured runs per child in full mode (short workloads); the child reports their median. */
  readonly reps?: number;
  readonly expected: (n: number) => Check;
  /** Pool workloads: the job function and the concurrency. */
  readonly pool?: { readonly workers: number; readonly fn: Job };
  /** Set while the library code the workload needs has not landed. */
  readonly pending?: string;
}

const triangle = (n: number): number => (n * (n - 1)) / 2;

function firstPrimes(n: number): Check {
  let count = 0;
  let sum = 0;
  let last = 0;
  for (let i = 2; count < n; i++) {
    let prime = true;
    for (let d = 2; d * d <= i; d++) {
      if (i % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) {
      count++;
      sum += i;
      last = i;
    }
  }
  return { count, sum, last };
}

function doubled(n: number): Check {
  let sum = 0;
  let sq = 0;
  for (let j = 0; j < n; j++) {
    sum += 2 * j;
    sq = (sq + Math.imul(2 * j, 2 * j)) >>> 0;
  }
  return { count: n, sum, sq };
}

const RESOLVED = Promise.resolve();

/**
 * The answer of threads-cpu at n jobs: the tally of blur(0..n-1), computed
 * once per run of the harness (a second of work at full size) and kept
 * beside the transpiled bench in a file, so that later children read it.
 */
const blurredCache = new Map<number, Check>();
function blurred(n: number): Check {
  let c = blurredCache.get(n);
  if (c !== undefined) return c;
  const file = new URL(`./blur-expected-${n}.json`, import.meta.url);
  if (existsSync(file)) c = JSON.parse(readFileSync(file, "utf8")) as Check;
  else {
    const t = new Tally();
    for (let j = 0; j < n; j++) t.add(blur(j));
    c = t.check();
    writeFileSync(file, JSON.stringify(c));
  }
  blurredCache.set(n, c);
  return c;
}

const cpu = (workers: 1 | 2 | 4): Workload => ({
  name: `threads-cpu-${workers}`,
  title: `200 CPU-heavy jobs (a 3x3 blur, 8 passes over a generated 256x256 image, about 4 ms of CPU each), ${workers} thread${workers > 1 ? "s" : ""}; speed-up over the same jobs in a loop on one thread`,
  measure: "perjob",
  contenders: CPU_CONTENDERS,
  unit: "jobs",
  size: { full: 200, smoke: 4 },
  base: 8,
  warmup: 16,
  rounds: 3,
  reps: 1,
  expected: blurred,
  threads: { job: "cpu", workers },
  speedup: true,
  ...(workers === 2 ? {} : { skipSmoke: true }),
});

export const WORKLOADS: readonly Workload[] = [
  {
    name: "pingpong",
    title: "two tasks, two unbuffered channels, one value there and back per round trip",
    measure: "time",
    contenders: GO_STYLE_CONTENDERS,
    unit: "round trips",
    size: { full: 200_000, smoke: 1_000 },
    warmup: 20_000,
    rounds: 5,
    expected: (n) => ({ sum: (n * (n + 1)) / 2, bad: 0 }),
  },
  {
    name: "spsc",
    title: "one producer, one consumer, capacity 1024; FIFO order checked",
    measure: "time",
    contenders: GO_STYLE_CONTENDERS,
    unit: "messages",
    size: { full: 1_000_000, smoke: 5_000 },
    warmup: 50_000,
    rounds: 5,
    expected: (n) => ({ count: n, bad: 0 }),
  },
  {
    name: "mpmc",
    title: "8 producers, 8 consumers, capacity 64; per-producer FIFO checked at each consumer",
    measure: "time",
    contenders: GO_STYLE_CONTENDERS,
    unit: "messages",
    size: { full: 400_000, smoke: 2_000 },
    warmup: 40_000,
    rounds: 5,
    expected: (n) => ({ count: n, sum: triangle(n), bad: 0 }),
  },
  {
    name: "sieve",
    title: "Go's concurrent prime sieve (unbuffered channels, one filter task per prime), first 1,000 primes",
    measure: "time",
    contenders: GO_STYLE_CONTENDERS,
    unit: "primes",
    size: { full: 1_000, smoke: 50 },
    warmup: 200,
    rounds: 5,
    expected: firstPrimes,
  },
  {
    name: "diagnostics",
    title: "pingpong (every operation parks) with gochan's diagnostics off, under run(), with call sites, and tracing",
    measure: "time",
    contenders: DIAG_CONTENDERS,
    unit: "round trips",
    size: { full: 200_000, smoke: 1_000 },
    warmup: 20_000,
    rounds: 3,
    expected: (n) => ({ sum: (n * (n + 1)) / 2, bad: 0 }),
  },
  {
    name: "select4",
    title: "one consumer selecting over 4 unbuffered channels, one producer each; per-channel FIFO checked",
    measure: "time",
    contenders: CHANNEL_CONTENDERS,
    unit: "selects",
    size: { full: 200_000, smoke: 1_000 },
    warmup: 20_000,
    rounds: 5,
    expected: (n) => ({ count: n, sum: triangle(n), bad: 0 }),
  },
  {
    name: "pool-trivial",
    title: "200,000 jobs `j => j * 2`, 8 workers, every result collected",
    measure: "time",
    contenders: POOL_CONTENDERS,
    unit: "jobs",
    size: { full: 200_000, smoke: 2_000 },
    warmup: 40_000,
    rounds: 5,
    reps: 3,
    expected: doubled,
    pool: { workers: 8, fn: (j) => j * 2 },
  },
  {
    name: "pool-async",
    title: "20,000 async jobs, each awaiting three resolved promises, concurrency 64",
    measure: "time",
    contenders: POOL_CONTENDERS,
    unit: "jobs",
    size: { full: 20_000, smoke: 640 },
    warmup: 5_000,
    rounds: 5,
    reps: 5,
    expected: doubled,
    pool: {
      workers: 64,
      fn: async (j) => {
        await RESOLVED;
        await RESOLVED;
        await RESOLVED;
        return j * 2;
      },
    },
  },
  {
    name: "threads-tiny",
    title: "200,000 jobs `j => j * 2` on 2 threads, every result collected",
    measure: "perjob",
    contenders: THREAD_CONTENDERS,
    unit: "jobs",
    size: { full: 200_000, smoke: 2_000 },
    base: 2_000,
    warmup: 20_000,
    rounds: 3,
    reps: 1,
    expected: doubled,
    threads: { job: "tiny", workers: 2 },
  },
  cpu(1),
  cpu(2),
  cpu(4),
  {
    name: "threads-transfer",
    title: "2,000 jobs of a 1 MB buffer on 2 threads, moved to the thread, marked there, and moved back",
    measure: "perjob",
    contenders: TRANSFER_CONTENDERS,
    unit: "jobs",
    size: { full: 2_000, smoke: 40 },
    base: 100,
    warmup: 200,
    rounds: 3,
    reps: 1,
    expected: (n) => ({ count: n, sum: triangle(n), detached: n, bad: 0 }),
    threads: { job: "transfer", workers: 2 },
  },
  {
    name: "mem-channel",
    title: "heap bytes per idle unbuffered channel (100,000 held), after forced GC",
    measure: "memory",
    contenders: CHANNEL_CONTENDERS,
    unit: "channels",
    size: { full: 100_000, smoke: 5_000 },
    warmup: 0,
    rounds: 3,
    expected: () => ({}),
  },
  {
    name: "mem-receiver",
    title: "heap bytes per parked receive (100,000: 1,000 on each of 100 channels), after forced GC",
    measure: "memory",
    contenders: CHANNEL_CONTENDERS,
    unit: "receivers",
    size: { full: 100_000, smoke: 5_000 },
    warmup: 0,
    rounds: 3,
    expected: (n) => ({ settled: n }),
  },
  {
    name: "mem-task",
    title: "heap bytes per task (async function) parked in a receive (100,000 on 100 channels), after forced GC",
    measure: "memory",
    contenders: CHANNEL_CONTENDERS,
    unit: "tasks",
    size: { full: 100_000, smoke: 5_000 },
    warmup: 0,
    rounds: 3,
    expected: (n) => ({ settled: n }),
  },
  {
    name: "looplag",
    title: "worst delay of a 1 ms timer while spsc runs (the event loop's starvation)",
    measure: "lag",
    contenders: CHANNEL_CONTENDERS,
    unit: "messages",
    size: { full: 1_000_000, smoke: 20_000 },
    warmup: 50_000,
    rounds: 3,
    expected: (n) => ({ count: n, bad: 0 }),
  },
];

/** Receivers (or tasks) parked per channel in the memory workloads. */
export const PARKED_PER_CHANNEL = 1_000;

export function workload(name: string): Workload {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`no workload ${name}`);
  return w;
}
