/**
 * The benchmark harness: `npm run bench` (full) or `npm run bench:smoke`.
 *
 *   tsx bench/run.ts [--smoke] [--only=w1,w2] [--contenders=a,b] [--rounds=N] [--write]
 *
 * 1. Snapshots the built `dist/` (the npm scripts build it first), so every
 *    measurement runs the same shipped code even if dist/ is rebuilt meanwhile.
 * 2. Transpiles bench/*.ts to bench/.out/<pid>/ (children start as plain node).
 * 3. For each workload, runs rounds; each round runs every contender once, in
 *    an order rotated by the round number, each in a fresh child process
 *    (warm-up, then one measured run whose answer is checked).
 * 4. Reports median, min/max and quartiles, ops/s and the ratio to the floor
 *    measured in the same run; checks the targets of issue 6.
 * 5. Full mode writes bench/results.json and the results section of
 *    docs/benchmarks.md; smoke mode writes neither (unless --write) and only
 *    proves that every contender still runs every workload correctly.
 *
 * Exits non-zero if any measurement failed (crash, timeout, wrong answer).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ChildResult, ChildSpec } from "./child.js";
import { transpileBench } from "./transpile.js";
import { render, type Results, type Row, type WorkloadResult } from "./report.js";
import { targets } from "./targets.js";
import { WORKLOADS, type Workload } from "./workloads.js";
import { writeSection } from "./section.js";
import { flags } from "./args.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

const flag = flags(["smoke", "only", "contenders", "rounds", "write"], "tsx bench/run.ts [--smoke] [--only=w1,w2] [--contenders=a,b] [--rounds=N] [--write]");
const smoke = flag("smoke") !== undefined;
const only = flag("only")?.split(",");
// A comma followed by a space is part of a name ("floor [v, ok]"), not a separator.
const onlyContenders = flag("contenders")?.split(/,(?! )/);
const roundsOverride = flag("rounds") === undefined ? undefined : Number(flag("rounds"));
const write = !smoke || flag("write") !== undefined;

function snapshotDist(): string {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "index.js"))) throw new Error("dist/index.js is missing: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "gochan-bench-"));
  cpSync(dist, join(dir, "dist"), { recursive: true });
  return join(dir, "dist");
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function child(out: string, dist: string, spec: ChildSpec, timeoutMs: number): ChildResult {
  const r = spawnSync(process.execPath, ["--expose-gc", join(out, "child.js"), JSON.stringify(spec)], {
    env: { ...process.env, GOCHAN_DIST: pathToFileURL(dist).href + "/" },
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error !== undefined) return { ok: false, error: `${r.error.message}` };
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as ChildResult;
  } catch {
    return { ok: false, error: `exit ${String(r.status)} ${String(r.signal)}: ${r.stderr.slice(-2000)}` };
  }
}

function measure(w: Workload, out: string, dist: string): WorkloadResult {
  const n = smoke ? w.size.smoke : w.size.full;
  const warmup = smoke ? 0 : w.warmup;
  const rounds = roundsOverride ?? (smoke ? 1 : w.rounds);
  const names = w.contenders.filter((c) => onlyContenders === undefined || onlyContenders.includes(c));
  const base = smoke ? undefined : w.base; // smoke runs only prove the answers: one run, no subtraction
  const samples = new Map<string, { values: number[]; runMs: number[]; fixedMs: number[]; na?: string; note?: string; errors: string[] }>(
    names.map((c) => [c, { values: [], runMs: [], fixedMs: [], errors: [] }]),
  );
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      const s = samples.get(name)!;
      if (s.na !== undefined) continue;
      const reps = smoke ? 1 : (w.reps ?? 1);
      const r = child(out, dist, { workload: w.name, contender: name, n, warmup, reps, ...(base === undefined ? {} : { base }) }, smoke ? 20_000 : 120_000);
      if (r.ok) {
        s.values.push(r.value);
        s.runMs.push(r.runMs);
        if (r.fixedMs !== undefined) s.fixedMs.push(r.fixedMs);
        if (r.note !== undefined) s.note = r.note;
      } else if (r.na === true) s.na = r.note;
      else s.errors.push(r.error);
    }
  }
  const rows: Row[] = names.map((name) => {
    const s = samples.get(name)!;
    if (s.na !== undefined) return { contender: name, status: "n/a", note: s.na };
    if (s.errors.length > 0) return { contender: name, status: "error", note: s.errors[0]!.split("\n")[0]! };
    const sorted = [...s.values].sort((a, b) => a - b);
    const runs = [...s.runMs].sort((a, b) => a - b);
    const fixed = [...s.fixedMs].sort((a, b) => a - b);
    return {
      contender: name,
      status: "ok",
      values: s.values,
      median: quantile(sorted, 0.5),
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      q1: quantile(sorted, 0.25),
      q3: quantile(sorted, 0.75),
      runMs: quantile(runs, 0.5),
      ...(fixed.length > 0 ? { fixedMs: quantile(fixed, 0.5) } : {}),
      ...(s.note === undefined ? {} : { note: s.note }),
    };
  });
  const floor = rows[0];
  for (const row of rows) {
    if (row.status !== "ok" || row.median === undefined) continue;
    if (w.measure === "time") row.opsPerSec = n / (row.median / 1000);
    if (w.measure === "perjob" && row.median > 0) row.opsPerSec = 1e6 / row.median;
    if (w.measure !== "lag" && floor?.status === "ok" && floor.median !== undefined && floor.median > 0) {
      row.ratio = row.median / floor.median;
    }
  }
  return {
    name: w.name, title: w.title, measure: w.measure, unit: w.unit, n, rounds, reps: smoke ? 1 : (w.reps ?? 1), warmup, floor: w.contenders[0]!, rows,
    ...(base === undefined ? {} : { base }),
    ...(w.speedup === true ? { speedup: true } : {}),
  };
}

function versions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  // The contenders are pinned in bench/package.json (npm run bench:setup), not among the project's dev dependencies.
  const bench = JSON.parse(readFileSync(join(root, "bench/package.json"), "utf8")) as { dependencies: Record<string, string> };
  const out: Record<string, string> = { gochan: pkg.version };
  for (const p of ["ts-chan", "js-csp", "@thi.ng/csp", "async-channel", "p-limit", "p-queue", "p-map", "piscina", "tinypool", "workerpool", "poolifier"]) {
    out[p] = bench.dependencies[p] ?? "?";
  }
  return out;
}

const started = performance.now();
const dist = snapshotDist();
const out = transpileBench();
const results: Results = {
  mode: smoke ? "smoke" : "full",
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  load: [loadavg()[0]!],
  versions: versions(),
  workloads: [],
  targets: [],
  seconds: 0,
};
let failed = 0;
try {
  for (const w of WORKLOADS) {
    if (only !== undefined && !only.includes(w.name)) continue;
    if (smoke && w.skipSmoke === true && only === undefined) continue;
    if (w.pending !== undefined) {
      results.workloads.push({ name: w.name, title: w.title, measure: w.measure, unit: w.unit, n: 0, rounds: 0, reps: 0, warmup: 0, floor: w.contenders[0]!, rows: [], pending: w.pending });
      continue;
    }
    const t = performance.now();
    const r = measure(w, out, dist);
    results.workloads.push(r);
    const summary = r.rows
      .map((row) => {
        if (row.status !== "ok") return `${row.contender}=${row.status}`;
        if (row.ratio === undefined) return `${row.contender}=${row.median!.toFixed(1)}`;
        return r.speedup === true ? `${row.contender}=${(1 / row.ratio).toFixed(2)}x speed-up` : `${row.contender}=${row.ratio.toFixed(2)}x`;
      })
      .join(" ");
    console.error(`${w.name.padEnd(13)} ${((performance.now() - t) / 1000).toFixed(1).padStart(5)}s  ${summary}`);
    for (const row of r.rows) {
      if (row.status === "error") {
        failed++;
        console.error(`  ERROR ${row.contender}: ${row.note ?? ""}`);
      }
    }
  }
} finally {
  rmSync(dirname(dist), { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
results.load.push(loadavg()[0]!);
results.targets = targets(results);
results.seconds = (performance.now() - started) / 1000;

const markdown = render(results);
if (write) {
  const only1 = only !== undefined || onlyContenders !== undefined;
  const json = join(here, only1 ? "results.partial.json" : "results.json");
  // bench/goroutine.ts keeps its figures in this file under "goroutine": a rewrite here leaves them be.
  const kept = !only1 && existsSync(json) ? (JSON.parse(readFileSync(json, "utf8")) as { goroutine?: unknown }).goroutine : undefined;
  writeFileSync(json, `${JSON.stringify(kept === undefined ? results : { ...results, goroutine: kept }, null, 2)}\n`);
  if (!only1) {
    writeSection(join(root, "docs", "benchmarks.md"), "results", "bench/run.ts", markdown);
  }
  console.error(`wrote ${relative(root, json)}${only1 ? "" : " and docs/benchmarks.md"}`);
}
for (const t of results.targets) console.error(`${t.met ? "met   " : "MISSED"} ${t.target}: ${t.measured}`);
console.error(`${results.mode} run: ${results.seconds.toFixed(1)} s, ${failed} failed measurement(s)`);
process.exitCode = failed > 0 ? 1 : 0;
