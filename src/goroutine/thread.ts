/**
 * The entry of a thread that runs goroutines: the main thread names a
 * module's export and its arguments (procs.ts), and it runs here as a
 * goroutine among others, interleaved at their awaits, its channels
 * reaching their owners through their ports.
 *
 * On Node it also says when it is blocked, for run()'s deadlock report
 * (G5): the port to the main thread is unref'd, so the thread's loop runs
 * empty exactly when every goroutine on it waits for a message; then it
 * tells the main thread so ("idle", with what it has parked) and holds on,
 * until a message wakes it ("busy").
 */
import { level, setLevel } from "../kernel/trace.js";
import { blockedHere, type BlockedOperation } from "../runtime/blocked.js";
import { asyncLocal, type Als } from "../runtime/host.js";
import { decodeError } from "../threads/errors.js";
import { importModule, parent } from "../threads/serve.js";
import { nodeThreads } from "../threads/spawn.js";
import { decode, encode, encodeOutcome } from "./codec.js";
import type { FromProc, ToProc } from "./messages.js";
import { UncloneableError } from "./errors.js";
import { pullAll } from "./inbox.js";
import { flushAll } from "./outbox.js";
import { arrived, registry, threadDied } from "./registry.js";

const up = parent();
if (up === null) throw new Error("gochan: goroutine/thread is the entry of a goroutine thread, started by onThread()");
const raw = up as unknown as { post(m: FromProc, t: object[]): void; listen(f: (m: ToProc) => void): void };
const port = {
  // Values this thread sent with credits reach their owners before anything it says next (outbox.ts).
  post(m: FromProc, t: object[]): void {
    flushAll();
    raw.post(m, t);
  },
  listen: (f: (m: ToProc) => void): void => raw.listen(f),
};
const modules = new Map<string, Promise<Record<string, unknown>>>();

port.listen((m) => {
  switch (m.t) {
    case "init":
      registry.thread = m.thread;
      if (m.level > level()) setLevel(m.level);
      return;
    case "go":
      gos++;
      arrived();
      void run(m);
      return;
    case "died":
      threadDied(m.thread, decodeError(m.error));
      return;
    case "spawned": {
      arrived();
      pullAll();
      const r = spawning.get(m.sid);
      spawning.delete(m.sid);
      if (m.ok) r?.resolve(decode(m.value, m.h));
      else r?.reject(decodeError(m.error));
      return;
    }
    case "trace":
      // Goroutines started from now on run in a context that names them.
      lanes = m.on ? (lanes ?? asyncLocal<number>()) : null;
      registry.goroutine = lanes === null ? null : () => lanes?.getStore();
      return;
    case "stop":
      flushAll();
      up.close();
      return;
    case "check":
      flushAll(); // first: the counts below include what it posts
      port.post({ t: "checked", seq: m.seq, idle, sent: registry.sent, received: registry.received, blocked: parked() }, []);
      return;
  }
});

/** Goroutines this thread asked the main thread to start, by request, until their results come. */
const spawning = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
let nextSpawn = 1;
registry.spawn = (url, name, args) => {
  let e;
  try {
    e = encode(args, "go", true);
  } catch (error) {
    return Promise.reject(error);
  }
  const sid = nextSpawn++;
  return new Promise((resolve, reject) => {
    try {
      port.post({ t: "spawn", sid, module: url.href, name, args: e.value, h: e.handles }, e.list);
    } catch (error) {
      reject(new UncloneableError("go", error));
      return;
    }
    registry.sent++;
    spawning.set(sid, { resolve, reject });
  });
};

/** While the main thread traces: which goroutine runs (AsyncLocalStorage, where the host has it). */
let lanes: Als<number> | null = null;
let idle = false;
let gos = 0; // goroutines started here: an idle report older than the last start is stale
const node = nodeThreads() as { parentPort?: { ref(): void; unref(): void } | null } | null;
const proc = (globalThis as { process?: { on?(ev: string, f: () => void): void } }).process;
if (node?.parentPort && proc?.on) {
  const pp = node.parentPort;
  pp.unref();
  proc.on("beforeExit", () => {
    idle = true;
    pp.ref();
    port.post({ t: "idle", gos, blocked: parked() }, []);
  });
  registry.onActivity = () => {
    if (!idle) return;
    idle = false;
    pp.unref();
    port.post({ t: "busy" }, []);
  };
}

/** What is parked on this thread, its own goroutines' operations marked as this thread's. */
function parked(): BlockedOperation[] {
  return blockedHere().map((op) => (op.thread === 0 ? { ...op, thread: registry.thread } : op));
}

async function run(m: Extract<ToProc, { t: "go" }>): Promise<void> {
  let ok = true;
  let v: unknown;
  try {
    let mod = modules.get(m.module);
    if (mod === undefined) modules.set(m.module, (mod = importModule(m.module) as Promise<Record<string, unknown>>));
    const f = (await mod)[m.name];
    if (typeof f !== "function") {
      throw new TypeError(`onThread: ${m.module} ${m.name === "default" ? "has no default export function" : `exports no function named "${m.name}"`}`);
    }
    const args = decode(m.args, m.h) as unknown[];
    v = await (lanes === null ? f(...args) : lanes.run(m.gid, () => f(...args)));
  } catch (error) {
    ok = false;
    v = error;
  }
  const { out, list } = encodeOutcome(ok, v);
  registry.sent++;
  port.post({ t: "result", gid: m.gid, ...out }, list);
}
