/**
 * The entry of a thread that runs goroutines: the main thread names a
 * module's export and its arguments (procs.ts), and it runs here as a
 * goroutine among others, interleaved at their awaits, its channels
 * reaching their owners through their ports.
 */
import { decodeError, encodeError } from "../threads/errors.js";
import { importModule, parent } from "../threads/serve.js";
import { decode, encode } from "./codec.js";
import type { FromProc, ToProc } from "./messages.js";
import { registry, threadDied } from "./registry.js";

const up = parent();
if (up === null) throw new Error("gochan: goroutine/thread is the entry of a goroutine thread, started by onThread()");
const port = up as unknown as { post(m: FromProc, t: object[]): void; listen(f: (m: ToProc) => void): void };
const modules = new Map<string, Promise<Record<string, unknown>>>();

port.listen((m) => {
  switch (m.t) {
    case "init":
      registry.thread = m.thread;
      return;
    case "go":
      void run(m);
      return;
    case "died":
      threadDied(m.thread, decodeError(m.error));
      return;
  }
});

async function run(m: Extract<ToProc, { t: "go" }>): Promise<void> {
  let out: FromProc;
  try {
    let mod = modules.get(m.module);
    if (mod === undefined) modules.set(m.module, (mod = importModule(m.module) as Promise<Record<string, unknown>>));
    const f = (await mod)[m.name];
    if (typeof f !== "function") {
      throw new TypeError(`onThread: ${m.module} ${m.name === "default" ? "has no default export function" : `exports no function named "${m.name}"`}`);
    }
    const value: unknown = await f(...(decode(m.args, m.h) as unknown[]));
    const e = encode(value, "goroutine result");
    out = { t: "result", gid: m.gid, ok: true, value: e.value, h: e.handles };
    port.post(out, e.list);
  } catch (error) {
    out = { t: "result", gid: m.gid, ok: false, error: encodeError(error) };
    port.post(out, []);
  }
}

