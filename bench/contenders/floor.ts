/**
 * The floors: every channel workload over the floor channel, the pool
 * workloads as the bare loop, and the seeds' jobs/results/WaitGroup flow over
 * the floor channel (what gochan's own flow is compared with).
 */
import { Order, Tally, merge, type Check, type Contender, type Job, type MemoryOps } from "../contender.js";
import { DONE, EMPTY, FloorChannel, FloorWaitGroup, floorSelect } from "../floor/channel.js";
import { goStyle } from "./go-style.js";
import { bareLoop } from "../floor/loop.js";
import { tally } from "../contender.js";

type Ch = FloorChannel<number>;

async function pingpong(n: number): Promise<Check> {
  const ping: Ch = new FloorChannel(0);
  const pong: Ch = new FloorChannel(0);
  const echo = (async () => {
    for (let i = 0; i < n; i++) {
      const v = await ping.recv();
      await pong.send((v as number) + 1);
    }
  })();
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    await ping.send(i);
    const v = await pong.recv();
    if (v !== i + 1) bad++;
    else sum += v;
  }
  await echo;
  return { sum, bad };
}

async function spsc(n: number): Promise<Check> {
  const ch: Ch = new FloorChannel(1024);
  void (async () => {
    for (let i = 0; i < n; i++) await ch.send(i);
    ch.close();
  })();
  let count = 0;
  let bad = 0;
  for (;;) {
    const v = await ch.recv();
    if (v === DONE) break;
    if (v !== count) bad++;
    count++;
  }
  return { count, bad };
}

async function mpmc(n: number): Promise<Check> {
  const ch: Ch = new FloorChannel(64);
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
        for (let v = await ch.recv(); v !== DONE; v = await ch.recv()) o.see(v);
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
      const i = (await input.recv()) as number;
      if (i % prime !== 0) await out.send(i);
    }
  };
  let ch: Ch = new FloorChannel(0);
  void generate(ch);
  let sum = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    last = (await ch.recv()) as number;
    sum += last;
    const ch1: Ch = new FloorChannel(0);
    void filter(ch, ch1, last);
    ch = ch1;
  }
  return { count: n, sum, last };
}

async function select4(n: number): Promise<Check> {
  const chans: Ch[] = [new FloorChannel(0), new FloorChannel(0), new FloorChannel(0), new FloorChannel(0)];
  const producers = chans.map(async (ch, k) => {
    for (let s = 0; s < n / 4; s++) await ch.send(s * 4 + k);
  });
  const o = new Order(4);
  for (let i = 0; i < n; i++) {
    const [index, v] = await floorSelect(chans);
    o.see(v as number, index);
  }
  await Promise.all(producers);
  return { count: o.count, sum: o.sum, bad: o.bad };
}

const memory: MemoryOps<Ch> = {
  channel: () => new FloorChannel(0),
  parkRecv: (ch) => ch.recv(),
  parkTask: (ch, settled) =>
    void (async () => {
      await ch.recv();
      settled();
    })(),
  offer: (ch, v) => void ch.send(v),
};

export const floor: Contender = {
  name: "floor",
  channel: { pingpong, spsc, mpmc, sieve, select4 },
  memory,
};

/**
 * The floor channel answering a receive as Go's `v, ok := <-ch` does, with a
 * fresh `[value, ok]` per value, which is what gochan's API promises: the
 * difference from "floor" is what the tuple costs on this engine, and the
 * difference from gochan is what everything else in gochan costs.
 */
class TupleFloor {
  private readonly ch: Ch;
  constructor(capacity: number) {
    this.ch = new FloorChannel(capacity);
  }
  send(v: number): Promise<void> {
    return this.ch.send(v);
  }
  recv(): Promise<readonly [number | undefined, boolean]> {
    const v = this.ch.poll();
    if (v !== EMPTY) return Promise.resolve(v === DONE ? CLOSED : [v, true]);
    return new Promise((resolve) => this.ch.park((x) => resolve(x === DONE ? CLOSED : [x, true])));
  }
  close(): void {
    this.ch.close();
  }
}
const CLOSED = [undefined, false] as const;

export const floorTuple: Contender = {
  name: "floor [v, ok]",
  channel: goStyle((cap) => new TupleFloor(cap)),
};

export const bare: Contender = {
  name: "bare loop",
  pool: async (jobs, workers, fn) => tally(await bareLoop(jobs, workers, fn)),
};

/** Seed 000's flow: buffered jobs and results, N workers ranging over jobs, a WaitGroup, close. */
async function floorFlow(jobs: readonly number[], workers: number, fn: Job): Promise<Check> {
  const jobsCh: Ch = new FloorChannel(jobs.length);
  const results: Ch = new FloorChannel(jobs.length);
  const wg = new FloorWaitGroup();
  const worker = async () => {
    for (let j = await jobsCh.recv(); j !== DONE; j = await jobsCh.recv()) await results.send(await fn(j));
    wg.done();
  };
  for (let w = 0; w < workers; w++) {
    wg.add(1);
    void worker();
  }
  for (const j of jobs) await jobsCh.send(j);
  jobsCh.close();
  void wg.wait().then(() => results.close());
  const t = new Tally();
  for (let r = await results.recv(); r !== DONE; r = await results.recv()) t.add(r);
  return t.check();
}

export const flow: Contender = {
  name: "floor flow",
  pool: floorFlow,
  notes: { "pool-trivial": "seed 000's jobs/results/WaitGroup/close flow over the floor channel" },
};
