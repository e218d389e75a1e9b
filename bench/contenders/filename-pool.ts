/**
 * piscina and tinypool (a fork of piscina) share one API: a pool made with
 * `{ filename, minThreads, maxThreads }`, `run(job, { transferList })` and
 * `destroy()`. One contender shape serves both, each in its documented form:
 * threads = the workload's, `run` per job (at most 2,048 outstanding,
 * `inWindow`), then `destroy`; their defaults otherwise. The handler modules
 * are the same files gochan loads (default export); buffers go with
 * `transferList` and come back by the library's `move`.
 */
import { inWindow, Moved, NUMBERS_WINDOW, Tally, TRANSFER_WINDOW, type Check, type Contender } from "../contender.js";
import { makeBuffer, markedIndex } from "../threads/work.mjs";

interface FilenamePool {
  run(job: unknown, options?: { transferList?: ArrayBuffer[] }): Promise<unknown>;
  destroy(): Promise<void>;
}
type FilenamePoolClass = new (options: { filename: string; minThreads: number; maxThreads: number }) => FilenamePool;

const file = (name: string): string => new URL(`../threads/${name}`, import.meta.url).href;

/** A contender for a piscina-shaped pool; `lib` names its files in bench/threads/ (`bytes-<lib>.mjs`). */
export function filenamePool(name: string, lib: string, Pool: FilenamePoolClass, move: string): Contender {
  async function numbers(handler: string, jobs: readonly number[], workers: number): Promise<Check> {
    const pool = new Pool({ filename: file(handler), minThreads: workers, maxThreads: workers });
    const t = new Tally();
    await inWindow(jobs, NUMBERS_WINDOW, async (j) => t.add((await pool.run(j)) as number));
    await pool.destroy();
    return t.check();
  }
  return {
    name,
    threads: {
      tiny: (jobs, workers) => numbers("double.mjs", jobs, workers),
      cpu: (jobs, workers) => numbers("blur.mjs", jobs, workers),
      transfer: async (jobs, workers) => {
        const pool = new Pool({ filename: file(`bytes-${lib}.mjs`), minThreads: workers, maxThreads: workers });
        const m = new Moved(jobs.length);
        await inWindow(jobs, TRANSFER_WINDOW, async (j) => {
          const b = makeBuffer(j);
          m.send(j, b);
          m.got((await pool.run(b, { transferList: [b.buffer as ArrayBuffer] })) as Uint8Array, markedIndex);
        });
        await pool.destroy();
        return m.check();
      },
    },
    notes: { "threads-tiny": "2,048 outstanding", "threads-transfer": `transferList in, ${move} back; 16 outstanding` },
  };
}
