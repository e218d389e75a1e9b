/**
 * gochan, as shipped: loaded from the built `dist/` (the harness points
 * GOCHAN_DIST at a snapshot of it, so a rebuild during a run changes nothing).
 */
import type * as Gochan from "gochan";
import type * as GochanThreads from "gochan/threads";
import { Moved, mustBeDone, Order, Tally, type Check, type Contender, type Job, type MemoryOps } from "../contender.js";
import { makeBuffer, markedIndex } from "../threads/work.mjs";
import { bareStyle, goStyle } from "./go-style.js";

const dist = process.env["GOCHAN_DIST"] ?? new URL("../../dist/", import.meta.url).href;
const g = (await import(new URL("index.js", dist.endsWith("/") ? dist : `${dist}/`).href)) as typeof Gochan;
const { Channel } = g;
const threadsModule = new URL("threads/index.js", dist.endsWith("/") ? dist : `${dist}/`).href;
type Ch = Gochan.Channel<number>;

// The cases are plain descriptions, so the loop builds them once (as a Go
// programmer would hoist nothing, but any JS programmer may).
async function select4(n: number): Promise<Check> {
  const chans: Ch[] = [new Channel(0), new Channel(0), new Channel(0), new Channel(0)];
  const producers = chans.map(async (ch, k) => {
    for (let s = 0; s < n / 4; s++) await ch.send(s * 4 + k);
  });
  const cases = [g.recv(chans[0]!), g.recv(chans[1]!), g.recv(chans[2]!), g.recv(chans[3]!)] as const;
  const o = new Order(4);
  for (let i = 0; i < n; i++) {
    const r = await g.select(cases);
    o.see(r.value as number, r.index);
  }
  await Promise.all(producers);
  return { count: o.count, sum: o.sum, bad: o.bad };
}

const memory: MemoryOps<Ch> = {
  channel: () => new Channel(0),
  parkRecv: (ch) => ch.receive(),
  parkTask: (ch, settled) =>
    void (async () => {
      await ch.receive();
      settled();
    })(),
  offer: (ch, v) => void ch.send(v),
};

/** Go's `<-ch`: `receive()`, the bare value. */
export const gochan: Contender = {
  name: "gochan",
  channel: { ...bareStyle((cap) => new Channel<number>(cap)), ...(typeof g.select === "function" ? { select4 } : {}) },
  memory,
  notes: { select4: "cases built once, outside the loop" },
};

/** Go's `v, ok := <-ch`: `recv()`, the `[v, ok]` tuple, beside the bare form above. */
export const gochanRecv: Contender = {
  name: "gochan recv()",
  channel: goStyle((cap) => new Channel<number>(cap)),
};

/** The Pool helper: jobs sent on `pool.jobs`, results ranged over. */
async function viaPool(jobs: readonly number[], workers: number, fn: Job): Promise<Check> {
  const pool = new g.Pool(fn, { workers });
  void (async () => {
    for (const j of jobs) await pool.jobs.send(j);
    pool.jobs.close();
  })();
  const t = new Tally();
  for await (const r of pool.results) {
    if (r.status === "done") t.add(r.value);
  }
  await pool.wait();
  return t.check();
}

/**
 * The Pool given a handler module: its threads run it. Fed as a user would:
 * `jobs.send` in a loop, `for await` over `results`; `buffer` and `results`
 * of 1024 (8 for 1 MB buffers, so that no more than a few MB wait).
 */
async function onThreads(handler: string, jobs: readonly number[], workers: number, room = 1024): Promise<Check> {
  const pool = new g.Pool<number, number>(new URL(`../threads/${handler}`, import.meta.url), { workers, buffer: room, results: room });
  void (async () => {
    for (const j of jobs) await pool.jobs.send(j);
    pool.jobs.close();
  })();
  const t = new Tally();
  for await (const r of pool.results) {
    mustBeDone(r);
    if (r.status === "done") t.add(r.value);
  }
  await pool.wait();
  return t.check();
}

