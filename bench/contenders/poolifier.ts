/**
 * poolifier, in its documented form: a `FixedThreadPool` of the workload's
 * threads over a `ThreadWorker` (bench/threads/poolifier.mjs) holding the
 * jobs as named task functions, `execute(job, name)` per job (at most 2,048
 * outstanding, `inWindow`). Buffers go with `execute`'s transfer list;
 * poolifier's worker cannot move a result back, so each comes back copied.
 *
 * One pool per process, reused by every run (warm-up, measured runs): with
 * 5.3.2, `destroy()` now and then never settles once pools have followed one
 * another in a process (the cause looks like its exit handler removing
 * worker nodes while destroy walks them by index), so runs cannot each start
 * and destroy their own as the other pools do. Its "start + stop" is ~0.
 */
import { FixedThreadPool } from "poolifier";
import { inWindow, Moved, NUMBERS_WINDOW, Tally, TRANSFER_WINDOW, type Check, type Contender } from "../contender.js";
import { makeBuffer, markedIndex } from "../threads/work.mjs";

const script = new URL("../threads/poolifier.mjs", import.meta.url).pathname;

const pools = new Map<number, FixedThreadPool<unknown, unknown>>();
function poolOf<J, R>(workers: number): FixedThreadPool<J, R> {
  let pool = pools.get(workers);
  if (pool === undefined) pools.set(workers, (pool = new FixedThreadPool<unknown, unknown>(workers, script)));
  return pool as unknown as FixedThreadPool<J, R>;
}

async function numbers(name: string, jobs: readonly number[], workers: number): Promise<Check> {
  const pool = poolOf<number, number>(workers);
  const t = new Tally();
  await inWindow(jobs, NUMBERS_WINDOW, async (j) => t.add(await pool.execute(j, name)));
  return t.check();
}

export const poolifier: Contender = {
  name: "poolifier",
  threads: {
    tiny: (jobs, workers) => numbers("double", jobs, workers),
    cpu: (jobs, workers) => numbers("blur", jobs, workers),
    transfer: async (jobs, workers) => {
      const pool = poolOf<Uint8Array, Uint8Array>(workers);
      const m = new Moved(jobs.length);
      await inWindow(jobs, TRANSFER_WINDOW, async (j) => {
        const b = makeBuffer(j);
        m.send(j, b);
        m.got(await pool.execute(b, "bytes", undefined, [b.buffer]), markedIndex);
      });
      return m.check();
    },
  },
  notes: {
    "threads-tiny": "2,048 outstanding; one pool per process, reused (see bench/contenders/poolifier.ts)",
    "threads-cpu-1": "one pool per process, reused",
    "threads-cpu-2": "one pool per process, reused",
    "threads-cpu-4": "one pool per process, reused",
    "threads-transfer": "transfer list in; results come back copied (its worker has no transfer list); one pool per process; 16 outstanding",
  },
};
