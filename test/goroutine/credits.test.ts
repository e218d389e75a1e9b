// Sends with credits (src/channel/shared.ts): a thread's send on a buffered
// channel another thread owns completes at once while the buffer has room,
// its value following in a batch. These tests hold the owner still (a
// synchronous loop on main, no event loop turn) while the threads act, so
// only the owner's pull (`sync`) can bring their values in: each test
// fails if the pull, its ordering, or a give-back is missing.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.js";
import { queueSizes } from "../../src/channel/internal.js";
import { SendOnClosedChannelError } from "../../src/channel/errors.js";
import { ThreadExitError } from "../../src/threads/index.js";
import { maxProcs, onThread } from "../../src/goroutine/index.js";
import { stopProcs } from "../../src/goroutine/procs.js";
import { LENDING } from "../../src/goroutine/inbox.js";
import type * as Work from "./fixtures/work.js";

type W = typeof Work;
const url = new URL("./fixtures/work.ts", import.meta.url);
const g = <K extends keyof W>(name: K) => onThread<W[K]>(url, name);
const before = maxProcs();
const T = 30_000;

afterEach(() => stopProcs());
afterAll(() => void maxProcs(before));

/** Waits (turn by turn, never a fixed delay) until `ok()` holds. */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 2));
}

/** Holds this thread in a loop, without a turn of its event loop, until `fin` is closed by another thread (its trySend then throws). */
function spinUntilClosed(fin: Channel<void>): void {
  const end = Date.now() + 20_000;
  for (;;) {
    try {
      fin.trySend();
    } catch (e) {
      expect(e).toBeInstanceOf(SendOnClosedChannelError);
      return;
    }
    if (Date.now() > end) throw new Error("fin was never closed");
  }
}

describe("sends with credits", () => {
  // These two hold main still while a thread sends: without credits each send waits for main's answer.
  it.skipIf(!LENDING)("G1, C4, C10: a value sent from a thread is in the channel for whatever follows the send, in the order the sends happened", async () => {
    maxProcs(2);
    const ch = new Channel<number>(8);
    const setup = new Channel<Channel<number>>();
    const fin = new Channel<void>();
    const start = new Channel<void>();
    const second = g("secondAfterSignal")(ch, setup, fin);
    const [sig] = await setup.recv(); // a channel the second goroutine's thread owns
    const first = g("firstThenSignal")(ch, sig!, start);
    await until(() => queueSizes(start).recv === 1);
    // From here main takes no turn: the first goroutine sends 1 (a credit),
    // signals the second on its own thread, which sends 2 and closes fin.
    start.close();
    spinUntilClosed(fin);
    expect(ch.len).toBe(2);
    expect(ch.tryRecv()).toEqual([1, true]);
    expect(ch.tryRecv()).toEqual([2, true]);
    expect(ch.tryRecv()).toBeUndefined();
    await Promise.all([first, second]);
  }, T);

  it("C9, G1: a close made on a thread is seen by whatever the owner does after it, before its message arrives", async () => {
    const ch = new Channel<number>(4);
    const fin = new Channel<void>();
    const done = g("closeThenFin")(ch, fin);
    spinUntilClosed(fin);
    expect(ch.tryRecv()).toEqual([undefined, false]);
    await done;
  }, T);

  // Without credits this is rules.test.ts's C4/C5 stream again.
  it.skipIf(!LENDING)("C9: sends with credits, then a close on the sending thread: every value arrives, then closed", async () => {
    const ch = new Channel<number>(1024);
    const done = g("sendAll")(ch, 0, 5000, true);
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    await done;
    expect(got).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(ch.tryRecv()).toEqual([undefined, false]);
  }, T);

  it.skipIf(!LENDING)("C9: a close on main while values sent with credits are still on the sending thread: receivers wait for them, then closed", async () => {
    const ch = new Channel<number>(64);
    const flags = new Int32Array(new SharedArrayBuffer(8));
    const done = g("sendAndHold")(ch, 8, flags);
    const end = Date.now() + 20_000;
    while (Atomics.load(flags, 0) === 0) if (Date.now() > end) throw new Error("the sender never held");
    ch.close();
    // Not drained: eight values are still to come (unless a turn of the sender posted them already).
    const first = ch.tryRecv();
    expect(first).not.toEqual([undefined, false]);
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    const got: number[] = first === undefined ? [] : [first[0]!];
    for await (const v of ch) got.push(v);
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await done;
  }, T);

  it("G4: a thread that dies after sends with credits: what it posted is in the channel, the slots it took and never posted are free again", async () => {
    maxProcs(1);
    const ch = new Channel<number>(16);
    await expect(g("sendThenExit")(ch, 16)).rejects.toBeInstanceOf(ThreadExitError);
    // Its value port closes after the thread has gone; then every slot is accounted for.
    let room = 0;
    await until(() => {
      for (; ch.trySend(-1); room++);
      return ch.len === 16;
    });
    const arrived: number[] = [];
    for (let r = ch.tryRecv(); r !== undefined && r[0] !== -1; r = ch.tryRecv()) arrived.push(r[0]!);
    expect(arrived).toEqual(Array.from({ length: arrived.length }, (_, i) => i));
    expect(arrived.length + room).toBe(16);
  }, T);
});
