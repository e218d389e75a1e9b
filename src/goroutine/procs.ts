/**
 * The threads goroutines run on, sized like Go's GOMAXPROCS: started on
 * first use, one at a time as goroutines need them, up to `maxProcs()`; a
 * new goroutine goes to the thread running the fewest. An idle thread does
 * not keep the program alive. When a thread dies, its goroutines reject
 * with ThreadExitError, the operations it had parked on other threads'
 * channels are withdrawn, and the channels it owned are gone (G4).
 */
import { defaultWorkers } from "../pool/parallelism.js";
import { level, recorder } from "../kernel/trace.js";
import type { BlockedOperation } from "../runtime/blocked.js";
import { setElsewhere, watching } from "../runtime/elsewhere.js";
import { decodeError, encodeError, ThreadExitError } from "../threads/errors.js";
import { needsLoader } from "../threads/loader.js";
import { spawn, type Thread } from "../threads/spawn.js";
import type { ToThread } from "../threads/wire.js";
import { decode, encode, encodeOutcome } from "./codec.js";
import { UncloneableError } from "./errors.js";
import type { FromProc, ToProc } from "./messages.js";
import { pullAll } from "./inbox.js";
import { flushAll } from "./outbox.js";
import { registry, threadDied } from "./registry.js";

declare const __GOCHAN_GO_ENTRY__: string | undefined; // the built entry's path, set by tsup

interface Running {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

class Proc {
  readonly running = new Map<number, Running>();
  /** Goroutines sent to it: an idle report counting fewer is stale. */
  gos = 0;
  /** Node: every goroutine on it waits for a message (thread.ts), and what it has parked. */
  idle = false;
  blocked: BlockedOperation[] = [];
  /** Told that a trace records: it tags its goroutines' operations (thread.ts). */
  tracing = false;
  readonly checks = new Map<number, (m: Extract<FromProc, { t: "checked" }>) => void>();

  constructor(
    readonly id: number,
    readonly thread: Thread,
  ) {}

  post(m: ToProc, list: object[] = []): void {
    flushAll(); // values this thread sent with credits reach their owners before anything it says next
    this.thread.post(m as unknown as ToThread, list);
  }

  /**
   * A thread keeps the program alive while it runs goroutines, unless
   * run() watches for a deadlock and every goroutine on it is blocked: run()
   * then asks it before it ends anything (quiet()).
   */
  keep(): void {
    this.thread.keepAlive(this.running.size > 0 && !(this.idle && watching > 0));
  }
}

const procs: Proc[] = [];
let limit = 0; // 0: the platform's parallelism
let nextThread = 1;
let nextGoroutine = 1;

/**
 * How many threads goroutines may run on, as Go's `runtime.GOMAXPROCS(n)`:
 * returns the setting before the call, and sets it when `n` is given. The
 * default is the platform's parallelism. Threads already started stay; a
 * lower setting stops new ones from starting.
 *
 * @throws RangeError if `n` is not a positive integer.
 *
 * @example
 * ```ts
 * const before = maxProcs(2); // runtime.GOMAXPROCS(2)
 * ```
 */
export function maxProcs(n?: number): number {
  const before = limit === 0 ? defaultWorkers() : limit;
  if (n !== undefined) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`maxProcs: n must be a positive integer, got ${String(n)}`);
    limit = n;
  }
  return before;
}

/**
 * Starts goroutine `name` of module `url` on the least busy thread.
 * @internal
 */
export function start(url: URL, name: string, args: unknown[]): Promise<unknown> {
  if (registry.thread !== 0) {
    if (registry.spawn === null) return Promise.reject(new TypeError("onThread: this thread is not a goroutine thread; start goroutines from the main thread or from a goroutine"));
    return registry.spawn(url, name, args);
  }
  let e;
  try {
    e = encode(args, "go", true);
  } catch (error) {
    return Promise.reject(error);
  }
  const proc = pick(url);
  const gid = nextGoroutine++;
  return new Promise((resolve, reject) => {
    const tracing = recorder?.inGoroutine !== undefined;
    if (tracing !== proc.tracing) {
      proc.tracing = tracing;
      proc.post({ t: "trace", on: tracing });
    }
    try {
      proc.post({ t: "go", gid, module: url.href, name, args: e.value, h: e.handles }, e.list);
    } catch (error) {
      reject(new UncloneableError("go", error));
      return;
    }
    recorder?.goroutine?.(gid, proc.id, name);
    proc.running.set(gid, { resolve, reject });
    proc.gos++;
    proc.idle = false;
    registry.sent++;
    proc.keep();
  });
}

function pick(url: URL): Proc {
  let least: Proc | null = null;
  for (const p of procs) if (least === null || p.running.size < least.running.size) least = p;
  if (least !== null && (least.running.size === 0 || procs.length >= maxProcs())) return least;
  return startThread(url);
}

