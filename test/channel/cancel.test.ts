import { describe, expect, it } from "vitest";
import { Channel, SendOnClosedChannelError } from "gochan";
import { flush, track } from "../support/flush.js";
import { abortListeners, heapAfterGc, isNode } from "../support/node.js";
import { queueSizes } from "../../src/channel/internal.js";

const CAPACITIES = [0, 1, 4];

describe.each(CAPACITIES)("X1: cancellation, capacity %i", (cap) => {
  it("X1: an aborted blocked send rejects with signal.reason and delivers nothing", async () => {
    const ch = new Channel<string>(cap);
    for (let i = 0; i < cap; i++) ch.trySend(`fill${i}`);
    const ac = new AbortController();
    const sent = ch.send("lost", { signal: ac.signal });
    await flush();
    const reason = new Error("give up");
    ac.abort(reason);
    await expect(sent).rejects.toBe(reason);
    const got: string[] = [];
    ch.close();
    for await (const v of ch) got.push(v);
    expect(got).not.toContain("lost");
    expect(got).toHaveLength(cap);
  });

  it("X1: an aborted blocked recv rejects with signal.reason and consumes nothing", async () => {
    const ch = new Channel<string>(cap);
    const ac = new AbortController();
    const got = ch.recv({ signal: ac.signal });
    await flush();
    ac.abort();
    await expect(got).rejects.toMatchObject({ name: "AbortError" });
    void ch.send("kept");
    expect(await ch.recv()).toEqual(["kept", true]);
  });

  it("X1: an already-aborted signal rejects at once without touching the channel", async () => {
    const ch = new Channel<string>(cap);
    const aborted = AbortSignal.abort("why");
    if (cap > 0) ch.trySend("buffered");
    const r = ch.recv({ signal: aborted });
    const parked = ch.recv(); // when cap is 0 this parks a receiver that a send would satisfy
    await expect(r).rejects.toBe("why");
    await expect(ch.send("x", { signal: aborted })).rejects.toBe("why");
    expect(ch.len).toBe(0); // cap > 0: "buffered" went to `parked`, not to `r`
    if (cap === 0) expect(queueSizes(ch).recv).toBe(1); // the aborted send did not hand off
    ch.close();
    await expect(ch.send("x", { signal: aborted })).rejects.toBe("why"); // not SendOnClosedChannelError
    expect(await parked).toEqual(cap > 0 ? ["buffered", true] : [undefined, false]);
  });

  it("X1: a signal that aborts after the operation completed changes nothing", async () => {
    const ch = new Channel<number>(cap);
    const ac = new AbortController();
    const r = ch.recv({ signal: ac.signal });
    await ch.send(1);
    ac.abort();
    expect(await r).toEqual([1, true]);
  });

  it("X1: a blocked sender aborted while others wait keeps FIFO among the rest", async () => {
    const ch = new Channel<number>(cap);
    for (let i = 0; i < cap; i++) ch.trySend(i);
    const ac = new AbortController();
    const a = ch.send(100);
    const b = ch.send(101, { signal: ac.signal });
    const c = ch.send(102);
    ac.abort();
    await expect(b).rejects.toBeDefined();
    const got: number[] = [];
    for (let i = 0; i < cap + 2; i++) got.push((await ch.recv())[0] as number);
    await Promise.all([a, c]);
    expect(got).toEqual([...Array.from({ length: cap }, (_, i) => i), 100, 102]);
  });
});

describe("X2: nothing stays behind", () => {
  it("X2: after 100,000 aborted operations no waiter remains", async () => {
    const unbuffered = new Channel<number>();
    const full = new Channel<number>(1);
    full.trySend(0);
    for (let i = 0; i < 25_000; i++) {
      const ac = new AbortController();
      const ops = [
        unbuffered.recv({ signal: ac.signal }),
        full.send(i, { signal: ac.signal }),
        new Channel<number>().send(i, { signal: ac.signal }),
        new Channel<number>(2).recv({ signal: ac.signal }),
      ];
      expect(queueSizes(unbuffered).recv + queueSizes(full).send).toBe(2);
      ac.abort();
      for (const r of await Promise.allSettled(ops)) expect(r.status).toBe("rejected");
    }
    expect(queueSizes(unbuffered).recv + queueSizes(unbuffered).send).toBe(0);
    expect(queueSizes(full).recv + queueSizes(full).send).toBe(0);
    expect(full.tryRecv()).toEqual([0, true]);
  }, 30_000); // 100,000 operations: seconds on a loaded machine

  it.runIf(isNode)("X2: after 100,000 aborted operations on one signal's channel, no listener remains", async () => {
    const ch = new Channel<number>();
    const shared = new AbortController();
    for (let i = 0; i < 100_000; i++) {
      const ac = new AbortController();
      const p = i % 2 === 0 ? ch.recv({ signal: ac.signal }) : ch.send(i, { signal: ac.signal });
      ac.abort();
      await p.catch(() => undefined);
      expect(await abortListeners(ac.signal)).toBe(0);
    }
    expect(queueSizes(ch).recv + queueSizes(ch).send).toBe(0);
    // completed operations drop their listener too: 1,000 hand-offs under one live signal
    for (let i = 0; i < 1_000; i++) {
      const r = ch.recv({ signal: shared.signal });
      await ch.send(i, { signal: shared.signal });
      await r;
    }
    expect(await abortListeners(shared.signal)).toBe(0);
  }, 30_000); // 100,000 signals made and aborted: seconds on a loaded machine

  it.runIf(isNode)("X2: a for await loop that has parked 100,000 times holds none of those receives", async () => {
    const ch = new Channel<number>();
    let parked = 0;
    let before = 0;
    let after = 0;
    const producer = (async () => {
      for (let i = 0; i < 100_000; i++) {
        if (queueSizes(ch).recv > 0) parked++; // the loop below is parked in next()
        await ch.send(i);
        if (i === 1_000) before = await heapAfterGc();
      }
      after = await heapAfterGc(); // the loop is still running: its iterator is alive
      ch.close();
    })();
    let sum = 0;
    for await (const v of ch) sum += v;
    await producer;
    expect(sum).toBe((100_000 * 99_999) / 2);
    expect(parked).toBeGreaterThan(10_000);
    // A parked receive costs well over 100 bytes; keeping them all would add megabytes.
    expect(after - before).toBeLessThan(1_000_000);
  });

  it.runIf(isNode)("X2: a sender woken by close drops its listener", async () => {
    const ch = new Channel<number>();
    const ac = new AbortController();
    const s = track(ch.send(1, { signal: ac.signal }));
    ch.close();
    await flush();
    expect(s.error).toBeInstanceOf(SendOnClosedChannelError);
    expect(await abortListeners(ac.signal)).toBe(0);
  });
});
