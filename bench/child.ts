/**
 * One measurement, in a process of its own: `node --expose-gc child.js SPEC`
 * where SPEC is the JSON of a `ChildSpec`. Prints one JSON line, a
 * `ChildResult`, and exits. Every run's answer is checked against the
 * workload's expected one; a wrong answer is an error, never a timing.
 */
import type { Check, Contender } from "./contender.js";
import { isContenderName, loadContender } from "./registry.js";
import { PARKED_PER_CHANNEL, workload, type Workload } from "./workloads.js";

export interface ChildSpec {
  readonly workload: string;
  readonly contender: string;
  readonly n: number;
  /** Warm-up size; 0 for none. */
  readonly warmup: number;
  /** Measured runs; the result is their median. */
  readonly reps: number;
  /** "perjob": the size of the short run subtracted from the run of `n`. */
  readonly base?: number;
}

export type ChildResult =
  | { readonly ok: true; readonly value: number; readonly runMs: number; readonly fixedMs?: number; readonly note?: string }
  | { readonly ok: false; readonly na: true; readonly note: string }
  | { readonly ok: false; readonly na?: undefined; readonly error: string };

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("run with --expose-gc");
  collect();
  collect();
};

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function verify(w: Workload, c: string, n: number, got: Check): void {
  const want = w.expected(n);
  for (const k of Object.keys({ ...want, ...got })) {
    if (got[k] !== want[k]) {
      throw new Error(`${c} gave a wrong answer on ${w.name}(${n}): ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }
}

type Run = (n: number) => Promise<Check>;

/** The jobs 0..n-1 of a pool workload, made before the clock starts. */
const jobs = new Map<number, number[]>();
const jobsFor = (n: number): number[] => {
  let js = jobs.get(n);
  if (js === undefined) jobs.set(n, (js = Array.from({ length: n }, (_, j) => j)));
  return js;
};

function runner(w: Workload, c: Contender, spec: ChildSpec): Run | string {
  const na = c.notes?.[w.name] ?? "cannot express it";
  if (w.threads !== undefined) {
    const { job, workers } = w.threads;
    const run = c.threads?.[job];
    if (run === undefined) return na;
    for (const k of [spec.n, spec.warmup, spec.base ?? 0]) jobsFor(k);
    return (n) => run(jobsFor(n), workers);
  }
  if (w.pool !== undefined) {
    const { workers, fn } = w.pool;
    const pool = c.pool;
    if (pool === undefined) return na;
    jobsFor(spec.n);
    jobsFor(spec.warmup);
    return (n) => pool(jobsFor(n), workers, fn);
  }
  // looplag times spsc's loop; diagnostics is pingpong with diagnostics on.
  const key = w.name === "looplag" ? "spsc" : w.name === "diagnostics" ? "pingpong" : w.name;
  const run = c.channel?.[key as keyof NonNullable<Contender["channel"]>];
  return run ?? na;
}

/** Time of a run in ms (median of `reps`), after a warm-up run in the same process. */
async function timed(w: Workload, name: string, run: Run, spec: ChildSpec): Promise<ChildResult> {
  if (spec.warmup > 0) verify(w, name, spec.warmup, await run(spec.warmup));
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, spec.reps); i++) {
    gc();
    const t0 = performance.now();
    const check = await run(spec.n);
    times.push(performance.now() - t0);
    verify(w, name, spec.n, check);
  }
  const ms = times.sort((a, b) => a - b)[times.length >> 1]!;
  return { ok: true, value: ms, runMs: ms };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * µs per job once the threads are up: each rep times a run of `n` jobs and
 * a run of `base` jobs (each from starting the pool to shutting it down);
 * the value is (median of the first - median of the second) / (n - base).
 * `fixedMs` is what a run costs besides its jobs: start-up, shut-down.
 * Without `base` (smoke runs), one run of `n`, its time over `n`.
 */
async function perJob(w: Workload, name: string, run: Run, spec: ChildSpec): Promise<ChildResult> {
  const base = spec.base;
  if (base !== undefined && base >= spec.n) throw new Error(`${w.name}: base ${base} must be less than n ${spec.n}`);
  if (spec.warmup > 0) verify(w, name, spec.warmup, await run(spec.warmup));
  const long: number[] = [];
  const short: number[] = [];
  const sizes: Array<readonly [number, number[]]> = base === undefined ? [[spec.n, long]] : [[spec.n, long], [base, short]];
  for (let i = 0; i < Math.max(1, spec.reps); i++) {
    for (const [k, into] of sizes) {
      gc();
      const t0 = performance.now();
      const check = await run(k);
      into.push(performance.now() - t0);
      verify(w, name, k, check);
    }
  }
  const ms = median(long);
  if (base === undefined) return { ok: true, value: (ms / spec.n) * 1000, runMs: ms };
  const perJobMs = (ms - median(short)) / (spec.n - base);
  return { ok: true, value: perJobMs * 1000, runMs: ms, fixedMs: median(short) - base * perJobMs };
}

/**
 * Worst lateness of a chain of 1 ms timers while `run` goes. The gap after
 * the last tick counts too: a run that never lets a timer fire has a lag as
 * long as itself.
 */
async function lag(w: Workload, name: string, run: Run, spec: ChildSpec): Promise<ChildResult> {
  if (spec.warmup > 0) verify(w, name, spec.warmup, await run(spec.warmup));
  gc();
  let worst = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  const t0 = performance.now();
  const check = await run(spec.n);
  const end = performance.now();
  clearTimeout(timer);
  worst = Math.max(worst, end - last - 1);
  verify(w, name, spec.n, check);
  return { ok: true, value: Math.max(0, worst), runMs: end - t0 };
}

/** Heap bytes per item: items held (or parked) minus the same heap without them, after full GCs. */
async function memory(w: Workload, c: Contender, spec: ChildSpec): Promise<ChildResult> {
  const ops = c.memory;
  if (ops === undefined) return { ok: false, na: true, note: c.notes?.[w.name] ?? "cannot express it" };
  const n = spec.n;
  if (w.name === "mem-channel") {
    const held = new Array<unknown>(n).fill(null);
    gc();
    const base = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) held[i] = ops.channel();
    gc();
    const bytes = process.memoryUsage().heapUsed - base;
    if (held.some((x) => x === null)) throw new Error("a channel was not held");
    return { ok: true, value: bytes / n, runMs: 0 };
  }
  const chans = Array.from({ length: Math.ceil(n / PARKED_PER_CHANNEL) }, () => ops.channel());
  const promises = new Array<PromiseLike<unknown> | undefined>(n).fill(undefined);
  let settled = 0;
  const onSettled = (): void => void settled++;
  await turn();
  gc();
  const base = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) {
    const ch = chans[Math.floor(i / PARKED_PER_CHANNEL)];
    if (w.name === "mem-task") ops.parkTask(ch, onSettled);
    else promises[i] = ops.parkRecv(ch, onSettled);
  }
  await turn();
  await turn();
  gc();
  const bytes = process.memoryUsage().heapUsed - base;
  // Now prove they were real parked receivers: one value each wakes them all.
  for (const p of promises) if (p !== undefined) p.then(onSettled);
  if (settled !== 0) throw new Error(`${settled} receivers settled before any value was sent`);
  for (let i = 0; i < n; i++) ops.offer(chans[Math.floor(i / PARKED_PER_CHANNEL)], i);
  for (let i = 0; i < 20 && settled < n; i++) await turn();
  verify(w, c.name, n, { settled });
  return { ok: true, value: bytes / n, runMs: 0 };
}

async function main(): Promise<ChildResult> {
  const spec = JSON.parse(process.argv[2] ?? "{}") as ChildSpec;
  const w = workload(spec.workload);
  if (!isContenderName(spec.contender)) throw new Error(`no contender ${spec.contender}`);
  const c = await loadContender(spec.contender);
  if (w.measure === "memory") return memory(w, c, spec);
  const run = runner(w, c, spec);
  if (typeof run === "string") return { ok: false, na: true, note: run };
  const r = await (w.measure === "perjob" ? perJob(w, c.name, run, spec) : w.measure === "lag" ? lag(w, c.name, run, spec) : timed(w, c.name, run, spec));
  const note = c.notes?.[w.name]; // how this contender deviates from the workload, for its row
  return r.ok && note !== undefined ? { ...r, note } : r;
}

let result: ChildResult;
try {
  result = await main();
} catch (e) {
  result = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
