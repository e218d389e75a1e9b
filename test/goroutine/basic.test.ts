// Goroutines on threads, G1-G4 by example.
import { afterAll, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.js";
import { onThread } from "../../src/goroutine/index.js";
import { stopProcs } from "../../src/goroutine/procs.js";
import type * as Work from "./fixtures/work.js";

const url = new URL("./fixtures/work.ts", import.meta.url);
const fn = <K extends keyof typeof Work>(name: K) => onThread<(typeof Work)[K]>(url, name);

afterAll(() => stopProcs());

describe("goroutines on threads", () => {
  it("G1: a channel passed to a goroutine on a thread is the same channel there", async () => {
    const jobs = new Channel<number>(5);
    const results = new Channel<number>(5);
    const done = fn("worker")(1, jobs.recvOnly(), results.sendOnly());
    for (let j = 0; j < 5; j++) await jobs.send(j);
    jobs.close();
    expect(await done).toBe(5);
    results.close();
    const got: number[] = [];
    for await (const r of results) got.push(r);
    expect(got).toEqual([0, 2, 4, 6, 8]);
  }, 30_000);

  it("G1: a goroutine on a thread starts another on a thread, handing it a channel it made there", async () => {
    const r = await fn("spawnSender")(100);
    expect(r.sum).toBe(5050);
    expect(r.child).toBeUndefined();
    expect(r.here).toBeGreaterThan(0); // it ran on a thread, not on main
  }, 30_000);

  it("G3: a nested start that fails rejects on the thread that asked, with the error's class", async () => {
    expect(await fn("spawnMissing")()).toMatch(/^TypeError: onThread: .* exports no function named "noSuchExport"/);
  }, 30_000);
});
