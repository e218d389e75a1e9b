/**
 * gochan, as shipped: loaded from the built `dist/` (the harness points
 * GOCHAN_DIST at a snapshot of it, so a rebuild during a run changes nothing).
 */
import type * as Gochan from "gochan";
import { Order, Tally, type Check, type Contender, type Job, type MemoryOps } from "../contender.js";
import { bareStyle, goStyle } from "./go-style.js";

const dist = process.env["GOCHAN_DIST"] ?? new URL("../../dist/", import.meta.url).href;
const g = (await import(new URL("index.js", dist.endsWith("/") ? dist : `${dist}/`).href)) as typeof Gochan;
const { Channel } = g;
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

/** `map(jobs, fn, { concurrency })`: the pool as a stream, in p-map's shape. */
async function viaMap(jobs: readonly number[], workers: number, fn: Job): Promise<Check> {
  const t = new Tally();
  for await (const r of g.map(jobs, fn, { concurrency: workers })) {
    if (r.status === "done") t.add(r.value);
  }
  return t.check();
}

export const mapped: Contender = {
  name: "gochan map()",
  ...(typeof g.map === "function" ? { pool: viaMap } : {}),
};

export const pool: Contender = {
  name: "gochan Pool",
  ...(typeof g.Pool === "function" ? { pool: viaPool } : {}),
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
