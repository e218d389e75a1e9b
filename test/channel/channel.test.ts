import { describe, expect, it } from "vitest";
import {
  Channel,
  ChannelError,
  CloseOfClosedChannelError,
  SendOnClosedChannelError,
} from "gochan";
import { flush, Steps, track } from "../support/flush.js";
import { queueSizes } from "../../src/channel/internal.js";

// Go's TestChan runs the same checks over several capacities; so do we.
const CAPACITIES = [0, 1, 2, 10, 1000];

describe("C1: capacity", () => {
  it("C1: new Channel() is unbuffered and new Channel(n) has n slots", () => {
    expect(new Channel<number>().cap).toBe(0);
    expect(new Channel<number>(7).cap).toBe(7);
    expect(new Channel<number>(Number.MAX_SAFE_INTEGER).cap).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "3", null])(
    "C1: capacity %s is a RangeError",
    (bad) => {
      expect(() => new Channel<number>(bad as number)).toThrow(RangeError);
      expect(() => new Channel<number>(bad as number)).toThrow(/makechan: size out of range/);
    },
  );

  it("C1: a huge capacity allocates as values arrive, not up front", () => {
    const ch = new Channel<number>(Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 100; i++) expect(ch.trySend(i)).toBe(true);
    expect(ch.len).toBe(100);
  });
});

describe("C2: unbuffered rendezvous", () => {
  it("C2: send settles only after a receiver has taken the value", async () => {
    const ch = new Channel<string>();
    const sent = track(ch.send("v"));
    await flush();
    expect(sent.settled).toBe(false);
    expect(ch.len).toBe(0);
    expect(await ch.recv()).toEqual(["v", true]);
    await flush();
    expect(sent.settled).toBe(true);
    expect(sent.error).toBeUndefined();
  });

  it("C2: receive settles only when a sender hands it a value", async () => {
    const ch = new Channel<string>();
    const got = track(ch.recv());
    await flush();
    expect(got.settled).toBe(false);
    await ch.send("v");
    await flush();
    expect(got.value).toEqual(["v", true]);
  });

  it("C2: the receiver resumes before the sender's send settles, and in step order", async () => {
    const ch = new Channel<number>();
    const steps = new Steps();
    const receiver = (async () => {
      steps.expect(1);
      const r = await ch.recv();
      steps.expect(3);
      return r;
    })();
    steps.expect(2);
    await ch.send(5);
    steps.expect(4);
    expect(await receiver).toEqual([5, true]);
  });
});

describe.each(CAPACITIES.filter((c) => c > 0))("C3: buffered, capacity %i", (cap) => {
  it("C3: send completes at once while the buffer has room, and blocks while it is full", async () => {
    const ch = new Channel<number>(cap);
    const sends = [];
    for (let i = 0; i < cap; i++) {
      sends.push(track(ch.send(i)));
      expect(ch.len).toBe(i + 1); // buffered during the call, not later
    }
    // Their promises settle without any receiver (D1 may defer the moment by one macrotask).
    await flush();
    expect(sends.every((t) => t.settled && t.error === undefined)).toBe(true);
    const blocked = track(ch.send(cap));
    await flush();
    expect(blocked.settled).toBe(false);
    expect(await ch.recv()).toEqual([0, true]);
    await flush();
    expect(blocked.settled).toBe(true);
    expect(ch.len).toBe(cap);
  });

  it("C3: receive takes from the buffer at once, and blocks while it is empty", async () => {
    const ch = new Channel<number>(cap);
    ch.trySend(1);
    expect(await ch.recv()).toEqual([1, true]);
    const got = track(ch.recv());
    await flush();
    expect(got.settled).toBe(false);
    ch.trySend(2);
    await flush();
    expect(got.value).toEqual([2, true]);
  });
});

describe.each(CAPACITIES)("C4: FIFO, capacity %i", (cap) => {
  it("C4: values come out in the order they went in, across buffer and blocked senders", async () => {
    const ch = new Channel<number>(cap);
    const n = cap + 20;
    const sends = Array.from({ length: n }, (_, i) => ch.send(i)); // the last 20 block
    const got: number[] = [];
    for (let i = 0; i < n; i++) {
      const [v, ok] = await ch.recv();
      expect(ok).toBe(true);
      got.push(v as number);
    }
    await Promise.all(sends);
    expect(got).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(queueSizes(ch).send).toBe(0);
  });

  it("C4: blocked receivers are served in arrival order", async () => {
    const ch = new Channel<number>(cap);
    const order: number[] = [];
    const receivers = [0, 1, 2, 3].map((id) =>
      ch.recv().then(([v]) => order.push(id * 100 + (v as number))),
    );
    for (let v = 0; v < 4; v++) await ch.send(v);
    await Promise.all(receivers);
    expect(order).toEqual([0, 101, 202, 303]);
  });
});

