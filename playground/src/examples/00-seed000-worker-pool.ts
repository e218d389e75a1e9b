// Seed 000: worker pool with a WaitGroup
import { Channel, WaitGroup, go, run, type RecvChannel, type SendChannel } from "gochan";

async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>, wg: WaitGroup) {
  try {
    for await (const j of jobs) {
      console.log(`Worker ${id} processing task ${j}`);
      // Simulate work by multiplying the number by 2.
      await results.send(j * 2);
      console.log(`Worker ${id} completed task ${j}`);
    }
  } finally {
    wg.done(); // defer wg.Done()
  }
}

run(async () => {
  const numWorkers = 3;
  const numJobs = 5;

  const jobs = new Channel<number>(numJobs, { name: "jobs" });
  const results = new Channel<number>(numJobs, { name: "results" });
  const wg = new WaitGroup();

  // Start workers.
  for (let w = 0; w < numWorkers; w++) {
    wg.add(1);
    void go(() => worker(w, jobs, results, wg), `worker ${w}`);
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
});
