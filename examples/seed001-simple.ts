// Seed 001, "Worker Pool Pattern in Go": the simple example, line for line.
// No WaitGroup: main knows how many results to expect.
//
//   func worker(id int, jobs <-chan int, results chan<- int) {
//       for job := range jobs {
//           fmt.Printf("Worker %d processing job %d\n", id, job)
//           time.Sleep(time.Second) // Simulating work
//           results <- job * 2
//       }
//   }
//
//   func main() {
//       const numJobs = 5
//       const numWorkers = 3
//
//       jobs := make(chan int, numJobs)
//       results := make(chan int, numJobs)
//
//       // Start worker pool
//       for w := 1; w <= numWorkers; w++ {
//           go worker(w, jobs, results)
//       }
//
//       // Send jobs to the workers
//       for j := 1; j <= numJobs; j++ {
//           jobs <- j
//       }
//       close(jobs)
//
//       // Collect and print results
//       for a := 1; a <= numJobs; a++ {
//           result := <-results
//           fmt.Printf("Job result: %d\n", result)
//       }
//   }
import { Channel, sleep, type RecvChannel, type SendChannel } from "gochan";
import { ms } from "./scale.js";

async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>) {
  for await (const job of jobs) {
    console.log(`Worker ${id} processing job ${job}`);
    await sleep(ms(1000)); // Simulating work
    await results.send(job * 2);
  }
}

async function main() {
  const numJobs = 5;
  const numWorkers = 3;

  const jobs = new Channel<number>(numJobs);
  const results = new Channel<number>(numJobs);

  // Start worker pool
  for (let w = 1; w <= numWorkers; w++) {
    void worker(w, jobs, results);
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
}

await main();
