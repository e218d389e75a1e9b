/** The targets of issue 6 (channels, the pool), issue 11 (the pool on threads) and issue 14 (lead every peer, weigh no more than Go's channel), checked against one run's results. */
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

  /** `a`'s median over `b`'s in workload `w`, at most `limit`. */
  const versus = (w: string, a: string, b: string, limit: number, what: string): void => {
    const wl = find(w);
    if (wl === undefined) return;
    const x1 = row(wl, a)?.median;
    const x2 = row(wl, b)?.median;
    const ok = x1 !== undefined && x2 !== undefined;
    out.push({
      target: `${w}: ${what}`,
      measured: ok ? `${x(x1 / x2)} (${x1.toFixed(1)} / ${x2.toFixed(1)} ms)` : "not measured",
      met: ok && x1 / x2 <= limit,
    });
  };
  // recv()'s `[v, ok]` against the bare receive() of the same channel.
  for (const w of ["pingpong", "spsc", "mpmc", "sieve"]) versus(w, "gochan recv()", "gochan", 1.1, "recv()'s [v, ok] within 1.1x of receive()");
  ratio("select4", "gochan", 2, "the floor select");

  const lag = row(find("looplag"), "gochan");
  if (find("looplag") !== undefined) {
    out.push({
      target: "looplag: worst 1 ms timer delay during spsc under 20 ms",
      measured: lag?.median === undefined ? "not measured" : `${lag.median.toFixed(1)} ms`,
      met: lag?.median !== undefined && lag.median < 20,
    });
  }

  for (const w of ["pool-trivial", "pool-async"]) {
    versus(w, "gochan map()", "p-map", 1, "gochan map() at least as fast as p-map");
    versus(w, "gochan flow", "floor flow", 1.15, "the seeds' flow on gochan within 1.15x of the same flow on the floor channel");
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

  /** Bytes per item, at most `limit`. */
  const bytes = (w: string, limit: number, what: string): void => {
    const wl = find(w);
    if (wl === undefined) return;
    const got = row(wl, "gochan")?.median;
    out.push({
      target: `${w}: ${what} at most ${limit} B`,
      measured: got === undefined ? "not measured" : `${got.toFixed(1)} B`,
      met: got !== undefined && got <= limit,
    });
  };
  bytes("mem-channel", 96, "an idle channel (Go's hchan)");
  bytes("mem-receiver", 170, "a parked receive");

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
