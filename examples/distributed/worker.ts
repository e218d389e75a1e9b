// Seed 001's imageProcessor as a worker process: it serves the queue with
// WORKERS workers until the producer closes it and nothing is left.
//
//   func imageProcessor(id int, jobs <-chan Job, results chan<- Result) {
//       for job := range jobs { ... results <- result }
//   }
import { sleep } from "gochan";
import { serve } from "gochan/bullmq";
import { ms } from "../scale.js";

export interface Job {
  ID: number;
  ImageURL: string;
  Size: number;
}

// JSON carries it to the producer: the error as its message, as Go's %v prints it.
export interface Result {
  JobID: number;
  ImageURL: string;
  NewSize: number;
  Error: string | null;
  TimeSpent: number; // milliseconds
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

const first = Number(process.env.FIRST_WORKER ?? 1);
const server = serve<Job, Result>(
  "seed001-images",
  async (job, { worker }) => {
    const id = first + worker - 1; // numbered across processes, as the seed numbers its goroutines
    const startTime = performance.now();
    console.log(`Worker ${id} processing image ${job.ID} from ${job.ImageURL}`);
    const result: Result = { JobID: job.ID, ImageURL: job.ImageURL, NewSize: job.Size, Error: null, TimeSpent: 0 };
    const err = await processImage(job);
    if (err !== null) {
      result.Error = err.message;
      return result;
    }
    result.TimeSpent = performance.now() - startTime;
    return result;
  },
  {
    connection: { host: process.env.REDIS_HOST ?? "127.0.0.1", port: Number(process.env.REDIS_PORT ?? 6379) },
    workers: Number(process.env.WORKERS ?? 2),
  },
);
process.on("SIGTERM", () => void server.close());
await server.ready;
process.send?.("ready"); // started by image-processor.ts: it sends once every worker process is up
await server.done;
