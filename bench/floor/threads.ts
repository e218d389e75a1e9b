/**
 * The worker_threads floor: the least a thread pool can do. `workers`
 * threads (bench/threads/floor.mjs), jobs sent in batches of `batch` (one
 * message each way per batch), `ahead` batches in flight per thread so that
 * a thread never waits for its next message. No queue, no result records, no
 * errors, no timeouts, no ordering: the lower bound the thread ratios divide
 * by. Buffers (`moves`) are moved both ways.
 */
import { Worker } from "node:worker_threads";

export interface FloorOptions {
  /** Which function of bench/threads/work.mjs the threads run. */
  readonly job: "double" | "blur" | "bytes";
  readonly batch: number;
  readonly ahead: number;
  /** The buffers to move with a job, if any. */
  readonly moves?: (job: unknown) => ArrayBuffer[];
}

interface Reply {
  readonly first: number;
  readonly out: unknown[];
}

/**
 * Runs `count` jobs made by `make(i)` (called as each is sent), handing each
 * result to `done(i, result)`; resolves once every result is in and the
 * threads are gone.
 */
export function floorThreads(count: number, make: (i: number) => unknown, workers: number, o: FloorOptions, done: (i: number, r: unknown) => void): Promise<void> {
  const file = new URL("../threads/floor.mjs", import.meta.url);
  return new Promise((resolve, reject) => {
    let next = 0;
    let received = 0;
    const threads: Worker[] = [];
    const send = (w: Worker): void => {
      if (next >= count) return;
      const first = next;
      const end = Math.min(count, first + o.batch);
      const jobs = new Array<unknown>(end - first);
      const moves: ArrayBuffer[] = [];
      for (let i = first; i < end; i++) {
        const job = make(i);
        jobs[i - first] = job;
        if (o.moves !== undefined) moves.push(...o.moves(job));
      }
      next = end;
      w.postMessage({ first, jobs }, moves);
    };
    const finish = (): void => {
      void Promise.all(threads.map((w) => w.terminate())).then(() => resolve(), reject);
    };
    for (let t = 0; t < workers; t++) {
      const w = new Worker(file, { workerData: { job: o.job } });
      threads.push(w);
      w.on("error", reject);
      w.on("message", (m: Reply) => {
        for (let k = 0; k < m.out.length; k++) done(m.first + k, m.out[k]);
        received += m.out.length;
        if (received === count) finish();
        else send(w);
      });
      for (let a = 0; a < o.ahead; a++) send(w);
    }
    if (count === 0) finish();
  });
}
