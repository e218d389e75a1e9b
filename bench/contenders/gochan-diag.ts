/**
 * What gochan's diagnostics cost when they are on: the pingpong workload
 * (every operation parks, so every operation pays) under `run()` (a small
 * record per parked operation), with call sites (`traceBlocked()`, what
 * GOCHAN_DEBUG=1 turns on: a captured stack per parked operation), and
 * while a trace records. The plain "gochan" row is diagnostics off.
 */
import type * as Gochan from "gochan";
import type { Check, Contender } from "../contender.js";
import { goStyle } from "./go-style.js";

const dist = process.env["GOCHAN_DIST"] ?? new URL("../../dist/", import.meta.url).href;
const g = (await import(new URL("index.js", dist.endsWith("/") ? dist : `${dist}/`).href)) as typeof Gochan;
const { pingpong } = goStyle((cap) => new g.Channel<number>(cap));

async function underRun(n: number): Promise<Check> {
  let check: Check = {};
  await g.run(async () => {
    check = await pingpong(n);
  }, { exit: false });
  return check;
}

async function withCallSites(n: number): Promise<Check> {
  g.traceBlocked();
  try {
    return await pingpong(n);
  } finally {
    g.traceBlocked(false);
  }
}

async function traced(n: number): Promise<Check> {
  const t = g.startTrace();
  try {
    return await pingpong(n);
  } finally {
    t.stop();
  }
}

const has = typeof g.run === "function";
export const diagRun: Contender = { name: "gochan run()", channel: has ? { pingpong: underRun } : {} };
export const diagSites: Contender = { name: "gochan call sites", channel: has ? { pingpong: withCallSites } : {} };
export const diagTrace: Contender = { name: "gochan trace", channel: has ? { pingpong: traced } : {} };
