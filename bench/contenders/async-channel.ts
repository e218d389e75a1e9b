/**
 * async-channel (CommonJS): `push` sends, `get` receives and rejects with
 * ChannelClosedError once the channel is closed and drained. It has no select.
 */
import { Channel, ChannelClosedError } from "async-channel";
import { Order, merge, type Check, type Contender, type MemoryOps } from "../contender.js";

type Ch = Channel<number>;

/** Receives, or returns null once the channel is closed and drained. */
async function take(ch: Ch): Promise<number | null> {
  try {
    return await ch.get();
  } catch (e) {
    if (e instanceof ChannelClosedError) return null;
    throw e;
  }
}

async function pingpong(n: number): Promise<Check> {
  const ping: Ch = new Channel(0);
  const pong: Ch = new Channel(0);
  const echo = (async () => {
    for (let i = 0; i < n; i++) {
      const v = await ping.get();
      await pong.push(v + 1);
    }
  })();
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    await ping.push(i);
    const v = await pong.get();
    if (v !== i + 1) bad++;
    else sum += v;
  }
  await echo;
  return { sum, bad };
}

// The consumers use `get` in a loop; only the final receive (after close)
// goes through the try/catch of `take`.
async function spsc(n: number): Promise<Check> {
  const ch: Ch = new Channel(1024);
  void (async () => {
    for (let i = 0; i < n; i++) await ch.push(i);
    ch.close();
  })();
  let count = 0;
  let bad = 0;
  for (let v = await take(ch); v !== null; v = await take(ch)) {
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
        for (let s = 0; s < n / 8; s++) await ch.push(s * 8 + p);
      })(),
    );
  }
  void Promise.all(producers).then(() => ch.close());
  const consumers: Promise<Check>[] = [];
  for (let c = 0; c < 8; c++) {
    consumers.push(
      (async () => {
        const o = new Order(8);
        for (let v = await take(ch); v !== null; v = await take(ch)) o.see(v);
        return { count: o.count, sum: o.sum, bad: o.bad };
      })(),
    );
  }
  return merge(await Promise.all(consumers));
}

async function sieve(n: number): Promise<Check> {
  const generate = async (ch: Ch) => {
    for (let i = 2; ; i++) await ch.push(i);
  };
  const filter = async (input: Ch, out: Ch, prime: number) => {
    for (;;) {
      const i = await input.get();
      if (i % prime !== 0) await out.push(i);
    }
  };
  let ch: Ch = new Channel(0);
  void generate(ch);
  let sum = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    last = await ch.get();
    sum += last;
    const ch1: Ch = new Channel(0);
    void filter(ch, ch1, last);
    ch = ch1;
  }
  return { count: n, sum, last };
}

const memory: MemoryOps<Ch> = {
  channel: () => new Channel(0),
  parkRecv: (ch) => ch.get(),
  parkTask: (ch, settled) =>
    void (async () => {
      await ch.get();
      settled();
    })(),
  offer: (ch, v) => void ch.push(v),
};

export const asyncChannel: Contender = {
  name: "async-channel",
  channel: { pingpong, spsc, mpmc, sieve },
  memory,
  notes: { select4: "no select" },
};
