// The channel rules again, with the goroutine on the other side of a thread
// boundary (G1): each test runs once with that goroutine on the main thread
// and once on a thread, as Go's tests run under GOMAXPROCS 1 and N.
import { afterAll, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.js";
import { queueSizes } from "../../src/channel/internal.js";
import { recv, select } from "../../src/select/index.js";
import { onThread, RemoteTryError, UncloneableError } from "../../src/goroutine/index.js";
import { stopProcs } from "../../src/goroutine/procs.js";
import * as Work from "./fixtures/work.js";

type W = typeof Work;

/** Runs `f(...args)` here, from the next microtask on, as a goroutine. */
const go = <A extends unknown[], R>(f: (...args: A) => R, ...args: A): Promise<Awaited<R>> => Promise.resolve().then(() => f(...args)) as Promise<Awaited<R>>;
const url = new URL("./fixtures/work.ts", import.meta.url);

const where = {
  main: <K extends keyof W>(name: K) => ((...args: Parameters<W[K]>) => go(Work[name] as (...a: Parameters<W[K]>) => ReturnType<W[K]>, ...args)) as (...args: Parameters<W[K]>) => Promise<Awaited<ReturnType<W[K]>>>,
  thread: <K extends keyof W>(name: K) => onThread<W[K]>(url, name),
};

afterAll(() => stopProcs());

const T = 30_000;

describe.each(["main", "thread"] as const)("goroutine on %s", (side) => {
  const g = where[side];

  it("C2: an unbuffered send settles only after the other side took the value", async () => {
    const ch = new Channel<number>();
    const marks = new Channel<string>(1);
    const done = g("sendThenMark")(ch, 7, marks);
    // Nothing has received: the send cannot have returned.
    await new Promise((r) => setTimeout(r, 50));
    expect(marks.tryRecv()).toBeUndefined();
    expect(await ch.recv()).toEqual([7, true]);
    expect(await marks.recv()).toEqual(["sent", true]);
    await done;
  }, T);

  it("C4, C5: values arrive once each, in order, from a sender on the other side", async () => {
    const ch = new Channel<number>(16);
    const done = g("sendAll")(ch, 0, 2000, true);
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    await done;
    expect(got).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  }, T);

  it("C5: two senders, one on each side, one receiver: every value exactly once", async () => {
    const ch = new Channel<number>(4);
    const a = g("sendAll")(ch, 0, 500, false);
    const b = go(Work.sendAll, ch, 10_000, 500, false);
    const got = await go(Work.recvN, ch, 1000);
    await Promise.all([a, b]);
    expect(got.filter((v) => v < 10_000)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(got.filter((v) => v >= 10_000)).toEqual(Array.from({ length: 500 }, (_, i) => 10_000 + i));
  }, T);

  it("C7: a second close on the other side throws close of closed channel", async () => {
    const ch = new Channel<number>();
    expect(await g("closeIt")(ch)).toBe("close of closed channel");
    expect(() => ch.close()).toThrow("close of closed channel");
  }, T);

  it("C8: a sender blocked on the other side rejects when the channel is closed here", async () => {
    const ch = new Channel<number>();
    const r = g("sendExpectClosed")(ch, 1);
    await new Promise((res) => setTimeout(res, 50));
    ch.close();
    expect(await r).toBe("SendOnClosedChannelError: send on closed channel");
    expect(queueSizes(ch)).toEqual({ recv: 0, send: 0 });
  }, T);

  it("C9, C12: the other side ranges over what is buffered, then ends at close", async () => {
    const ch = new Channel<number>(3);
    await ch.send(1);
    await ch.send(2);
    ch.close();
    expect(await g("recvAll")(ch)).toEqual([1, 2]);
  }, T);

  it("C10: len and cap read on the other side", async () => {
    const ch = new Channel<number>(5);
    await ch.send(1);
    await ch.send(2);
    expect(await g("lenCap")(ch)).toEqual([2, 5]);
  }, T);

  it("C13: a receive-only view stays receive-only on the other side", async () => {
    const ch = new Channel<number>(1);
    expect(await g("wrongWay")(ch.recvOnly())).toBe("TypeError: invalid operation: cannot send to receive-only channel");
    expect(ch.len).toBe(0);
  }, T);

  it("S1, S2: a select on the other side over two channels takes each value once", async () => {
    const a = new Channel<number>();
    const b = new Channel<number>();
    const merged = g("merge")(a, b);
    await Promise.all([go(Work.sendAll, a, 0, 200, true), go(Work.sendAll, b, 1000, 200, true)]);
    const [fromA, fromB] = await merged;
    expect(fromA).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(fromB).toEqual(Array.from({ length: 200 }, (_, i) => 1000 + i));
  }, T);

  it("S3: a select with a default on the other side takes the default only when nothing is ready", async () => {
    const ch = new Channel<number>(1);
    expect(await g("tryBoth")(ch)).toBe("default");
    await ch.send(5);
    expect(await g("tryBoth")(ch)).toBe("got 5");
    expect(ch.len).toBe(0);
  }, T);

  it("S5: two selects meet on an unbuffered channel across the boundary", async () => {
    const ch = new Channel<number>();
    const quit = new Channel<void>();
    const offered = g("offer")(ch, 42, quit);
    const r = await select([recv(ch, (v) => v), recv(quit, () => -1)]);
    expect(r).toBe(42);
    expect(await offered).toBe("sent");
  }, T);

  it("S1, C5: selects on both sides send and receive on two channels; nothing lost or doubled", async () => {
    const ab = new Channel<number>();
    const ba = new Channel<number>();
    const n = 300;
    const [x, y] = await Promise.all([g("churn")(ab, ba, n, 0), go(Work.churn, ba, ab, n, 100_000)]);
    // What one side sent, the other received, in order.
    expect(y.got).toEqual(x.sent);
    expect(x.got).toEqual(y.sent);
    expect(x.sent.length + x.got.length).toBe(n);
  }, T);

  it("X1: a receive on the other side aborted by its signal consumes nothing", async () => {
    const ch = new Channel<number>(1);
    const ac = new AbortController();
    const r = g("recvWithSignal")(ch, ac.signal);
    await new Promise((res) => setTimeout(res, 50));
    ac.abort("stop");
    expect(await r).toBe("aborted stop");
    await ch.send(9);
    expect(ch.tryRecv()).toEqual([9, true]);
    expect(queueSizes(ch)).toEqual({ recv: 0, send: 0 });
  }, T);

  it("G1: a channel sent inside a value is the same channel there (a reply channel)", async () => {
    const requests = new Channel<{ n: number; reply: Channel<number> }>();
    const served = g("serveReplies")(requests);
    for (let n = 1; n <= 3; n++) {
      const reply = new Channel<number>();
      await requests.send({ n, reply });
      expect(await reply.recv()).toEqual([n * 10, true]);
    }
    requests.close();
    expect(await served).toBe(3);
  }, T);

  it("G1: a select on a thread mixes its own channel with the main thread's", async () => {
    const input = new Channel<number>();
    const theirs = new Channel<Channel<number>>();
    const got = g("mixed")(input, theirs);
    const [mine] = await theirs.recv();
    await Promise.all([input.send(1), mine!.send(2), input.send(3), mine!.send(4)]);
    expect(await got).toEqual(["input 1", "input 3", "mine 2", "mine 4"]);
  }, T);
});

describe("G1-G4 across threads", () => {
  const g = where.thread;

  it("C11: trySend on another thread's channel throws RemoteTryError (a select with a default asks the owner)", async () => {
    expect(await g("trySendRemote")(new Channel<number>(1))).toBe("RemoteTryError");
    expect(RemoteTryError.name).toBe("RemoteTryError");
  }, T);

  it("G2: a value that cannot be cloned fails the send at the sender, and the channel is unchanged", async () => {
    const ch = new Channel<unknown>(2);
    expect(await g("sendUncloneable")(ch)).toBe("UncloneableError");
    expect(ch.len).toBe(0);
    // On the owner's side too, once the channel is shared.
    await expect(ch.send({ f: () => 1 })).rejects.toBeInstanceOf(UncloneableError);
    expect(() => ch.trySend(Symbol("x"))).toThrow(UncloneableError);
    expect(ch.len).toBe(0);
  }, T);

  it("G1: channels inside a Map (keys and values) or a Set are the same channels on the thread", async () => {
    const a = new Channel<number>(3);
    const b = new Channel<number>(3);
    await g("sendViaCollections")(new Map([["a", a.sendOnly()]]), new Map([[b.sendOnly(), 2]]), new Set([a.sendOnly(), b.sendOnly()]));
    expect([a.tryRecv(), a.tryRecv(), b.tryRecv(), b.tryRecv()]).toEqual([[1, true], [3, true], [2, true], [3, true]]);
  }, T);

  it("G2: a value in a Map or a Set that cannot be cloned fails the send at the owner, and the channel is unchanged", async () => {
    const ch = new Channel<unknown>(2);
    expect(await g("lenCap")(ch as never)).toEqual([0, 2]); // shared now
    await expect(ch.send(new Map([["f", () => 1]]))).rejects.toBeInstanceOf(UncloneableError);
    expect(() => ch.trySend(new Set([Symbol("x")]))).toThrow(UncloneableError);
    expect(ch.len).toBe(0);
  }, T);

  it("G2: a goroutine's arguments that cannot be cloned reject at the call", async () => {
    await expect(g("echo")((() => 1) as never, new Channel())).rejects.toBeInstanceOf(UncloneableError);
  }, T);

  it("G3: a goroutine's error keeps name, message, cause and own fields", async () => {
    const e = (await g("throws")().catch((x: unknown) => x)) as RangeError & { code: string };
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("bad thing");
    expect(e.code).toBe("E_BAD");
    expect((e.cause as Error).message).toBe("under");
    expect(e.stack).toContain("throws");
  }, T);

  it("G3: a signal passed to a goroutine aborts there", async () => {
    const ac = new AbortController();
    const r = g("waitAbort")(ac.signal);
    await new Promise((res) => setTimeout(res, 20));
    ac.abort("enough");
    expect(await r).toBe("enough");
  }, T);
});
