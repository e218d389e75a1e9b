/**
 * One thread, whatever the platform: Node's `worker_threads`, or a module
 * Web Worker (browsers, Deno, Bun). The rest of gochan sees only `Thread`.
 *
 * Node's module is reached through `process.getBuiltinModule`, so that this
 * file imports nothing Node-only and bundles for the browser.
 */
import type { FromThread, ToThread } from "./wire.js";
import { ThreadExitError } from "./errors.js";
import { clearLongTimeout, realTimeout } from "../time/timeout.js";

/** What a pool can do with a thread. */
export interface Thread {
  /** Posts `msg`, moving `transfer`; throws (DataCloneError) if `msg` cannot be cloned, having sent nothing. */
  post(msg: ToThread, transfer?: object[]): void;
  /** Ends the thread now; no exit is reported for it. */
  terminate(): Promise<void>;
  /** Asks the thread to end once it is idle, so that what it printed is flushed (Node); terminates it if it has not ended after `ms`. */
  stop(ms: number): Promise<void>;
  /** Whether an idle thread keeps the program alive (Node); a no-op elsewhere. */
  keepAlive(on: boolean): void;
}

/** What a thread tells its pool. */
export interface ThreadEvents {
  message(msg: FromThread): void;
  /** The thread ended by itself (exit, uncaught error, out of memory). Called at most once, never after terminate. */
  exit(error: ThreadExitError): void;
}

/** Options for the platform's thread. */
export interface SpawnOptions {
  /** Node: flags for the thread (default: the process's own, so a TypeScript loader such as tsx carries over). */
  execArgv?: string[] | undefined;
  /** Node: the thread's heap limits (`resourceLimits` of worker_threads). */
  resourceLimits?: Record<string, number> | undefined;
  /** A name for debuggers and error messages. */
  name?: string | undefined;
  /** Node: the entry or the handler is TypeScript and Node cannot strip types: load tsx's hooks in the thread first. */
  typescript?: boolean | undefined;
}

interface NodeWorker {
  on(event: "message", f: (m: FromThread) => void): void;
  on(event: "error", f: (e: unknown) => void): void;
  on(event: "exit", f: (code: number) => void): void;
  postMessage(m: unknown, transfer?: readonly object[]): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}
interface NodeThreads {
  Worker: new (url: URL, options: Record<string, unknown>) => NodeWorker;
}
interface WebWorker {
  postMessage(m: unknown, transfer?: readonly object[]): void;
  terminate(): void;
  addEventListener(type: string, f: (e: { data?: unknown; message?: string; error?: unknown; preventDefault?: () => void }) => void): void;
}
interface Platform {
  Worker?: new (url: URL, options: { type: "module"; name?: string }) => WebWorker;
  process?: { versions?: { node?: string; bun?: string; deno?: string }; getBuiltinModule?: (id: string) => unknown };
  Deno?: unknown;
  Bun?: unknown;
}

/** True where threads run as Node's worker_threads rather than Web Workers. */
export function nodeThreads(): NodeThreads | null {
  const g = globalThis as Platform;
  if (g.Deno !== undefined || g.Bun !== undefined || typeof g.process?.versions?.node !== "string") return null;
  return (g.process.getBuiltinModule?.("node:worker_threads") as NodeThreads | undefined) ?? null;
}

/** Starts a thread running `entry`, or the worker that `start` returns (the app's own, see source.ts). */
export function spawn(entry: URL | (() => object), options: SpawnOptions, on: ThreadEvents): Thread {
  if (typeof entry === "function") {
    const w = entry();
    if (typeof w !== "object" || w === null || typeof (w as WebWorker).postMessage !== "function") {
      throw new TypeError("threads: start must return a new Worker");
    }
    return typeof (w as NodeWorker).on === "function" ? wrapNode(w as NodeWorker, on) : wrapWeb(w as WebWorker, on);
  }
  const node = nodeThreads();
  return node !== null ? spawnNode(node, entry, options, on) : spawnWeb(entry, options, on);
}

function spawnNode(node: NodeThreads, entry: URL, options: SpawnOptions, on: ThreadEvents): Thread {
  const opts: Record<string, unknown> = { name: options.name };
  // Left unset, the process's own flags carry over (a loader among them);
  // given, Node checks each and refuses V8's (--expose-gc). So it is given
  // only to drop --input-type, which a thread refuses, its entry being a file.
  const own = (globalThis as Platform & { process: { execArgv?: string[] } }).process.execArgv ?? [];
  if (options.execArgv !== undefined) opts.execArgv = options.execArgv;
  else if (own.some((a) => a.startsWith("--input-type"))) opts.execArgv = own.filter((a) => !a.startsWith("--input-type"));
  if (options.resourceLimits !== undefined) opts.resourceLimits = options.resourceLimits;
  let w: NodeWorker;
  if (options.typescript) {
    // A loader named in a thread's execArgv does not reach the thread's own
    // entry on Node 20, so the thread registers tsx's hooks itself, then
    // imports the entry.
    const api = JSON.stringify(tsxApi());
    opts.eval = true;
    w = new node.Worker(`import(${api}).then((m) => m.register()).then(() => import(${JSON.stringify(entry.href)}))` as unknown as URL, opts);
  } else w = new node.Worker(entry, opts);
  return wrapNode(w, on);
}

