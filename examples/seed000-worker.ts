// Seed 000's worker, unchanged from examples/seed000-basic-pool.ts, in a
// module of its own so that examples/seed000-threads.ts can start it on
// other threads.
import type { RecvChannel, SendChannel, WaitGroup } from "gochan";

export async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>, wg: WaitGroup) {
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