describe.each(CAPACITIES)("C6, C9: receive results and close, capacity %i", (cap) => {
  it("C6: recv returns [value, true] for a value and [undefined, false] once closed and drained", async () => {
    const ch = new Channel<number | undefined>(cap);
    void ch.send(undefined); // an undefined value is still ok=true
    expect(await ch.recv()).toEqual([undefined, true]);
    ch.close();
    expect(await ch.recv()).toEqual([undefined, false]);
  });

  it("C9: after close, receivers drain the buffer first, then get [undefined, false] forever", async () => {
    const ch = new Channel<number>(cap);
    const k = Math.min(cap, 3);
    for (let i = 0; i < k; i++) ch.trySend(i);
    ch.close();
    expect(ch.len).toBe(k);
    for (let i = 0; i < k; i++) expect(await ch.recv()).toEqual([i, true]);
    for (let i = 0; i < 3; i++) expect(await ch.recv()).toEqual([undefined, false]);
    expect(ch.tryRecv()).toEqual([undefined, false]);
  });

  it("C9: receivers blocked at the moment of close wake with [undefined, false]", async () => {
    const ch = new Channel<number>(cap);
    const waiting = [ch.recv(), ch.recv(), ch.recv()];
    await flush();
    ch.close();
    expect(await Promise.all(waiting)).toEqual([
      [undefined, false],
      [undefined, false],
      [undefined, false],
    ]);
    expect(queueSizes(ch).recv).toBe(0);
  });
});

describe.each(CAPACITIES)("C7, C8: closing, capacity %i", (cap) => {
  it("C7: close on a closed channel throws 'close of closed channel'", () => {
    const ch = new Channel<number>(cap);
    ch.close();
    expect(() => ch.close()).toThrow(CloseOfClosedChannelError);
    expect(() => ch.close()).toThrow(/^close of closed channel$/);
    try {
      ch.close();
    } catch (e) {
      expect(e).toBeInstanceOf(ChannelError);
      expect((e as Error).name).toBe("CloseOfClosedChannelError");
    }
  });

  it("C8: send on a closed channel rejects with 'send on closed channel'", async () => {
    const ch = new Channel<number>(cap);
    ch.close();
    await expect(ch.send(1)).rejects.toThrow(SendOnClosedChannelError);
    await expect(ch.send(1)).rejects.toThrow(/^send on closed channel$/);
    expect(ch.len).toBe(0);
  });

  it("C8: blocked sender rejects on close, and its value is not delivered", async () => {
    const ch = new Channel<number>(cap);
    for (let i = 0; i < cap; i++) ch.trySend(i);
    const blocked = [ch.send(-1), ch.send(-2)];
    await flush();
    ch.close();
    for (const p of blocked) await expect(p).rejects.toThrow(SendOnClosedChannelError);
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    expect(got).toEqual(Array.from({ length: cap }, (_, i) => i));
    expect(queueSizes(ch).send).toBe(0);
  });
});

describe.each(CAPACITIES)("C10: len and cap, capacity %i", (cap) => {
  it("C10: len counts buffered values and cap is the capacity; neither blocks", async () => {
    const ch = new Channel<number>(cap);
    expect([ch.len, ch.cap]).toEqual([0, cap]);
    const k = Math.min(cap, 5);
    for (let i = 0; i < k; i++) ch.trySend(i);
    expect([ch.len, ch.cap]).toEqual([k, cap]);
    void ch.send(99); // blocks when cap <= 5: a parked sender is not in len
    expect(ch.len).toBe(cap <= 5 ? cap : k + 1);
    await ch.recv();
    expect(ch.len).toBe(cap <= 5 ? cap : k);
  });
});

describe.each(CAPACITIES)("C11: trySend and tryRecv, capacity %i", (cap) => {
  it("C11: trySend completes only without waiting and otherwise changes nothing", async () => {
    const ch = new Channel<number>(cap);
    for (let i = 0; i < cap; i++) expect(ch.trySend(i)).toBe(true);
    expect(ch.trySend(-1)).toBe(false);
    expect(ch.len).toBe(cap);
    const r = track(ch.recv({})); // with a parked receiver (cap 0) or a buffered value, trySend goes through
    await flush();
    expect(r.settled).toBe(cap > 0);
    if (cap === 0) {
      expect(ch.trySend(7)).toBe(true);
      await flush();
      expect(r.value).toEqual([7, true]);
    }
  });

  it("C11: tryRecv tells would-block (undefined) from closed ([undefined, false])", async () => {
    const ch = new Channel<number>(cap);
    expect(ch.tryRecv()).toBeUndefined();
    const s = track(ch.send(4));
    expect(ch.tryRecv()).toEqual([4, true]);
    await flush();
    expect(s.settled).toBe(true);
    expect(ch.tryRecv()).toBeUndefined();
    ch.close();
    expect(ch.tryRecv()).toEqual([undefined, false]);
  });

  it("C11: trySend on a closed channel throws, as a select send case does", () => {
    const ch = new Channel<number>(cap);
    ch.close();
    expect(() => ch.trySend(1)).toThrow(SendOnClosedChannelError);
  });
});

