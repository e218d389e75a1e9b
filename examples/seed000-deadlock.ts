// Seed 000's worker pool with the commonest Go mistake made on purpose:
// `close(jobs)` forgotten. The workers range over jobs forever, main waits
// for them forever, and Go stops the program:
//
//   fatal error: all goroutines are asleep - deadlock!
//
// run(main) does the same: `npm run` it and read stderr, then check `$?` (2).
// With GOCHAN_DEBUG=1 each entry also says where it was called.
import { Channel, WaitGroup, run, type RecvChannel, type SendChannel } from "gochan";

async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>, wg: WaitGroup) {
  try {
    for await (const j of jobs) {
      console.log(`Worker ${id} processing task ${j}`);
      await results.send(j * 2);
      console.log(`Worker ${id} completed task ${j}`);
    }
  } finally {
    wg.done(); // defer wg.Done()
  }
}

async function main() {
  const numWorkers = 3;
  const numJobs = 5;

  const jobs = new Channel<number>(numJobs, { name: "jobs" });
  const results = new Channel<number>(numJobs, { name: "results" });
  const wg = new WaitGroup();

  for (let w = 0; w < numWorkers; w++) {
    wg.add(1);
    void worker(w, jobs, results, wg);
  }

  for (let j = 0; j < numJobs; j++) {
    await jobs.send(j);
  }
  // jobs.close(); <- forgotten

  await wg.wait();
  results.close();

  for await (const result of results) {
    console.log("Result:", result);
  }
}

run(main);
