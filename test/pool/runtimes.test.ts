// The thread pool under every runtime the examples run on: Node's
// worker_threads, and Deno's and Bun's Web Workers.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runExample, RUNTIMES } from "../examples/run.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("Pool on threads, on every runtime", { timeout: 60_000 }, () => {
  for (const runtime of RUNTIMES) {
    it(`runs on ${runtime}'s threads: results, a moved buffer, an error that keeps its class and fields`, async () => {
      const out = await runExample("../test/pool/programs/threads.ts", [], runtime);
      expect(out).toEqual([
        "sum 174", // 2 * (1 + ... + 10) + 64
        "moved true",
        "workers 2 completed 11",
        "job -1 failed: RangeError negative job E_NEG true",
      ]);
    });
    it(`on ${runtime}, every line a handler prints on a thread reaches stdout before the pool has settled`, async () => {
      const out = await runExample("../test/pool/programs/logs.ts", [], runtime);
      expect(out.filter((l) => l.startsWith("worker line")).sort()).toEqual(Array.from({ length: 20 }, (_, j) => `worker line ${j}`).sort());
      expect(out.at(-1)).toBe("results 20");
    });
  }

  it("on node with flags a thread may not take (--expose-gc, --input-type): threads start all the same", async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--expose-gc", "--import", "tsx", "test/pool/programs/threads.ts"], { cwd: root, timeout: 60_000 }, (e, stdout, stderr) =>
        e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(out).toContain("sum 174");
  });
});
