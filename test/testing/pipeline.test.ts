/**
 * docs/testing.md's worked example, as tests: the rate-limited pipeline of
 * examples/testing/pipeline.ts in virtual time, its leak, and the planted
 * bug a property test finds and replays from its seed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sleep } from "gochan/time";
import { BubbleDeadlockError, fastCheckKit, now, synctest, trackLeaks } from "gochan/testing";
import { pipeline, pipelineLeaky, pipelineSharedTimeout, type Fetch } from "../../examples/testing/pipeline.js";

const kit = fastCheckKit(fc);

/** A fake fetch that takes `latency[id]` ms of gochan time, and stops if aborted. */
const fakeFetch =
  (latency: readonly number[]): Fetch =>
  async (id, signal) => {
    await sleep(latency[id]!, { signal });
    return `item ${id}`;
  };

describe("docs/testing.md: the rate-limited pipeline", () => {
  it("in virtual time: 2 items a second, a 2 s timeout, a 5 s fetch times out, and the run takes no real time", async () => {
    const t0 = performance.now();
    await synctest(async () => {
      const start = now().getTime();
      const out = await pipeline([0, 1, 2], fakeFetch([100, 5000, 300]), { perSecond: 2, timeoutMs: 2000 });
      expect(out).toEqual(["item 0", "timeout", "item 2"]);
      // tick at 500, fetch 100; tick at 1000, timeout at 3000; a tick is waiting (T5), fetch 300: 3300 ms of virtual time
      expect(now().getTime() - start).toBe(3300);
    });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("the leak: the first version leaves the timed-out fetch running, and the bubble says where", async () => {
    const e = await synctest(() => pipelineLeaky([0, 1], fakeFetch([5000, 10]), { perSecond: 10, timeoutMs: 1000 })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BubbleDeadlockError);
    expect((e as Error).message).toMatch(/^deadlock: main bubble goroutine has exited but blocked goroutines remain/);
    expect((e as Error).message).toMatch(/\[sleep \(durable\)\]/);
    expect((e as Error).message).toMatch(/pipeline\.test\.ts/);
  });

  it("the leak, caught by trackLeaks in real time too", async () => {
    const leaks = trackLeaks({ attempts: 3 });
    await pipelineLeaky([0], fakeFetch([5000]), { perSecond: 100, timeoutMs: 20 });
    const e = await leaks.check().catch((x: unknown) => x as Error);
    leaks.stop();
    expect(e?.message).toMatch(/found unexpected gochan leftovers/);
    expect(e?.message).toMatch(/\[operation\] sleep/);
    await pipeline([0], fakeFetch([5000]), { perSecond: 100, timeoutMs: 20 }); // the shipped one is clean
    const clean = trackLeaks({ attempts: 3 });
    await pipeline([0], fakeFetch([5000]), { perSecond: 100, timeoutMs: 20 });
    await expect(clean.check()).resolves.toBeUndefined();
    clean.stop();
  });

  const latencies = fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 5 });
  // An item times out exactly when its fetch takes longer than the timeout (a tie goes to the fetch, set first).
  const property = (run: typeof pipeline) =>
    fc.asyncProperty(latencies, kit.scheduler(), (lat, s) =>
      s.run(() =>
        synctest(async () => {
          const out = await run(lat.map((_, i) => i), fakeFetch(lat), { perSecond: 4, timeoutMs: 1000 });
          return out.every((r, i) => (r === "timeout") === lat[i]! > 1000);
        }),
      ),
    );

  it("the property holds for the shipped pipeline", async () => {
    await fc.assert(property(pipeline), { numRuns: 100 });
  });

  it("the property finds the planted bug (one timeout for the whole run), shrinks it, and replays it from its seed", async () => {
    const found = await fc.check(property(pipelineSharedTimeout), { seed: 2026, numRuns: 200 });
    expect(found.failed).toBe(true);
    const [lat] = found.counterexample!;
    // Shrunk to a short story: a few quick items whose time together passes the one shared timeout.
    expect(lat.length).toBeGreaterThanOrEqual(2);
    expect(lat.length).toBeLessThanOrEqual(3);
    expect(lat.every((l) => l <= 1000)).toBe(true);
    const replay = await fc.check(property(pipelineSharedTimeout), { seed: found.seed, path: found.counterexamplePath!, endOnFailure: true });
    expect(replay.failed).toBe(true);
    expect(replay.counterexample![0]).toEqual(lat);
  });
});

