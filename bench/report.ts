/** The shape of bench/results.json, and its rendering as the tables of docs/benchmarks.md. */

export interface Row {
  contender: string;
  status: "ok" | "n/a" | "error";
  /** Why n/a, the error, or how the contender deviates from the workload. */
  note?: string;
  /** One value per round: ms per run, heap bytes per item, or worst lag in ms. */
  values?: number[];
  median?: number;
  min?: number;
  max?: number;
  q1?: number;
  q3?: number;
  /** Median duration of the measured run, ms (for "lag": the spsc run it measured). */
  runMs?: number;
  /** "perjob": what a run costs besides its jobs (start-up, shut-down), ms. */
  fixedMs?: number;
  opsPerSec?: number;
  /** median / the floor's median, same run. */
  ratio?: number;
}

export interface WorkloadResult {
  name: string;
  title: string;
  measure: "time" | "memory" | "lag" | "perjob";
  unit: string;
  n: number;
  /** "perjob": the size of the short run subtracted. */
  base?: number;
  /** Read as speed-ups over the floor (its median / this one's). */
  speedup?: boolean;
  rounds: number;
  /** Measured runs per child; its value is their median. */
  reps: number;
  warmup: number;
  /** The contender the ratios divide by. */
  floor: string;
  rows: Row[];
  /** Set while the library code the workload needs has not landed. */
  pending?: string;
}

export interface Target {
  target: string;
  measured: string;
  met: boolean;
}

export interface Results {
  mode: "full" | "smoke";
  date: string;
  node: string;
  cpu: string;
  cores: number;
  /** The machine's 1-minute load average when the run began, and when it ended. */
  load: number[];
  versions: Record<string, string>;
  workloads: WorkloadResult[];
  targets: Target[];
  /** Wall time of the whole run. */
  seconds: number;
}

const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : int(x));
const rate = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : x >= 1e3 ? `${(x / 1e3).toFixed(0)} k/s` : `${x.toFixed(0)} /s`);
const times = (x: number): string => `${x.toFixed(2)}x`;

/** Contenders written by us, shown in italics. */
const OURS = new Set(["floor", "bare loop", "floor flow", "worker_threads floor", "one thread"]);
const us = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : int(x));
const name = (c: string): string => (OURS.has(c) ? `*${c}*` : c === "gochan" || c.startsWith("gochan ") ? `**${c}**` : c);

function table(w: WorkloadResult): string {
  if (w.pending !== undefined) return `pending: ${w.pending}\n`;
  const lines: string[] = [];
  const notes = (r: Row): string => (r.note ?? "").replace(/\|/g, "\\|");
  if (w.measure === "time") {
    lines.push(`| contender | median ms | min - max ms | ${w.unit}/s | vs ${w.floor} | note |`, "| --- | ---: | ---: | ---: | ---: | --- |");
    for (const r of w.rows) {
      if (r.status !== "ok") lines.push(`| ${name(r.contender)} | ${r.status} | | | | ${notes(r)} |`);
      else lines.push(`| ${name(r.contender)} | ${ms(r.median!)} | ${ms(r.min!)} - ${ms(r.max!)} | ${rate(r.opsPerSec!)} | ${r.ratio === undefined ? "" : times(r.ratio)} | ${notes(r)} |`);
    }
  } else if (w.measure === "perjob") {
    const vs = w.speedup === true ? `speed-up over ${w.floor}` : `vs ${w.floor}`;
    lines.push(`| contender | µs per job | min - max µs | ${w.unit}/s | ${vs} | start + stop, ms | note |`, "| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const r of w.rows) {
      if (r.status !== "ok") lines.push(`| ${name(r.contender)} | ${r.status} | | | | | ${notes(r)} |`);
      else {
        const k = r.ratio === undefined ? "" : w.speedup === true ? times(1 / r.ratio) : times(r.ratio);
        const fixed = r.fixedMs === undefined ? "" : ms(Math.max(0, r.fixedMs));
        lines.push(`| ${name(r.contender)} | ${us(r.median!)} | ${us(r.min!)} - ${us(r.max!)} | ${rate(r.opsPerSec!)} | ${k} | ${fixed} | ${notes(r)} |`);
      }
    }
  } else if (w.measure === "memory") {
    lines.push(`| contender | bytes per ${w.unit.replace(/s$/, "")} | min - max | vs ${w.floor} | note |`, "| --- | ---: | ---: | ---: | --- |");
    for (const r of w.rows) {
      if (r.status !== "ok") lines.push(`| ${name(r.contender)} | ${r.status} | | | ${notes(r)} |`);
      else lines.push(`| ${name(r.contender)} | ${int(r.median!)} | ${int(r.min!)} - ${int(r.max!)} | ${r.ratio === undefined ? "" : times(r.ratio)} | ${notes(r)} |`);
    }
  } else {
    lines.push("| contender | worst timer delay, ms | min - max ms | spsc run, ms | note |", "| --- | ---: | ---: | ---: | --- |");
    for (const r of w.rows) {
      if (r.status !== "ok") lines.push(`| ${name(r.contender)} | ${r.status} | | | ${notes(r)} |`);
      else lines.push(`| ${name(r.contender)} | ${ms(r.median!)} | ${ms(r.min!)} - ${ms(r.max!)} | ${ms(r.runMs!)} | ${notes(r)} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function render(r: Results): string {
  const out: string[] = [];
  const versions = Object.entries(r.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  out.push(
    `Run of ${r.date.slice(0, 10)} (${r.mode} mode, ${r.seconds.toFixed(0)} s): Node ${r.node}, ${r.cpu}, ${r.cores} cores` +
      `${r.load === undefined ? "" : `, load average ${r.load.map((l) => l.toFixed(1)).join(" at the start, ")} at the end`}. ` +
      "**The machine is shared with other work and has 2 cores: expect noise of 10-20% between runs; " +
      "read the ratios (same run, same machine) rather than the absolute numbers.**",
    "",
    `Versions: ${versions}.`,
    "",
    "### Targets",
    "",
    "| target | measured | |",
    "| --- | --- | --- |",
    ...r.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? "met" : "**missed**"} |`),
    "",
  );
  for (const w of r.workloads) {
    const marginal = w.base === undefined ? "" : `; µs per job = (run of ${int(w.n)} - run of ${int(w.base)}) / ${int(w.n - w.base)}, each run from starting the pool to shutting it down`;
    out.push(`### ${w.name}`, "", `${w.title}. ${w.pending === undefined ? `n = ${int(w.n)} ${w.unit}${marginal}; ${w.rounds} round(s)${w.reps > 1 ? ` of ${w.reps} runs each (median)` : ""}${w.warmup > 0 ? `, warm-up ${int(w.warmup)}` : ""}.` : ""}`, "", table(w));
  }
  return out.join("\n");
}
