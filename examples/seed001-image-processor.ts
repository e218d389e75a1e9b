// Seed 001, "Worker Pool Pattern in Go": the real-world image processor,
// line for line. Errors travel as values in Result, as in Go.
//
//   type Job struct { ID int; ImageURL string; Size int }
//   type Result struct { JobID int; ImageURL string; NewSize int; Error error; TimeSpent time.Duration }
//
//   func imageProcessor(id int, jobs <-chan Job, results chan<- Result) {
//       for job := range jobs {
//           startTime := time.Now()
//           fmt.Printf("Worker %d processing image %d from %s\n", id, job.ID, job.ImageURL)
//           result := Result{JobID: job.ID, ImageURL: job.ImageURL, NewSize: job.Size}
//           // Simulate image processing with realistic steps
//           err := processImage(job)
//           if err != nil {
//               result.Error = err
//               results <- result
//               continue
//           }
//           result.TimeSpent = time.Since(startTime)
//           results <- result
//       }
//   }
//
//   func processImage(job Job) error {
//       // Simulate various image processing steps
//       time.Sleep(time.Duration(rand.Intn(500)) * time.Millisecond)
//       // Simulate potential errors
//       if rand.Float32() < 0.1 {
//           return fmt.Errorf("failed to process image %d: simulation error", job.ID)
//       }
//       return nil
//   }
//
//   func main() {
//       numCPU := runtime.NumCPU()
//       runtime.GOMAXPROCS(numCPU)
//       numWorkers := numCPU * 2 // Use 2 workers per CPU core
//       const numJobs = 10
//       jobs := make(chan Job, numJobs)
//       results := make(chan Result, numJobs)
//       // Initialize worker pool
//       for w := 1; w <= numWorkers; w++ {
//           go imageProcessor(w, jobs, results)
//       }
//       // Send image processing jobs
//       for j := 1; j <= numJobs; j++ {
//           jobs <- Job{ID: j, ImageURL: fmt.Sprintf("https://example.com/image%d.jpg", j), Size: 100 * j}
//       }
//       close(jobs)
//       // Collect and handle results
//       for a := 1; a <= numJobs; a++ {
//           result := <-results
//           if result.Error != nil {
//               fmt.Printf("Error processing image %d: %v\n", result.JobID, result.Error)
//           } else {
//               fmt.Printf("Successfully processed image %d to size %dpx in %v\n",
//                   result.JobID, result.NewSize, result.TimeSpent)
//           }
//       }
//   }
import { Channel, defaultWorkers, sleep, type RecvChannel, type SendChannel } from "gochan";
import { formatDuration } from "./goduration.js";
import { ms } from "./scale.js";

interface Job {
  ID: number;
  ImageURL: string;
  Size: number;
}

interface Result {
  JobID: number;
  ImageURL: string;
  NewSize: number;
  Error: Error | null;
  TimeSpent: number; // milliseconds
}

async function imageProcessor(id: number, jobs: RecvChannel<Job>, results: SendChannel<Result>) {
  for await (const job of jobs) {
    const startTime = performance.now();
    console.log(`Worker ${id} processing image ${job.ID} from ${job.ImageURL}`);
    const result: Result = { JobID: job.ID, ImageURL: job.ImageURL, NewSize: job.Size, Error: null, TimeSpent: 0 };
    // Simulate image processing with realistic steps
    const err = await processImage(job);
    if (err !== null) {
      result.Error = err;
      await results.send(result);
      continue;
    }
    result.TimeSpent = performance.now() - startTime;
    await results.send(result);
  }
}

async function processImage(job: Job): Promise<Error | null> {
  // Simulate various image processing steps
  await sleep(ms(Math.floor(Math.random() * 500)));
  // Simulate potential errors
  if (Math.random() < 0.1) {
    return new Error(`failed to process image ${job.ID}: simulation error`);
  }
  return null;
}

async function main() {
  const numCPU = defaultWorkers(); // runtime.NumCPU(); JavaScript has no GOMAXPROCS
  const numWorkers = numCPU * 2; // Use 2 workers per CPU core
  const numJobs = 10;
  const jobs = new Channel<Job>(numJobs);
  const results = new Channel<Result>(numJobs);
  // Initialize worker pool
  for (let w = 1; w <= numWorkers; w++) {
    void imageProcessor(w, jobs, results);
  }
  // Send image processing jobs
  for (let j = 1; j <= numJobs; j++) {
    await jobs.send({ ID: j, ImageURL: `https://example.com/image${j}.jpg`, Size: 100 * j });
  }
  jobs.close();
  // Collect and handle results
  for (let a = 1; a <= numJobs; a++) {
    const [result] = await results.recv();
    if (result!.Error !== null) {
      console.log(`Error processing image ${result!.JobID}: ${result!.Error.message}`);
    } else {
      console.log(
        `Successfully processed image ${result!.JobID} to size ${result!.NewSize}px in ${formatDuration(result!.TimeSpent)}`,
      );
    }
  }
}

await main();
