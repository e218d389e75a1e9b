import { describe, expect, it } from "vitest";
import { RUNTIMES, runExample } from "./run.js";

function primes(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; out.length < n; k++) if (out.every((p) => k % p !== 0)) out.push(k);
  return out;
}

describe.each(RUNTIMES)("under %s", (runtime) => {
  describe("examples/sieve.ts: Go's concurrent prime sieve", () => {
    it("prints the first 10 primes, one per line", async () => {
      expect(await runExample("sieve.ts", [], runtime)).toEqual(primes(10).map(String));
    });

    it("prints the first 300 primes through a chain of 300 filters", async () => {
      expect(await runExample("sieve.ts", ["300"], runtime)).toEqual(primes(300).map(String));
    });
  });

  describe("examples/sieve-threads.ts: the sieve with every goroutine on another thread", () => {
    it("G1: prints the first 10 primes, values passing from thread to thread", async () => {
      expect(await runExample("sieve-threads.ts", [], runtime)).toEqual(primes(10).map(String));
    });
  });

  describe("examples/fanin.ts: fan-in with quit and timeout", () => {
    it("merges both talkers in order until the timeout, then quits", async () => {
      const lines = await runExample("fanin.ts", [], runtime);
      expect(lines.at(-1)).toBe("You talk too much.");
      const talk = lines.slice(0, -1);
      expect(talk.length).toBeGreaterThan(0);
      for (const who of ["Joe", "Ann"]) {
        const said = talk.filter((l) => l.startsWith(`${who} `)).map((l) => Number(l.slice(who.length + 1)));
        expect(said).toEqual(said.map((_, i) => i)); // each talker's lines arrive once each, in order
      }
      expect(talk.every((l) => /^(Joe|Ann) \d+$/.test(l))).toBe(true);
    });
  });
});
