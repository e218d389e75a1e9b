/**
 * go: Go's `go` statement, and the functions it can start on other threads.
 *
 * `go(f, ...args)` starts `f` as a goroutine: it runs from the next
 * microtask on, not inline, as a goroutine does not run until scheduled.
 * `onThread(url, name)` makes a function that does the same on one of the
 * goroutine threads (procs.ts), where `name` is an exported async function
 * of the module at `url`: channels among its arguments are the same
 * channels there (G1), everything else is cloned (G2).
 */
import { start } from "./procs.js";

/**
 * Starts `f(...args)` as a goroutine: Go's `go f(args)`. Returns the promise
 * of its result, which a Go program would not have; leave it, or await it
 * as an errgroup would.
 *
 * @example
 * ```ts
 * const worker = onThread<typeof import("./worker.js").worker>(new URL("./worker.js", import.meta.url), "worker");
 * for (let w = 1; w <= 3; w++) go(worker, w, jobs, results); // go worker(w, jobs, results)
 * ```
 */
export function go<A extends unknown[], R>(f: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
  if (typeof f !== "function") return Promise.reject(new TypeError(`go: f must be a function, got ${typeof f}`));
  return Promise.resolve().then(() => f(...args)) as Promise<Awaited<R>>;
}

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
