import { describe, expect, it } from "vitest";
import { RUNTIMES, runExample } from "./run.js";

describe.each(RUNTIMES)("under %s", (runtime) => {
  describe("examples/demo.ts (npm run demo): seed 001 through the Pool", () => {
    it("reports all 60 images once each, as done, failed or timed out, then a summary", async () => {
      const lines = await runExample("demo.ts", [], runtime);
      const ids: number[] = [];
      for (const l of lines) {
        const m =
          /^Successfully processed image (\d+) to size \d+px in /.exec(l) ??
          /^Error processing image (\d+): failed to process image \d+: simulation error$/.exec(l) ??
          /^Timed out processing image (\d+) after /.exec(l);
        if (m) ids.push(Number(m[1]));
      }
      expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(lines.some((l) => /^60 images in [\d.]+ s with \d+ workers/.test(l))).toBe(true);
    });
  });
});
