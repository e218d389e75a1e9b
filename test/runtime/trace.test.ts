/**
 * The trace of a run: seed 002's pool recorded, its mermaid graph measured,
 * and its HTML timeline opened in real headless Chromium (Debian's, as the
 * browser tests use), where the lanes, spans, markers and the pool's chart
 * must be drawn.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Channel, Pool, WaitGroup, go, recv, select, sleep, startTrace, TracingAlreadyEnabledError, type RecvChannel, type SendChannel, type Trace } from "gochan";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let recording: { stop(): Trace } | null = null;
afterEach(() => {
  recording?.stop();
  recording = null;
});

async function worker(jobs: RecvChannel<number>, results: SendChannel<number>) {
  for await (const j of jobs) {
    await sleep(2);
    await results.send(j * 2);
  }
}

/** Seed 002: 3 workers, 5 jobs, a results channel; then a pool of 2 over 8 jobs, and a select. */
async function seed002(): Promise<Trace> {
  recording = startTrace();
  const jobs = new Channel<number>(5, { name: "jobs" });
  const results = new Channel<number>(5, { name: "results" });
  for (let w = 1; w <= 3; w++) void go(() => worker(jobs, results), `worker ${w}`);
  for (let j = 1; j <= 5; j++) await jobs.send(j);
  jobs.close();
  for (let a = 1; a <= 5; a++) await results.recv();

  const pool = new Pool(async (j: number) => {
    await sleep(3);
    return j;
  }, { workers: 2, buffer: 8 });
  for (let j = 0; j < 8; j++) await pool.submit(j);
  pool.close();
  for await (const r of pool.results) void r;
  await pool.wait();

  const quit = new Channel<void>(0, { name: "quit" });
  setTimeout(() => quit.close(), 1);
  await select([recv(quit)]);
  const t = recording.stop();
  recording = null;
  return t;
}

