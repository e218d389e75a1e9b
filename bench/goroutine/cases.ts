/**
 * The cases of bench/goroutine.ts (goroutines on threads, issue 21's
 * "Speed"): what each row runs, at what size, which rows are the floors
 * the others are divided by, and the answer every run must give. Shared by
 * the driver (bench/goroutine.ts) and the process that measures one row
 * (bench/goroutine/child.ts), so the two cannot disagree on a name or a size.
 */

export type CaseName = "go-stream" | "go-pingpong" | "go-seed-tiny" | "go-seed-cpu";

export interface RowDef {
  /** Row name in the table; the child dispatches on it. */
  readonly name: string;
  /** A floor (or the reference) that the case's other rows are divided by. */
  readonly floor?: boolean;
  /** Units per measured run, full and smoke (rows of one case may differ: µs per unit is compared). */
  readonly size: { readonly full: number; readonly smoke: number };
  /** What exactly the row does, for the docs. */
  readonly what: string;
}

export interface CaseDef {
  readonly name: CaseName;
  readonly title: string;
  /** What a unit is: "value", "round trip", "job". */
  readonly unit: string;
  /** Read as speed-ups (floor µs / row µs) rather than ratios (row µs / floor µs). */
  readonly speedup?: boolean;
  /**
   * "per-run": µs per unit of one run of n once the threads are up (a warm-up
   * run first, in the same process). "marginal": (run of n - run of `base`) /
   * (n - base), each run from making the pool or the channels to the last
   * result, as bench/run.ts's thread workloads: what a job costs once running.
   */
  readonly method: "per-run" | "marginal";
  /** "marginal": the short run's size (full mode; smoke runs use n alone). */
  readonly base?: number;
  readonly rows: readonly RowDef[];
}

const RING = "SharedArrayBuffer ring + Atomics";

export const CASES: readonly CaseDef[] = [
  {
    name: "go-stream",
    title: "a stream of numbers 0..n-1 from one thread to another through a buffered channel (capacity 1024), FIFO order checked at the receiver",
    unit: "value",
    method: "per-run",
    rows: [
      { name: "postMessage, 1 value a message", floor: true, size: { full: 200_000, smoke: 2_000 }, what: "raw worker_threads: main posts each number as its own message to a thread that sums them; no flow control (the port's queue is unbounded)" },
      { name: "postMessage, 256 values a message", floor: true, size: { full: 1_000_000, smoke: 2_560 }, what: "the same, 256 numbers an array a message" },
      { name: RING, floor: true, size: { full: 1_000_000, smoke: 5_000 }, what: "a single-producer ring of 1024 float64 slots in a SharedArrayBuffer: main writes and publishes the head per value, the thread reads; either side parks in Atomics.wait only when the ring is full (main) or empty (thread), and is woken by Atomics.notify" },
      { name: "gochan, main -> thread", size: { full: 20_000, smoke: 500 }, what: "`new Channel(1024)` made on main; a goroutine on a thread (onThread) ranges over it; main `await ch.send(i)`, then `close()`; timed until the goroutine's result is back" },
      { name: "gochan, thread -> main", size: { full: 20_000, smoke: 500 }, what: "`new Channel(1024)` made on main; a goroutine on a thread sends 0..n-1 on it and closes it; main ranges over it (`for await`)" },
    ],
  },
  {
    name: "go-pingpong",
    title: "unbuffered ping-pong: A sends i, B answers i + 1, A checks it; one round trip each",
    unit: "round trip",
    method: "per-run",
    rows: [
      { name: "MessagePort, thread <-> thread", floor: true, size: { full: 20_000, smoke: 1_000 }, what: "raw worker_threads: two threads joined by a MessageChannel; the pinging thread times itself" },
      { name: "MessagePort, main <-> thread", floor: true, size: { full: 20_000, smoke: 1_000 }, what: "main posts to a thread over its parent port, the thread answers" },
      { name: "SAB + Atomics, thread <-> thread", floor: true, size: { full: 20_000, smoke: 1_000 }, what: "two threads, two Int32 cells in a SharedArrayBuffer, Atomics.store + notify to hand over, Atomics.wait to wait (no spinning); the pinging thread times itself" },
      { name: "SAB, polling before Atomics.wait (awake receiver)", floor: true, size: { full: 200_000, smoke: 1_000 }, what: "the same cells, but each side polls its cell up to 20,000 times before it parks: the latency between two threads that stay awake (on 2 shared cores, it burns both); not the floor of issue 21's target, which parks at once" },
      { name: "gochan, thread <-> thread (channels on main)", size: { full: 5_000, smoke: 200 }, what: "maxProcs(2); two unbuffered channels made on main; goroutine A on one thread sends i on ping and receives on pong, goroutine B on the other ranges over ping and sends v + 1 on pong; every operation is a request to main, the channels' owner" },
      { name: "gochan, main <-> thread", size: { full: 10_000, smoke: 200 }, what: "as above, but A is main itself (it owns both channels) and B a goroutine on a thread" },
    ],
  },
  {
    name: "go-seed-tiny",
    title: "seed 000 with tiny jobs (`j * 2`) on 2 threads, every result collected, against the thread Pool on the same jobs",
    unit: "job",
    method: "marginal",
    base: 1_000,
    rows: [
      { name: "gochan Pool, 2 threads", floor: true, size: { full: 50_000, smoke: 500 }, what: "`new Pool(new URL(\"double.mjs\"), { workers: 2, buffer: 1024, results: 1024 })`, jobs sent with `jobs.send`, results by `for await` (bench/run.ts's threads-tiny row)" },
      { name: "gochan seed 000, 2 workers on 2 threads", size: { full: 20_000, smoke: 500 }, what: "maxProcs(2); seed 000 as written: jobs and results `Channel(numJobs)` on main, 2 `worker` goroutines on threads (onThread) ranging over jobs and sending `j * 2` on results, a WaitGroup; main sends every job, closes, `wg.wait()`, closes results, ranges over them" },
    ],
  },
  {
    name: "go-seed-cpu",
    title: "seed 000 with CPU-bound jobs (bench/threads/work.mjs's blur, about 4 ms each), 2 workers; speed-up of 2 threads over 1",
    unit: "job",
    method: "marginal",
    base: 8,
    speedup: true,
    rows: [
      { name: "gochan seed 000, maxProcs(1), 2 workers", floor: true, size: { full: 200, smoke: 4 }, what: "seed 000 (as go-seed-tiny) with `blur(j)` as the job; maxProcs(1): both workers on one thread" },
      { name: "one thread (a loop)", floor: true, size: { full: 200, smoke: 4 }, what: "the same jobs in a plain loop on main, no threads" },
      { name: "gochan seed 000, maxProcs(2), 2 workers", size: { full: 200, smoke: 4 }, what: "maxProcs(2): one worker on each of 2 threads" },
      { name: "gochan Pool, 2 threads (blur)", size: { full: 200, smoke: 4 }, what: "the thread Pool with blur.mjs, workers 2, buffer and results 1024 (bench/run.ts's threads-cpu-2 row)" },
    ],
  },
];

export function caseNamed(name: string): CaseDef {
  const c = CASES.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no case ${name}`);
  return c;
}