describe.each(CAPACITIES)("C12: for await is range, capacity %i", (cap) => {
  it("C12: for await receives until the channel is closed and drained", async () => {
    const ch = new Channel<number>(cap);
    void (async () => {
      for (let i = 0; i < 25; i++) await ch.send(i);
      ch.close();
    })();
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    expect(got).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it("C12: break neither closes the channel nor consumes a value the body did not see", async () => {
    const ch = new Channel<number>(cap);
    const producer = (async () => {
      for (let i = 0; i < 10; i++) await ch.send(i);
    })();
    const seen: number[] = [];
    for await (const v of ch) {
      seen.push(v);
      if (v === 3) break; // value 4 is in flight: buffered or held by a parked sender
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    const rest: number[] = [];
    for (let i = 4; i < 10; i++) rest.push((await ch.recv())[0] as number);
    expect(rest).toEqual([4, 5, 6, 7, 8, 9]);
    await producer;
    expect(ch.trySend(10) || cap === 0).toBe(true); // still open
  });

  it("C12: throw out of the loop leaves the channel open and its values in place", async () => {
    const ch = new Channel<number>(cap);
    const producer = ch.send(1).then(() => ch.send(2));
    await expect(
      (async () => {
        for await (const v of ch) throw new Error(`stop at ${v}`);
      })(),
    ).rejects.toThrow("stop at 1");
    expect(await ch.recv()).toEqual([2, true]);
    await producer;
  });

  it("C12: return() withdraws a next() still waiting, so a later value is not lost", async () => {
    const ch = new Channel<number>(cap);
    const it = ch[Symbol.asyncIterator]();
    const pending = it.next();
    await flush();
    expect(queueSizes(ch).recv).toBe(1);
    await it.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(queueSizes(ch).recv).toBe(0);
    void ch.send(42);
    expect(await ch.recv()).toEqual([42, true]);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it("C12: return() withdraws only its own stacked next() calls, not another loop's or a recv", async () => {
    const ch = new Channel<number>(cap);
    const mine = ch[Symbol.asyncIterator]();
    const theirs = ch[Symbol.asyncIterator]();
    const a = mine.next();
    const b = theirs.next();
    const c = mine.next();
    const d = ch.recv();
    expect(queueSizes(ch).recv).toBe(4);
    await mine.return!();
    expect(await a).toEqual({ value: undefined, done: true });
    expect(await c).toEqual({ value: undefined, done: true });
    expect(queueSizes(ch).recv).toBe(2);
    await ch.send(1);
    await ch.send(2);
    expect(await b).toEqual({ value: 1, done: false });
    expect(await d).toEqual([2, true]);
  });
});

describe("C13: directional views", () => {
  it("C13: a receive-only view receives and ranges, and refuses send, trySend and close", async () => {
    const ch = new Channel<number>(2);
    const r = ch.recvOnly();
    ch.trySend(1);
    expect(await r.recv()).toEqual([1, true]);
    expect([r.len, r.cap]).toEqual([0, 2]);
    const loose = r as unknown as { send(v: number): unknown; trySend(v: number): unknown; close(): unknown };
    expect(() => loose.send(1)).toThrow(new TypeError("invalid operation: cannot send to receive-only channel"));
    expect(() => loose.trySend(1)).toThrow(TypeError);
    expect(() => loose.close()).toThrow(new TypeError("invalid operation: cannot close receive-only channel"));
    ch.trySend(2);
    ch.close();
    const got: number[] = [];
    for await (const v of r) got.push(v);
    expect(got).toEqual([2]);
  });

  it("C13: a send-only view sends and closes, and refuses recv, tryRecv and range", async () => {
    const ch = new Channel<number>(1);
    const s = ch.sendOnly();
    await s.send(1);
    expect(s.trySend(2)).toBe(false);
    expect([s.len, s.cap]).toEqual([1, 1]);
    const loose = s as unknown as { recv(): unknown; tryRecv(): unknown; [Symbol.asyncIterator](): unknown };
    expect(() => loose.recv()).toThrow(new TypeError("invalid operation: cannot receive from send-only channel"));
    expect(() => loose.tryRecv()).toThrow(TypeError);
    expect(() => loose[Symbol.asyncIterator]()).toThrow(TypeError);
    s.close();
    expect(await ch.recv()).toEqual([1, true]);
    expect(await ch.recv()).toEqual([undefined, false]);
  });
});
