// Seed 001: the simple worker pool
import { Channel, go, run, sleep, type RecvChannel, type SendChannel } from "gochan";

async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>) {
  for await (const job of jobs) {
    console.log(`Worker ${id} processing job ${job}`);
    await sleep(1000); // Simulating work
    await results.send(job * 2);
  }
}

run(async () => {
  const numJobs = 5;
  const numWorkers = 3;

  const jobs = new Channel<number>(numJobs, { name: "jobs" });
  const results = new Channel<number>(numJobs, { name: "results" });

  // Start worker pool
  for (let w = 1; w <= numWorkers; w++) {
    void go(() => worker(w, jobs, results), `worker ${w}`);
  }

  // Send jobs to the workers
  for (let j = 1; j <= numJobs; j++) {
    await jobs.send(j);
  }
  jobs.close();

  // Collect and print results
  for (let a = 1; a <= numJobs; a++) {
    const [result] = await results.recv();
    console.log(`Job result: ${result}`);
  }
});
