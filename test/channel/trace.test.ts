import { afterEach, describe, expect, it } from "vitest";
import { blocked, Channel, recv, select, traceBlocked } from "gochan";

afterEach(() => traceBlocked(false));

describe("D2: seeing which operations are still blocked", () => {
  it("D2: with tracing on, blocked() lists parked sends, receives and selects (once each) with where they were called", async () => {
    traceBlocked();
    const a = new Channel<number>();
    const b = new Channel<number>();
    const c = new Channel<number>();
    const s = a.send(1);
    const r = b.recv();
    const sel = select([recv(c), recv(c)]);
    const list = blocked();
    expect(list.map((x) => x.op)).toEqual(["send", "recv", "select"]);
    expect(list.map((x) => x.reason)).toEqual(["chan send", "chan receive", "select"]);
    expect(list[2]!.channels).toHaveLength(2); // one select, listed once, with both of its cases
    expect(list.every((x) => x.stack.includes("trace.test.ts"))).toBe(true);
    await b.send(2);
    await a.recv();
    expect(await r).toEqual([2, true]);
    await s;
    expect(blocked().map((x) => x.op)).toEqual(["select"]);
    c.close();
    await sel;
    expect(blocked()).toEqual([]);
  });

  it("D2: off by default, and turning it off forgets what it saw", () => {
    void new Channel<number>().send(1);
    expect(blocked()).toEqual([]);
    traceBlocked();
    void new Channel<number>().recv();
    expect(blocked()).toHaveLength(1);
    traceBlocked(false);
    expect(blocked()).toEqual([]);
  });
});
