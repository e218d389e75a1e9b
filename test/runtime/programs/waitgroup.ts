// main waits for a worker that waits for a job that never comes (seed 000 without close).
import { Channel, WaitGroup, run } from "gochan";

run(async () => {
  const jobs = new Channel<number>(2, { name: "jobs" });
  const wg = new WaitGroup();
  void wg.go(async () => {
    for await (const j of jobs) void j;
  });
  await jobs.send(1);
  await wg.wait();
});
