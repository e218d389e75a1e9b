/**
 * ts-chan, in its default mode and in its "unsafe" mode (`setUnsafe(true)`
 * on every channel and select: skips its yield to the macrotask queue, per
 * its README's "The microtask queue: a footgun").
 */
import { Chan, Select, recv } from "ts-chan";
import { Order, merge, type Check, type Contender, type MemoryOps } from "../contender.js";

type Ch = Chan<number>;

function make(unsafe: boolean): Contender {
  const chan = (cap: number): Ch => (unsafe ? new Chan<number>(cap).setUnsafe(true) : new Chan<number>(cap));

  async function pingpong(n: number): Promise<Check> {
    const ping = chan(0);
    const pong = chan(0);
    const echo = (async () => {
      for (let i = 0; i < n; i++) {
        const r = await ping.recv();
        await pong.send((r.value as number) + 1);
      }
    })();
    let sum = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      await ping.send(i);
      const r = await pong.recv();
      if (r.done === true || r.value !== i + 1) bad++;
      else sum += r.value;
    }
    await echo;
    return { sum, bad };
  }

  async function spsc(n: number): Promise<Check> {
    const ch = chan(1024);
    void (async () => {
      for (let i = 0; i < n; i++) await ch.send(i);
      ch.close();
    })();
    let count = 0;
    let bad = 0;
    for (;;) {
      const r = await ch.recv();
      if (r.done === true) break;
      if (r.value !== count) bad++;
      count++;
    }
    return { count, bad };
  }

  async function mpmc(n: number): Promise<Check> {
    const ch = chan(64);
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
            const r = await ch.recv();
            if (r.done === true) break;
            o.see(r.value);
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
        const i = (await input.recv()).value as number;
        if (i % prime !== 0) await out.send(i);
      }
    };
    let ch = chan(0);
    void generate(ch);
    let sum = 0;
    let last = 0;
    for (let i = 0; i < n; i++) {
      last = (await ch.recv()).value as number;
      sum += last;
      const ch1 = chan(0);
      void filter(ch, ch1, last);
      ch = ch1;
    }
    return { count: n, sum, last };
  }

  // A Select is built once and waited on in the loop, as ts-chan's docs advise.
  async function select4(n: number): Promise<Check> {
    const chans = [chan(0), chan(0), chan(0), chan(0)];
    const producers = chans.map(async (ch, k) => {
      for (let s = 0; s < n / 4; s++) await ch.send(s * 4 + k);
    });
    const sel = new Select(chans.map((ch) => recv(ch)));
    if (unsafe) sel.setUnsafe(true);
    const o = new Order(4);
    for (let i = 0; i < n; i++) {
      const index = await sel.wait();
      const r = sel.recv(sel.cases[index]!);
      o.see(r.value as number, index);
    }
    await Promise.all(producers);
    return { count: o.count, sum: o.sum, bad: o.bad };
  }

  const memory: MemoryOps<Ch> = {
    channel: () => chan(0),
    parkRecv: (ch) => ch.recv(),
    parkTask: (ch, settled) =>
      void (async () => {
        await ch.recv();
        settled();
      })(),
    offer: (ch, v) => void ch.send(v),
  };

  return {
    name: unsafe ? "ts-chan unsafe" : "ts-chan",
    channel: { pingpong, spsc, mpmc, sieve, select4 },
    memory,
    notes: { select4: "one Select built outside the loop, as its docs advise" },
  };
}

export const tsChan = make(false);
export const tsChanUnsafe = make(true);
