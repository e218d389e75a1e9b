/**
 * Seeing what is blocked (D2): `blocked()`, `traceBlocked()`, and the call
 * sites with gochan's own frames dropped.
 *
 * The core writes every park into the kernel's registry through one-line
 * hooks (src/kernel/trace.ts) that cost one test while diagnostics are off;
 * this file reads it, for users, `run()`'s deadlock report, synctest and the
 * leak check. It also reads `GOCHAN_DEBUG`, the one environment variable the
 * library looks at, so the core touches no environment.
 */
import { DETAIL, nameOf, parkedNow, setLevel, type WaitReason } from "../kernel/trace.js";
import { env } from "./host.js";
import { elsewhere } from "./elsewhere.js";

/**
 * A channel as a blocked operation sees it: its name, if it was given one,
 * its capacity and what is buffered now.
 *
 * @example
 * ```ts
 * const c: ChannelInfo = { name: "jobs", cap: 5, len: 0, dir: "recv" };
 * ```
 */
export interface ChannelInfo {
  /** The name given with `new Channel(n, { name })`; undefined if none was. */
  readonly name: string | undefined;
  readonly cap: number;
  readonly len: number;
  /** Which side this operation waits on. */
  readonly dir: "send" | "recv";
}

/**
 * One operation still waiting.
 *
 * @example
 * ```ts
 * for (const b of blocked()) console.error(`${b.reason} waiting ${performance.now() - b.since} ms at\n${b.stack}`);
 * ```
 */
export interface BlockedOperation {
  /** Short form of `reason`: which side of a channel, or which kind of wait. */
  readonly op: "send" | "recv" | "select" | "wait" | "acquire" | "lock" | "sleep" | (string & {});
  /** What it waits for, in Go's words: `"chan receive"`, `"select"`, `"WaitGroup.wait"`, ... */
  readonly reason: WaitReason;
  /** The channels it waits on: one for a send or receive, one per case for a select, none otherwise. */
  readonly channels: readonly ChannelInfo[];
  /** What else a report should say: a WaitGroup's counter, a Semaphore's size and holders; "" if nothing. */
  readonly detail: string;
  /** When it parked, in ms on `performance.now()`'s clock. */
  readonly since: number;
  /**
   * Where it was called, the caller's frame first and gochan's own frames
   * dropped; empty unless call sites are recorded ({@link traceBlocked}, or
   * `GOCHAN_DEBUG=1`).
   */
  readonly stack: string;
  /** The stack as captured, gochan's frames included ("" as `stack` is). @internal */
  readonly rawStack: string;
  /** The thread whose goroutine is blocked: 0 for the main thread, else a goroutine thread's id (docs/threads.md). */
  readonly thread: number;
}

/**
 * Starts (or, with `false`, stops and forgets) recording operations that
 * park, with where each was called.
 *
 * `GOCHAN_DEBUG=1` in the environment turns it on from the start.
 *
 * @example
 * ```ts
 * traceBlocked();
 * process.on("beforeExit", () => {
 *   const stuck = blocked();
 *   if (stuck.length > 0) console.error("still blocked:", stuck.map((b) => `${b.reason}\n${b.stack}`));
 * });
 * ```
 */
export function traceBlocked(enable = true): void {
  setLevel(enable ? 2 : 0);
}

/**
 * The operations parked now, oldest first; empty unless recording is on
 * ({@link traceBlocked}, `GOCHAN_DEBUG=1`, or a program under `run()`).
 *
 * @example
 * ```ts
 * traceBlocked();
 * void new Channel<number>(0, { name: "out" }).send(1); // nobody will receive
 * console.log(blocked()[0]?.reason);                    // "chan send"
 * ```
 */
export function blocked(): BlockedOperation[] {
  const out = blockedHere();
  if (elsewhere !== null) out.push(...elsewhere.blocked());
  return out;
}

/** The operations parked in this thread's registry: its own, and other threads' on its channels. @internal */
export function blockedHere(): BlockedOperation[] {
  const out: BlockedOperation[] = [];
  for (const [, p] of parkedNow()) {
    const raw = p.site?.stack ?? "";
    out.push({
      op: OPS[p.reason] ?? p.reason,
      reason: p.reason,
      channels: p.on.map(({ ch, dir }) => ({ name: nameOf(ch), cap: ch.cap, len: ch.len, dir })),
      detail: detailOf(p.what),
      since: p.since,
      stack: userFrames(raw),
      rawStack: raw,
      thread: p.thread,
    });
  }
  return out;
}

/** What a parked-on object says of itself (its `[DETAIL]` getter), or "". */
function detailOf(what: object | undefined): string {
  const d = (what as { [DETAIL]?: unknown } | undefined)?.[DETAIL];
  return typeof d === "string" ? d : "";
}

const OPS: Record<string, BlockedOperation["op"]> = {
  "chan send": "send",
  "chan receive": "recv",
  select: "select",
  "WaitGroup.wait": "wait",
  "semaphore acquire": "acquire",
  "mutex lock": "lock",
  sleep: "sleep",
};

/**
 * The folder gochan runs from (src/ or dist/): a frame there is the
 * library's own. Read once from this file's own frame.
 */
const LIB: string | null = (() => {
  const line = (new Error().stack ?? "").split("\n").find((l) => /blocked\.[cm]?[jt]s|chunk-|index\.[cm]?js/.test(l));
  const m = line === undefined ? null : /\(?((?:file:\/\/|\/|[A-Za-z]:\\|https?:\/\/)[^)]*?):\d+:\d+\)?\s*$/.exec(line);
  if (m === null) return null;
  const file = m[1]!;
  let dir = file.slice(0, Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")));
  if (/[/\\]runtime$/.test(dir)) dir = dir.slice(0, -"runtime".length - 1);
  return dir;
})();

/**
 * Keeps the caller's frames: drops gochan's, the engine's and the promise
 * machinery's. Two formats reach here: V8's (Node, Chromium, Deno), a
 * message line then `    at f (url:line:col)` frames, and SpiderMonkey's
 * and JavaScriptCore's (Firefox, Safari, Bun), `f@url:line:col` frames
 * and no message line. @internal
 */
export function userFrames(stack: string): string {
  if (stack === "") return "";
  const lines = stack.split("\n");
  const frame = lines.some((l) => V8_FRAME.test(l)) ? V8_FRAME : AT_FRAME;
  return lines
    .filter((l) => frame.test(l) && !isLibraryFrame(l))
    .map((l) => `\t${l.trim()}`)
    .join("\n");
}

const V8_FRAME = /^\s+at /;
const AT_FRAME = /^[^\s@]*@.+:\d+:\d+$/;

function isLibraryFrame(line: string): boolean {
  if (LIB !== null && line.includes(`${LIB}/`)) return true;
  return /\(node:|at node:|new Promise \(<anonymous>\)|at async Promise\.(all|race|any|allSettled)|<anonymous>\)?$/.test(line);
}

// GOCHAN_DEBUG=1 records call sites from the first operation on.
const debug = env("GOCHAN_DEBUG");
if (debug !== undefined && debug !== "" && debug !== "0") setLevel(2);
