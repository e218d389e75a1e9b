// Seed 002: worker pool, started and finished jobs
import { Channel, go, run, sleep, type RecvChannel, type SendChannel } from "gochan";

async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>) {
  for await (const j of jobs) {
    console.log("worker", id, "started  job", j);
    await sleep(1000);
    console.log("worker", id, "finished job", j);
    await results.send(j * 2);
  }
}

run(async () => {
  const numJobs = 5;
  const numWorkers = 3;

  const jobs = new Channel<number>(numJobs, { name: "jobs" });
  const results = new Channel<number>(numJobs, { name: "results" });

  for (let w = 1; w <= numWorkers; w++) {
    void go(() => worker(w, jobs, results), `worker ${w}`);
  }

  for (let j = 1; j <= numJobs; j++) {
    await jobs.send(j);
  }
  jobs.close();

  for (let a = 1; a <= numJobs; a++) {
    await results.recv();
  }
});
