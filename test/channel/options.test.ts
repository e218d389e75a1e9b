import { describe, expect, it } from "vitest";
import { Channel } from "gochan";
import { BAD_SIGNALS } from "../support/bad.js";
import { flush } from "../support/flush.js";
import { queueSizes } from "../../src/channel/internal.js";

describe.each([0, 1])("X1: a signal that is not an AbortSignal, capacity %i", (cap) => {
  it.each(BAD_SIGNALS)("X1: send(v, { signal: %o }) throws a TypeError naming the option, and nothing changes", async (bad) => {
    const ch = new Channel<number>(cap);
    for (let i = 0; i < cap; i++) ch.trySend(-1);
    expect(() => ch.send(1, { signal: bad as never })).toThrow(TypeError);
    expect(() => ch.send(1, { signal: bad as never })).toThrow(/^send: signal: expected an AbortSignal, got /);
    expect(queueSizes(ch).send).toBe(0);
    for (let i = 0; i < cap; i++) expect(ch.tryRecv()).toEqual([-1, true]);
    // a later valid operation by another task works: 42 is not lost
    const got = ch.recv();
    await ch.send(42);
    expect(await got).toEqual([42, true]);
    ch.close(); // and close does not throw on a parked bad waiter
  });

  it.each(BAD_SIGNALS)("X1: recv({ signal: %o }) throws a TypeError naming the option, and nothing changes", async (bad) => {
    const ch = new Channel<number>(cap);
    expect(() => ch.recv({ signal: bad as never })).toThrow(/^recv: signal: expected an AbortSignal, got /);
    expect(() => ch.recvOnly().recv({ signal: bad as never })).toThrow(TypeError);
    expect(queueSizes(ch).recv).toBe(0);
    const sent = ch.send(42);
    expect(await ch.recv()).toEqual([42, true]);
    await sent;
    ch.close();
    await flush();
  });
});

describe("X1: options that are not an object", () => {
  it("X1: send and recv refuse options that are not an object, naming them", () => {
    const ch = new Channel<number>(1);
    expect(() => ch.send(1, "fast" as never)).toThrow(/^send: options: expected an object, got string/);
    expect(() => ch.recv(null as never)).toThrow(/^recv: options: expected an object, got null/);
    expect(ch.len).toBe(0);
  });

  it("X1: the error says what it got: a string, null, or an object's class", () => {
    const ch = new Channel<number>();
    expect(() => ch.send(1, { signal: "x" as never })).toThrow("send: signal: expected an AbortSignal, got string");
    expect(() => ch.send(1, { signal: null as never })).toThrow("send: signal: expected an AbortSignal, got null");
    expect(() => ch.send(1, { signal: new Map() as never })).toThrow("send: signal: expected an AbortSignal, got Map");
    expect(() => ch.send(1, { signal: new AbortController() as never })).toThrow(
      "send: signal: expected an AbortSignal, got AbortController",
    );
  });

  it("X1: an undefined signal, or none, is no signal", async () => {
    const ch = new Channel<number>(1);
    await ch.send(1, { signal: undefined });
    expect(ch.tryRecv()).toEqual([1, true]);
    await ch.send(2, {});
    expect(await ch.recv({})).toEqual([2, true]);
  });
});
