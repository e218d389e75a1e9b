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

  it("D1: a pingpong over unbuffered channels lets a timer fire while it runs", async () => {
    const ping = new Channel<number>();
    const pong = new Channel<number>();
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    const echo = (async () => {
      for await (const v of ping) await pong.send(v + 1);
    })();
    // Without yields the timer could not fire before the loop ends, so the
    // loop would run all 2,000,000 rounds (seconds) and the check below fails.
    let rounds = 0;
    while (!timerFired && rounds < 2_000_000) {
      await ping.send(rounds);
      const [v] = await pong.recv();
      if (v !== rounds + 1) throw new Error(`round ${rounds}: got ${String(v)}`);
      rounds++;
    }
    ping.close();
    await echo;
    expect(timerFired).toBe(true);
    expect(rounds).toBeLessThan(2_000_000);
  });
});
