/**
 * The four channel workloads written against Go's receive, `v, ok := <-ch`
 * (a receive resolves to `[value, ok]`), for any channel that has it:
 * gochan's, and the floor channel wrapped to answer that way, which shows
 * what the tuple itself costs on the engine.
 */
import { Order, merge, type Check } from "../contender.js";

/** What the workloads use of a channel. */
export interface GoChan {
  send(v: number): Promise<void>;
  recv(): Promise<readonly [number | undefined, boolean]>;
  close(): void;
}

export function goStyle(make: (capacity: number) => GoChan) {
  async function pingpong(n: number): Promise<Check> {
    const ping = make(0);
    const pong = make(0);
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
    const ch = make(1024);
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
    const ch = make(64);
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
            o.see(v!);
          }
          return { count: o.count, sum: o.sum, bad: o.bad };
        })(),
      );
    }
    return merge(await Promise.all(consumers));
  }

  async function sieve(n: number): Promise<Check> {
    const generate = async (ch: GoChan) => {
      for (let i = 2; ; i++) await ch.send(i);
    };
    const filter = async (input: GoChan, out: GoChan, prime: number) => {
      for (;;) {
        const [i] = await input.recv();
        if (i! % prime !== 0) await out.send(i!);
      }
    };
    let ch = make(0);
    void generate(ch);
    let sum = 0;
    let last = 0;
    for (let i = 0; i < n; i++) {
      [last] = (await ch.recv()) as [number, true];
      sum += last;
      const ch1 = make(0);
      void filter(ch, ch1, last);
      ch = ch1;
    }
    return { count: n, sum, last };
  }

  return { pingpong, spsc, mpmc, sieve };
}

/** A channel with Go's bare receive `<-ch`: the value, or `undefined` once closed and drained. */
export interface BareChan {
  send(v: number): Promise<void>;
  receive(): Promise<number | undefined>;
  close(): void;
}

/**
 * The same four workloads written against the bare receive, `v := <-ch`
 * (every value sent is a number, so `undefined` means closed and drained).
 */
export function bareStyle(make: (capacity: number) => BareChan) {
  async function pingpong(n: number): Promise<Check> {
    const ping = make(0);
    const pong = make(0);
    const echo = (async () => {
      for (let i = 0; i < n; i++) await pong.send((await ping.receive())! + 1);
    })();
    let sum = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      await ping.send(i);
      const v = await pong.receive();
      if (v !== i + 1) bad++;
      else sum += v;
    }
    await echo;
    return { sum, bad };
  }

  async function spsc(n: number): Promise<Check> {
    const ch = make(1024);
    void (async () => {
      for (let i = 0; i < n; i++) await ch.send(i);
      ch.close();
    })();
    let count = 0;
    let bad = 0;
    for (let v = await ch.receive(); v !== undefined; v = await ch.receive()) {
      if (v !== count) bad++;
      count++;
    }
    return { count, bad };
  }

  async function mpmc(n: number): Promise<Check> {
    const ch = make(64);
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
          for (let v = await ch.receive(); v !== undefined; v = await ch.receive()) o.see(v);
          return { count: o.count, sum: o.sum, bad: o.bad };
        })(),
      );
    }
    return merge(await Promise.all(consumers));
  }

  async function sieve(n: number): Promise<Check> {
    const generate = async (ch: BareChan) => {
      for (let i = 2; ; i++) await ch.send(i);
    };
    const filter = async (input: BareChan, out: BareChan, prime: number) => {
      for (;;) {
        const i = (await input.receive())!;
        if (i % prime !== 0) await out.send(i);
      }
    };
    let ch = make(0);
    void generate(ch);
    let sum = 0;
    let last = 0;
    for (let i = 0; i < n; i++) {
      last = (await ch.receive())!;
      sum += last;
      const ch1 = make(0);
      void filter(ch, ch1, last);
      ch = ch1;
    }
    return { count: n, sum, last };
  }

  return { pingpong, spsc, mpmc, sieve };
}
