/**
 * The pool's promises, as properties, against both places a handler runs:
 * the same handler module given as a function (this thread) and as a module
 * (threads). For random worker counts, buffers, job kinds (some overrun the
 * timeout, some throw, on threads some kill their thread), timeouts,
 * ordering and cancel points: every accepted job is reported exactly once,
 * never more than N handlers run at once, results close once every job is
 * reported, and settled() comes once nothing runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Pool, type Result } from "gochan";
import kinds, { type Job } from "./handlers/kinds.js";

const moduleUrl = new URL("./handlers/kinds.ts", import.meta.url);
const RUNS = 12;

const plan = (threads: boolean) =>
  fc.record({
    workers: fc.integer({ min: 1, max: 3 }),
    buffer: fc.integer({ min: 1, max: 4 }),
    timeout: fc.option(fc.constant(15), { nil: undefined }),
    ordered: fc.boolean(),
    jobs: fc.array(
      fc.record({
        kind: fc.constantFrom<Job["kind"]>("ok", "ok", "throw", "spin", ...(threads ? (["exit"] as const) : [])),
        ms: fc.integer({ min: 1, max: 25 }),
      }),
      { maxLength: 12 },
    ),
    cancelAfterMs: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  });

for (const runtime of ["this thread", "threads"] as const) {
  describe(`pool on ${runtime}: exactly once, at most N`, { timeout: 300_000 }, () => {
    it(`every job is reported exactly once, never more than N run at once, results close after the last (${RUNS} runs)`, async () => {
      await fc.assert(
        fc.asyncProperty(plan(runtime === "threads"), async (p) => {
          const ac = new AbortController();
          const counter = new Int32Array(new SharedArrayBuffer(8)); // [running, peak], across threads
          const options = { workers: p.workers, buffer: p.buffer, timeout: p.timeout, ordered: p.ordered, signal: ac.signal };
          const pool = runtime === "threads" ? new Pool<Job, unknown>(moduleUrl, options) : new Pool<Job, unknown>(kinds, options);
          const accepted = new Set<number>();
          const producer = (async () => {
            for (let n = 0; n < p.jobs.length; n++) {
              try {
                await pool.submit({ ...p.jobs[n]!, n, counter });
                accepted.add(n);
              } catch {
                // cancelled pool: not accepted
              }
            }
            if (!ac.signal.aborted) pool.close();
          })();
          if (p.cancelAfterMs !== undefined) setTimeout(() => ac.abort(new Error("cancelled")), p.cancelAfterMs);
          const results: Array<Result<Job, unknown>> = [];
          for await (const r of pool.results) results.push(r);
          expect(pool.stats().running).toBe(pool.stats().overdue); // only a handler past its deadline may still run
          await producer;
          await pool.wait();
          await pool.settled();
          expect(pool.stats().running).toBe(0);

          const reported = results.map((r) => r.job.n);
          expect(new Set(reported).size).toBe(reported.length);
          expect(new Set(reported)).toEqual(accepted);
          expect(Atomics.load(counter, 1)).toBeLessThanOrEqual(p.workers);
          for (const r of results) {
            if (r.status === "done") expect(["ok", "spin"]).toContain(r.job.kind);
            if (r.status === "failed") expect(["throw", "exit"]).toContain(r.job.kind);
            if (r.status === "timeout") expect(p.timeout).toBeDefined();
            if (r.status === "cancelled") expect(ac.signal.aborted).toBe(true);
          }
          if (p.ordered) expect(reported).toEqual([...reported].sort((a, b) => a - b));
          const st = pool.stats();
          expect(st.completed + st.failed + st.timedOut + st.cancelled).toBe(results.length);
        }),
        { numRuns: Number(process.env.POOL_RUNS ?? RUNS), timeout: 15_000, endOnFailure: true }, // a run that hangs fails with its plan, not the whole test
      );
    });
  });
}
