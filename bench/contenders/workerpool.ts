/**
 * workerpool, in its documented form: `workerpool.pool(script, { minWorkers,
 * maxWorkers, workerType: "thread" })`, `exec(name, [job])` per job (at
 * most 2,048 outstanding, `inWindow`), then `terminate`. The script
 * (bench/threads/workerpool.mjs) registers the jobs by name; buffers go with `exec`'s `transfer` option and
 * come back wrapped in `workerpool.Transfer`.
 */
import workerpool from "workerpool";
import { inWindow, Moved, NUMBERS_WINDOW, Tally, TRANSFER_WINDOW, type Check, type Contender } from "../contender.js";
import { makeBuffer, markedIndex } from "../threads/work.mjs";

const script = new URL("../threads/workerpool.mjs", import.meta.url).pathname;
const start = (workers: number) => workerpool.pool(script, { minWorkers: workers, maxWorkers: workers, workerType: "thread" });

async function numbers(name: string, jobs: readonly number[], workers: number): Promise<Check> {
  const pool = start(workers);
  const t = new Tally();
  await inWindow(jobs, NUMBERS_WINDOW, async (j) => t.add((await pool.exec(name, [j])) as number));
  await pool.terminate();
  return t.check();
}

export const workerPool: Contender = {
  name: "workerpool",
  threads: {
    tiny: (jobs, workers) => numbers("double", jobs, workers),
    cpu: (jobs, workers) => numbers("blur", jobs, workers),
    transfer: async (jobs, workers) => {
      const pool = start(workers);
      const m = new Moved(jobs.length);
      await inWindow(jobs, TRANSFER_WINDOW, async (j) => {
        const b = makeBuffer(j);
        m.send(j, b);
        m.got((await pool.exec("bytes", [b], { transfer: [b.buffer] })) as Uint8Array, markedIndex);
      });
      await pool.terminate();
      return m.check();
    },
  },
  notes: { "threads-tiny": "2,048 outstanding", "threads-transfer": "exec's transfer in, workerpool.Transfer back; 16 outstanding" },
};
