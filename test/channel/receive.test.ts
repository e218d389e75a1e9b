/**
 * receive(): Go's `<-ch` as an expression, beside recv()'s comma-ok tuple.
 * The same channel paths as recv(), so these check only what differs: the
 * bare value, undefined once closed, the views, and cancellation.
 */
import { describe, expect, it } from "vitest";
import { Channel } from "gochan";
import { flush, track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { queueSizes } from "../../src/channel/internal.js";

describe.each([0, 1, 4])("receive(): <-ch as an expression, capacity %i", (cap) => {
  it("C6: receive() resolves to the value itself, and to undefined once closed and drained", async () => {
    const ch = new Channel<number>(cap);
    void (async () => {
      for (let i = 1; i <= 3; i++) await ch.send(i);
      ch.close();
    })();
    let total = 0;
    for (let i = 0; i < 3; i++) total += (await ch.receive())!; // total += <-ch
    expect(total).toBe(6);
    expect(await ch.receive()).toBeUndefined();
    expect(await ch.receive()).toBeUndefined(); // C9: forever
  });

  it("C2: a parked receive() gets the value a later sender hands it", async () => {
    const ch = new Channel<string>(cap);
    const got = track(ch.receive());
    await flush();
    expect(got.settled).toBe(false);
    await ch.send("late");
    await flush();
    expect(got.value).toBe("late");
  });

  it("C9: a receive() parked when the channel closes resolves to undefined", async () => {
    const ch = new Channel<string>(cap);
    const got = ch.receive();
    ch.close();
    expect(await got).toBeUndefined();
  });

  it("X1: an aborted receive() rejects with signal.reason and consumes nothing", async () => {
    const ch = new Channel<string>(cap);
    const ac = new AbortController();
    const got = ch.receive({ signal: ac.signal });
    ac.abort("gone");
    await expect(got).rejects.toBe("gone");
    expect(queueSizes(ch).recv).toBe(0);
    void ch.send("kept");
    expect(await ch.receive()).toBe("kept");
    await expect(ch.receive({ signal: AbortSignal.abort("early") })).rejects.toBe("early");
  });

  it.runIf(isNode)("X2: a receive() that completes drops its abort listener", async () => {
    const ch = new Channel<number>(cap);
    const ac = new AbortController();
    const got = ch.receive({ signal: ac.signal });
    await ch.send(7);
    expect(await got).toBe(7);
    expect(await abortListeners(ac.signal)).toBe(0);
  });
});

describe("receive() on the views", () => {
  it("C13: receive() works on a receive-only view and is refused by a send-only one", async () => {
    const ch = new Channel<number>(1);
    await ch.send(5);
    expect(await ch.recvOnly().receive()).toBe(5);
    const s = ch.sendOnly() as unknown as { receive(): unknown };
    expect(() => s.receive()).toThrow(/^invalid operation: cannot receive from send-only channel$/);
  });
});
