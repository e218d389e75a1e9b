import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { command, root, RUNTIMES, runExample, type Runtime } from "./run.js";

const RESULT = [
  /^Successfully processed image (\d+) to size (?:[1-5]00)px in /,
  /^Error processing image (\d+): failed to process image \d+: simulation error$/,
  /^Timed out processing image (\d+) after /,
];

/** The ids each `== name: ... ==` section of the demo's output reports, by section. */
function sections(lines: string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let ids: number[] | undefined;
  for (const l of lines) {
    const head = /^== (.+): \d+ images, \d+ workers ==$/.exec(l);
    if (head) out.set(head[1]!, (ids = []));
    for (const re of RESULT) {
      const m = re.exec(l);
      if (m) ids!.push(Number(m[1]));
    }
  }
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Starts the demo, sends SIGINT once `ready` holds for its output so far, and resolves with its output and exit code. */
function interrupt(runtime: Runtime, ready: (out: string) => boolean): Promise<{ out: string; code: number | null; signal: string | null }> {
  const [cmd, argv] = command(runtime, "examples/demo.ts");
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...argv, "400"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    let sent = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (!sent && ready(out)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ out, code, signal });
    });
  });
}

describe.each(RUNTIMES)("under %s", (runtime) => {
  describe("examples/demo.ts (npm run demo): seed 001 with real work, on one thread and then on threads", () => {
    it("reports every image once in each run, then a summary per run and the measured speed-up", async () => {
      const lines = await runExample("demo.ts", ["16"], runtime);
      const runs = sections(lines);
      expect([...runs.keys()]).toEqual(["one thread", "threads"]);
      for (const ids of runs.values()) expect([...ids].sort((a, b) => a - b)).toEqual(range(16));
      const summary = lines.map((l) => /^(one thread|threads): 16 images in ([\d.]+) s with (\d+) workers, ([\d.]+) of them busy on average, (?:[\d.]+|n\/a) cores used$/.exec(l));
      const [one, many] = ["one thread", "threads"].map((name) => summary.find((m) => m?.[1] === name)!);
      expect(one).toBeDefined();
      expect(many).toBeDefined();
      // The busy figure is true: on one thread, handlers that compute cannot overlap,
      // so the workers together are busy at most the run's time; on threads, at most `workers` times it.
      expect(Number(one![4])).toBeLessThanOrEqual(1.05);
      expect(Number(many![4])).toBeLessThanOrEqual(Number(many![3]) + 0.05);
      const speedup = lines.map((l) => /^speed-up: ([\d.]+)× on threads for the whole run, their start included; [\d.]+× in the steady state \(the threads had ([\d.]+|n\/a) of (\d+) cores\)$/.exec(l)).find((m) => m !== null);
      expect(speedup).toBeDefined();
      // The speed-up is the two runs' times over each other. All three are
      // printed to 2 decimals, so it lies within what the rounded times allow
      // (a fixed 5% flaked when a short run's time rounded by more than that).
      const [t1, tn, h] = [Number(one![2]), Number(many![2]), 0.005];
      const lo = (t1 - h) / (tn + h);
      const hi = tn > h ? (t1 + h) / (tn - h) : Infinity;
      expect(Number(speedup![1])).toBeGreaterThanOrEqual(lo - h - 1e-9);
      expect(Number(speedup![1])).toBeLessThanOrEqual(hi + h + 1e-9);
      expect(lines.some((l) => /^the threads took \d+ ms to their first result: /.test(l))).toBe(true);
      // Less CPU than the cores it could use: said in plain words, and only then.
      const cores = Math.min(Number(many![3]), Number(speedup![3]));
      const busy = lines.find((l) => l.startsWith("this machine was busy: "));
      if (Number(speedup![2]) < cores - 0.5) expect(busy).toMatch(/^this machine was busy: the threads got [\d.]+ of its \d+ cores \(load average [\d.]+\), so they took turns instead of computing side by side/);
      else expect(busy).toBeUndefined();
    }, 60_000);

    it("Ctrl-C prints the summary so far and exits with 130", async () => {
      // Interrupted in its first run, once a few images are reported.
      const { out, code, signal } = await interrupt(runtime, (o) => (o.match(/^(Successfully|Error) /gm) ?? []).length >= 3);
      expect(signal).toBeNull();
      expect(code).toBe(130);
      const lines = out.trimEnd().split("\n");
      expect(lines).toContain("interrupted: the summary so far");
      expect(lines.some((l) => /^one thread: \d+ images in [\d.]+ s with \d+ workers, [\d.]+ of them busy on average, (?:[\d.]+|n\/a) cores used \(interrupted\)$/.test(l))).toBe(true);
      expect(lines.some((l) => l.startsWith("speed-up:"))).toBe(false);
    }, 60_000);
  });
});
