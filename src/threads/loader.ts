/**
 * What a thread needs to load a handler written in TypeScript, and what to
 * say when it cannot. Node 20 strips no types, and a loader named in a
 * thread's execArgv does not reach its entry, so spawn.ts registers tsx's
 * hooks inside the thread when `needsLoader` says so.
 */
import { ThreadExitError } from "./errors.js";
import { nodeThreads } from "./spawn.js";

const TS = /\.[cm]?tsx?$/;

/** Whether a thread on this Node needs a TypeScript loader for the entry or the handler. */
export function needsLoader(entry: URL, module: URL): boolean {
  const p = (globalThis as { process?: { features?: { typescript?: unknown } } }).process;
  if (nodeThreads() === null || p === undefined || p.features?.typescript) return false;
  return TS.test(entry.pathname) || TS.test(module.pathname);
}

export function hint(error: ThreadExitError): unknown {
  const cause = error.cause as { code?: string } | undefined;
  if (cause?.code === "ERR_UNKNOWN_FILE_EXTENSION" || cause?.code === "ERR_MODULE_NOT_FOUND") {
    return new ThreadExitError(`${error.message} (a TypeScript handler on a Node without type stripping needs a loader: install tsx, or pass thread.execArgv)`, error.exitCode, { cause });
  }
  return error;
}
