/**
 * For random job sets (some handlers ignore their signal and overrun the timeout), worker counts, failures, timeouts and cancel points,
 * with fast-check's scheduler deciding when each handler settles: every
 * accepted job is reported exactly once, never more than N handlers run at
 * once, and results close only after the last one. The scheduler is
 * gochan/testing's: fast-check's for the handlers, plus a seed for the
 * pool's own selects, so that a failing plan replays from its seed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Pool, type Result } from "gochan";
import { fastCheckKit } from "gochan/testing";

const kit = fastCheckKit(fc);

const RUNS = 100;

const plan = fc.record({
  workers: fc.integer({ min: 1, max: 4 }),
  buffer: fc.integer({ min: 1, max: 4 }),
  timeout: fc.option(fc.constantFrom(2, 5), { nil: undefined }),
  ordered: fc.boolean(),
  jobs: fc.array(fc.constantFrom("ok", "ok", "throw", "reject", "hang", "stubborn"), { maxLength: 15 }),
  cancelAfter: fc.option(fc.nat(20), { nil: undefined }),
});

describe("pool: exactly once, at most N", { timeout: 60_000 }, () => { // 100 runs, with real timers: seconds when the machine is busy
  it(`every job is reported exactly once, never more than N run at once (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(kit.scheduler(), plan, (gs, p) => gs.run(async () => {
        const s = gs.fc as fc.Scheduler;
        // a plan that hangs with neither timeout nor cancel would wait forever, as in Go
        fc.pre(p.timeout !== undefined || p.cancelAfter !== undefined || !p.jobs.includes("hang"));
        const ac = new AbortController();
        let running = 0;
        let peak = 0;
        const pool = new Pool(
          async (j: number, { signal }) => {
            running++;
            peak = Math.max(peak, running);
            try {
              const kind = p.jobs[j]!;
              if (kind === "throw") throw new Error(`job ${j}`);
              await s.schedule(Promise.resolve(), `job ${j}`);
              if (kind === "reject") throw new Error(`job ${j}`);
              if (kind === "stubborn") await new Promise((r) => setTimeout(r, 12)); // ignores its signal, outlives the timeout
              if (kind === "hang") {
                await new Promise((_, reject) => {
                  if (signal.aborted) reject(signal.reason);
                  signal.addEventListener("abort", () => reject(signal.reason));
                });
              }
              return j;
            } finally {
              running--;
            }
          },
          { workers: p.workers, buffer: p.buffer, timeout: p.timeout, ordered: p.ordered, signal: ac.signal },
        );

        const accepted = new Set<number>();
        const producer = (async () => {
          for (let j = 0; j < p.jobs.length; j++) {
            try {
              await pool.submit(j);
              accepted.add(j);
            } catch {
              // cancelled pool: the job was not accepted
            }
          }
          if (!ac.signal.aborted) pool.close();
        })();
        const canceller = (async () => {
          if (p.cancelAfter === undefined) return;
          for (let i = 0; i < p.cancelAfter; i++) await s.schedule(Promise.resolve(), "tick");
          ac.abort("cancelled");
        })();
        const results: Array<Result<number, number>> = [];
        const collector = (async () => {
          for await (const r of pool.results) results.push(r);
          // closed once every job is reported: only a handler past its deadline may still run
          expect(pool.stats().running).toBe(pool.stats().overdue);
        })();

        await s.waitFor(Promise.all([producer, canceller, collector, pool.wait()]));
        await pool.settled();
        expect(pool.stats().running).toBe(0);

        const reported = results.map((r) => r.job);
        expect(new Set(reported).size).toBe(reported.length);
        expect(new Set(reported)).toEqual(accepted);
        expect(peak).toBeLessThanOrEqual(p.workers);
        for (const r of results) {
          const kind = p.jobs[r.job]!;
          if (r.status === "done") expect(["ok", "stubborn"]).toContain(kind);
          if (r.status === "failed") expect(["throw", "reject"]).toContain(kind);
          if (r.status === "timeout") expect(p.timeout).toBeDefined();
          if (r.status === "cancelled") expect(ac.signal.aborted).toBe(true);
        }
        if (p.ordered) expect(reported).toEqual([...reported].sort((a, b) => a - b));
        const st = pool.stats();
        expect(st.completed + st.failed + st.timedOut + st.cancelled).toBe(results.length);
      })),
      { numRuns: RUNS, timeout: 10_000 }, // a run that hangs fails with its plan
    );
  });
});
