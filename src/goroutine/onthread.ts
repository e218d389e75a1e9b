/**
 * onThread: an exported async function of a module, made into one that
 * runs as a goroutine on one of the goroutine threads (procs.ts) each time
 * it is called. Channels among its arguments are the same channels there
 * (G1), everything else is cloned (G2). Go's `go worker(w, jobs, results)`
 * is then `void worker(w, jobs, results)`, or `go(() => worker(...), name)`
 * for a named lane in a trace.
 */
import { start } from "./procs.js";

/**
 * A function that starts export `name` (default: the default export) of the
 * module at `url` as a goroutine on one of the goroutine threads, and
 * resolves to what it returns (G3). Arguments are cloned, except channels
 * and their directional views, which are the same channels on the thread
 * (G1), and AbortSignals, which abort there too.
 *
 * @throws TypeError if `url` is not a URL (or a URL string) or `name` not a string.
 *
 * @example
 * ```ts
 * // worker.ts: export async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>) { ... }
 * const worker = onThread<typeof import("./worker.js").worker>(new URL("./worker.js", import.meta.url), "worker");
 * void worker(1, jobs, results); // go worker(1, jobs, results), on another thread
 * ```
 */
export function onThread<F extends (...args: any[]) => unknown>(url: URL | string, name = "default"): (...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>> {
  let u: URL;
  try {
    u = url instanceof URL ? url : new URL(url);
  } catch {
    throw new TypeError(`onThread: url must be a URL (new URL("./worker.js", import.meta.url)), got ${String(url)}`);
  }
  if (typeof name !== "string") throw new TypeError(`onThread: name must be the name of an export, got ${typeof name}`);
  return (...args) => start(u, name, args) as Promise<Awaited<ReturnType<F>>>;
}