describe("trace: a picture of a run", () => {
  it("the mermaid graph is seed 002's diagram, measured: values counted per edge", async () => {
    const t = await seed002();
    const m = t.mermaid();
    expect(m.startsWith("graph LR\n")).toBe(true);
    expect(m).toContain('c1["jobs chan (cap 5)"]');
    expect(m).toContain('c2["results chan (cap 5)"]');
    expect(m).toContain("t0 -- 5 --> c1"); // main sent 5 jobs
    expect(m).toContain("c2 -- 5 --> t0"); // and received 5 results
    const fromJobs = [...m.matchAll(/c1 -- (\d+) --> t[1-3]\b/g)].reduce((s, x) => s + Number(x[1]), 0);
    expect(fromJobs).toBe(5); // the three workers took the five jobs between them
    expect(m).toMatch(/subgraph pool1 \[Pool workers\]\n\s+t\d+\("pool worker 1"\)/);
    expect(m).toMatch(/"pool jobs chan|jobs chan/);
    const closes = t.data.marks.filter((x) => x.kind === "close").map((x) => x.label);
    expect(closes).toEqual(expect.arrayContaining(["close(jobs)", "close(quit)"]));
    expect(t.data.marks.some((x) => x.kind === "select" && x.task === 0)).toBe(true);
    expect(t.data.pools[0]!.samples.some(([, queued]) => queued > 0)).toBe(true);
    expect(t.data.spans.some((s) => s.kind === "job")).toBe(true);
  });

  it("wg.go(fn, name) is a goroutine with its own lane, as go(fn, name) is; unnamed, it is a 'goroutine'", async () => {
    recording = startTrace();
    const wg = new WaitGroup();
    const ch = new Channel<number>(0, { name: "ch" });
    void wg.go(async () => {
      for (let i = 0; i < 3; i++) await ch.send(i);
    }, "sender");
    void wg.go(async () => {
      for (let i = 0; i < 3; i++) await ch.recv();
    });
    await wg.wait();
    const t = recording.stop();
    recording = null;
    expect(t.data.tasks.map((x) => x.name)).toEqual(expect.arrayContaining(["sender", "goroutine"]));
    const edges = edgesOf(t, "ch");
    expect([...edges.into]).toEqual([["sender", 3]]);
    expect([...edges.out]).toEqual([["goroutine", 3]]);
  });

  it("off by default and after stop(): nothing is recorded", async () => {
    const t = startTrace().stop();
    const ch = new Channel<number>(1);
    await ch.send(1);
    await ch.recv();
    expect(t.data.edges).toEqual([]);
    expect(() => startTrace().stop()).not.toThrow(); // one at a time, and a stopped one frees the slot
  });

  it("a second startTrace() while one records is a typed error with Go's text, and leaves the first recording", () => {
    recording = startTrace();
    expect(() => startTrace()).toThrow(TracingAlreadyEnabledError);
    expect(() => startTrace()).toThrow("tracing is already enabled");
    expect(recording.stop()).toBeDefined();
    recording = null;
  });

  it.skipIf(!existsSync(chromium) && !process.env.CI)("the HTML opens in headless Chromium and shows one lane per task, spans, markers and the pool's chart", async () => {
    const t = await seed002();
    const dir = mkdtempSync(join(tmpdir(), "gochan-trace-"));
    const file = join(dir, "trace.html");
    writeFileSync(file, t.html("seed 002"));
    const { chromium: pw } = await import("playwright");
    const browser = await pw.launch({
      executablePath: chromium,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`file://${file}`);
      const lanes = await page.$$eval("svg rect.lane", (rs) => rs.length);
      expect(lanes).toBe(t.data.tasks.length); // main, 3 workers, 2 pool workers
      expect(lanes).toBe(6);
      const names = await page.$$eval("svg text", (ts) => ts.map((x) => x.textContent));
      expect(names).toEqual(expect.arrayContaining(["main", "worker 1", "worker 3", "pool worker 2"]));
      expect(await page.$$eval("svg rect.span.blocked", (rs) => rs.length)).toBeGreaterThan(3);
      expect(await page.$$eval("svg rect.span.job", (rs) => rs.length)).toBeGreaterThan(0);
      expect(await page.$$eval("svg path.mark.close", (rs) => rs.length)).toBeGreaterThanOrEqual(2);
      expect(await page.$$eval("svg circle.mark.select", (rs) => rs.length)).toBeGreaterThan(0);
      expect(await page.$$eval("svg polyline.chart", (rs) => rs.length)).toBe(2); // queued, busy
      // It zooms: the wheel narrows the view, a double click shows the whole run again.
      const whole = await page.evaluate(() => (globalThis as unknown as { gochanTrace: { view(): number[] } }).gochanTrace.view());
      const box = (await page.locator("#view").boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + 60);
      await page.mouse.wheel(0, -300);
      const zoomed = await page.evaluate(() => (globalThis as unknown as { gochanTrace: { view(): number[] } }).gochanTrace.view());
      expect(zoomed[1]! - zoomed[0]!).toBeLessThan(whole[1]! - whole[0]!);
      await page.mouse.dblclick(box.x + box.width / 2, box.y + 60);
      expect(await page.evaluate(() => (globalThis as unknown as { gochanTrace: { view(): number[] } }).gochanTrace.view())).toEqual(whole);
      const png = join(dir, "trace.png");
      await page.screenshot({ path: png, fullPage: true });
      if (process.env.GOCHAN_TRACE_SCREENSHOT) await page.screenshot({ path: process.env.GOCHAN_TRACE_SCREENSHOT, fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

/** Sends `jobs` to `pool` from main, closes it and drains its results. */
async function runPool<J, R>(pool: Pool<J, R>, jobs: J[]): Promise<void> {
  const producer = (async () => {
    for (const j of jobs) await pool.submit(j);
    pool.close();
  })();
  for await (const r of pool.results) expect(r.status).toBe("done");
  await producer;
  await pool.settled();
}

/** The edges into and out of the channel named `name`, by task name. */
function edgesOf(t: Trace, name: string): { into: Map<string, number>; out: Map<string, number> } {
  const c = t.data.channels.find((x) => x.name === name)!;
  const taskName = (node: string) => t.data.tasks.find((x) => `t${x.id}` === node)!.name;
  const into = new Map<string, number>();
  const out = new Map<string, number>();
  for (const e of t.data.edges) {
    if (e.to === `c${c.id}`) into.set(taskName(e.from), (into.get(taskName(e.from)) ?? 0) + e.count);
    if (e.from === `c${c.id}`) out.set(taskName(e.to), (out.get(taskName(e.to)) ?? 0) + e.count);
  }
  return { into, out };
}

describe("trace: thread pools", { timeout: 30_000 }, () => {
  const kinds = new URL("../pool/handlers/kinds.ts", import.meta.url);
  type Job = { kind: "spin"; n: number; ms: number };

  it("one lane per thread, and each job's span on the lane of the thread that ran it, in order, not overlapping", async () => {
    recording = startTrace();
    const pool = new Pool<Job, number>(kinds, { workers: 2, buffer: 4 });
    await runPool<Job, number>(pool, Array.from({ length: 12 }, (_, n) => ({ kind: "spin" as const, n, ms: 3 })));
    const t = recording.stop();
    recording = null;
    const lanes = t.data.tasks.filter((x) => x.pool !== undefined);
    expect(lanes.map((x) => x.name).sort()).toEqual(["pool thread 1", "pool thread 2"]);
    const jobs = t.data.spans.filter((s) => s.kind === "job");
    expect(jobs).toHaveLength(12); // one per job, not one across the run
    for (const lane of lanes) {
      const mine = jobs.filter((s) => s.task === lane.id).sort((a, b) => a.from - b.from);
      expect(mine.length).toBeGreaterThan(0);
      for (const s of mine) {
        expect(s.to - s.from).toBeGreaterThan(1.9); // a spin to Date.now() + 3: at least 2 ms, timed on its thread
        expect(s.from).toBeGreaterThanOrEqual(0);
        expect(s.to).toBeLessThanOrEqual(t.data.duration + 1);
        expect(s.label).toBe(`job (${lane.name.slice("pool ".length)})`);
      }
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.from).toBeGreaterThanOrEqual(mine[i - 1]!.to - 0.5);
    }
    expect(jobs.every((s) => lanes.some((l) => l.id === s.task))).toBe(true); // none on main's lane
  });

  it("lane names are unique across pools: pool 1 worker 1, pool 2 worker 1, pool 3 thread 1", async () => {
    recording = startTrace();
    await runPool(new Pool(async (j: number) => j, { workers: 2 }), [1, 2, 3, 4]);
    await runPool(new Pool(async (j: number) => j, { workers: 1 }), [1, 2]);
    await runPool<Job, number>(new Pool<Job, number>(kinds, { workers: 1 }), [{ kind: "spin", n: 1, ms: 1 }]);
    const t = recording.stop();
    recording = null;
    const names = t.data.tasks.map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["pool 1 worker 1", "pool 1 worker 2", "pool 2 worker 1", "pool 3 thread 1"]));
    expect(t.mermaid()).toMatch(/subgraph pool3 \[Pool 3 workers\]\n\s+t\d+\("pool 3 thread 1"\)/);
  });

  it("the graph credits each send to its sender: main's jobs, though a thread's result pulls a parked send in", async () => {
    recording = startTrace();
    // A queue of 1: most of main's sends park, and are pulled in when a thread's results come back.
    const pool = new Pool<Job, number>(kinds, { workers: 2, buffer: 1 });
    await runPool<Job, number>(pool, Array.from({ length: 10 }, (_, n) => ({ kind: "spin" as const, n, ms: 1 })));
    const t = recording.stop();
    recording = null;
    const jobs = edgesOf(t, "jobs");
    expect([...jobs.into]).toEqual([["main", 10]]);
    expect([...jobs.out.keys()].sort()).toEqual(["pool thread 1", "pool thread 2"]);
    expect([...jobs.out.values()].reduce((a, b) => a + b, 0)).toBe(10);
    const results = edgesOf(t, "results");
    expect([...results.out]).toEqual([["main", 10]]);
    expect([...results.into.keys()].every((n) => n.startsWith("pool thread "))).toBe(true);
  });

  it("the same for a pool on this thread whose workers pull parked sends in", async () => {
    recording = startTrace();
    const pool = new Pool(async (j: number) => {
      await sleep(1);
      return j;
    }, { workers: 2, buffer: 1 });
    const producer = go(async () => {
      for (let j = 0; j < 10; j++) await pool.jobs.send(j);
      pool.close();
    }, "producer");
    for await (const r of pool.results) void r;
    await producer;
    const t = recording.stop();
    recording = null;
    const jobs = edgesOf(t, "jobs");
    expect([...jobs.into]).toEqual([["producer", 10]]);
    expect([...jobs.out.keys()].sort()).toEqual(["pool worker 1", "pool worker 2"]);
  });
});

