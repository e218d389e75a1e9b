/**
 * threads(start): a pool's threads started by the app's own code, for
 * bundlers. Vite, webpack 5, Parcel and esbuild plugins emit a worker file
 * only where they see the literal `new Worker(new URL("./x.js",
 * import.meta.url), { type: "module" })`, so the app writes that line, its
 * worker file calls `serve(handler)`, and the pool calls `start` for each
 * thread it needs.
 */

/**
 * A Web Worker, or Node's worker_threads Worker: what `start` may return.
 *
 * @example
 * ```ts
 * const start = (): StartedWorker => new Worker(new URL("./resize.worker.js", import.meta.url), { type: "module" });
 * ```
 */
export type StartedWorker = object;

const SOURCE = Symbol.for("gochan.threads");

/**
 * What {@link threads} returns: give it to a Pool, or to map(), instead of a function or a module.
 *
 * @example
 * ```ts
 * const source: ThreadSource = threads(() => new Worker(new URL("./resize.worker.js", import.meta.url), { type: "module" }));
 * const pool = new Pool<Image, Image>(source);
 * ```
 */
export interface ThreadSource {
  /** Starts one thread. @internal */
  readonly [SOURCE]: () => StartedWorker;
}

/**
 * Threads the app starts itself, for bundlers: `start` returns a new worker
 * whose script calls {@link serve}. The pool calls it once per thread, and
 * again for each thread it replaces.
 *
 * @throws TypeError if `start` is not a function.
 *
 * @example
 * ```ts
 * const pool = new Pool<Image, Image>(threads(() => new Worker(new URL("./resize.worker.ts", import.meta.url), { type: "module" })), { workers: 4 });
 * // resize.worker.ts: import { serve } from "gochan/threads"; serve(resize);
 * ```
 */
export function threads(start: () => StartedWorker): ThreadSource {
  if (typeof start !== "function") throw new TypeError(`threads: start must be a function that returns a new Worker, got ${typeof start}`);
  return { [SOURCE]: start };
}

/** The start function of a ThreadSource, or undefined if `x` is none. */
export function startOf(x: unknown): (() => StartedWorker) | undefined {
  return typeof x === "object" && x !== null && SOURCE in x ? (x as ThreadSource)[SOURCE] : undefined;
}