/** 1 MB buffers moved to the threads with `transfer`, and moved back by the handler (bench/threads/bytes-gochan.mjs). */
async function transfers(jobs: readonly number[], workers: number): Promise<Check> {
  const { transfer } = (await import(threadsModule)) as typeof GochanThreads;
  const pool = new g.Pool<Uint8Array, Uint8Array>(new URL("../threads/bytes-gochan.mjs", import.meta.url), { workers, buffer: 8, results: 8 });
  const m = new Moved(jobs.length);
  void (async () => {
    for (const j of jobs) {
      const b = makeBuffer(j);
      m.send(j, b);
      await pool.jobs.send(transfer(b, [b.buffer]));
    }
    pool.jobs.close();
  })();
  for await (const r of pool.results) {
    mustBeDone(r);
    if (r.status === "done") m.got(r.value, markedIndex);
  }
  await pool.wait();
  return m.check();
}

const threaded = typeof g.Pool === "function" && typeof g.map === "function";

/** `map(jobs, fn, { concurrency })`: the pool as a stream, in p-map's shape. */
async function viaMap(jobs: readonly number[], workers: number, fn: Job): Promise<Check> {
  const t = new Tally();
  for await (const r of g.map(jobs, fn, { concurrency: workers })) {
    if (r.status === "done") t.add(r.value);
  }
  return t.check();
}

export const pool: Contender = {
  name: "gochan Pool",
  ...(typeof g.Pool === "function" ? { pool: viaPool } : {}),
  ...(threaded
    ? {
        threads: {
          tiny: (jobs, workers) => onThreads("double.mjs", jobs, workers),
          cpu: (jobs, workers) => onThreads("blur.mjs", jobs, workers),
          transfer: transfers,
        },
      }
    : {}),
  notes: {
    "threads-tiny": "jobs.send / for await results; buffer and results 1024",
    "threads-cpu-1": "buffer and results 1024",
    "threads-cpu-2": "buffer and results 1024",
    "threads-cpu-4": "buffer and results 1024",
    "threads-transfer": "transfer() both ways; buffer and results 8",
  },
};

/** `map(source, module, { concurrency })`: the one-line form, with its default room (the pool's: `concurrency`). */
export const mapped: Contender = {
  name: "gochan map()",
  ...(typeof g.map === "function" ? { pool: viaMap } : {}),
  ...(threaded
    ? {
        threads: {
          tiny: async (jobs, workers) => {
            const t = new Tally();
            for await (const r of g.map<number, number>(jobs, new URL("../threads/double.mjs", import.meta.url), { concurrency: workers })) {
              mustBeDone(r);
              if (r.status === "done") t.add(r.value);
            }
            return t.check();
          },
        },
      }
    : {}),
  notes: { "threads-tiny": "map(jobs, module, { concurrency: 2 }); map has no buffer option" },
};

/** Seed 000's flow, as docs/pool.md ports it: buffered jobs and results, a WaitGroup, `for await`. */
async function gochanFlow(jobs: readonly number[], workers: number, fn: Job): Promise<Check> {
  const jobsCh: Ch = new Channel(jobs.length);
  const results: Ch = new Channel(jobs.length);
  const wg = new g.WaitGroup();
  const worker = async () => {
    try {
      for await (const j of jobsCh) await results.send(await fn(j));
    } finally {
      wg.done();
    }
  };
  for (let w = 0; w < workers; w++) {
    wg.add(1);
    void worker();
  }
  for (const j of jobs) await jobsCh.send(j);
  jobsCh.close();
  void wg.wait().then(() => results.close());
  const t = new Tally();
  for await (const r of results) t.add(r);
  return t.check();
}

export const flow: Contender = {
  name: "gochan flow",
  ...(typeof g.WaitGroup === "function" ? { pool: gochanFlow } : {}),
  notes: { "pool-trivial": "seed 000's jobs/results/WaitGroup/close flow, `for await` as docs/pool.md writes it" },
};
