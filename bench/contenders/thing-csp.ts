/**
 * @thi.ng/csp (ESM only): `write` sends, `read` receives (undefined once
 * closed). It has no unbuffered channel (a buffer holds at least 1 value),
 * a `write` resolves only when its value is read, whatever the buffer, and
 * its `select` is receive-only (which select4 needs, nothing more).
 */
import { Channel, select } from "@thi.ng/csp";
import { Order, merge, type Check, type Contender, type MemoryOps } from "../contender.js";

type Ch = Channel<number>;

async function pingpong(n: number): Promise<Check> {
  const ping: Ch = new Channel(1);
  const pong: Ch = new Channel(1);
  const echo = (async () => {
    for (let i = 0; i < n; i++) {
      const v = (await ping.read()) as number;
      await pong.write(v + 1);
    }
  })();
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    await ping.write(i);
    const v = await pong.read();
    if (v !== i + 1) bad++;
    else sum += v;
  }
  await echo;
  return { sum, bad };
}

async function spsc(n: number): Promise<Check> {
  const ch: Ch = new Channel(1024);
  void (async () => {
    for (let i = 0; i < n; i++) await ch.write(i);
    ch.close();
  })();
  let count = 0;
  let bad = 0;
  for (let v = await ch.read(); v !== undefined; v = await ch.read()) {
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
        for (let s = 0; s < n / 8; s++) await ch.write(s * 8 + p);
      })(),
    );
  }
  void Promise.all(producers).then(() => ch.close());
  const consumers: Promise<Check>[] = [];
  for (let c = 0; c < 8; c++) {
    consumers.push(
      (async () => {
        const o = new Order(8);
        for (let v = await ch.read(); v !== undefined; v = await ch.read()) o.see(v);
        return { count: o.count, sum: o.sum, bad: o.bad };
      })(),
    );
  }
  return merge(await Promise.all(consumers));
}

async function sieve(n: number): Promise<Check> {
  const generate = async (ch: Ch) => {
    for (let i = 2; ; i++) await ch.write(i);
  };
  const filter = async (input: Ch, out: Ch, prime: number) => {
    for (;;) {
      const i = (await input.read()) as number;
      if (i % prime !== 0) await out.write(i);
    }
  };
  let ch: Ch = new Channel(1);
  void generate(ch);
  let sum = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    last = (await ch.read()) as number;
    sum += last;
    const ch1: Ch = new Channel(1);
    void filter(ch, ch1, last);
    ch = ch1;
  }
  return { count: n, sum, last };
}

async function select4(n: number): Promise<Check> {
  const chans: Ch[] = [new Channel(1), new Channel(1), new Channel(1), new Channel(1)];
  const [a, b, c, d] = chans as [Ch, Ch, Ch, Ch];
  const producers = chans.map(async (ch, k) => {
    for (let s = 0; s < n / 4; s++) await ch.write(s * 4 + k);
  });
  const o = new Order(4);
  for (let i = 0; i < n; i++) {
    const [v, from] = await select(a, b, c, d);
    o.see(v as number, chans.indexOf(from));
  }
  await Promise.all(producers);
  return { count: o.count, sum: o.sum, bad: o.bad };
}

const memory: MemoryOps<Ch> = {
  channel: () => new Channel(1),
  parkRecv: (ch) => ch.read(),
  parkTask: (ch, settled) =>
    void (async () => {
      await ch.read();
      settled();
    })(),
  offer: (ch, v) => void ch.write(v),
};

const capacity1 = "capacity 1: it has no unbuffered channel";
export const thingCsp: Contender = {
  name: "@thi.ng/csp",
  channel: { pingpong, spsc, mpmc, sieve, select4 },
  memory,
  notes: {
    pingpong: capacity1,
    sieve: capacity1,
    select4: capacity1,
    "mem-channel": capacity1,
    spsc: "a write resolves only once its value is read, so the buffer never fills",
  },
};
