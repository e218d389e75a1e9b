/**
 * Every contender by row name, with the module that holds it. A child
 * process imports only its contender's module, so no two libraries share a
 * process (nor JIT feedback, nor heap).
 */
import type { Contender } from "./contender.js";

interface Entry {
  readonly module: string;
  readonly export: string;
}

const entries = {
  floor: { module: "floor", export: "floor" },
  "floor [v, ok]": { module: "floor", export: "floorTuple" },
  gochan: { module: "gochan", export: "gochan" },
  "gochan recv()": { module: "gochan", export: "gochanRecv" },
  "ts-chan": { module: "ts-chan", export: "tsChan" },
  "ts-chan unsafe": { module: "ts-chan", export: "tsChanUnsafe" },
  "js-csp": { module: "js-csp", export: "jsCsp" },
  "@thi.ng/csp": { module: "thing-csp", export: "thingCsp" },
  "async-channel": { module: "async-channel", export: "asyncChannel" },
  "bare loop": { module: "floor", export: "bare" },
  "gochan Pool": { module: "gochan", export: "pool" },
  "gochan map()": { module: "gochan", export: "mapped" },
  "gochan flow": { module: "gochan", export: "flow" },
  "floor flow": { module: "floor", export: "flow" },
  "p-limit": { module: "pools", export: "limit" },
  "p-queue": { module: "pools", export: "queue" },
  "p-map": { module: "pools", export: "map" },
  "gochan run()": { module: "gochan-diag", export: "diagRun" },
  "gochan call sites": { module: "gochan-diag", export: "diagSites" },
  "gochan trace": { module: "gochan-diag", export: "diagTrace" },
  "worker_threads floor": { module: "thread-floor", export: "floor" },
  "one thread": { module: "thread-floor", export: "oneThread" },
  piscina: { module: "piscina", export: "piscina" },
  tinypool: { module: "tinypool", export: "tinypool" },
  workerpool: { module: "workerpool", export: "workerPool" },
  poolifier: { module: "poolifier", export: "poolifier" },
} satisfies Record<string, Entry>;

export type ContenderName = keyof typeof entries;

/** The rows of the channel tables, floor first. */
export const CHANNEL_CONTENDERS: readonly ContenderName[] = [
  "floor",
  "gochan",
  "ts-chan",
  "ts-chan unsafe",
  "js-csp",
  "@thi.ng/csp",
  "async-channel",
];

/**
 * The rows of the four workloads with a Go-style receive: the floor answering
 * `[v, ok]` second, gochan's `recv()` (the same tuple) after gochan's bare `receive()`.
 */
export const GO_STYLE_CONTENDERS: readonly ContenderName[] = [
  CHANNEL_CONTENDERS[0]!,
  "floor [v, ok]",
  CHANNEL_CONTENDERS[1]!,
  "gochan recv()",
  ...CHANNEL_CONTENDERS.slice(2),
];

/** The rows of the pool tables, floor first. */
export const POOL_CONTENDERS: readonly ContenderName[] = [
  "bare loop",
  "gochan Pool",
  "gochan map()",
  "gochan flow",
  "floor flow",
  "p-limit",
  "p-queue",
  "p-map",
];

/** The diagnostics table: gochan with diagnostics off first, the ratios' denominator. */
export const DIAG_CONTENDERS: readonly ContenderName[] = ["gochan", "gochan run()", "gochan call sites", "gochan trace"];
/** The thread pools beside gochan's. */
const THREAD_PEERS: readonly ContenderName[] = ["piscina", "tinypool", "workerpool", "poolifier"];

/** The rows of threads-tiny: the raw worker_threads floor first. */
export const THREAD_CONTENDERS: readonly ContenderName[] = ["worker_threads floor", "gochan Pool", "gochan map()", ...THREAD_PEERS];

/** The rows of threads-transfer: the raw worker_threads floor first. */
export const TRANSFER_CONTENDERS: readonly ContenderName[] = ["worker_threads floor", "gochan Pool", ...THREAD_PEERS];

/** The rows of threads-cpu-N: one thread (no pool) first, the speed-ups' denominator. */
export const CPU_CONTENDERS: readonly ContenderName[] = ["one thread", "worker_threads floor", "gochan Pool", ...THREAD_PEERS];

/** Contenders written by us: the ratios' denominators, never "peers". */
export const FLOORS: ReadonlySet<string> = new Set(["floor", "floor [v, ok]", "bare loop", "floor flow", "worker_threads floor", "one thread"]);

export function isContenderName(name: string): name is ContenderName {
  return Object.hasOwn(entries, name);
}

export async function loadContender(name: ContenderName): Promise<Contender> {
  const e: Entry = entries[name];
  const mod = (await import(`./contenders/${e.module}.js`)) as Record<string, Contender | undefined>;
  const c = mod[e.export];
  if (c === undefined) throw new Error(`contender ${name}: ${e.module} exports no ${e.export}`);
  return c;
}
