/** The targets of issue 6 (channels, the pool) and issue 11 (the pool on threads), checked against one run's results. */
import type { Results, Row, Target, WorkloadResult } from "./report.js";
import { FLOORS } from "./registry.js";

const x = (v: number): string => `${v.toFixed(2)}x`;

export function targets(r: Results): Target[] {
  const out: Target[] = [];
  const find = (w: string): WorkloadResult | undefined => r.workloads.find((y) => y.name === w && y.pending === undefined);
  const row = (w: WorkloadResult | undefined, c: string): Row | undefined => {
    const found = w?.rows.find((y) => y.contender === c);
    return found?.status === "ok" ? found : undefined;
  };

  /** gochan's median / the floor's, within `limit`. */
  const ratio = (w: string, c: string, limit: number, what: string): void => {
    const wl = find(w);
    if (wl === undefined) return;
    const got = row(wl, c)?.ratio;
    out.push({
      target: `${w}: ${c} within ${limit}x of ${what}`,
      measured: got === undefined ? "not measured" : x(got),
      met: got !== undefined && got <= limit,
    });
  };
  for (const w of ["pingpong", "spsc", "mpmc", "sieve"]) ratio(w, "gochan", 1.25, "the floor channel");
  // Not a target of the issue: how much of that ratio is the `[v, ok]` the API promises.
  for (const w of ["pingpong", "spsc", "mpmc", "sieve"]) {
    const wl = find(w);
    const ours = row(wl, "gochan")?.median;
    const tuple = row(wl, "floor [v, ok]")?.median;
    if (wl === undefined) continue;
    out.push({
      target: `${w} (context): gochan within 1.25x of the floor answering [v, ok]`,
      measured: ours === undefined || tuple === undefined ? "not measured" : x(ours / tuple),
      met: ours !== undefined && tuple !== undefined && ours / tuple <= 1.25,
    });
  }
  ratio("select4", "gochan", 2, "the floor select");

  const lag = row(find("looplag"), "gochan");
  if (find("looplag") !== undefined) {
    out.push({
      target: "looplag: worst 1 ms timer delay during spsc under 20 ms",
      measured: lag?.median === undefined ? "not measured" : `${lag.median.toFixed(1)} ms`,
      met: lag?.median !== undefined && lag.median < 20,
    });
  }

  const trivial = find("pool-trivial");
  if (trivial !== undefined) {
    ratio("pool-trivial", "gochan Pool", 2, "the bare loop");
    const bare = row(trivial, "bare loop")?.median;
    const pool = row(trivial, "gochan Pool")?.median;
    const limit = row(trivial, "p-limit")?.median;
    const ok = bare !== undefined && pool !== undefined && limit !== undefined;
    const k = ok ? (limit - bare) / Math.max(pool - bare, 1e-9) : undefined;
    out.push({
      target: "pool-trivial: gochan Pool's overhead per job at least 5x less than p-limit's",
      measured: k === undefined ? "not measured" : `${k.toFixed(1)}x less`,
      met: k !== undefined && k >= 5,
    });
    const flow = row(trivial, "gochan flow")?.median;
    const floorFlow = row(trivial, "floor flow")?.median;
    out.push({
      target: "pool-trivial: the seeds' flow on gochan within 1.15x of the same flow on the floor channel",
      measured: flow === undefined || floorFlow === undefined ? "not measured" : x(flow / floorFlow),
      met: flow !== undefined && floorFlow !== undefined && flow / floorFlow <= 1.15,
    });
  }
  ratio("pool-async", "gochan Pool", 1.2, "the bare loop");
  const tiny = find("threads-tiny");
  if (tiny !== undefined) {
    const us = row(tiny, "gochan Pool")?.median;
    out.push({
      target: "threads-tiny: gochan Pool at most 1 µs per job (batched)",
      measured: us === undefined ? "not measured" : `${us.toFixed(2)} µs`,
      met: us !== undefined && us <= 1,
    });
  }
  for (const workers of [1, 2, 4]) {
    const w = find(`threads-cpu-${workers}`);
    if (w === undefined) continue;
    const ours = row(w, "gochan Pool");
    const want = 0.9 * Math.min(workers, r.cores);
    const speedup = ours?.ratio === undefined ? undefined : 1 / ours.ratio;
    out.push({
      target: `threads-cpu-${workers}: gochan Pool's speed-up over one thread at least ${want.toFixed(1)}x (0.9 x min(${workers}, ${r.cores} cores))`,
      measured: speedup === undefined ? "not measured" : x(speedup),
      met: speedup !== undefined && speedup >= want,
    });
    const peers = w.rows.filter((y) => !FLOORS.has(y.contender) && !y.contender.startsWith("gochan") && y.status === "ok");
    const best = peers.reduce<Row | undefined>((a, b) => (a === undefined || b.median! < a.median! ? b : a), undefined);
    out.push({
      target: `threads-cpu-${workers}: gochan Pool within 5% of the best peer`,
      measured:
        ours?.median === undefined || best === undefined
          ? "not measured"
          : `gochan Pool ${x(1 / ours.ratio!)}, best peer ${best.contender} ${x(1 / best.ratio!)} (${((ours.median / best.median! - 1) * 100).toFixed(1)}% slower per job)`,
      met: ours?.median !== undefined && best !== undefined && ours.median <= best.median! * 1.05,
    });
  }
  ratio("mem-channel", "gochan", 1.3, "the floor's bytes");
  ratio("mem-receiver", "gochan", 1.3, "the floor's bytes");

  // No peer faster (or smaller) than gochan on any workload it can express.
  for (const w of r.workloads) {
    if (w.pending !== undefined || w.measure === "lag" || w.speedup === true) continue; // speed-ups: the 5% target above
    const ours = w.rows.find((y) => y.contender === "gochan" || y.contender === "gochan Pool");
    if (ours === undefined) continue;
    const peers = w.rows.filter((y) => !FLOORS.has(y.contender) && !y.contender.startsWith("gochan") && y.status === "ok");
    const best = peers.reduce<Row | undefined>((a, b) => (a === undefined || b.median! < a.median! ? b : a), undefined);
    const mine = ours.status === "ok" ? ours.median : undefined;
    const unit = w.measure === "memory" ? "B" : w.measure === "perjob" ? "µs per job" : "ms";
    out.push({
      target: `${w.name}: no peer ${w.measure === "memory" ? "smaller" : "faster"} than ${ours.contender}`,
      measured:
        mine === undefined
          ? "not measured"
          : best === undefined
            ? "no peer can express it"
            : `${ours.contender} ${mine.toFixed(1)} ${unit}, best peer ${best.contender} ${best.median!.toFixed(1)} ${unit}`,
      met: mine !== undefined && (best === undefined || mine <= best.median!),
    });
  }
  return out;
}
