// Seed 001's image processor on threads, with real work: each job is a
// generated 640×480 image, moved (not copied) to a thread that turns it
// gray, blurs it and resizes it to job.Size pixels wide (image-worker.ts),
// and moves the thumbnail back. The Go beside it is the seed's main():
//
//   numCPU := runtime.NumCPU()
//   runtime.GOMAXPROCS(numCPU)
//   numWorkers := numCPU * 2 // Use 2 workers per CPU core
//   const numJobs = 10
//   jobs := make(chan Job, numJobs)
//   results := make(chan Result, numJobs)
//   for w := 1; w <= numWorkers; w++ {
//       go imageProcessor(w, jobs, results)
//   }
//   for j := 1; j <= numJobs; j++ {
//       jobs <- Job{ID: j, ImageURL: fmt.Sprintf("https://example.com/image%d.jpg", j), Size: 100 * j}
//   }
//   close(jobs)
//   for a := 1; a <= numJobs; a++ {
//       result := <-results
//       if result.Error != nil {
//           fmt.Printf("Error processing image %d: %v\n", result.JobID, result.Error)
//       } else {
//           fmt.Printf("Successfully processed image %d to size %dpx in %v\n", result.JobID, result.NewSize, result.TimeSpent)
//       }
//   }
//
// Go's goroutines run on every core (GOMAXPROCS); here the Pool's workers
// are threads because it is given a module, not a function. Everything else
// is the same Pool: jobs in, results out, each result once.
import { defaultWorkers, Pool } from "gochan";
import { transfer } from "gochan/threads";
import { formatDuration } from "./goduration.js";
import { downloadImage, type Job, type Thumbnail } from "./image-worker.js";

async function main() {
  const numCPU = defaultWorkers(); // runtime.NumCPU(); GOMAXPROCS is the pool's `workers` (docs/threads.md)
  const numWorkers = numCPU * 2; // Use 2 workers per CPU core
  const numJobs = 10;
  // Initialize worker pool: numWorkers threads, each running image-worker.ts's processImage.
  const pool = new Pool<Job, Thumbnail>(new URL("./image-worker.ts", import.meta.url), { workers: numWorkers, buffer: numJobs });

  // Send image processing jobs. `transfer` marks each image's buffer to be
  // moved, not copied: once the job goes to its thread, `pixels` here is
  // empty (detached), so the sender must not touch it after the send.
  for (let j = 1; j <= numJobs; j++) {
    const pixels = downloadImage(j);
    const job: Job = { ID: j, ImageURL: `https://example.com/image${j}.jpg`, Size: 100 * j, width: 640, height: 480, pixels };
    await pool.jobs.send(transfer(job, [pixels.buffer]));
  }
  pool.jobs.close();

  // Collect and handle results.
  for (let a = 1; a <= numJobs; a++) {
    const [r] = await pool.results.recv();
    // The seed's worker prints this line as it starts a job. A thread's
    // console.log reaches the terminal late on Node, and the lines still
    // buffered when the pool ends its threads are lost (docs/threads.md),
    // so the main thread prints it, from the result.
    console.log(`Worker ${r!.worker} processing image ${r!.job.ID} from ${r!.job.ImageURL}`);
    if (r!.status === "done") {
      console.log(`Successfully processed image ${r!.value.JobID} to size ${r!.value.NewSize}px in ${formatDuration(r!.duration)}`);
    } else {
      console.log(`Error processing image ${r!.job.ID}: ${(r!.error as Error).message}`);
    }
  }
  await pool.wait();
}

await main();
