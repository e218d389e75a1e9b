/**
 * Goroutines on threads beside their floors (issue 21, "Speed"), in one run:
 *
 *   tsx bench/goroutine.ts [--smoke] [--only=go-stream,go-pingpong] [--rounds=N]
 *
 * (after `npm run build`; `npm run bench` and `npm run bench:smoke` run it.)
 *
 * The cases are in bench/goroutine/cases.ts: a stream of numbers through a
 * buffered channel between main and a goroutine thread, unbuffered
 * ping-pong between two goroutine threads, seed 000 with its workers on
 * threads (tiny jobs against the thread Pool; CPU-bound jobs on 2 threads
 * against 1). Each row is measured in a fresh process
 * (bench/goroutine/child.ts), warm-up first, a few runs, their median;
 * rounds are interleaved, each running every row once in an order rotated
 * by the round, so a busy patch of this shared machine falls on floors and
 * gochan alike. Every run's answer is checked: a wrong one fails the run.
 *
 * It follows bench/run.ts's rules, but has its own runner: its rows are
 * measured in µs per unit at sizes of their own (a raw ring moves a
 * million values in the time gochan moves thousands), and each row is
 * divided by every floor of its case, not only the first.
 *
 * The 1-minute load average is recorded just before each child starts, and
 * shown beside the figures. Full mode merges its results into
 * bench/results.json (key "goroutine") and writes the generated part of
 * docs/benchmarks.md's "Goroutines on threads"; smoke mode writes nothing
 * and only proves that every row runs and answers right. Exits non-zero if
 * any measurement failed.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Tally, type Check } from "./contender.js";
import { CASES, type CaseDef } from "./goroutine/cases.js";
import type { GoResult, GoSpec } from "./goroutine/child.js";
import { blur } from "./threads/work.mjs";
import { transpileBench } from "./transpile.js";
import { flags } from "./args.js";
import { writeSection } from "./section.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const flag = flags(["smoke", "only", "rounds"], "tsx bench/goroutine.ts [--smoke] [--only=go-stream,go-pingpong] [--rounds=N]");
const smoke = flag("smoke") !== undefined;
const only = flag("only")?.split(",");
const rounds = Number(flag("rounds") ?? (smoke ? 1 : 3));
const REPS = smoke ? 1 : 3;

export interface GoRow {
  row: string;
  floor: boolean;
  status: "ok" | "error";
  error?: string;
  n: number;
  /** µs per unit, one per round. */
  values: number[];
  median?: number;
  min?: number;
  max?: number;
  /** Median duration of the measured run of n, ms. */
  runMs?: number;
  /** "marginal": what a run costs besides its jobs (making the pool or channels, the tail), ms. */
  fixedMs?: number;
  /** The 1-minute load average just before each of this row's children started. */
  loads: number[];
  /** The goroutine threads (worker_threads ids) its goroutines ran on, in the last run. */
  threads?: number[];
  /** median / each floor's median (or the floor's over this one's, for speed-ups), by floor. */
  vs: Record<string, number>;
}

export interface GoCase {
  name: string;
  title: string;
  unit: string;
  method: CaseDef["method"];
  base?: number;
  speedup: boolean;
  rows: GoRow[];
}

export interface GoTarget {
  target: string;
  measured: string;
  met: boolean;
}

export interface GoResults {
  mode: "full" | "smoke";
  date: string;
  node: string;
  cpu: string;
  cores: number;
  /** Load average (1, 5, 15 min) at the start and at the end. */
  load: { start: number[]; end: number[] };
  rounds: number;
  reps: number;
  cases: GoCase[];
  targets: GoTarget[];
  seconds: number;
}

function snapshotDist(): string {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "goroutine", "thread.js"))) throw new Error("dist/goroutine/thread.js is missing: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "gochan-gobench-"));
  cpSync(dist, join(dir, "dist"), { recursive: true });
  return join(dir, "dist");
}

