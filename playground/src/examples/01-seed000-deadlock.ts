// Seed 000 with close(jobs) forgotten: a deadlock
import { Channel, WaitGroup, go, run, type RecvChannel, type SendChannel } from "gochan";

async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>, wg: WaitGroup) {
  try {
    for await (const j of jobs) {
      console.log(`Worker ${id} processing task ${j}`);
      await results.send(j * 2);
      console.log(`Worker ${id} completed task ${j}`);
    }
  } finally {
    wg.done();
  }
}

run(async () => {
  const numWorkers = 3;
  const numJobs = 5;

  const jobs = new Channel<number>(numJobs, { name: "jobs" });
  const results = new Channel<number>(numJobs, { name: "results" });
  const wg = new WaitGroup();

  for (let w = 0; w < numWorkers; w++) {
    wg.add(1);
    void go(() => worker(w, jobs, results, wg), `worker ${w}`);
  }

  for (let j = 0; j < numJobs; j++) {
    await jobs.send(j);
  }
  // jobs.close(); <- forgotten: the workers wait for more jobs for ever

  await wg.wait();
  results.close();

  for await (const result of results) {
    console.log("Result:", result);
  }
});
