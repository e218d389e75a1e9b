/**
 * D2: Go's deadlock report. Each program in programs/ is run as a user runs
 * it (a child process, `node --import tsx`), and its stderr and exit status
 * are checked: Go's line, one entry per blocked operation saying what it
 * waits for and on which channel, the user's call site with gochan's frames
 * dropped (with GOCHAN_DEBUG=1), and status 2.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RUNTIMES } from "../examples/run.js";
import { runtimeBin, type OtherRuntime } from "../support/runtimes.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function program(name: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `test/runtime/programs/${name}.ts`],
      { cwd: root, env: { ...process.env, GOCHAN_DEBUG: "", GOCHAN_TRACE: "", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : (error.code as number | null), stdout, stderr }),
    );
  });
}

const LINE = "fatal error: all goroutines are asleep - deadlock!";

describe("D2: run(main) reports a deadlock as Go does, and exits with status 2", () => {
  it("D2: chan receive", async () => {
    const r = await program("recv", { GOCHAN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(`${LINE}\n\ngoroutine 1 [chan receive]:\n\ton chan replies (cap 0, len 0)\n`)).toBe(true);
    // The user's frame, first; none of gochan's.
    expect(r.stderr).toMatch(/goroutine 1 \[chan receive\]:\n\ton chan replies \(cap 0, len 0\)\n\tat .*programs\/recv\.ts:6:\d+\)/);
    expect(r.stderr).not.toMatch(/src\/(channel|runtime)\//);
  });

  it("D2: chan send, on a full buffered channel", async () => {
    const r = await program("send", { GOCHAN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${LINE}\n\ngoroutine 1 [chan send]:\n\ton chan out (cap 1, len 1)\n\tat `);
    expect(r.stderr).toMatch(/programs\/send\.ts:7:\d+/);
  });

  it("D2: select, listed once with each case's channel", async () => {
    const r = await program("select", { GOCHAN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("goroutine 1 [select]:\n\tcase receive from chan quit (cap 0, len 0)\n\tcase send to chan out (cap 0, len 0)\n");
    expect(r.stderr.match(/^goroutine /gm)).toHaveLength(1);
    expect(r.stderr).toMatch(/programs\/select\.ts:7:\d+/);
  });

  it("D2: WaitGroup.wait in main, listed first, and the worker's receive", async () => {
    const r = await program("waitgroup", { GOCHAN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("goroutine 1 [WaitGroup.wait]:\n\ton WaitGroup counter 1, 1 waiting\n");
    expect(r.stderr).toMatch(/goroutine 1 \[WaitGroup\.wait\]:\n.*\n\tat .*programs\/waitgroup\.ts:11:\d+/);
    expect(r.stderr).toContain("goroutine 2 [chan receive]:\n\ton chan jobs (cap 2, len 0)\n");
  });

  it("D2: semaphore acquire", async () => {
    const r = await program("semaphore", { GOCHAN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("goroutine 1 [semaphore acquire]:\n\ton Semaphore size 1, held 1, 1 waiting\n");
    expect(r.stderr).toMatch(/programs\/semaphore\.ts:7:\d+/);
  });

  it("D2: Once.do called from its own f: an entry for the parked call (the report had none)", async () => {
    const r = await program("once", { GOCHAN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${LINE}\n\ngoroutine 1 [Once.do]:\n`);
    expect(r.stderr).toMatch(/programs\/once\.ts:7:\d+/);
  });

  it("D2: mutex lock", async () => {
    const r = await program("mutex", { GOCHAN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("goroutine 1 [mutex lock]:\n\ton Mutex locked, 1 waiting\n");
    expect(r.stderr).toMatch(/programs\/mutex\.ts:7:\d+/);
  });

  it("D2: seed 000 without close(jobs): three workers' receives and main's wait", async () => {
    const r = await new Promise<Ran>((resolve) =>
      execFile(process.execPath, ["--import", "tsx", "examples/seed000-deadlock.ts"], { cwd: root, env: { ...process.env, GOCHAN_DEBUG: "" } }, (e, stdout, stderr) =>
        resolve({ code: e === null ? 0 : (e.code as number), stdout, stderr }),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("Worker 1 completed task 4");
    expect(r.stderr.startsWith(LINE)).toBe(true);
    expect(r.stderr.match(/\[chan receive\]:\n\ton chan jobs \(cap 5, len 0\)/g)).toHaveLength(3);
    expect(r.stderr).toContain("[WaitGroup.wait]:\n\ton WaitGroup counter 3, 1 waiting");
    // Without call sites, the report says how to get them.
    expect(r.stderr).toContain("GOCHAN_DEBUG=1");
  });

  it("D2: no report when main returns with goroutines still blocked or sleeping: status 0 at once", async () => {
    const started = performance.now();
    const r = await program("returns");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("main done\n");
    expect(r.stderr).toBe("");
    expect(performance.now() - started).toBeLessThan(20_000); // not the 60 s sleep, nor the ticker forever
  });

  it("D2: an error thrown by main is printed and the status is 1, not a deadlock's 2", async () => {
    const r = await program("throws");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: boom");
    expect(r.stderr).not.toContain(LINE);
  });
});

// Deno and Bun emit beforeExit too. (A top-level `await run(main)` is what
// they do not allow: Deno stops it as a never-resolved await, Bun waits on
// it forever. So the programs call run(main) without await, as documented.)
describe.each(RUNTIMES.filter((r) => r !== "node"))("D2: under %s", (runtime) => {
  it("D2: the deadlock report and status 2", async () => {
    const bin = runtimeBin(runtime as OtherRuntime)!;
    const argv =
      runtime === "deno"
        ? ["run", "--quiet", "--allow-env", "--allow-read", "--config", "test/runtimes/deno.json", "test/runtime/programs/select.ts"]
        : ["test/runtime/programs/select.ts"];
    const r = await new Promise<Ran>((resolve) =>
      execFile(bin, argv, { cwd: root, env: { ...process.env, GOCHAN_DEBUG: "" }, timeout: 30_000 }, (e, stdout, stderr) =>
        resolve({ code: e === null ? 0 : (e.code as number), stdout, stderr }),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${LINE}\n\ngoroutine 1 [select]:\n\tcase receive from chan quit (cap 0, len 0)\n`);
  });
});
