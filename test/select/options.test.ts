import { describe, expect, it } from "vitest";
import { Channel, done, recv, select, send, sleep } from "gochan";
import { BAD_SIGNALS } from "../support/bad.js";
import { flush } from "../support/flush.js";
import { queueSizes } from "../../src/channel/internal.js";

describe("X1: select, sleep and done refuse a signal that is not an AbortSignal", () => {
  it.each(BAD_SIGNALS)("X1: select with { signal: %o } throws a TypeError naming the option; no case is parked", async (bad) => {
    const a = new Channel<number>();
    const out = new Channel<number>();
    expect(() => select([recv(a), send(out, 1)], { signal: bad as never })).toThrow(
      /^select: signal: expected an AbortSignal, got /,
    );
    expect(queueSizes(a).recv + queueSizes(out).send).toBe(0);
    // a later sender is not swallowed by a stale case
    const got = a.recv();
    await a.send(42);
    expect(await got).toEqual([42, true]);
  });

  it("X1: a bad signal is refused even when a case is ready or a default is given", () => {
    const a = new Channel<number>(1);
    a.trySend(1);
    expect(() => select([recv(a)], { signal: "x" as never })).toThrow(TypeError);
    expect(() => select([recv(a)], { default: () => 0, signal: null as never })).toThrow(TypeError);
    expect(a.len).toBe(1); // nothing consumed
    expect(() => select([recv(a)], "x" as never)).toThrow(/^select: options: expected an object, got string/);
  });

  it.each(BAD_SIGNALS)("X1: sleep(10, { signal: %o }) throws at the call and sets no timer that could crash later", async (bad) => {
    expect(() => sleep(10, { signal: bad as never })).toThrow(/^sleep: signal: expected an AbortSignal, got /);
    await sleep(20); // an unhandled error 10 ms later would fail this test
    await flush();
  });

  it.each([["x", "string"], [undefined, "undefined"], [null, "null"], [{}, "Object"]])(
    "X1: done(%o) throws a TypeError that names the argument",
    (bad, what) => {
      expect(() => done(bad as never)).toThrow(TypeError);
      expect(() => done(bad as never)).toThrow(`done: signal: expected an AbortSignal, got ${what}`);
    },
  );
});
