import { describe, expect, it } from "vitest";
import { Channel, recv, select, send, SendOnClosedChannelError } from "gochan";
import { flush, Steps, track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { queueSizes } from "../../src/channel/internal.js";

describe("S1: exactly one case", () => {
  it("S1: select waits until a case can proceed, then performs exactly that one", async () => {
    const a = new Channel<number>();
    const b = new Channel<number>();
    const out = new Channel<number>();
    const r = track(select([recv(a), recv(b), send(out, 7)]));
    await flush();
    expect(r.settled).toBe(false);
    expect([queueSizes(a).recv, queueSizes(b).recv, queueSizes(out).send]).toEqual([1, 1, 1]);
    void b.send(2);
    await flush();
    expect(r.value).toEqual({ index: 1, value: 2, ok: true });
    expect([queueSizes(a).recv, queueSizes(b).recv, queueSizes(out).send]).toEqual([0, 0, 0]);
    expect(out.tryRecv()).toBeUndefined(); // the send case that lost delivered nothing
  });

  it("S1: a ready case runs its body with the value, and select resolves to what the body returns", async () => {
    const jobs = new Channel<number>(1);
    jobs.trySend(21);
    const got = await select([recv(jobs, (v, ok) => (ok ? v * 2 : -1)), recv(null, () => -2)]);
    expect(got).toBe(42);
  });

  it("S1: an async body is awaited, and a throwing body rejects the select", async () => {
    const ch = new Channel<number>(2);
    ch.trySend(1);
    ch.trySend(2);
    expect(await select([recv(ch, async (v) => `async ${v}`)])).toBe("async 1");
    await expect(
      select([
        recv(ch, () => {
          throw new Error("body failed");
        }),
      ]),
    ).rejects.toThrow("body failed");
    expect(ch.len).toBe(0); // the body failed after its receive happened, as in Go
  });

  it("S1: the losing cases of a parked select take nothing from channels that become ready later", async () => {
    const a = new Channel<number>(1);
    const b = new Channel<number>(1);
    const r = select([recv(a), recv(b)]);
    a.trySend(1); // completes the parked select
    b.trySend(2); // arrives after: must stay in b
    expect(await r).toEqual({ index: 0, value: 1, ok: true });
    expect(b.tryRecv()).toEqual([2, true]);
  });

  it("S1: the body runs after the case completed, in step order", async () => {
    const ch = new Channel<number>();
    const steps = new Steps();
    const s = select([
      recv(ch, () => {
        steps.expect(3);
      }),
    ]);
    steps.expect(1);
    const sent = ch.send(1); // hands off to the parked select...
    steps.expect(2); // ...without running the body inside this send
    await Promise.all([sent, s]);
    steps.finish(4);
  });
});

describe("S2: uniform choice", () => {
  it("S2: over 10,000 rounds with 4 always-ready cases, a chi-square test does not reject uniformity (p = 0.001)", async () => {
    const chans = [0, 1, 2, 3].map(() => new Channel<number>(1));
    const counts = [0, 0, 0, 0];
    const rounds = 10_000;
    for (let i = 0; i < rounds; i++) {
      for (const c of chans) if (c.len === 0) c.trySend(i);
      const r = await select(chans.map((c) => recv(c)) as [ReturnType<typeof recv<number>>]);
      counts[r.index]!++;
    }
    const expected = rounds / 4;
    const chi2 = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 3 degrees of freedom: the 0.999 quantile of chi-square is 16.27.
    expect(chi2).toBeLessThan(16.27);
    // ...and the test has power: a case never chosen would give chi2 > 3,000.
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it("S2: only ready cases are chosen, whatever the order", async () => {
    for (let i = 0; i < 200; i++) {
      const ready = new Channel<number>(1);
      ready.trySend(i);
      const idle = [new Channel<number>(), new Channel<number>()];
      const r = await select([recv(idle[0]!), recv(ready), recv(idle[1]!)]);
      expect(r.index).toBe(1);
    }
  });
});

describe("S2: fair when parked (Go's TestPseudoRandomSend)", () => {
  it.each([0, 100])(
    "S2: 100 selects of two sends on one channel (capacity %i) against a slower receiver: each value more than 10 times",
    async (cap) => {
      const n = 100;
      const c = new Channel<number>(cap);
      const l: number[] = [];
      const receiver = (async () => {
        for (let i = 0; i < n; i++) {
          await flush(); // Go's runtime.Gosched(): let the sender park first
          l.push((await c.receive())!);
        }
      })();
      for (let i = 0; i < n; i++) await select([send(c, 1), send(c, 0)]);
      await receiver;
      const ones = l.filter((v) => v === 1).length;
      const zeros = n - ones;
      expect(zeros).toBeGreaterThan(n / 10);
      expect(ones).toBeGreaterThan(n / 10);
    },
  );

  it("S2: a parked select's two receive cases on one channel are both completed by later senders", async () => {
    const c = new Channel<number>();
    const hits = [0, 0];
    for (let i = 0; i < 200; i++) {
      const r = select([recv(c, () => 0), recv(c, () => 1)]);
      await c.send(i);
      hits[await r]!++;
    }
    expect(Math.min(...hits)).toBeGreaterThan(20);
  });
});

describe("S3: default", () => {
  it("S3: with a default, select never blocks, and no case has any effect", async () => {
    const a = new Channel<number>();
    const full = new Channel<number>(1);
    full.trySend(0);
    const r = await select([recv(a), send(full, 1)], { default: () => "default" });
    expect(r).toBe("default");
    expect([queueSizes(a).recv, queueSizes(full).send, full.len]).toEqual([0, 0, 1]);
  });

  it("S3: with a default and a ready case, the case is taken", async () => {
    const a = new Channel<number>(1);
    a.trySend(5);
    expect(await select([recv(a, (v) => v)], { default: () => -1 })).toBe(5);
  });

  it("S3: an async default is awaited, and no case takes effect meanwhile", async () => {
    const a = new Channel<number>(1);
    const steps = new Steps();
    const r = select([recv(a, () => "case")], {
      default: async () => {
        steps.expect(1);
        await flush();
        a.trySend(1); // ready now, but the default was already taken
        steps.expect(2);
        return "default";
      },
    });
    expect(await r).toBe("default");
    steps.finish(3);
    expect(a.len).toBe(1);
  });

  it("S3: a default that is not a function is a TypeError at the call", () => {
    expect(() => select([], { default: 3 as unknown as () => void })).toThrow(TypeError);
  });
});

describe("S4: closed channels", () => {
  it("S4: a receive case on a closed channel is always ready and yields [undefined, false]", async () => {
    const ch = new Channel<number>();
    ch.close();
    const idle = new Channel<number>();
    for (let i = 0; i < 20; i++) {
      expect(await select([recv(idle), recv(ch)])).toEqual({ index: 1, value: undefined, ok: false });
    }
    expect(await select([recv(ch, (v, ok) => [v, ok])])).toEqual([undefined, false]);
  });

  it("S4: a chosen send case on a closed channel throws 'send on closed channel'", async () => {
    const ch = new Channel<number>(5);
    ch.close();
    await expect(select([send(ch, 1)])).rejects.toThrow(SendOnClosedChannelError);
    await expect(select([send(ch, 1)], { default: () => 0 })).rejects.toThrow(/^send on closed channel$/);
  });

  it("S4: a parked select whose send channel is closed rejects, and withdraws its other cases", async () => {
    const out = new Channel<number>();
    const other = new Channel<number>();
    const r = select([send(out, 1), recv(other)]);
    out.close();
    await expect(r).rejects.toThrow(SendOnClosedChannelError);
    expect(queueSizes(other).recv).toBe(0);
  });

  it("S4: a parked select woken by a closed receive case gets [undefined, false]", async () => {
    const ch = new Channel<number>();
    const r = select([recv(ch)]);
    ch.close();
    expect(await r).toEqual({ index: 0, value: undefined, ok: false });
  });
});

describe("S5: two selects meet", () => {
  it("S5: a select sending and a select receiving on one unbuffered channel pass the value", async () => {
    const ch = new Channel<string>();
    const idle = new Channel<string>();
    const sender = select([send(ch, "hello", () => "sent"), recv(idle, () => "idle")]);
    const receiver = await select([recv(idle, () => "idle"), recv(ch, (v) => v)]);
    expect(receiver).toBe("hello");
    expect(await sender).toBe("sent");
    expect([queueSizes(ch).recv, queueSizes(ch).send, queueSizes(idle).recv]).toEqual([0, 0, 0]);
  });

  it("S5: ...whichever of the two parks first", async () => {
    const ch = new Channel<string>();
    const receiver = select([recv(ch, (v) => v)]);
    const sender = await select([send(ch, "hi", () => "sent")]);
    expect(sender).toBe("sent");
    expect(await receiver).toBe("hi");
  });
});

describe("S6: the same channel in several cases", () => {
  it("S6: two receive cases on one channel: one runs, one value is taken", async () => {
    const ch = new Channel<number>(2);
    const r = select([recv(ch), recv(ch)]);
    await flush();
    expect(queueSizes(ch).recv).toBe(2);
    ch.trySend(1);
    ch.trySend(2);
    expect((await r).value).toBe(1);
    expect(queueSizes(ch).recv).toBe(0);
    expect(ch.tryRecv()).toEqual([2, true]);
  });

  it("S6: a send and a receive case on one unbuffered channel never meet each other", async () => {
    const ch = new Channel<number>();
    const r = track(select([send(ch, 1, () => "sent"), recv(ch, () => "received")]));
    await flush();
    expect(r.settled).toBe(false);
    expect([queueSizes(ch).send, queueSizes(ch).recv]).toEqual([1, 1]);
    expect(await ch.recv()).toEqual([1, true]); // a third party takes the sent value
    await flush();
    expect(r.value).toBe("sent");
    expect([queueSizes(ch).send, queueSizes(ch).recv]).toEqual([0, 0]);
  });
});

describe("C14: nil channels", () => {
  it("C14: a nil channel's case is never chosen", async () => {
    const ready = new Channel<number>(1);
    for (let i = 0; i < 50; i++) {
      ready.trySend(i);
      const r = await select([recv(null), send(null, 1), recv(ready)]);
      expect(r.index).toBe(2);
    }
  });

  it("C14: a select of only nil cases and no default blocks until cancelled", async () => {
    const ac = new AbortController();
    const r = track(select([recv(null), send(null, 0)], { signal: ac.signal }));
    await flush();
    expect(r.settled).toBe(false);
    ac.abort("stop");
    await flush();
    expect(r.error).toBe("stop");
  });

  it("C14: with a default, only nil cases take the default", async () => {
    expect(await select([recv(null)], { default: () => "d" })).toBe("d");
  });
});

describe("X1, X2: cancelling a select", () => {
  it("X1: an aborted select rejects with signal.reason, and no case has had an effect", async () => {
    const a = new Channel<number>();
    const out = new Channel<number>();
    const ac = new AbortController();
    const r = select([recv(a), send(out, 9)], { signal: ac.signal });
    await flush();
    ac.abort(new Error("cancelled"));
    await expect(r).rejects.toThrow("cancelled");
    expect([queueSizes(a).recv, queueSizes(out).send]).toEqual([0, 0]);
    void a.send(1);
    expect(await a.recv()).toEqual([1, true]); // nothing of a was consumed by the select
  });

  it("X1: an already-aborted signal rejects at once, even with a ready case", async () => {
    const a = new Channel<number>(1);
    a.trySend(1);
    await expect(select([recv(a)], { signal: AbortSignal.abort("no") })).rejects.toBe("no");
    expect(a.len).toBe(1);
  });

  it.runIf(isNode)("X2: after 10,000 selects that won, lost or were aborted, no waiter or listener remains", async () => {
    const a = new Channel<number>();
    const b = new Channel<number>();
    const full = new Channel<number>(1);
    full.trySend(0);
    const live = new AbortController().signal; // never aborts: completed selects must drop their listener
    for (let i = 0; i < 10_000; i++) {
      const ac = new AbortController();
      const cases = [recv(a), recv(b), send(full, i)] as const;
      if (i % 3 === 0) {
        const r = select(cases, { signal: ac.signal }); // parks on all three, then is aborted
        ac.abort();
        await expect(r).rejects.toBeDefined();
      } else if (i % 3 === 1) {
        const r = select(cases, { signal: live }); // parks, then a wins
        void a.send(i);
        expect(await r).toEqual({ index: 0, value: i, ok: true });
      } else {
        expect(await select(cases, { signal: live, default: () => "default" })).toBe("default");
      }
      expect([queueSizes(a).recv, queueSizes(a).send, queueSizes(b).recv, queueSizes(full).send]).toEqual([0, 0, 0, 0]);
    }
    expect(await abortListeners(live)).toBe(0);
    expect(full.tryRecv()).toEqual([0, true]); // no losing send case delivered
  });
});

describe("bad input", () => {
  it("a case that is not made by recv or send, and a non-channel, are TypeErrors at the call", () => {
    expect(() => select([{} as never])).toThrow(/case 0 is not a recv/);
    expect(() => recv({} as never)).toThrow(TypeError);
    expect(() => send(42 as never, 1)).toThrow(TypeError);
    expect(() => recv(new Channel<number>(), "body" as never)).toThrow(/must be a function/);
    expect(() => recv(new Channel<number>().sendOnly() as never)).toThrow(/cannot receive from send-only/);
    expect(() => send(new Channel<number>().recvOnly() as never, 1)).toThrow(/cannot send to receive-only/);
  });
});
