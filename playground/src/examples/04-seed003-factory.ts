// Seed 003: the factory (5 workers, 1,000 jobs)
import { Channel, WaitGroup, go, run, sleep, type RecvChannel } from "gochan";

// 'worker' is our goroutine.
// It will receive jobs from the jobs channel and send
// a "done" signal to the wg when it's finished.
async function worker(id: number, wg: WaitGroup, jobs: RecvChannel<number>) {
  // When the worker exits, it tells the WaitGroup it's done.
  try {
    // The worker waits for jobs to come in over the jobs channel.
    // As soon as the channel is closed and empty, this loop will terminate.
    for await (const job of jobs) {
      console.log(`Worker ${id} started job ${job}`);
      // Simulate a heavy task
      await sleep(100);
      console.log(`— Worker ${id} finished job ${job}`);
    }
  } finally {
    wg.done(); // defer wg.Done()
  }
}

run(async () => {
  const numJobs = 1000;
  const numWorkers = 5;
  // Create the jobs channel.
  const jobs = new Channel<number>(numJobs, { name: "jobs" });

  // Create the WaitGroup.
  const wg = new WaitGroup();
  console.log(`Hiring ${numWorkers} workers...`);

  // 1. HIRE THE WORKERS
  // Add a counter to the WaitGroup for each worker.
  wg.add(numWorkers);

  for (let w = 1; w <= numWorkers; w++) {
    // Spin up the workers. They will immediately block,
    // waiting for the `jobs` channel to have something.
    void go(() => worker(w, wg, jobs), `worker ${w}`);
  }
  console.log(`Sending ${numJobs} jobs to the assembly line...`);
  // 2. SEND THE JOBS
  for (let j = 1; j <= numJobs; j++) {
    await jobs.send(j);
  }

  // 3. CLOSE THE CHANNEL
  // Without this, the workers would wait forever and the program would deadlock.
  jobs.close();
  console.log("All jobs sent. Waiting for workers to finish...");
  // 4. WAIT FOR COMPLETION
  await wg.wait();

  console.log("All workers finished. Factory is closed.");
});
