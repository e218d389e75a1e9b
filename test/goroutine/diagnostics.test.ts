// G5: the diagnostics see every thread.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.js";
import { maxProcs, onThread } from "../../src/goroutine/index.js";
import { stopProcs } from "../../src/goroutine/procs.js";
import { blocked, go, startTrace, traceBlocked } from "../../src/runtime/index.js";
import type * as Work from "./fixtures/work.js";

const url = new URL("./fixtures/work.ts", import.meta.url);
const root = fileURLToPath(new URL("../../", import.meta.url));
const before = maxProcs();

afterAll(async () => {
  maxProcs(before);
  traceBlocked(false);
  await stopProcs();
});

function program(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "test/goroutine/fixtures/deadlock.ts", ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }),
    );
  });
}

/** Waits until `ok()` holds, looking again as threads report (no time limit but the test's). */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 10));
}

describe("G5: diagnostics see every thread", () => {
  it("G5: blocked() lists a thread's operation on a main-thread channel, and one on the thread's own channel", async () => {
    traceBlocked();
    maxProcs(1);
    const jobs = new Channel<number>(0, { name: "jobs" });
    onThread<typeof Work.parkThenHang>(url, "parkThenHang")(jobs).catch(() => {}); // ended by stopProcs
    onThread<typeof Work.parkOnOwn>(url, "parkOnOwn")().catch(() => {});
    await until(() => blocked().length >= 2);
    const ops = blocked().map((o) => ({ reason: o.reason, thread: o.thread, channel: o.channels[0]?.name }));
    expect(ops).toContainEqual({ reason: "chan receive", thread: 1, channel: "jobs" });
    expect(ops).toContainEqual({ reason: "chan receive", thread: 1, channel: "own" });
  }, 60_000);

  it("G5: a trace gives each goroutine on a thread its own lane, with the values it passed and its waits on main's channels", async () => {
    maxProcs(2);
    const t = startTrace();
    const jobs = new Channel<number>(0, { name: "tjobs" });
    const results = new Channel<number>(4, { name: "tresults" });
    const worker = onThread<typeof Work.worker>(url, "worker");
    const done = [go(() => worker(1, jobs, results), "worker 1"), worker(2, jobs, results)];
    // Both parked on tjobs before any job is sent: each lane must show that wait.
    await until(() => blocked().filter((o) => o.thread > 0 && o.channels[0]?.name === "tjobs").length === 2);
    for (let j = 1; j <= 4; j++) await jobs.send(j);
    jobs.close();
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += (await results.recv())[0]!;
    expect(sum).toBe(20);
    const counts = await Promise.all(done);
    const trace = t.stop().data;

    const lanes = trace.tasks.filter((x) => / \(thread \d\)$/.test(x.name));
    expect(lanes.map((x) => x.name.replace(/\d\)$/, "N)")).sort()).toEqual(["worker #" + /#(\d+)/.exec(lanes.find((x) => x.name.startsWith("worker #"))!.name)![1] + " (thread N)", "worker 1 (thread N)"].sort());
    for (const lane of lanes) expect(lane.end).toBeGreaterThan(lane.start);
    const chan = (name: string) => `c${trace.channels.find((c) => c.name === name)!.id}`;
    const edge = (from: string, to: string) => trace.edges.find((e) => e.from === from && e.to === to)?.count ?? 0;
    // Each lane received from tjobs and sent to tresults as many values as its worker counted.
    for (const [i, lane] of [lanes.find((x) => x.name.startsWith("worker 1"))!, lanes.find((x) => x.name.startsWith("worker #"))!].entries()) {
      expect(edge(chan("tjobs"), `t${lane.id}`)).toBe(counts[i]);
      expect(edge(`t${lane.id}`, chan("tresults"))).toBe(counts[i]);
      expect(trace.spans.some((s) => s.task === lane.id && s.kind === "blocked" && s.label.includes("receive from tjobs"))).toBe(true);
    }
    expect(counts[0]! + counts[1]!).toBe(4);
  }, 60_000);

  it("G5: run() reports a deadlock that spans threads as Go does, each blocked operation with its thread", async () => {
    const r = await program([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("fatal error: all goroutines are asleep - deadlock!");
    expect(r.stderr).toMatch(/goroutine \d+ \[chan receive\]:\n\ton chan results/);
    expect(r.stderr).toMatch(/goroutine \d+ \[chan receive, thread \d\]:\n\ton chan jobs/);
    expect(r.stderr).toMatch(/goroutine \d+ \[chan receive, thread \d\]:\n\ton chan own/);
  }, 60_000);

  it("G3: when main returns, the program ends with every line a goroutine on a thread printed before it signalled main", async () => {
    const r = await program(["chatty"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(5000);
    expect(lines[4999]).toBe("line 4999");
  }, 60_000);

  it("G5: a thread that computes is not blocked: no report, and the program ends normally", async () => {
    const r = await program(["busy"]);
    expect(r.stderr).not.toContain("deadlock");
    expect(r.stdout.trim()).toBe("got 7");
    expect(r.code).toBe(0);
  }, 60_000);
});
