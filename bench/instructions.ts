/**
 * Instructions per operation, counted by callgrind: the before/after figure
 * for a change on this shared 2-core machine, where wall-clock ratios move
 * by 30% and more between runs and instruction counts do not move at all.
 *
 *   npm run build && tsx bench/instructions.ts [--before=DIR] [--after=DIR] [--only=w1,w2] [--contenders=a,b] [--reps=N]
 *
 * DIR is another build of gochan (a `dist/` folder: e.g. a worktree of the
 * commit before a change, built): each workload then runs on it and on this
 * tree's `dist/` (or `--after`'s), side by side. Each count is one child process under
 * `valgrind --tool=callgrind` with `node --single-threaded` (so when
 * optimized code lands does not vary), minus the same run at a tiny size, so
 * start-up, loading and warm-up cancel out: (I(n) - I(small)) / (n - small).
 * The child's `performance.now` is a counter, not the clock: gochan's D1
 * pacing yields after 4 ms of wall time, and under valgrind a run is ~50x
 * slower, so with the real clock the count of yields (and of instructions)
 * moved with the machine's load; with the counter it is the same every run.
 *
 * Writes bench/instructions.json (not committed: docs/benchmarks.md quotes
 * the runs that matter) and prints a table. Needs valgrind (Debian's
 * package); without it, says so and exits 0.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { flags } from "./args.js";
import { transpileBench } from "./transpile.js";

const here = dirname(fileURLToPath(import.meta.url));
const flag = flags(["before", "after", "only", "contenders", "reps"], "tsx bench/instructions.ts [--before=DIR] [--after=DIR] [--only=w1,w2] [--contenders=a,b] [--reps=N]");

/** Each workload at the size counted, and the small size subtracted. */
const SIZES: Record<string, { n: number; small: number; per: string }> = {
  pingpong: { n: 20_000, small: 100, per: "round trip" },
  spsc: { n: 100_000, small: 100, per: "message" },
  mpmc: { n: 40_000, small: 160, per: "message" },
  sieve: { n: 200, small: 10, per: "prime" },
  select4: { n: 40_000, small: 100, per: "select" },
  "pool-trivial": { n: 50_000, small: 100, per: "job" },
  "pool-async": { n: 20_000, small: 100, per: "job" },
};
const DEFAULT_CONTENDERS: Record<string, readonly string[]> = {
  "pool-trivial": ["bare loop", "gochan Pool", "gochan map()", "gochan flow", "floor flow", "p-map"],
  "pool-async": ["bare loop", "gochan Pool", "gochan map()", "p-map"],
  select4: ["floor", "gochan"],
};

const only = flag("only")?.split(",") ?? ["pingpong", "spsc", "mpmc", "sieve", "select4", "pool-trivial"];
const contendersFlag = flag("contenders")?.split(/,(?! )/);
const before = flag("before");
/** Counts per size; the median is kept (a few percent of noise remain: V8 schedules GC by time). */
const reps = Number(flag("reps") ?? 1);

if (spawnSync("valgrind", ["--version"]).error !== undefined) {
  console.log("instructions: valgrind is not installed (apt-get install valgrind); nothing counted");
  process.exit(0);
}

const out = transpileBench();
// Loaded before anything else in the child: a clock that advances 1 ns per read.
const fixedClock = join(out, "fixed-clock.mjs");
writeFileSync(fixedClock, "let t = 0;\nperformance.now = () => (t += 1e-6);\n");
const dists: Array<{ label: string; dir: string }> = [{ label: "after", dir: resolve(flag("after") ?? join(dirname(here), "dist")) }];
if (before !== undefined) dists.unshift({ label: "before", dir: resolve(before) });

/** Instructions of one child run, as callgrind totals them. */
function count(workload: string, contender: string, n: number, dist: string): number {
  const spec = JSON.stringify({ workload, contender, n, warmup: 0, reps: 1 });
  const r = spawnSync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--single-threaded", "--expose-gc", join(out, "child.js"), spec],
    { env: { ...process.env, GOCHAN_DIST: pathToFileURL(dist).href + "/" }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  const m = /Collected : (\d+)/.exec(r.stderr);
  const answer = r.stdout.trim().split("\n").pop() ?? "";
  if (m === null || !answer.includes('"ok":true')) throw new Error(`${contender} on ${workload}(${n}) failed: ${answer} ${r.stderr.slice(-1000)}`);
  return Number(m[1]);
}

function median(workload: string, contender: string, n: number, dist: string): number {
  const counts = Array.from({ length: reps }, () => count(workload, contender, n, dist)).sort((a, b) => a - b);
  return counts[Math.floor(counts.length / 2)]!;
}

const rows: Array<{ workload: string; contender: string; build: string; perOp: number }> = [];
for (const w of only) {
  const size = SIZES[w];
  if (size === undefined) throw new Error(`no size for workload ${w}`);
  const names = contendersFlag ?? DEFAULT_CONTENDERS[w] ?? ["floor", "gochan", "gochan recv()"];
  for (const c of names) {
    const builds = c.startsWith("gochan") ? dists : dists.slice(-1);
    for (const d of builds) {
      const perOp = (median(w, c, size.n, d.dir) - median(w, c, size.small, d.dir)) / (size.n - size.small);
      rows.push({ workload: w, contender: c, build: c.startsWith("gochan") ? d.label : "", perOp });
      console.error(`${w} ${c} ${d.label}: ${Math.round(perOp)} instructions per ${size.per}`);
    }
  }
}

const table = ["| workload | contender | build | instructions per op | × first row |", "| --- | --- | --- | ---: | ---: |"];
for (const r of rows) {
  const first = rows.find((x) => x.workload === r.workload)!;
  table.push(`| ${r.workload} | ${r.contender} | ${r.build} | ${Math.round(r.perOp).toLocaleString("en-US")} | ${(r.perOp / first.perOp).toFixed(2)}x |`);
}
console.log(table.join("\n"));
writeFileSync(join(here, "instructions.json"), JSON.stringify({ date: new Date().toISOString(), load: loadavg(), rows }, null, 2) + "\n");