function child(out: string, dist: string, spec: GoSpec): GoResult {
  const r = spawnSync(process.execPath, ["--expose-gc", join(out, "goroutine", "child.js"), JSON.stringify(spec)], {
    env: { ...process.env, GOCHAN_DIST: pathToFileURL(dist).href + "/" },
    encoding: "utf8",
    timeout: smoke ? 30_000 : 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error !== undefined) return { ok: false, error: r.error.message };
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as GoResult;
  } catch {
    return { ok: false, error: `exit ${String(r.status)} ${String(r.signal)}: ${r.stderr.slice(-2000)}` };
  }
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** The tally of blur(0..k-1) for every size a go-seed-cpu child runs: the children check against it. */
function blurExpected(c: CaseDef): Record<string, Check> {
  const sizes = new Set<number>();
  for (const r of c.rows) {
    const n = smoke ? r.size.smoke : r.size.full;
    sizes.add(n);
    if (!smoke) sizes.add(warmupOf(n));
  }
  if (!smoke && c.base !== undefined) sizes.add(c.base);
  const out: Record<string, Check> = {};
  for (const k of sizes) {
    const t = new Tally();
    for (let j = 0; j < k; j++) t.add(blur(j));
    out[String(k)] = t.check();
  }
  return out;
}

/** The warm-up run's size: a fifth of the measured run, which also starts the threads. */
const warmupOf = (n: number): number => Math.max(1, Math.floor(n / 5));

function measure(c: CaseDef, out: string, dist: string): GoCase {
  const expected = c.name === "go-seed-cpu" ? blurExpected(c) : undefined;
  const rows: GoRow[] = c.rows.map((r) => ({ row: r.name, floor: r.floor === true, status: "ok", n: smoke ? r.size.smoke : r.size.full, values: [], loads: [], vs: {} }));
  const runs = new Map<string, { runMs: number[]; fixedMs: number[] }>(rows.map((r) => [r.row, { runMs: [], fixedMs: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < rows.length; k++) {
      const row = rows[(k + round) % rows.length]!;
      if (row.status === "error") continue;
      const base = smoke ? undefined : c.base;
      const spec: GoSpec = {
        case: c.name,
        row: row.row,
        n: row.n,
        warmup: smoke ? 0 : warmupOf(row.n),
        reps: REPS,
        ...(base === undefined ? {} : { base }),
        ...(expected === undefined ? {} : { expected }),
      };
      row.loads.push(loadavg()[0]!);
      const r = child(out, dist, spec);
      if (!r.ok) {
        row.status = "error";
        row.error = r.error;
        continue;
      }
      row.values.push(r.value);
      row.threads = r.threads;
      runs.get(row.row)!.runMs.push(r.runMs);
      if (r.fixedMs !== undefined) runs.get(row.row)!.fixedMs.push(r.fixedMs);
    }
  }
  for (const row of rows) {
    if (row.status !== "ok") continue;
    row.median = median(row.values);
    row.min = Math.min(...row.values);
    row.max = Math.max(...row.values);
    row.runMs = median(runs.get(row.row)!.runMs);
    const fixed = runs.get(row.row)!.fixedMs;
    if (fixed.length > 0) row.fixedMs = median(fixed);
  }
  for (const row of rows) {
    if (row.median === undefined) continue;
    for (const f of rows) {
      if (!f.floor || f === row || f.median === undefined || f.median <= 0) continue;
      row.vs[f.row] = c.speedup === true ? f.median / row.median : row.median / f.median;
    }
  }
  return { name: c.name, title: c.title, unit: c.unit, method: c.method, ...(c.base === undefined ? {} : { base: c.base }), speedup: c.speedup === true, rows };
}

const x = (v: number): string => `${v.toFixed(2)}x`;
const us = (v: number): string => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString("en-US"));

/** Issue 21's speed targets against this run. */
function targets(cases: GoCase[]): GoTarget[] {
  const out: GoTarget[] = [];
  const row = (c: string, r: string): GoRow | undefined => cases.find((y) => y.name === c)?.rows.find((y) => y.row === r && y.status === "ok");
  const has = (c: string): boolean => cases.some((y) => y.name === c);
  if (has("go-stream")) {
    for (const r of ["gochan, main -> thread", "gochan, thread -> main"]) {
      const m = row("go-stream", r)?.median;
      out.push({ target: `go-stream: ${r} at most 1 µs per value`, measured: m === undefined ? "not measured" : `${us(m)} µs`, met: m !== undefined && m <= 1 });
    }
  }
  if (has("go-pingpong")) {
    const c = cases.find((y) => y.name === "go-pingpong")!;
    const floors = c.rows.filter((y) => y.floor && y.median !== undefined && y.row.includes("thread <-> thread"));
    const fastest = floors.reduce<GoRow | undefined>((a, b) => (a === undefined || b.median! < a.median! ? b : a), undefined);
    const ours = row("go-pingpong", "gochan, thread <-> thread (channels on main)");
    const ratio = ours?.median !== undefined && fastest !== undefined ? ours.median / fastest.median! : undefined;
    out.push({
      target: "go-pingpong: gochan thread <-> thread at most 2x the faster raw round trip between two threads",
      measured: ratio === undefined ? "not measured" : `${x(ratio)} (${us(ours!.median!)} µs against ${fastest!.row}, ${us(fastest!.median!)} µs)`,
      met: ratio !== undefined && ratio <= 2,
    });
  }
  if (has("go-seed-tiny")) {
    const ours = row("go-seed-tiny", "gochan seed 000, 2 workers on 2 threads");
    const pool = row("go-seed-tiny", "gochan Pool, 2 threads");
    const ratio = ours?.median !== undefined && pool?.median !== undefined ? ours.median / pool.median : undefined;
    out.push({
      target: "go-seed-tiny: seed 000 on threads within 2x the thread Pool's per-job cost",
      measured: ratio === undefined ? "not measured" : `${x(ratio)} (${us(ours!.median!)} µs against ${us(pool!.median!)} µs per job)`,
      met: ratio !== undefined && ratio <= 2,
    });
  }
  if (has("go-seed-cpu")) {
    const two = row("go-seed-cpu", "gochan seed 000, maxProcs(2), 2 workers");
    const s = two?.vs["gochan seed 000, maxProcs(1), 2 workers"];
    out.push({ target: "go-seed-cpu: seed 000 with CPU-bound jobs at least 1.8x faster on 2 threads than on 1", measured: s === undefined ? "not measured" : x(s), met: s !== undefined && s >= 1.8 });
  }
  return out;
}

function render(r: GoResults): string {
  const load = (l: number[]): string => l.map((v) => v.toFixed(2)).join(", ");
  const out: string[] = [
    `Run of ${r.date.slice(0, 16).replace("T", " ")} UTC (${r.mode} mode, ${r.seconds.toFixed(0)} s): Node ${r.node}, ${r.cpu}, ${r.cores} cores; ` +
      `load average (1, 5, 15 min) ${load(r.load.start)} at the start, ${load(r.load.end)} at the end. ` +
      `${r.rounds} interleaved round(s), each row a fresh process: a warm-up run (a fifth of n, which also starts the threads), then ${r.reps} measured run(s), their median; the table gives the median over rounds.`,
    "",
    "| target | measured | |",
    "| --- | --- | --- |",
    ...r.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? "met" : "**missed**"} |`),
    "",
  ];
  for (const c of r.cases) {
    const floors = c.rows.filter((y) => y.floor).map((y) => y.row);
    const how = c.method === "marginal" ? `µs per ${c.unit} = (run of n - run of ${c.base ?? "base"}) / (n - ${c.base ?? "base"}), each run from making the pool or the channels to the last result` : `µs per ${c.unit} = the run of n / n, threads up`;
    out.push(`#### ${c.name}`, "", `${c.title}. ${how}.`, "");
    const vs = floors.map((f) => (c.speedup ? `speed-up over ${f}` : `vs ${f}`));
    out.push(`| row | n | µs per ${c.unit} | min - max | ${vs.join(" | ")} | load (1 min) at each start |`, `| --- | ---: | ---: | ---: | ${floors.map(() => "---:").join(" | ")} | --- |`);
    for (const row of c.rows) {
      const label = row.floor ? `*${row.row}*` : `**${row.row}**`;
      if (row.status !== "ok") {
        out.push(`| ${label} | ${row.n.toLocaleString("en-US")} | error | | ${floors.map(() => "").join(" | ")} | ${(row.error ?? "").split("\n")[0]!.replace(/\|/g, "\\|")} |`);
        continue;
      }
      const ratios = floors.map((f) => (row.vs[f] === undefined ? "" : x(row.vs[f])));
      out.push(`| ${label} | ${row.n.toLocaleString("en-US")} | ${us(row.median!)} | ${us(row.min!)} - ${us(row.max!)} | ${ratios.join(" | ")} | ${row.loads.map((l) => l.toFixed(1)).join(", ")} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

const started = performance.now();
const dist = snapshotDist();
const out = transpileBench();
const result: GoResults = {
  mode: smoke ? "smoke" : "full",
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  load: { start: loadavg(), end: [] },
  rounds,
  reps: REPS,
  cases: [],
  targets: [],
  seconds: 0,
};
let failed = 0;
try {
  for (const c of CASES) {
    if (only !== undefined && !only.includes(c.name)) continue;
    const t = performance.now();
    const m = measure(c, out, dist);
    result.cases.push(m);
    const summary = m.rows.map((y) => (y.status === "ok" ? `${y.row}=${us(y.median!)}` : `${y.row}=error`)).join("; ");
    console.error(`${c.name.padEnd(13)} ${((performance.now() - t) / 1000).toFixed(1).padStart(5)}s  µs per ${c.unit}: ${summary}`);
    for (const y of m.rows) {
      if (y.status === "error") {
        failed++;
        console.error(`  ERROR ${y.row}: ${y.error ?? ""}`);
      }
    }
  }
} finally {
  rmSync(dirname(dist), { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
result.load.end = loadavg();
result.targets = targets(result.cases);
result.seconds = (performance.now() - started) / 1000;
const markdown = render(result);
if (!smoke) console.log(markdown);

if (!smoke && only === undefined && flag("rounds") === undefined) {
  // Merged into the harness's file under a key of its own (bench/run.ts keeps it when it rewrites the file).
  const json = join(here, "results.json");
  const previous = existsSync(json) ? (JSON.parse(readFileSync(json, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(json, `${JSON.stringify({ ...previous, goroutine: result }, null, 2)}\n`);
  writeSection(join(root, "docs", "benchmarks.md"), "goroutine", "bench/goroutine.ts", markdown);
  console.error(`wrote ${relative(root, json)} (key "goroutine") and docs/benchmarks.md`);
}
// Smoke sizes are too small (and runs too cold) for a target to mean anything: only the answers count there.
if (!smoke) for (const t of result.targets) console.error(`${t.met ? "met   " : "MISSED"} ${t.target}: ${t.measured}`);
console.error(`goroutine bench (${result.mode}): ${result.seconds.toFixed(1)} s, ${failed} failed measurement(s)`);
process.exitCode = failed > 0 ? 1 : 0;
