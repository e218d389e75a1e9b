/**
 * What a thread needs to load a handler module, and what to say when it
 * cannot. Node 20 strips no types, and a loader named in a thread's execArgv
 * does not reach its entry, so spawn.ts registers tsx's hooks inside the
 * thread when `needsLoader` says so.
 *
 * A load fails in one of two ways, and both end here: the thread's import of
 * the handler rejects (the thread reports it: "fatal"), or the thread dies
 * before it is ready (its own entry did not load, or the platform says
 * nothing, as a browser's Worker "error" event does). Either way the
 * platform's error is kept as the `cause`, and the message says in words
 * which URL, why, and what to do, since the platform's own text ("thread
 * exited", "Unknown module format: video/mp2t") names neither.
 */
import { ThreadLoadError, type ThreadExitError, type ThreadLoadFailure } from "./errors.js";
import { nodeThreads } from "./spawn.js";

const TS = /\.[cm]?tsx?$/;
const BUNDLERS = 'start threads with threads(() => new Worker(new URL("./x.worker.js", import.meta.url), { type: "module" })), see "Bundlers" in docs/threads.md';

/** Whether a thread on this Node needs a TypeScript loader for the entry or the handler. */
export function needsLoader(entry: URL, module: URL): boolean {
  const p = (globalThis as { process?: { features?: { typescript?: unknown } } }).process;
  if (nodeThreads() === null || p === undefined || p.features?.typescript) return false;
  return TS.test(entry.pathname) || TS.test(module.pathname);
}

/**
 * The error every job of a pool fails with when its handler cannot load.
 *
 * @param module the handler module, or null for the app's own worker (`threads(start)`)
 * @param entry the script the thread started from
 * @param error what the platform said: the import's rejection, or the thread's death
 * @param died whether the thread died before it was ready (rather than reporting a failed import)
 */
export function loadError(module: URL | null, entry: URL | null, error: unknown, died: boolean): ThreadLoadError {
  const url = module ?? entry;
  const shown = url === null ? "the app's worker" : show(url);
  const [reason, what, hint] = classify(module, entry, error, died);
  const exitCode = (error as Partial<ThreadExitError> | undefined)?.exitCode;
  const subject = module === null ? `pool: the worker that threads(start) returned did not start` : `pool: cannot load the handler module ${shown}`;
  return new ThreadLoadError(`${subject}: ${what}\nhint: ${hint}`, url?.href ?? "", reason, { cause: error, exitCode });
}

/**
 * The error every job of a pool fails with when the app's start function
 * (`threads(start)`) throws instead of returning a worker. One cause is
 * named: webpack 5 compiles `new Worker(new URL(...))` with `Worker`
 * imported from "node:worker_threads" into a call of an undefined `.wc`,
 * which throws "Cannot read properties of undefined (reading 'wc')".
 */
export function startError(error: unknown): ThreadLoadError {
  if (error instanceof ThreadLoadError) return error;
  const said = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0]!;
  const hint = /reading 'wc'|__webpack_require__/.test(said)
    ? 'webpack miscompiles new Worker(new URL(...)) when Worker is imported from "node:worker_threads": import it from "worker_threads", see "Bundlers" in docs/threads.md'
    : "start must return a new Worker: call it once on the main thread to see the whole error";
  return new ThreadLoadError(`pool: threads(start) threw instead of returning a worker: ${said}\nhint: ${hint}`, "", "failed", { cause: error });
}

type Verdict = [ThreadLoadFailure, string, string];

