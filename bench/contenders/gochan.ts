/**
 * gochan, as shipped: loaded from the built `dist/` (the harness points
 * GOCHAN_DIST at a snapshot of it, so a rebuild during a run changes nothing).
 */
import type * as Gochan from "gochan";
import { Order, Tally, merge, type Check, type Contender, type Job, type MemoryOps } from "../contender.js";

const dist = process.env["GOCHAN_DIST"] ?? new URL("../../dist/", import.meta.url).href;
const g = (await import(new URL("index.js", dist.endsWith("/") ? dist : `${dist}/`).href)) as typeof Gochan;
const { Channel } = g;
type Ch = Gochan.Channel<number>;

async function pingpong(n: number): Promise<Check> {
  const ping: Ch = new Channel(0);
  const pong: Ch = new Channel(0);
  const echo = (async () => {
    for (let i = 0; i < n; i++) {
      const [v] = await ping.recv();
      await pong.send(v! + 1);
    }
  })();
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    await ping.send(i);
    const [v] = await pong.recv();
    if (v !== i + 1) bad++;
    else sum += v;
  }
  await echo;
  return { sum, bad };
}

async function spsc(n: number): Promise<Check> {
  const ch: Ch = new Channel(1024);
  void (async () => {
    for (let i = 0; i < n; i++) await ch.send(i);
    ch.close();
  })();
  let count = 0;
  let bad = 0;
  for (;;) {
    const [v, ok] = await ch.recv();
    if (!ok) break;
    if (v !== count) bad++;
    count++;
  }
  return { count, bad };
}

async function mpmc(n: number): Promise<Check> {
  const ch: Ch = new Channel(64);
  const producers: Promise<void>[] = [];
  for (let p = 0; p < 8; p++) {
    producers.push(
      (async () => {
        for (let s = 0; s < n / 8; s++) await ch.send(s * 8 + p);
      })(),
    );
  }
  void Promise.all(producers).then(() => ch.close());
  const consumers: Promise<Check>[] = [];
  for (let c = 0; c < 8; c++) {
    consumers.push(
      (async () => {
        const o = new Order(8);
        for (;;) {
          const [v, ok] = await ch.recv();
          if (!ok) break;
          o.see(v);
        }
        return { count: o.count, sum: o.sum, bad: o.bad };
      })(),
    );
  }
  return merge(await Promise.all(consumers));
}

async function sieve(n: number): Promise<Check> {
  const generate = async (ch: Ch) => {
    for (let i = 2; ; i++) await ch.send(i);
  };
  const filter = async (input: Ch, out: Ch, prime: number) => {
    for (;;) {
      const [i] = await input.recv();
      if (i! % prime !== 0) await out.send(i!);
    }
  };
  let ch: Ch = new Channel(0);
  void generate(ch);
  let sum = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    [last] = (await ch.recv()) as [number, true];
    sum += last;
    const ch1: Ch = new Channel(0);
    void filter(ch, ch1, last);
    ch = ch1;
  }
  return { count: n, sum, last };
}

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
  parkRecv: (ch) => ch.recv(),
  parkTask: (ch, settled) =>
    void (async () => {
      await ch.recv();
      settled();
    })(),
  offer: (ch, v) => void ch.send(v),
};

export const gochan: Contender = {
  name: "gochan",
  channel: { pingpong, spsc, mpmc, sieve, ...(typeof g.select === "function" ? { select4 } : {}) },
  memory,
  notes: { select4: "cases built once, outside the loop" },
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
