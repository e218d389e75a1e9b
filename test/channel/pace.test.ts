import { describe, expect, it } from "vitest";
import { Channel } from "gochan";

describe("D1: a busy pipeline does not starve the event loop", () => {
  it("D1: a macrotask scheduled before 200,000 values move through a buffered channel runs before they finish", async () => {
    const ch = new Channel<number>(64);
    let moved = 0;
    let movedWhenMacrotaskRan = -1;
    const macrotask = (fn: () => void) =>
      typeof setImmediate === "function" ? setImmediate(fn) : setTimeout(fn, 0);
    macrotask(() => {
      movedWhenMacrotaskRan = moved;
    });
    const producer = (async () => {
      for (let i = 0; i < 200_000; i++) await ch.send(i);
      ch.close();
    })();
    let sum = 0;
    for await (const v of ch) {
      sum += v;
      moved++;
    }
    await producer;
    expect(sum).toBe((200_000 * 199_999) / 2);
    expect(movedWhenMacrotaskRan).toBeGreaterThanOrEqual(0);
    expect(movedWhenMacrotaskRan).toBeLessThan(200_000);
  });

  it("D1: a pingpong over unbuffered channels yields too, within a few budgets", async () => {
    const ping = new Channel<number>();
    const pong = new Channel<number>();
    let rounds = 0;
    let roundsWhenTimerRan = -1;
    setTimeout(() => {
      roundsWhenTimerRan = rounds;
    }, 0);
    const echo = (async () => {
      for await (const v of ping) await pong.send(v + 1);
    })();
    for (let i = 0; i < 20_000; i++) {
      await ping.send(i);
      const [v] = await pong.recv();
      expect(v).toBe(i + 1);
      rounds++;
    }
    ping.close();
    await echo;
    expect(roundsWhenTimerRan).toBeGreaterThanOrEqual(0);
    // A timer needs the loop's timers phase, which comes one yield after the first check phase.
    expect(roundsWhenTimerRan).toBeLessThan(20_000);
  });
});
