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
export type WorkloadName = TimedWorkload | MemoryWorkload | "looplag" | "diagnostics";

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
