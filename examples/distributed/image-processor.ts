// Seed 001's image processor with the queue in Redis: this file is the
// producer (Go's main), worker.ts is imageProcessor in its own process.
//
//   npm run example:distributed
//
// runs this producer and two worker processes (two workers each, so
// numWorkers = 4 as on a 2-core machine) against a redis-server it starts
// on a free loopback port, or against REDIS_HOST/REDIS_PORT if set (then
// start the workers yourself, on any machine: `npx tsx examples/distributed/worker.ts`).
//
// The seed's lines come out as in examples/seed001-image-processor.ts: the
// workers print "Worker N processing image ...", the producer prints each
// result. Errors travel as values in Result, as in Go.
//
// Beside the seed: while no result comes for two seconds, the producer says
// what it waits on (producer.stats()), on stderr. Kill a worker process mid-run
// (`kill -9 <pid>`) to see it: the dead process's jobs show as stalled until
// BullMQ's stalled check hands them to the other process, up to about a
// minute with BullMQ's default lockDuration and stalledInterval.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { recv, select, Ticker } from "gochan";
import { Producer, type RemoteResult } from "gochan/bullmq";
import { formatDuration } from "../goduration.js";
import { startRedis } from "./redis.js";
import type { Job, Result } from "./worker.js";

const WORKER_PROCESSES = 2;
const WORKERS_EACH = 2;

async function main() {
  const own = process.env.REDIS_PORT === undefined ? await startRedis() : undefined;
  const connection = { host: process.env.REDIS_HOST ?? "127.0.0.1", port: own?.port ?? Number(process.env.REDIS_PORT) };
  const numJobs = 10;
  const producer = new Producer<Job, Result>("seed001-images", { connection, buffer: numJobs });
  // Initialize worker pool: here, worker processes (on one machine for the example).
  const workers: ChildProcess[] = [];
  if (own !== undefined) {
    for (let p = 0; p < WORKER_PROCESSES; p++) {
      workers.push(
        spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./worker.ts", import.meta.url))], {
          env: { ...process.env, REDIS_PORT: String(connection.port), WORKERS: String(WORKERS_EACH), FIRST_WORKER: String(1 + p * WORKERS_EACH) },
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        }),
      );
    }
    // As the seed starts its goroutines before the first send: every worker process is taking jobs.
    await Promise.all(workers.map((w) => new Promise((r) => w.once("message", r))));
  }
  // Send image processing jobs
  for (let j = 1; j <= numJobs; j++) {
    await producer.jobs.send({ ID: j, ImageURL: `https://example.com/image${j}.jpg`, Size: 100 * j });
  }
  producer.jobs.close(); // reaches every worker process: each leaves once the queue is empty
  // Collect and handle results; say what we wait on when none comes for a while.
  const progress = new Ticker(1000);
  let quiet = 0;
  for (let open = true; open; ) {
    open = await select([
      recv<RemoteResult<Job, Result>, boolean>(producer.results, (r, ok) => {
        if (!ok) return false;
        quiet = 0;
        if (r.status !== "done") throw new Error(`job ${r.job.ID} ${r.status}: ${String(r.error)}`); // a broken worker, not the seed's simulated error
        const result = r.value;
        if (result.Error !== null) {
          console.log(`Error processing image ${result.JobID}: ${result.Error}`);
        } else {
          console.log(`Successfully processed image ${result.JobID} to size ${result.NewSize}px in ${formatDuration(result.TimeSpent)}`);
        }
        return true;
      }),
      recv(progress.C, () => {
        if (++quiet < 2 || (quiet > 2 && quiet % 5 !== 0)) return true; // after 2 s without a result, then every 5 s
        const s = producer.stats();
        const stalled = s.stalled > 0 ? `, ${s.stalled} held by a worker that stopped (BullMQ's stalled check hands them on)` : "";
        console.error(`... waiting for ${s.unreported} result(s): ${s.running} running${stalled}`); // stderr: stdout is the seed's own output
        return true;
      }),
    ]);
  }
  progress.stop();
  await producer.wait();
  await Promise.all(workers.map((w) => (w.exitCode !== null ? null : new Promise((r) => w.on("exit", r)))));
  await own?.stop();
}

await main();
