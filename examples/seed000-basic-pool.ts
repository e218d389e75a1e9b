// Seed 000, "Worker Pools in Go": the basic pool with a WaitGroup, line for line.
//
//   func worker(id int, jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
//       defer wg.Done()
//       for j := range jobs {
//           fmt.Printf("Worker %d processing task %d\n", id, j)
//           // Simulate work by multiplying the number by 2.
//           results <- j * 2
//           fmt.Printf("Worker %d completed task %d\n", id, j)
//       }
//   }
//
//   func main() {
//       const numWorkers = 3
//       const numJobs = 5
//
//       jobs := make(chan int, numJobs)
//       results := make(chan int, numJobs)
//       var wg sync.WaitGroup
//
//       // Start workers.
//       for w := 0; w < numWorkers; w++ {
//           wg.Add(1)
//           go worker(w, jobs, results, &wg)
//       }
//
//       // Send jobs to the workers.
//       for j := 0; j < numJobs; j++ {
//           jobs <- j
//       }
//       close(jobs)
//
//       // Wait for all workers to finish.
//       wg.Wait()
//       close(results)
//
//       // Collect results.
//       for result := range results {
//           fmt.Println("Result:", result)
//       }
//   }
import { Channel, WaitGroup, type RecvChannel, type SendChannel } from "gochan";

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

async function main() {
  const numWorkers = 3;
  const numJobs = 5;

  const jobs = new Channel<number>(numJobs);
  const results = new Channel<number>(numJobs);
  const wg = new WaitGroup();

  // Start workers.
  for (let w = 0; w < numWorkers; w++) {
    wg.add(1);
    void worker(w, jobs, results, wg);
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

await main();
