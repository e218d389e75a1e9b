// G4: a thread that dies takes only itself down. Threads are killed from
// inside (a goroutine that exits its thread), placed on a known thread by
// maxProcs(1); no test depends on when a kill lands.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.js";
import { queueSizes } from "../../src/channel/internal.js";
import { ThreadExitError } from "../../src/threads/index.js";
import { maxProcs, onThread } from "../../src/goroutine/index.js";
import { stopProcs } from "../../src/goroutine/procs.js";
import type * as Work from "./fixtures/work.js";

type W = typeof Work;
const url = new URL("./fixtures/work.ts", import.meta.url);
const g = <K extends keyof W>(name: K) => onThread<W[K]>(url, name);
const before = maxProcs();

afterEach(() => stopProcs());
afterAll(() => void maxProcs(before));

describe("G4: when a thread dies", () => {
  it("G4: its parked operations are withdrawn, its goroutines reject, the channels stay usable", async () => {
    maxProcs(1);
    const ch = new Channel<number>();
    const theirs = new Channel<Channel<number>>();
    const parked = g("ownAndPark")(ch, theirs);
    const [mine] = await theirs.recv(); // a channel the thread owns
    while (queueSizes(ch).recv === 0) await new Promise((r) => setTimeout(r, 5));
    const exit = g("exitNow")();
    await expect(parked).rejects.toBeInstanceOf(ThreadExitError);
    await expect(exit).rejects.toBeInstanceOf(ThreadExitError);
    // Withdrawn: the dead thread's receive no longer takes a value.
    expect(queueSizes(ch)).toEqual({ recv: 0, send: 0 });
    const got = ch.recv();
    await ch.send(5);
    expect(await got).toEqual([5, true]);
    // A channel the dead thread owned is gone: operations on it reject.
    await expect(mine!.send(1)).rejects.toBeInstanceOf(ThreadExitError);
    // And goroutines go on, on a new thread.
    const jobs = new Channel<number>(3);
    const results = new Channel<number>(3);
    for (const j of [1, 2, 3]) await jobs.send(j);
    jobs.close();
    expect(await g("worker")(0, jobs, results)).toBe(3);
  }, 60_000);

  it("G4, C5: values relayed by threads that are killed are never doubled, and only those a dead thread held are lost", async () => {
    maxProcs(2);
    const n = 100_000;
    const input = new Channel<number>(64);
    const out = new Channel<number>(64);
    const seen = new Uint8Array(n);
    let fed = false;
    let killed = 0;
    const relays: Promise<unknown>[] = [];
    // A relay killed with its thread is replaced while there is input left.
    const watch = (p: Promise<unknown>) =>
      relays.push(
        p.catch((e: unknown) => {
          if (!(e instanceof ThreadExitError)) throw e;
          killed++;
          if (!fed) watch(g("relay")(input, out));
        }),
      );
    // Three relays end their threads as they hold a value; each death may also take the relay beside it.
    for (const k of [500, 1000, 1500]) watch(g("relayThenExit")(input, out, k));
    watch(g("relay")(input, out));
    const drain = (async () => {
      for await (const v of out) seen[v]!++;
    })();
    for (let i = 0; i < n; i++) await input.send(i);
    input.close();
    fed = true;
    for (let i = 0; i < relays.length; i++) await relays[i];
    out.close();
    await drain;
    expect(Math.max(...seen)).toBe(1);
    const lost = seen.reduce((k, x) => k + (x === 0 ? 1 : 0), 0);
    // Every killer dies (by its own count, which it reaches long before the input ends, or with the
    // thread it shares); each killed relay held at most one value (received, not yet sent on).
    expect(killed).toBeGreaterThanOrEqual(3);
    expect(lost).toBeGreaterThanOrEqual(1); // the first killer to reach its count held one
    expect(lost).toBeLessThanOrEqual(killed);
  }, 120_000);
});
