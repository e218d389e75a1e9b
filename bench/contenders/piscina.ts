/**
 * piscina, in its documented form: one `Piscina` with `minThreads` =
 * `maxThreads` = the workload's threads, `run` per job (at most 2,048
 * outstanding, `inWindow`), then `destroy`. Its defaults otherwise (one task at a time per thread, atomics
 * "sync"). The handler modules are the same files gochan loads (default
 * export); buffers go with `transferList` and come back by `Piscina.move`.
 */
import { Piscina } from "piscina";
import { inWindow, Moved, NUMBERS_WINDOW, Tally, TRANSFER_WINDOW, type Check, type Contender } from "../contender.js";
import { makeBuffer, markedIndex } from "../threads/work.mjs";

const file = (name: string): string => new URL(`../threads/${name}`, import.meta.url).href;

async function numbers(name: string, jobs: readonly number[], workers: number): Promise<Check> {
  const pool = new Piscina({ filename: file(name), minThreads: workers, maxThreads: workers });
  const t = new Tally();
  await inWindow(jobs, NUMBERS_WINDOW, async (j) => t.add(await (pool.run(j) as Promise<number>)));
  await pool.destroy();
  return t.check();
}

export const piscina: Contender = {
  name: "piscina",
  threads: {
    tiny: (jobs, workers) => numbers("double.mjs", jobs, workers),
    cpu: (jobs, workers) => numbers("blur.mjs", jobs, workers),
    transfer: async (jobs, workers) => {
      const pool = new Piscina({ filename: file("bytes-piscina.mjs"), minThreads: workers, maxThreads: workers });
      const m = new Moved(jobs.length);
      await inWindow(jobs, TRANSFER_WINDOW, async (j) => {
        const b = makeBuffer(j);
        m.send(j, b);
        m.got((await pool.run(b, { transferList: [b.buffer] })) as Uint8Array, markedIndex);
      });
      await pool.destroy();
      return m.check();
    },
  },
  notes: { "threads-tiny": "2,048 outstanding", "threads-transfer": "transferList in, Piscina.move back; 16 outstanding" },
};
