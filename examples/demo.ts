// `npm run demo`: seed 001's image processor, run through gochan's Pool.
//
// The same job as examples/seed001-image-processor.ts (random 0-500 ms of
// "processing", 10% simulated failures, 2 workers per core), with what the
// seed's best practices ask for on top: errors as results, a per-job timeout,
// monitoring. On a terminal it draws live progress; piped, it logs one line
// per result. Either way it ends with a summary table.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultWorkers, JobTimeoutError, Pool, run, sleep, type JobContext, type PoolStats, type Result } from "gochan";
import { formatDuration } from "./goduration.js";
import { ms } from "./scale.js";

interface Job {
  ID: number;
  ImageURL: string;
  Size: number;
}

const numJobs = 60;
const numWorkers = defaultWorkers() * 2; // Use 2 workers per CPU core
const timeout = ms(450); // processImage takes up to 500 ms: a few will time out

// processImage, as in the seed, but it honours its signal: a timed-out job stops sleeping.
async function processImage(job: Job, { signal }: JobContext): Promise<number> {
  await sleep(ms(Math.floor(Math.random() * 500)), { signal });
  if (Math.random() < 0.1) throw new Error(`failed to process image ${job.ID}: simulation error`);
  return job.Size;
}

const tty = process.stdout.isTTY === true;
const started = performance.now();
let drawn = false;

function draw(s: PoolStats) {
  const finished = s.completed + s.failed + s.timedOut + s.cancelled;
  const width = 30;
  const filled = Math.round((finished / numJobs) * width);
  const secs = (performance.now() - started) / 1000;
  const lines = [
    `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${finished}/${numJobs} images`,
    `workers busy ${s.running}/${s.workers}   queued ${s.queued}   ` +
      `done ${s.completed}   failed ${s.failed}   timed out ${s.timedOut}   ` +
      `${(finished / Math.max(secs, 1e-3)).toFixed(1)} images/s`,
  ];
  process.stdout.write((drawn ? "\x1b[2A" : "") + lines.map((l) => `\x1b[2K${l}\n`).join(""));
  drawn = true;
}

function log(r: Result<Job, number>) {
  const id = r.job.ID;
  if (r.status === "done") console.log(`Successfully processed image ${id} to size ${r.value}px in ${formatDuration(r.duration)}`);
  else if (r.status === "timeout") console.log(`Timed out processing image ${id} after ${formatDuration(r.duration)}`);
  else console.log(`Error processing image ${id}: ${(r.error as Error).message}`);
}

async function main() {
  const pool = new Pool(processImage, {
    workers: numWorkers,
    buffer: numJobs,
    timeout,
    onProgress: tty ? (s) => draw(s) : undefined,
  });

  // Send image processing jobs, then close: the seed's loop and close(jobs).
  void (async () => {
    for (let j = 1; j <= numJobs; j++) {
      await pool.jobs.send({ ID: j, ImageURL: `https://example.com/image${j}.jpg`, Size: 100 * j });
    }
    pool.jobs.close();
  })();

  // Collect and handle results.
  const timedOut: number[] = [];
  for await (const r of pool.results) {
    if (!tty) log(r);
    if (r.status === "timeout" && r.error instanceof JobTimeoutError) timedOut.push(r.job.ID);
  }
  await pool.wait();

  const s = pool.stats();
  const secs = (performance.now() - started) / 1000;
  console.log("");
  console.table({
    images: { count: s.submitted },
    done: { count: s.completed },
    failed: { count: s.failed },
    "timed out": { count: s.timedOut },
  });
  console.table(
    Object.fromEntries(
      Object.entries(s.busy).map(([w, busy]) => [`worker ${w}`, { "busy (ms)": Math.round(busy), "busy (%)": Math.round(busy / (secs * 10)) }]),
    ),
  );
  console.log(`${s.submitted} images in ${secs.toFixed(2)} s with ${s.workers} workers (${(s.submitted / secs).toFixed(1)} images/s)`);
  if (timedOut.length > 0) console.log(`timed out after ${formatDuration(timeout)}: images ${timedOut.join(", ")}`);
}

// Run as Go runs main, recording a trace of the run: the last line says where to open it.
run(main, { trace: process.env.GOCHAN_TRACE || join(tmpdir(), "gochan-demo-trace.html") });
