import { afterEach, describe, expect, it } from "vitest";
import { blocked, Channel, recv, select, traceBlocked } from "gochan";
import { isNode } from "../support/node.js";

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
    expect(blocked()).toEqual([]); // gone by the time an await on the wait resumes
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

describe("D2: run(main) in a browser, where nothing exits", () => {
  it.skipIf(isNode)("D2: a deadlock is reported through console.error and a rejected promise", async () => {
    const { DeadlockError, run } = await import("gochan");
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(" "));
    try {
      const ran = run(async () => {
        await new Channel<number>(0, { name: "replies" }).recv();
      }, { idle: 20 });
      const e = await ran.then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(DeadlockError);
      expect((e as InstanceType<typeof DeadlockError>).report).toContain("goroutine 1 [chan receive]:\n\ton chan replies (cap 0, len 0)");
      expect(String(errors[0])).toContain("fatal error: all goroutines are asleep - deadlock!");
    } finally {
      console.error = original;
    }
  });

  it.skipIf(isNode)("D2: main returning resolves run()'s promise, with no report", async () => {
    const { run } = await import("gochan");
    await expect(run(async () => 42, { idle: 20 })).resolves.toBeUndefined();
  });
});
