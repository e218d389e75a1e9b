// Seed 000, "Worker Pools in Go", with its workers on other threads: main
// is examples/seed000-basic-pool.ts line for line, and `worker` is the same
// function, moved to examples/seed000-worker.ts. The one new line says where
// it runs; `go worker(w, jobs, results, &wg)` stays one line.
import { Channel, onThread, run, WaitGroup } from "gochan";

const worker = onThread<typeof import("./seed000-worker.js").worker>(new URL("./seed000-worker.ts", import.meta.url), "worker");

async function main() {
  const numWorkers = 3;
  const numJobs = 5;

  const jobs = new Channel<number>(numJobs);
  const results = new Channel<number>(numJobs);
  const wg = new WaitGroup();

  // Start workers.
  for (let w = 0; w < numWorkers; w++) {
    wg.add(1);
    void worker(w, jobs, results, wg); // go worker(w, jobs, results, &wg), on another core
  }

  // Send jobs to the workers.
  for (let j = 0; j < numJobs; j++) {
    await jobs.send(j);
  }
  jobs.close();

  // Wait for all workers to finish.
  await wg.wait();
  results.close();

  // Collect results.
  for await (const result of results) {
    console.log("Result:", result);
  }
}

// run(main): the program ends when main returns, as Go's does, idle
// goroutine threads and all (Deno keeps a program alive while it has threads).
await run(main);
