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

describe("D2: every parked operation of gochan is listed", () => {
  it("D2: WaitGroup.wait, Semaphore.acquire and sleep are listed while they wait, with what they wait on", async () => {
    const { Semaphore, WaitGroup, sleep } = await import("gochan");
    traceBlocked();
    const wg = new WaitGroup();
    wg.add(2);
    const waiting = wg.wait();
    const sem = new Semaphore(1);
    await sem.acquire();
    const acquiring = sem.acquire();
    const sleeping = sleep(5);
    expect(blocked().map((b) => b.reason)).toEqual(["WaitGroup.wait", "semaphore acquire", "sleep"]);
    expect(blocked().map((b) => b.detail)).toEqual(["WaitGroup counter 2, 1 waiting", "Semaphore size 1, held 1, 1 waiting", ""]);
    expect(blocked()[0]!.stack).toContain("trace.test.ts");
    wg.add(-2);
    sem.release();
    await Promise.all([waiting, acquiring, sleeping]);
    await Promise.resolve();
    expect(blocked()).toEqual([]);
  });

  it("D2: a named channel is named in blocked(); an unnamed one has no name", () => {
    traceBlocked();
    void new Channel<number>(2, { name: "jobs" }).recv();
    void new Channel<number>().recv();
    expect(blocked().map((b) => b.channels[0])).toEqual([
      { name: "jobs", cap: 2, len: 0, dir: "recv" },
      { name: undefined, cap: 0, len: 0, dir: "recv" },
    ]);
  });

  it("D2: call sites are recorded only when asked for; the library's frames are dropped", () => {
    traceBlocked();
    void new Channel<number>().send(1);
    const [b] = blocked();
    expect(b!.stack.split("\n")[0]).toContain("trace.test.ts");
    expect(b!.stack).not.toMatch(/src\/channel\//);
  });

  it("C1: a name keeps the constructor's capacity check", () => {
    expect(() => new Channel<number>(-1, { name: "x" })).toThrow(RangeError);
  });
});
