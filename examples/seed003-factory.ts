// Seed 003, "Worker Pools in Go: The Minimal Pattern": the 1,000-job factory,
// line for line. A WaitGroup is the shift manager; closing jobs ends the shift.
//
//   func worker(id int, wg *sync.WaitGroup, jobs <-chan int) {
//       defer wg.Done()
//       for job := range jobs {
//           fmt.Printf("Worker %d started job %d\n", id, job)
//           time.Sleep(100 * time.Millisecond)
//           fmt.Printf("— Worker %d finished job %d\n", id, job)
//       }
//   }
//
//   func main() {
//       const numJobs = 1000
//       const numWorkers = 5
//       jobs := make(chan int, numJobs)
//       var wg sync.WaitGroup
//       fmt.Printf("Hiring %d workers...\n", numWorkers)
//       wg.Add(numWorkers)
//       for w := 1; w <= numWorkers; w++ {
//           go worker(w, &wg, jobs)
//       }
//       fmt.Printf("Sending %d jobs to the assembly line...\n", numJobs)
//       for j := 1; j <= numJobs; j++ {
//           jobs <- j
//       }
//       close(jobs)
//       fmt.Println("All jobs sent. Waiting for workers to finish...")
//       wg.Wait()
//       fmt.Println("All workers finished. Factory is closed.")
//   }
import { Channel, sleep, WaitGroup, type RecvChannel } from "gochan";
import { ms } from "./scale.js";

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
      await sleep(ms(100));
      console.log(`— Worker ${id} finished job ${job}`);
    }
  } finally {
    wg.done(); // defer wg.Done()
  }
}

async function main() {
  const numJobs = 1000;
  const numWorkers = 5;
  // Create the jobs channel.
  const jobs = new Channel<number>(numJobs);

  // Create the WaitGroup.
  const wg = new WaitGroup();
  console.log(`Hiring ${numWorkers} workers...`);

  // 1. HIRE THE WORKERS
  // Add a counter to the WaitGroup for each worker.
  wg.add(numWorkers);

  for (let w = 1; w <= numWorkers; w++) {
    // Spin up the workers. They will immediately block,
    // waiting for the `jobs` channel to have something.
    void worker(w, wg, jobs);
  }
  console.log(`Sending ${numJobs} jobs to the assembly line...`);
  // 2. SEND THE JOBS
  // Load all 1,000 jobs into the channel.
  for (let j = 1; j <= numJobs; j++) {
    await jobs.send(j);
  }

  // 3. CLOSE THE CHANNEL
  // This is the critical step! We tell the workers: "No more jobs are coming."
  // Without this, the workers would wait forever (`for await (... of jobs)`).
  jobs.close();
  console.log("All jobs sent. Waiting for workers to finish...");
  // 4. WAIT FOR COMPLETION
  // `wg.wait()` resolves when the WaitGroup counter
  // (which is decremented by `wg.done()`) hits 0.
  await wg.wait();

  console.log("All workers finished. Factory is closed.");
}

await main();
