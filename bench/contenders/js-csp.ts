/**
 * js-csp (CommonJS, generator processes): `yield put(ch, v)`, `yield take(ch)`
 * (null once closed and drained), `yield alts(chans)`. Every workload runs
 * as js-csp processes, its own idiom; the harness waits on the channel that
 * `go` returns, which carries the process's return value.
 */
import csp, { type Channel, type Instruction } from "js-csp";
import { Order, merge, type Check, type Contender, type MemoryOps } from "../contender.js";

type Process<R> = Generator<Instruction, R, any>;

/** The value a process returns, as a promise. */
function result<R>(proc: Channel): Promise<R> {
  return new Promise((resolve) => csp.takeAsync(proc, (v) => resolve(v as R)));
}

function pingpong(n: number): Promise<Check> {
  const ping = csp.chan();
  const pong = csp.chan();
  csp.go(function* (): Process<void> {
    for (let i = 0; i < n; i++) {
      const v: number = yield csp.take(ping);
      yield csp.put(pong, v + 1);
    }
  });
  return result(
    csp.go(function* (): Process<Check> {
      let sum = 0;
      let bad = 0;
      for (let i = 0; i < n; i++) {
        yield csp.put(ping, i);
        const v: number = yield csp.take(pong);
        if (v !== i + 1) bad++;
        else sum += v;
      }
      return { sum, bad };
    }),
  );
}

function spsc(n: number): Promise<Check> {
  const ch = csp.chan(1024);
  csp.go(function* (): Process<void> {
    for (let i = 0; i < n; i++) yield csp.put(ch, i);
    ch.close();
  });
  return result(
    csp.go(function* (): Process<Check> {
      let count = 0;
      let bad = 0;
      for (let v: number | null = yield csp.take(ch); v !== csp.CLOSED; v = yield csp.take(ch)) {
        if (v !== count) bad++;
        count++;
      }
      return { count, bad };
    }),
  );
}

async function mpmc(n: number): Promise<Check> {
  const ch = csp.chan(64);
  const producers: Channel[] = [];
  for (let p = 0; p < 8; p++) {
    producers.push(
      csp.go(function* (): Process<void> {
        for (let s = 0; s < n / 8; s++) yield csp.put(ch, s * 8 + p);
      }),
    );
  }
  csp.go(function* (): Process<void> {
    for (const p of producers) yield csp.take(p);
    ch.close();
  });
  const consumers: Promise<Check>[] = [];
  for (let c = 0; c < 8; c++) {
    consumers.push(
      result(
        csp.go(function* (): Process<Check> {
          const o = new Order(8);
          for (let v: number | null = yield csp.take(ch); v !== csp.CLOSED; v = yield csp.take(ch)) o.see(v);
          return { count: o.count, sum: o.sum, bad: o.bad };
        }),
      ),
    );
  }
  return merge(await Promise.all(consumers));
}

function sieve(n: number): Promise<Check> {
  function* generate(ch: Channel): Process<void> {
    for (let i = 2; ; i++) yield csp.put(ch, i);
  }
  function* filter(input: Channel, out: Channel, prime: number): Process<void> {
    for (;;) {
      const i: number = yield csp.take(input);
      if (i % prime !== 0) yield csp.put(out, i);
    }
  }
  return result(
    csp.go(function* (): Process<Check> {
      let ch = csp.chan();
      csp.go(generate, [ch]);
      let sum = 0;
      let last = 0;
      for (let i = 0; i < n; i++) {
        last = yield csp.take(ch);
        sum += last;
        const ch1 = csp.chan();
        csp.go(filter, [ch, ch1, last]);
        ch = ch1;
      }
      return { count: n, sum, last };
    }),
  );
}

async function select4(n: number): Promise<Check> {
  const chans = [csp.chan(), csp.chan(), csp.chan(), csp.chan()];
  const producers = chans.map((ch, k) =>
    csp.go(function* (): Process<void> {
      for (let s = 0; s < n / 4; s++) yield csp.put(ch, s * 4 + k);
    }),
  );
  const check = await result<Check>(
    csp.go(function* (): Process<Check> {
      const o = new Order(4);
      for (let i = 0; i < n; i++) {
        const r: { value: number; channel: Channel } = yield csp.alts(chans);
        o.see(r.value, chans.indexOf(r.channel));
      }
      return { count: o.count, sum: o.sum, bad: o.bad };
    }),
  );
  await Promise.all(producers.map((p) => result(p)));
  return check;
}

const memory: MemoryOps<Channel> = {
  channel: () => csp.chan(),
  parkRecv: (ch, settled) => void csp.takeAsync(ch, settled),
  parkTask: (ch, settled) =>
    void csp.go(function* (): Process<void> {
      yield csp.take(ch);
      settled();
    }),
  offer: (ch, v) => csp.putAsync(ch, v),
};

export const jsCsp: Contender = {
  name: "js-csp",
  channel: { pingpong, spsc, mpmc, sieve, select4 },
  memory,
  notes: { "mem-receiver": "takeAsync with a callback (it has no promise API)" },
};
