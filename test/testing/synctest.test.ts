import { describe, expect, it } from "vitest";
import { Channel, WaitGroup, select, recv } from "gochan";
import { after, afterFunc, sleep, Ticker, Timer } from "gochan/time";
import { withTimeout, background } from "gochan/context";
import { Pool } from "gochan/pool";
import { BubbleDeadlockError, NestedBubbleError, NotInBubbleError, now, outside, synctest, wait } from "gochan/testing";

describe("synctest: virtual time", () => {
  it("a 30-second sleep and a 1-second after take no real time, and the clock starts at 2000-01-01", async () => {
    const t0 = performance.now();
    const at = await synctest(async () => {
      await sleep(30_000);
      const [d] = await after(1000).recv();
      return d!.toISOString();
    });
    expect(at).toBe("2000-01-01T00:00:31.000Z");
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("virtual time advances only while the bubble is blocked: a busy task holds the clock", async () => {
    await synctest(async () => {
      const ch = new Channel<number>();
      let seenAt = -1;
      const sleeper = (async () => {
        await sleep(10);
        seenAt = now().getTime();
      })();
      // A long run of work that never parks: the clock must not move during it.
      const start = now().getTime();
      for (let i = 0; i < 200; i++) {
        void ch.trySend(i);
        await Promise.resolve();
        expect(now().getTime()).toBe(start);
      }
      expect(seenAt).toBe(-1);
      await sleeper;
      expect(seenAt - start).toBe(10);
    });
  });

  it("timers fire in deadline order, a Ticker ticks on virtual time, afterFunc runs", async () => {
    const log = await synctest(async () => {
      const out: string[] = [];
      const t = new Ticker(100);
      const f = afterFunc(250, () => out.push(`afterFunc@${now().getTime() % 1000}`));
      for (let i = 0; i < 3; i++) {
        const [d] = await t.C.recv();
        out.push(`tick@${d!.getTime() % 1000}`);
      }
      t.stop();
      f.stop();
      const tm = new Timer(50);
      await tm.C.recv();
      out.push(`timer@${now().getTime() % 1000}`);
      return out;
    });
    expect(log).toEqual(["tick@100", "tick@200", "afterFunc@250", "tick@300", "timer@350"]);
  });

  it("a select between a slow result and a 30 s timeout takes the timeout, at 30 s", async () => {
    await synctest(async () => {
      const results = new Channel<string>();
      void (async () => {
        await sleep(60_000);
        await results.send("late");
      })();
      const which = await select([recv(results, () => "result"), recv(after(30_000), () => "timeout")]);
      expect(which).toBe("timeout");
      expect(now().toISOString()).toBe("2000-01-01T00:00:30.000Z");
      await sleep(30_000);
      await results.recv(); // let the late sender finish
    });
  });

  it("context deadlines and an inline Pool's timeouts run on virtual time", async () => {
    await synctest(async () => {
      const [ctx, cancel] = withTimeout(background(), 5000);
      await ctx.done().recv();
      expect(ctx.err()?.message).toBe("context deadline exceeded");
      cancel();
      const pool = new Pool(async (ms: number) => void (await sleep(ms)), { workers: 2, timeout: 1000 });
      await pool.submit(10);
      await pool.submit(5000);
      pool.close();
      const statuses: string[] = [];
      for await (const r of pool.results) statuses.push(r.status);
      await pool.settled();
      expect(statuses.sort()).toEqual(["done", "timeout"]);
    });
  });

  it("wait() resolves once every other task is blocked, without moving the clock", async () => {
    await synctest(async () => {
      const ch = new Channel<number>(1);
      let got = 0;
      void ch.recv().then(([v]) => (got = v ?? 0));
      void ch.send(7);
      await wait();
      expect(got).toBe(7);
      expect(now().getTime()).toBe(Date.UTC(2000, 0, 1));
    });
    expect(() => wait()).toThrow(NotInBubbleError); // at the call, as Go panics
    expect(() => wait()).toThrow("goroutine is not in a bubble");
  });

  it("outside(p): the clock waits for work the bubble cannot see", async () => {
    await synctest(async () => {
      const real = new Promise<string>((r) => setTimeout(() => r("io"), 20));
      const v = await select([
        recv(after(5000), () => "timeout"),
        recv(fromPromise(outside(real)), () => "io"),
      ]);
      expect(v).toBe("io");
    });
  });

  it("global timers are not patched: setTimeout and Date.now keep real time inside a bubble", async () => {
    await synctest(async () => {
      const before = Date.now();
      await outside(new Promise((r) => setTimeout(r, 5)));
      expect(Date.now()).toBeGreaterThanOrEqual(before);
      expect(Date.now()).toBeGreaterThan(Date.UTC(2020, 0, 1));
    });
  });

  it("code outside the bubble keeps real time while a bubble runs", async () => {
    const real = (async () => {
      const t0 = performance.now();
      await sleep(20);
      return performance.now() - t0;
    })();
    await synctest(async () => void (await sleep(60_000)));
    expect(await real).toBeGreaterThanOrEqual(15);
  });
});

describe("synctest: deadlock", () => {
  it("a deadlock inside a bubble rejects with Go's message and the blocked operations, where they were called", async () => {
    const e = await synctest(async () => {
      const jobs = new Channel<number>(0, { name: "jobs" });
      const wg = new WaitGroup();
      void wg.go(async () => void (await jobs.recv()));
      await wg.wait();
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BubbleDeadlockError);
    const err = e as BubbleDeadlockError;
    expect(err.message.split("\n")[0]).toBe("deadlock: all goroutines in bubble are blocked");
    expect(err.message).toMatch(/\[chan receive \(durable\)\]:\n\ton chan jobs \(cap 0, len 0\)/);
    expect(err.message).toMatch(/\[WaitGroup\.wait \(durable\)\]/);
    expect(err.message).toMatch(/synctest\.test\.ts/);
    expect(err.blocked).toHaveLength(2);
  });

  it("a pending timer is no deadlock: the bubble jumps to it", async () => {
    await synctest(async () => {
      const ch = new Channel<number>();
      afterFunc(1_000_000, () => void ch.trySend(1));
      void (async () => { await sleep(999_999); await ch.send(2); })();
      expect((await ch.recv())[0]).toBe(2);
    });
  });

  it("a body that returns with operations still parked fails, as Go's bubble does", async () => {
    const e = await synctest(async () => {
      void new Channel<number>(0, { name: "orphan" }).send(1);
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BubbleDeadlockError);
    expect((e as Error).message).toMatch(/^deadlock: main bubble goroutine has exited but blocked goroutines remain/);
    expect((e as Error).message).toMatch(/chan orphan/);
  });

  it("a Ticker ticking while everything else is blocked cannot run the clock for ever: the bubble stops at its limit", async () => {
    const e = await synctest(
      async () => {
        const t = new Ticker(1000);
        void (async () => {
          for (;;) await t.C.recv();
        })();
        await new Channel<number>(0, { name: "stuck" }).recv();
      },
      { limit: 60_000 },
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BubbleDeadlockError);
    expect((e as BubbleDeadlockError).kind).toBe("limit");
    expect((e as Error).message).toMatch(/chan stuck/);
  });

  it("a Ticker nobody receives from does not keep a blocked bubble alive: a deadlock at once, naming the ticker", async () => {
    const t0 = performance.now();
    const e = await synctest(async () => {
      const t = new Ticker(1000); // never stopped, never received after its first tick
      void t;
      await new Channel<number>(0, { name: "stuck" }).recv();
    }).catch((x: unknown) => x);
    expect(performance.now() - t0).toBeLessThan(1000); // was 23 minutes of CPU for Ticker(1000)
    expect(e).toBeInstanceOf(BubbleDeadlockError);
    const err = e as BubbleDeadlockError;
    expect(err.kind).toBe("deadlock");
    expect(err.message.split("\n")[0]).toBe("deadlock: all goroutines in bubble are blocked");
    expect(err.tickers).toHaveLength(1);
    expect(err.tickers[0]).toMatchObject({ period: 1000, receiving: false });
    expect(err.tickers[0]!.stack).toMatch(/synctest\.test\.ts/);
    expect(err.message).toMatch(/\[Ticker every 1000 ms, a tick waiting unreceived; never stopped\]/);
    expect(err.message).toMatch(/chan stuck/);
  });

  it("a Ticker's dropped ticks are skipped, not run: an hour's sleep beside Ticker(1) is quick, and the ticks keep their schedule", async () => {
    const t0 = performance.now();
    const got = await synctest(async () => {
      const t = new Ticker(1);
      await sleep(3_600_000 + 0.5);
      const [first] = await t.C.recv(); // the tick sent at 1 ms, kept while nobody received
      const [next] = await t.C.recv();
      t.stop();
      return [first!.getTime() - Date.UTC(2000, 0, 1), next!.getTime() - Date.UTC(2000, 0, 1)];
    });
    expect(got).toEqual([1, 3_600_001]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("a loop that receives a Ticker's ticks for ever, with everything else blocked, fails after tickLimit of real time, naming the ticker", async () => {
    const t0 = performance.now();
    const e = await synctest(
      async () => {
        const t = new Ticker(100);
        void (async () => {
          for (;;) await t.C.recv();
        })();
        await new Channel<number>(0, { name: "stuck" }).recv();
      },
      { tickLimit: 200 },
    ).catch((x: unknown) => x);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(e).toBeInstanceOf(BubbleDeadlockError);
    const err = e as BubbleDeadlockError;
    expect(err.kind).toBe("ticker");
    expect(err.message).toMatch(/^synctest: for 200 ms of real time only Ticker ticks moved the clock/);
    expect(err.tickers).toEqual([expect.objectContaining({ period: 100, receiving: true })]);
    expect(err.message).toMatch(/chan stuck/);
  });

  it("ticks that wake other work are progress: many ticks among other timers pass under a small tickLimit", async () => {
    const n = await synctest(
      async () => {
        const t = new Ticker(10);
        let count = 0;
        for (let i = 0; i < 2000; i++) {
          await t.C.recv();
          count++;
          if (i % 100 === 0) await sleep(1); // another timer now and then
        }
        t.stop();
        return count;
      },
      { tickLimit: 1000 },
    );
    expect(n).toBe(2000);
  });

  it("synctest inside a bubble, and wait() outside one, throw typed errors at the call, with Go's text", async () => {
    await synctest(async () => {
      expect(() => synctest(async () => {})).toThrow(NestedBubbleError);
      expect(() => synctest(async () => {})).toThrow("synctest.Run called from within a synctest bubble");
    });
    expect(() => wait()).toThrow(NotInBubbleError);
    expect(() => synctest(async () => {}, { tickLimit: 0 })).toThrow(RangeError);
    expect(() => synctest(5 as unknown as () => void)).toThrow(TypeError);
  });

  it("the body's own error rejects the bubble", async () => {
    await expect(synctest(async () => { await sleep(5); throw new Error("boom"); })).rejects.toThrow("boom");
  });
});

function fromPromise<T>(p: Promise<T>): Channel<T> {
  const ch = new Channel<T>(1);
  void p.then((v) => ch.trySend(v));
  return ch;
}
