// Seed 001's image processor as one producer and two worker processes
// (npm run example:distributed), its output checked as the one-process
// port's is in seeds.test.ts. Needs redis-server: skipped with one line
// without it (failed under CI, see test/support/redis.ts).
import { describe, expect, it } from "vitest";
import { HAVE_REDIS } from "../support/redis.js";
import { runExample } from "./run.js";

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);

(HAVE_REDIS ? describe : describe.skip)("seed 001 distributed: a producer and two worker processes on Redis", () => {
  it("processes images 1-10 once each (workers numbered 1-4 across the two processes) and reports each once", async () => {
    const lines = await runExample("distributed/image-processor.ts");
    const processing = lines
      .map((l) => /^Worker (\d+) processing image (\d+) from https:\/\/example\.com\/image(\d+)\.jpg$/.exec(l))
      .filter((m) => m !== null);
    expect(sorted(processing.map((m) => Number(m[2])))).toEqual(range(1, 10));
    expect(processing.every((m) => m[2] === m[3])).toBe(true);
    const workers = new Set(processing.map((m) => Number(m[1])));
    expect([...workers].every((w) => w >= 1 && w <= 4)).toBe(true);
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
  }, 60_000);
});