function classify(module: URL | null, entry: URL | null, error: unknown, died: boolean): Verdict {
  const e = (typeof error === "object" && error !== null ? error : {}) as { name?: string; code?: string; message?: string; cause?: unknown };
  // A death's own error says little; what the platform said is its cause.
  const inner = (died && typeof e.cause === "object" && e.cause !== null ? e.cause : e) as typeof e;
  let said = (inner.message ?? String(error)).split("\n")[0]!; // the message stays two lines: what, then the hint
  if (module !== null && module.href.length > 100) said = said.replaceAll(module.href, show(module)); // keep a data: URL to one line
  const code = inner.code ?? "";
  const ts = module !== null && TS.test(module.pathname);
  if (module?.protocol === "data:") {
    return ["inlined", "it is a data: URL of a file's source, as a bundler makes of a file it inlines as an asset, not a module a thread can run", `in a bundled app, ${BUNDLERS}`];
  }
  if (inner.name === "NotCapable" || inner.name === "PermissionDenied" || /Requires read access/.test(said)) {
    // Deno: a thread loads its entry and the handler as files, which needs read access.
    return ["permission", `the platform refused to read a file the thread needs (${said})`, "on Deno, run with --allow-read (or --allow-read=<the project's folder>): a thread reads gochan's thread entry and the handler module"];
  }
  if (code === "ERR_GOCHAN_NO_HANDLER") return ["no-handler", said, 'export the handler as default, or name its export with the option thread: { export: "name" }'];
  if (died) {
    if (entry !== null && mentions(said, entry)) {
      return ["entry-not-found", `the thread's entry ${show(entry)} was not found (${said})`, module === null ? "check the URL the worker is started with" : `gochan's threads/worker.js must stay beside its code; after a bundler moved gochan, ${BUNDLERS}`];
    }
    if (inner === e && (error as Partial<ThreadExitError>).exitCode === undefined) {
      // A browser's Worker "error" event for a script that did not load carries nothing.
      return [
        "entry-not-found",
        "the thread ended before it was ready, and the platform does not say why",
        module === null
          ? "check that the worker file is emitted where its URL points (the network panel shows it) and calls serve(handler)"
          : `the thread's entry (gochan's threads/worker.js) or the module was not served as JavaScript (the network panel shows which); in a bundled app, ${BUNDLERS}`,
      ];
    }
  }
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(said)?.[1]; // Node names what it did not find first
  const itself = module !== null && (missing === undefined ? mentions(said, module) : mentions(missing, module));
  if (module !== null && ts && (code === "ERR_UNKNOWN_FILE_EXTENSION" || (code === "ERR_MODULE_NOT_FOUND" && !itself))) {
    return ["typescript", `TypeScript that this Node cannot run (${said})`, "a TypeScript handler on a Node without type stripping needs a loader: install tsx, build the handler to JavaScript, or pass thread.execArgv"];
  }
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /Cannot find module|Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/i.test(said)) {
    if (module !== null && missing !== undefined && !itself) {
      return ["import-not-found", `an import in it was not found (${said})`, "install the package it imports, or fix the import's path"];
    }
    return ["not-found", `it was not found (${said})`, 'new URL("./x.js", import.meta.url) resolves against the file that writes it: check the path, and that a build emits the module there'];
  }
  if (inner.name === "SyntaxError") {
    return ["syntax", `a syntax error: ${said}`, ts ? 'TypeScript that this platform cannot strip (an enum, a namespace, parameter properties?): see "TypeScript handlers" in docs/threads.md' : "the thread runs the module as it is: import it on the main thread, or run it with node, to see where"];
  }
  if (code === "ERR_UNKNOWN_MODULE_FORMAT" || code === "ERR_UNKNOWN_FILE_EXTENSION" || code === "ERR_UNSUPPORTED_ESM_URL_SCHEME" || /module format|MIME type/i.test(said)) {
    return ["not-a-module", `it is not a JavaScript module (${said})`, "point the URL at a JavaScript module (.js, .mjs) whose export is the handler"];
  }
  if (ts && code === "ERR_REQUIRE_CYCLE_MODULE") {
    return ["typescript", `TypeScript that tsx loads as CommonJS here (${said})`, 'name the handler .mts, or put it in a package whose package.json says "type": "module"'];
  }
  if (died) return ["failed", `the thread ended as it loaded: ${said}`, "something ends the thread as the module loads (process.exit, or an error thrown outside the import): import it on the main thread to see"];
  return ["failed", `it threw while loading: ${said}`, "import the module on the main thread to see the whole error"];
}

/** Whether a platform message names the file at `url` (by path or by URL). */
function mentions(said: string, url: URL): boolean {
  if (said.includes(url.href)) return true;
  if (url.protocol !== "file:") return false;
  let path = decodeURIComponent(url.pathname);
  if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1).replaceAll("/", "\\"); // Windows
  return said.includes(path);
}

/** A URL short enough for one line: a data: URL can hold a whole file. */
function show(url: URL): string {
  const href = url.href;
  return href.length <= 100 ? href : `${href.slice(0, 60)}... (${href.length} characters)`;
}
