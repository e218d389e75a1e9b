// `npm run demo`: seed 001's image processor with real work, run twice
// through gochan's Pool: first on one thread, then on threads.
//
// Each job is a 640×480 image to turn gray, blur and resize
// (examples/image-worker.ts, a few milliseconds of computation). Both runs
// get the same jobs, the same handler and one worker per core. The only
// difference is what the Pool is given: the function itself (its workers
// take turns on this thread) or the module that exports it (each worker is
// a thread). The demo ends with the measured speed-up, on the whole run
// (the threads' start included) and in the steady state (the middle 80% of
// the results), and how many cores each run really had: threads only get
// what the system gives, and when it gave less than the machine's cores,
// the demo says so.
//
// On a terminal it draws live progress; piped, it logs one line per result.
// Ctrl-C prints the summary so far. `npm run demo -- 40` runs 40 images.
import { readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { defaultWorkers, Pool, run, type PoolStats, type Result } from "gochan";
import { transfer } from "gochan/threads";
import { formatDuration } from "./goduration.js";
import { downloadImage, processImage, type Job, type Thumbnail } from "./image-worker.js";

// 200 images: about 1.5 s of work on one core, so the threads' start (a few
// hundred ms under tsx) does not decide the whole run.
const numJobs = Number(process.argv[2] ?? 200);
if (!Number.isInteger(numJobs) || numJobs < 1) throw new RangeError(`demo: the number of images must be a whole number ≥ 1, got ${process.argv[2]}`);
const numCPU = defaultWorkers();
// One worker per core: the Pool's default. (The seed uses 2 per core; for
// CPU-bound work on threads, more workers than cores only start more threads.)
const numWorkers = numCPU;
const [width, height] = [640, 480];

// Ten "downloaded" originals; each job gets its own copy (a copy costs far less than the processing).
const originals = Array.from({ length: 10 }, (_, i) => downloadImage(i + 1, width, height));
function job(j: number): Job {
  const pixels = originals[(j - 1) % originals.length]!.slice();
  return { ID: j, ImageURL: `https://example.com/image${j}.jpg`, Size: 100 * (1 + ((j - 1) % 5)), width, height, pixels };
}

interface Run {
  name: string;
  pool: Pool<Job, Thumbnail>;
  started: number;
  /** The process's CPU time (every thread's) at the start, and used since, in ms. */
  cpu0: number;
  cpu: number;
  stats: PoolStats;
  seconds: number;
  /** Until the first result: on threads, mostly their start. */
  firstMs: number;
  /** When each result came, in ms since the start. */
  at: number[];
  done: boolean;
}
const runs: Run[] = [];

const tty = process.stdout.isTTY === true;
let drawn = false;

/**
 * The progress line. "workers busy" is the average number of handlers that
 * ran over the last quarter second, from the pool's per-worker busy time:
 * the share of the time the workers really spent in handlers. On one thread
 * it stays near 1 whatever the number of workers (they take turns); on
 * threads it reaches the number of workers.
 */
function progress(run: Run, prev: { at: number; busy: number }) {
  const s = run.stats;
  const now = performance.now();
  const busy = Object.values(s.busy).reduce((a, b) => a + b, 0);
  const avg = now > prev.at ? (busy - prev.busy) / (now - prev.at) : 0;
  prev.at = now;
  prev.busy = busy;
  const finished = s.completed + s.failed + s.timedOut + s.cancelled;
  const bar = 30;
  const filled = Math.round((finished / numJobs) * bar);
  const lines = [
    `${run.name.padEnd(12)} [${"#".repeat(filled)}${".".repeat(bar - filled)}] ${finished}/${numJobs} images`,
    `workers busy ${Math.min(avg, s.workers).toFixed(1)}/${s.workers}   queued ${s.queued}   ` +
      `done ${s.completed}   failed ${s.failed}   ${(finished / Math.max(run.seconds, 1e-3)).toFixed(1)} images/s`,
  ];
  process.stdout.write((drawn ? "\x1b[2A" : "") + lines.map((l) => `\x1b[2K${l}\n`).join(""));
  drawn = true;
}

function log(r: Result<Job, Thumbnail>) {
  const id = r.job.ID;
  if (r.status === "done") console.log(`Successfully processed image ${id} to size ${r.value.NewSize}px in ${formatDuration(r.duration)}`);
  else if (r.status === "timeout") console.log(`Timed out processing image ${id} after ${formatDuration(r.duration)}`);
  else console.log(`Error processing image ${id}: ${(r.error as Error).message}`);
}

/** Runs every job through `pool`, sending as the seed does (then close), receiving until `results` closes. */
async function runThrough(name: string, pool: Pool<Job, Thumbnail>, started: number): Promise<Run> {
  const run: Run = { name, pool, started, cpu0: cpuTime(), cpu: 0, stats: pool.stats(), seconds: 0, firstMs: 0, at: [], done: false };
  runs.push(run);
  if (!tty) console.log(`== ${name}: ${numJobs} images, ${pool.stats().workers} workers ==`);
  drawn = false;
  const prev = { at: started, busy: 0 };
  const tick = () => {
    measure(run);
    if (tty) progress(run, prev);
  };
  const timer = setInterval(tick, 250);

  // Send image processing jobs, then close: the seed's loop and close(jobs).
  void (async () => {
    for (let j = 1; j <= numJobs; j++) {
      const image = job(j);
      await pool.jobs.send(transfer(image, [image.pixels.buffer])); // moved to its thread; on one thread nothing crosses
    }
    pool.jobs.close();
  })();

  // Collect and handle results.
  for await (const r of pool.results) {
    run.at.push(performance.now() - started);
    if (run.firstMs === 0) run.firstMs = run.at[0]!;
    if (!tty) log(r);
  }
  await pool.settled();
  clearInterval(timer);
  tick();
  run.done = true;
  return run;
}

/** How many handlers ran at once, on average over the run: the workers' busy time over the run's time. */
function busyAverage(r: Run): number {
  return Object.values(r.stats.busy).reduce((a, b) => a + b, 0) / 1000 / Math.max(r.seconds, 1e-3);
}

/** CPU time used by the whole process, every thread included, in ms; NaN where that cannot be known. */
function cpuTime(): number {
  const v = process.versions as { deno?: string; bun?: string };
  if (v.deno === undefined && v.bun === undefined) {
    const { user, system } = process.cpuUsage(); // Node's counts every thread
    return (user + system) / 1000;
  }
  // Deno's and Bun's process.cpuUsage() count the main thread only: ask Linux
  // for the whole process (utime and stime, in ticks of 10 ms).
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * How many cores the run had, on average: its CPU time over its time. On a
 * machine that other programs keep busy, the threads get no more than the
 * system gives, and this says so.
 */
function coresUsed(r: Run): number {
  return r.cpu / 1000 / Math.max(r.seconds, 1e-3);
}

/** `coresUsed`, printed: "n/a" where the process's CPU time cannot be read (Deno without -A). */
function cores(r: Run): string {
  const c = coresUsed(r);
  return Number.isFinite(c) ? c.toFixed(2) : "n/a";
}

function measure(run: Run) {
  run.stats = run.pool.stats();
  run.seconds = (performance.now() - run.started) / 1000;
  run.cpu = cpuTime() - run.cpu0;
}

function summary() {
  console.log("");
  console.table(
    Object.fromEntries(
      runs.map((r) => [
        r.name,
        {
          images: r.stats.completed + r.stats.failed + r.stats.timedOut + r.stats.cancelled,
          done: r.stats.completed,
          failed: r.stats.failed,
          workers: r.stats.workers,
          seconds: Number(r.seconds.toFixed(2)),
          "images/s": Number(((r.stats.completed + r.stats.failed) / Math.max(r.seconds, 1e-3)).toFixed(1)),
          "first result (ms)": Math.round(r.firstMs),
          "workers busy (avg)": Number(busyAverage(r).toFixed(2)),
          "cores used": Number.isFinite(coresUsed(r)) ? Number(coresUsed(r).toFixed(2)) : "n/a",
        },
      ]),
    ),
  );
  for (const r of runs) {
    console.log(
      `${r.name}: ${r.stats.submitted} images in ${r.seconds.toFixed(2)} s with ${r.stats.workers} workers, ` +
        `${busyAverage(r).toFixed(2)} of them busy on average, ${cores(r)} cores used${r.done ? "" : " (interrupted)"}`,
    );
  }
  const [one, many] = runs;
  if (one?.done && many?.done) {
    console.log(
      `speed-up: ${(one.seconds / many.seconds).toFixed(2)}× on threads for the whole run, their start included; ` +
        `${(steadyRate(many) / steadyRate(one)).toFixed(2)}× in the steady state (the threads had ${cores(many)} of ${numCPU} cores)`,
    );
    console.log(
      `the threads took ${Math.round(many.firstMs)} ms to their first result: each thread starts and loads the handler module` +
        (process.execArgv.some((a) => a.includes("tsx")) ? " (under tsx on a Node without type stripping, the TypeScript handler is first bundled to JavaScript, once)" : ""),
    );
    const usable = Math.min(numWorkers, numCPU);
    if (coresUsed(many) < usable - 0.5) { // false for NaN: where the CPU time is unknown, nothing is claimed
      console.log(
        `this machine was busy: the threads got ${coresUsed(many).toFixed(2)} of its ${numCPU} cores ` +
          `(load average ${loadavg()[0]!.toFixed(2)}), so they took turns instead of computing side by side, ` +
          `and could not go ${usable}× faster. On an idle machine, expect close to ${usable}×.`,
      );
    }
  }
}

/**
 * Images per second in the steady state: between the results at 10% and at
 * 90% of the run, which leaves out the threads' start and the last jobs'
 * tail (the last few running while the other threads have none).
 */
function steadyRate(r: Run): number {
  const a = Math.floor(r.at.length * 0.1);
  const b = Math.max(a + 1, Math.ceil(r.at.length * 0.9) - 1);
  if (b >= r.at.length) return r.at.length / Math.max(r.seconds, 1e-3);
  return ((b - a) * 1000) / Math.max(r.at[b]! - r.at[a]!, 1e-3);
}

// Ctrl-C: the summary so far, then exit as an interrupted program does.
process.once("SIGINT", () => {
  if (tty) process.stdout.write("\n");
  console.log("interrupted: the summary so far");
  for (const r of runs) if (!r.done) measure(r);
  summary();
  process.exit(130);
});

async function main() {
  // 1. One thread: the Pool is given the handler itself. Its workers take turns.
  let started = performance.now();
  await runThrough("one thread", new Pool<Job, Thumbnail>(processImage, { workers: numWorkers, buffer: numWorkers }), started);
  // 2. Threads: the same Pool, given the module whose default export is that handler.
  started = performance.now();
  await runThrough(
    "threads",
    new Pool<Job, Thumbnail>(new URL("./image-worker.ts", import.meta.url), { workers: numWorkers, buffer: numWorkers }),
    started,
  );
  summary();
}

// Run as Go runs main, recording a trace of the run: the last line says where to open it.
run(main, { trace: process.env.GOCHAN_TRACE || join(tmpdir(), "gochan-demo-trace.html") });