function startThread(url: URL): Proc {
  const entry = new URL(typeof __GOCHAN_GO_ENTRY__ === "string" ? __GOCHAN_GO_ENTRY__ : "./thread.ts", import.meta.url);
  const id = nextThread++;
  let proc: Proc | null = null;
  const thread = spawn(entry, { typescript: needsLoader(entry, url), name: `gochan goroutine thread ${id}` }, {
    message: (m) => hear(proc!, m as unknown as FromProc),
    exit: (error) => died(proc!, error),
  });
  proc = new Proc(id, thread);
  procs.push(proc);
  proc.post({ t: "init", thread: id, level: level() });
  setElsewhere(elsewhere);
  return proc;
}

/** How long a goroutine thread still computing may run on after main returned, for its output to get out. */
const STOP_MS = 100;

function hear(proc: Proc, m: FromProc): void {
  switch (m.t) {
    case "result": {
      registry.received++;
      const r = proc.running.get(m.gid);
      if (r === undefined) return;
      proc.running.delete(m.gid);
      pullAll(); // before the thread may stop keeping this one alive: what it sent and closed first
      proc.keep();
      recorder?.goroutineEnded?.(m.gid);
      if (m.ok) r.resolve(decode(m.value, m.h));
      else r.reject(decodeError(m.error));
      return;
    }
    case "spawn": {
      registry.received++;
      let args: unknown[];
      try {
        args = decode(m.args, m.h) as unknown[];
      } catch (error) {
        return answerSpawn(proc, m.sid, Promise.reject(error));
      }
      return answerSpawn(proc, m.sid, start(new URL(m.module), m.name, args));
    }
    case "idle":
      if (m.gos !== proc.gos) return; // a goroutine is on its way to it
      proc.idle = true;
      proc.blocked = m.blocked;
      proc.keep();
      return;
    case "busy":
      proc.idle = false;
      proc.keep();
      return;
    case "checked":
      proc.checks.get(m.seq)?.(m);
      proc.checks.delete(m.seq);
      return;
  }
}

/** Tells thread `proc` how the goroutine it asked for ended (its result crosses as any value does). */
function answerSpawn(proc: Proc, sid: number, result: Promise<unknown>): void {
  const post = (ok: boolean, v: unknown): void => {
    if (!procs.includes(proc)) return; // it died meanwhile: nobody waits for the answer
    const { out, list } = encodeOutcome(ok, v);
    try {
      proc.post({ t: "spawned", sid, ...out }, list);
    } catch (error) {
      proc.post({ t: "spawned", sid, ok: false, error: encodeError(new UncloneableError("goroutine result", error)) });
    }
    registry.sent++;
  };
  result.then(
    (value) => post(true, value),
    (error: unknown) => post(false, error),
  );
}

/** Whether a thread died since run() last asked: then the message counts cannot balance, and two quiet rounds must agree instead. */
let deaths = 0;
let nextCheck = 1;

/** What the diagnostics see of the goroutine threads (src/runtime/elsewhere.ts). */
const elsewhere = {
  blocked: (): BlockedOperation[] => procs.filter((p) => p.idle).flatMap((p) => p.blocked),

  /** Lets every thread end by itself (a terminated one drops what its console has not yet written), terminating one still busy after STOP_MS. */
  async stop(): Promise<void> {
    const all = procs.splice(0);
    await Promise.all(all.map((p) => p.thread.stop(STOP_MS)));
  },

  /** Two rounds of asking every thread: all idle both times, no message in flight, nothing moved between. */
  async quiet(): Promise<BlockedOperation[] | null> {
    let before: string | null = null;
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(procs.map(ask));
      for (const p of procs) p.keep();
      if (answers.some((a) => a === null || !a.idle)) return null;
      const sent = registry.sent + answers.reduce((n, a) => n + a!.sent, 0);
      const received = registry.received + answers.reduce((n, a) => n + a!.received, 0);
      if (deaths === 0 && sent !== received) return null;
      const now = `${sent}/${received}/${procs.length}`;
      if (before !== null && now !== before) return null;
      before = now;
      if (round === 1) return answers.flatMap((a) => a!.blocked);
    }
    return null;
  },
};

function ask(p: Proc): Promise<Extract<FromProc, { t: "checked" }> | null> {
  const seq = nextCheck++;
  p.thread.keepAlive(true); // the answer must come back before the program may end
  return new Promise((resolve) => {
    p.checks.set(seq, resolve);
    p.post({ t: "check", seq });
  });
}

function died(proc: Proc, error: ThreadExitError): void {
  procs.splice(procs.indexOf(proc), 1);
  deaths++;
  for (const resolve of proc.checks.values()) resolve(null as never);
  for (const r of proc.running.values()) r.reject(error);
  proc.running.clear();
  threadDied(proc.id, error);
  const wire: ToProc = { t: "died", thread: proc.id, error: encodeError(error) };
  for (const p of procs) p.post(wire);
}

/** Ends every goroutine thread now (tests; a program that is done). @internal */
export async function stopProcs(): Promise<void> {
  const all = procs.splice(0);
  for (const p of all) for (const r of p.running.values()) r.reject(new ThreadExitError("thread stopped", undefined));
  await Promise.all(all.map((p) => p.thread.terminate()));
}
