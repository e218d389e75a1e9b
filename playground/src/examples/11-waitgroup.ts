// WaitGroup: wait for a set of goroutines
import { WaitGroup, go, run, sleep } from "gochan";

async function worker(id: number) {
  await sleep(id * 100);
  console.log(`Worker ${id} done`);
}

run(async () => {
  const wg = new WaitGroup();
  for (let i = 1; i <= 3; i++) {
    wg.add(1);
    void go(async () => {
      try {
        await worker(i);
      } finally {
        wg.done(); // defer wg.Done()
      }
    }, `worker ${i}`);
  }
  console.log("started 3 workers");
  await wg.wait(); // until every done()
  console.log("all done");
});
