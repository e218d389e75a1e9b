/**
 * The seeds' programs, ported line for line, run as programs with their sleeps
 * scaled down. Scheduling decides the order of lines, so the checks are what
 * holds in every order: each job processed once, a job's start line before its
 * finish line, never more jobs in flight than workers, the right results.
 */
import { describe, expect, it } from "vitest";
import { RUNTIMES, runExample } from "./run.js";

interface Step {
  worker: number;
  job: number;
  phase: "start" | "end";
}

/** Reads start/end lines; checks each job starts once, ends once after it starts, by the same worker. */
function checkFlow(lines: string[], start: RegExp, end: RegExp, maxInFlight: number): Step[] {
  const steps: Step[] = [];
  for (const l of lines) {
    const s = start.exec(l) ?? end.exec(l);
    if (s) steps.push({ worker: Number(s[1]), job: Number(s[2]), phase: start.test(l) ? "start" : "end" });
  }
  const open = new Map<number, number>();
  let peak = 0;
  const ended = new Set<number>();
  for (const s of steps) {
    if (s.phase === "start") {
      expect(open.has(s.job) || ended.has(s.job)).toBe(false); // processed once
      open.set(s.job, s.worker);
      peak = Math.max(peak, open.size);
    } else {
      expect(open.get(s.job)).toBe(s.worker); // started before finished, same worker
      open.delete(s.job);
      ended.add(s.job);
    }
  }
  expect(open.size).toBe(0);
  expect(peak).toBeLessThanOrEqual(maxInFlight);
  return steps;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(RUNTIMES)("under %s", (runtime) => {
  describe("seed 000: basic pool with a WaitGroup", () => {
    it("processes tasks 0-4 once each on workers 0-2, then prints every result", async () => {
      const lines = await runExample("seed000-basic-pool.ts", [], runtime);
      const steps = checkFlow(lines, /^Worker (\d+) processing task (\d+)$/, /^Worker (\d+) completed task (\d+)$/, 3);
      expect(sorted(steps.filter((s) => s.phase === "end").map((s) => s.job))).toEqual(range(0, 4));
      expect(steps.every((s) => s.worker >= 0 && s.worker <= 2)).toBe(true);
      const results = lines.filter((l) => l.startsWith("Result: "));
      expect(sorted(results.map((l) => Number(l.slice(8))))).toEqual([0, 2, 4, 6, 8]);
      expect(lines.slice(-5)).toEqual(results); // results are collected after wg.Wait()
      expect(lines).toHaveLength(15);
    });
  });

  describe("seed 000 with its workers on threads (examples/seed000-threads.ts)", () => {
    it("G1: the unchanged worker on other threads processes tasks 0-4 once each, and main prints every result", async () => {
      const lines = await runExample("seed000-threads.ts", [], runtime);
      // A thread's console output reaches stdout through the main thread a
      // moment later, so lines of different threads may interleave in any
      // order: each worker's own lines keep theirs.
      const steps = checkFlow(lines.filter((l) => l.startsWith("Worker ")), /^Worker (\d+) processing task (\d+)$/, /^Worker (\d+) completed task (\d+)$/, 3);
      expect(sorted(steps.filter((s) => s.phase === "end").map((s) => s.job))).toEqual(range(0, 4));
      const results = lines.filter((l) => l.startsWith("Result: "));
      expect(sorted(results.map((l) => Number(l.slice(8))))).toEqual([0, 2, 4, 6, 8]);
      expect(lines).toHaveLength(15);
    });
  });

  describe("seed 001: the simple example", () => {
    it("processes jobs 1-5 once each on workers 1-3 and prints five results", async () => {
      const lines = await runExample("seed001-simple.ts", [], runtime);
      const started = lines.map((l) => /^Worker ([1-3]) processing job (\d)$/.exec(l)).filter((m) => m !== null);
      expect(sorted(started.map((m) => Number(m[2])))).toEqual(range(1, 5));
      const results = lines.filter((l) => l.startsWith("Job result: ")).map((l) => Number(l.slice(12)));
      expect(sorted(results)).toEqual([2, 4, 6, 8, 10]);
      expect(lines).toHaveLength(10);
    });
  });

  describe("seed 001: the image processor", () => {
    it("processes images 1-10 once each and reports each once, as success or error", async () => {
      const lines = await runExample("seed001-image-processor.ts", [], runtime);
      const processing = lines
        .map((l) => /^Worker (\d+) processing image (\d+) from https:\/\/example\.com\/image(\d+)\.jpg$/.exec(l))
        .filter((m) => m !== null);
      expect(sorted(processing.map((m) => Number(m[2])))).toEqual(range(1, 10));
      expect(processing.every((m) => m[2] === m[3])).toBe(true);
      const reported: number[] = [];
      for (const l of lines.filter((l) => !l.startsWith("Worker "))) {
        const ok = /^Successfully processed image (\d+) to size (\d+)px in [\d.]+(ns|µs|ms|s)$/.exec(l);
        const err = /^Error processing image (\d+): failed to process image (\d+): simulation error$/.exec(l);
        expect(ok ?? err).not.toBeNull();
        if (ok) expect(Number(ok[2])).toBe(100 * Number(ok[1]));
        if (err) expect(err[1]).toBe(err[2]);
        reported.push(Number((ok ?? err)![1]));
      }
      expect(sorted(reported)).toEqual(range(1, 10));
    });
  });

  describe("seed 001: the image processor on threads, with real pixel work", () => {
    it("processes images 1-10 once each on threads 1-2N and reports each once, its thumbnail Size px wide", async () => {
      const lines = await runExample("seed001-threads.ts", [], runtime);
      const processing = lines
        .map((l) => /^Worker (\d+) processing image (\d+) from https:\/\/example\.com\/image(\d+)\.jpg$/.exec(l))
        .filter((m) => m !== null);
      expect(sorted(processing.map((m) => Number(m[2])))).toEqual(range(1, 10));
      expect(processing.every((m) => m[2] === m[3] && Number(m[1]) >= 1)).toBe(true);
      const reported: number[] = [];
      for (const l of lines.filter((l) => !l.startsWith("Worker "))) {
        const ok = /^Successfully processed image (\d+) to size (\d+)px in [\d.]+(ns|µs|ms|s)$/.exec(l);
        const err = /^Error processing image (\d+): failed to process image (\d+): simulation error$/.exec(l);
        expect(ok ?? err, l).not.toBeNull();
        if (ok) expect(Number(ok[2])).toBe(100 * Number(ok[1]));
        if (err) expect(err[1]).toBe(err[2]);
        reported.push(Number((ok ?? err)![1]));
      }
      expect(sorted(reported)).toEqual(range(1, 10));
    }, 60_000); // 2 threads per core to start, each compiling TypeScript on Node 20: seconds on a loaded machine
  });

  describe("seed 002: the worker pool example", () => {
    it("starts and finishes jobs 1-5 once each, at most 3 at a time", async () => {
      const lines = await runExample("seed002-worker-pool.ts", [], runtime);
      const steps = checkFlow(lines, /^worker (\d+) started {2}job (\d+)$/, /^worker (\d+) finished job (\d+)$/, 3);
      expect(sorted(steps.filter((s) => s.phase === "end").map((s) => s.job))).toEqual(range(1, 5));
      expect(lines).toHaveLength(10);
    });
  });

  describe("seed 003: the 1,000-job factory", () => {
    it("hires 5 workers, runs all 1,000 jobs once each, at most 5 at a time, then closes", async () => {
      const lines = await runExample("seed003-factory.ts", [], runtime);
      expect(lines.slice(0, 2)).toEqual(["Hiring 5 workers...", "Sending 1000 jobs to the assembly line..."]);
      expect(lines).toContain("All jobs sent. Waiting for workers to finish...");
      expect(lines.at(-1)).toBe("All workers finished. Factory is closed.");
      const steps = checkFlow(lines, /^Worker (\d+) started job (\d+)$/, /^— Worker (\d+) finished job (\d+)$/, 5);
      expect(sorted(steps.filter((s) => s.phase === "end").map((s) => s.job))).toEqual(range(1, 1000));
      expect(new Set(steps.map((s) => s.worker))).toEqual(new Set([1, 2, 3, 4, 5]));
    });
  });
});
