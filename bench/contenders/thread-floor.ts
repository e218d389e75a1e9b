/**
 * The floors of the thread workloads: raw worker_threads (bench/floor/threads.ts)
 * batching 256 tiny jobs per message, or one job per message for slow and
 * 1 MB jobs (two in flight per thread either way); and, for the CPU-heavy
 * jobs, one thread: the same function in a plain loop here, no pool at all,
 * which the speed-ups divide by.
 */
import { Moved, Tally, type Check, type Contender } from "../contender.js";
import { floorThreads } from "../floor/threads.js";
import { blur, makeBuffer, markedIndex } from "../threads/work.mjs";

async function numbers(jobs: readonly number[], workers: number, job: "double" | "blur", batch: number): Promise<Check> {
  const t = new Tally();
  await floorThreads(jobs.length, (i) => jobs[i], workers, { job, batch, ahead: 2 }, (_, r) => t.add(r as number));
  return t.check();
}

export const floor: Contender = {
  name: "worker_threads floor",
  threads: {
    tiny: (jobs, workers) => numbers(jobs, workers, "double", 256),
    cpu: (jobs, workers) => numbers(jobs, workers, "blur", 1),
    transfer: async (jobs, workers) => {
      const m = new Moved(jobs.length);
      const make = (i: number): Uint8Array => {
        const b = makeBuffer(jobs[i]!);
        m.send(jobs[i]!, b);
        return b;
      };
      await floorThreads(jobs.length, make, workers, { job: "bytes", batch: 1, ahead: 2, moves: (b) => [(b as Uint8Array).buffer as ArrayBuffer] }, (_, r) => m.got(r as Uint8Array, markedIndex));
      return m.check();
    },
  },
  notes: {
    "threads-tiny": "256 jobs per message, 2 batches in flight per thread",
    "threads-cpu-1": "one job per message, 2 in flight per thread",
    "threads-cpu-2": "one job per message, 2 in flight per thread",
    "threads-cpu-4": "one job per message, 2 in flight per thread",
    "threads-transfer": "one buffer per message, 2 in flight per thread, moved both ways",
  },
};

export const oneThread: Contender = {
  name: "one thread",
  threads: {
    cpu: async (jobs) => {
      const t = new Tally();
      for (const j of jobs) t.add(blur(j));
      return t.check();
    },
  },
  notes: { "threads-cpu-1": "a plain loop, no pool", "threads-cpu-2": "a plain loop, no pool", "threads-cpu-4": "a plain loop, no pool" },
};