function wrapNode(w: NodeWorker, on: ThreadEvents): Thread {
  let ended = false;
  let error: unknown;
  let stopped: (() => void) | null = null;
  w.on("message", (m) => on.message(m));
  w.on("error", (e) => (error ??= e)); // an uncaught error; "exit" follows
  w.on("exit", (code) => {
    stopped?.();
    if (ended) return;
    ended = true;
    on.exit(exitError(code, error));
  });
  const terminate = async () => {
    ended = true;
    await w.terminate();
  };
  return {
    post: (m, transfer) => w.postMessage(m, transfer ?? []),
    terminate,
    // A terminated thread drops what its console has not yet written to the
    // process's stdout (it is piped through this thread), so a pool that is
    // done lets its threads end by themselves.
    stop: (ms) => {
      if (ended) return Promise.resolve();
      ended = true;
      return new Promise<void>((resolve) => {
        // A real timer even in a synctest bubble: this waits for a thread, not for the program.
        const timer = realTimeout(() => void terminate().then(resolve, resolve), ms);
        stopped = () => {
          clearLongTimeout(timer);
          resolve();
        };
        w.postMessage({ t: "stop" });
      });
    },
    keepAlive: (keep) => (keep ? w.ref() : w.unref()),
  };
}

function spawnWeb(entry: URL, options: SpawnOptions, on: ThreadEvents): Thread {
  const g = globalThis as Platform;
  if (g.Worker === undefined) throw new Error("pool: this platform has neither worker_threads nor Web Workers");
  return wrapWeb(new g.Worker(entry, { type: "module", ...(options.name === undefined ? {} : { name: options.name }) }), on);
}

function wrapWeb(w: WebWorker, on: ThreadEvents): Thread {
  let ended = false;
  const end = (error: ThreadExitError) => {
    if (ended) return;
    ended = true;
    w.terminate();
    on.exit(error);
  };
  w.addEventListener("message", (e) => on.message(e.data as FromThread));
  w.addEventListener("error", (e) => {
    e.preventDefault?.(); // reported here, not as an uncaught error of the page
    end(exitError(undefined, e.error ?? e.message));
  });
  w.addEventListener("messageerror", () => end(new ThreadExitError("thread: a message from the thread could not be read", undefined)));
  w.addEventListener("close", () => end(exitError(undefined, undefined))); // Bun: the thread called process.exit
  return {
    post: (m, transfer) => w.postMessage(m, transfer ?? []),
    terminate: () => {
      ended = true;
      w.terminate();
      return Promise.resolve();
    },
    stop: () => {
      // A Web Worker's console writes straight to the page's: nothing to flush.
      ended = true;
      w.terminate();
      return Promise.resolve();
    },
    // Bun's Worker can be unref'd as Node's can; a browser's or Deno's cannot.
    keepAlive: (keep) => (keep ? (w as { ref?: () => void }).ref?.() : (w as { unref?: () => void }).unref?.()),
  };
}

/**
 * The URL of tsx's ESM API (`register`): the tsx that runs this process if
 * its command line names it by path (the `tsx` command, `npx tsx` from its
 * own cache, passes `--import file:///.../tsx/dist/loader.mjs`), else the one
 * found from the working directory as Node would find `tsx`
 * (`node --import tsx`).
 */
export function tsxApi(): string {
  const p = (globalThis as Platform).process!;
  const mod = p.getBuiltinModule?.("node:module") as { createRequire(path: string): NodeRequire } | undefined;
  const url = p.getBuiltinModule?.("node:url") as { pathToFileURL(path: string): URL; fileURLToPath(url: string): string } | undefined;
  const cwd = (p as { cwd?: () => string }).cwd?.() ?? ".";
  const argv = (p as { execArgv?: string[] }).execArgv ?? [];
  try {
    const running = argv.find((a) => /[\\/]tsx[\\/]dist[\\/](?:loader\.mjs|preflight\.cjs)$/.test(a));
    const from = running === undefined ? `${cwd}/` : running.startsWith("file:") ? url!.fileURLToPath(running) : running;
    const require = mod!.createRequire(from);
    const pkgPath = require.resolve("tsx/package.json");
    const pkg = require(pkgPath) as { exports?: Record<string, { import?: { default?: string } }> };
    const rel = pkg.exports?.["./esm/api"]?.import?.default ?? "./dist/esm/api/index.mjs";
    return new URL(rel, url!.pathToFileURL(pkgPath)).href;
  } catch (e) {
    throw new Error(
      "pool: a TypeScript handler on a Node that cannot strip types needs tsx (npm i -D tsx), or a handler built to JavaScript, or thread.execArgv",
      { cause: e },
    );
  }
}

interface NodeRequire {
  (id: string): unknown;
  resolve(id: string): string;
}

function exitError(code: number | undefined, error: unknown): ThreadExitError {
  if (error !== undefined) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new ThreadExitError(`thread died: ${what}`, code, { cause: error });
  }
  return new ThreadExitError(`thread exited${code === undefined ? "" : ` with code ${code}`}`, code);
}
