/**
 * What a contender (a library, or one of our floors) implements: each
 * workload written in that library's own idiom, returning a `Check` that the
 * harness compares with the expected answer before it keeps a timing.
 */

/** A workload's answer: counts, sums, order violations. Compared key by key. */
export type Check = Readonly<Record<string, number>>;

/** Workloads timed as "run n operations"; the harness picks n. */
export type TimedWorkload = "pingpong" | "spsc" | "mpmc" | "sieve" | "select4" | "pool-trivial" | "pool-async";
export type MemoryWorkload = "mem-channel" | "mem-receiver" | "mem-task";
/** The thread-pool workloads; the worker count is the workload's (threads-cpu runs at 1, 2 and 4). */
export type ThreadWorkload = "threads-tiny" | "threads-cpu-1" | "threads-cpu-2" | "threads-cpu-4" | "threads-transfer";
export type WorkloadName = TimedWorkload | MemoryWorkload | ThreadWorkload | "looplag" | "diagnostics";
/** The job a thread workload runs (bench/threads/work.mjs): `double`, `blur`, or a 1 MB buffer moved there and back. */
export type ThreadJob = "tiny" | "cpu" | "transfer";

/** A job function for the pool workloads. */
export type Job = (j: number) => number | Promise<number>;

/**
 * The pieces the memory workloads need. `C` is the library's channel type;
 * every channel is unbuffered where the library has such a thing.
 */
export interface MemoryOps<C> {
  /** One idle channel. */
  channel(): C;
  /**
   * Parks one receive on `ch` and returns its promise (the harness counts it
   * once settled), or returns undefined and calls `settled` itself.
   */
  parkRecv(ch: C, settled: () => void): PromiseLike<unknown> | undefined;
  /** Starts one task (async function, process) that parks receiving on `ch`, then calls `settled`. */
  parkTask(ch: C, settled: () => void): void;
  /** Offers one value on `ch` without waiting (a parked receiver takes it). */
  offer(ch: C, v: number): void;
}

export interface Contender {
  /** Row name in the tables. */
  readonly name: string;
  /** Channel workloads: n → check. Missing means "n/a". */
  readonly channel?: Partial<Record<Exclude<TimedWorkload, "pool-trivial" | "pool-async">, (n: number) => Promise<Check>>>;
  /** Pool workloads: every job in `jobs` through `fn`, at most `workers` at once; results tallied. */
  readonly pool?: (jobs: readonly number[], workers: number, fn: Job) => Promise<Check>;
  readonly memory?: MemoryOps<any>;
  /**
   * Thread workloads: every job in `jobs` run on `workers` threads, from
   * starting the pool to shutting it down; results tallied ("tiny", "cpu":
   * `Tally` of the returned numbers; "transfer": `Moved`, the job's buffer
   * made with `makeBuffer(j)`).
   */
  readonly threads?: Partial<Record<ThreadJob, (jobs: readonly number[], workers: number) => Promise<Check>>>;
  /** Why a workload is n/a for this contender, or where it deviates from the workload. */
  readonly notes?: Partial<Record<WorkloadName, string>>;
}

/** Order-independent tally of pool results: count, sum, and a 32-bit sum of squares. */
export class Tally {
  count = 0;
  sum = 0;
  sq = 0;
  add(r: number): void {
    this.count++;
    this.sum += r;
    this.sq = (this.sq + Math.imul(r, r)) >>> 0;
  }
  check(): Check {
    return { count: this.count, sum: this.sum, sq: this.sq };
  }
}

/** Tallies an array of results. */
export function tally(results: readonly number[]): Check {
  const t = new Tally();
  for (const r of results) t.add(r);
  return t.check();
}

/**
 * Per-producer FIFO check for the mpmc and select4 workloads: values are
 * `seq * k + producer`; each receiver must see every producer's values in
 * increasing `seq` order.
 */
export class Order {
  private readonly last: Int32Array;
  count = 0;
  sum = 0;
  bad = 0;
  constructor(private readonly k: number) {
    this.last = new Int32Array(k).fill(-1);
  }
  see(v: number, from = v % this.k): void {
    const p = v % this.k;
    const seq = (v - p) / this.k;
    if (p !== from || seq <= this.last[p]!) this.bad++;
    this.last[p] = seq;
    this.count++;
    this.sum += v;
  }
}

/** Sums several checks key by key. */
export function merge(checks: readonly Check[]): Check {
  const out: Record<string, number> = {};
  for (const c of checks) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * The tally of the transfer workload: each result must be a marked 1 MB
 * buffer (bench/threads/work.mjs), and by the time it is back, the buffer
 * sent for that job must be detached here (moved, not copied).
 */
export class Moved {
  private readonly sent: Array<Uint8Array | undefined>;
  count = 0;
  sum = 0;
  detached = 0;
  bad = 0;
  constructor(n: number) {
    this.sent = new Array<Uint8Array | undefined>(n);
  }
  /** Remembers job `j`'s buffer once it has been handed to the pool. */
  send(j: number, b: Uint8Array): void {
    this.sent[j] = b;
  }
  /** Checks one result. */
  got(b: Uint8Array, markedIndex: (b: Uint8Array) => number): void {
    const j = markedIndex(b);
    const input = j < 0 ? undefined : this.sent[j];
    if (input === undefined) {
      this.bad++;
      return;
    }
    this.sent[j] = undefined;
    if (input.byteLength === 0) this.detached++;
    this.count++;
    this.sum += j;
  }
  check(): Check {
    return { count: this.count, sum: this.sum, detached: this.detached, bad: this.bad };
  }
}

/** Throws a pool's failed result, so that a crash reads as one, not as a wrong sum. */
export function mustBeDone(r: { status: string; error?: unknown }): void {
  if (r.status !== "done") throw new Error(`a job ended ${r.status}: ${String(r.error instanceof Error ? (r.error.stack ?? r.error.message) : r.error)}`);
}

/**
 * Runs `run` over `jobs` with at most `width` outstanding: how the peers are
 * fed 1 MB buffers, so that a few MB wait rather than the whole run's.
 */
export async function inWindow(jobs: readonly number[], width: number, run: (j: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) await run(jobs[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
}

/**
 * Outstanding jobs for the peers in threads-tiny and threads-cpu: the room
 * gochan's Pool has there (buffer 1024 + results 1024). Handed all 200,000
 * at once (`Promise.all`, their READMEs' form), tinypool and workerpool took
 * 240-290 µs per job in a trial run here, piscina and poolifier 55-65: their
 * queues cost more as they grow.
 */
export const NUMBERS_WINDOW = 2048;

/** Outstanding 1 MB jobs for the peers in threads-transfer (gochan: buffer 8 + results 8). */
export const TRANSFER_WINDOW = 16;
