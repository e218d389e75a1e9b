/**
 * serve(handler): what a pool's thread runs. It takes batches of jobs from
 * the pool, runs the handler on them one at a time, in order (a thread is
 * one worker, as a goroutine is), and sends the results back in batches:
 * at once when it runs out of jobs, and every millisecond while it has more,
 * so that a long batch neither delays every result nor costs a message each.
 *
 * The pool's own entry (worker.ts) calls `serve()` and loads the handler
 * module that the pool names. A bundled app can instead point its pool at
 * its own worker file that calls `serve(handler)` (see docs/threads.md).
 */
import { isThenable } from "../channel/internal.js";
import { decodeError, encodeError } from "./errors.js";
import { nodeThreads } from "./spawn.js";
import { takeTransfers } from "./transfer.js";
import { DROPPED, OK, THREW, type FromThread, type ToThread } from "./wire.js";
import { now } from "../kernel/clock.js";

/**
 * What a handler on a thread gets besides its job: the same shape as on one
 * thread.
 *
 * @example
 * ```ts
 * export default async function (url: string, { signal, worker }: ThreadContext) {
 *   return (await fetch(url, { signal })).status;
 * }
 * ```
 */
export interface ThreadContext {
  /** Aborts at the job's deadline or when the pool is cancelled. */
  readonly signal: AbortSignal;
  /** The worker (thread) running this job, numbered from 1. */
  readonly worker: number;
}

/**
 * A handler a thread runs: a module's default export.
 *
 * @example
 * ```ts
 * const double: ThreadHandler<number, number> = (j) => j * 2;
 * export default double;
 * ```
 */
export type ThreadHandler<J, R> = (job: J, context: ThreadContext) => R | PromiseLike<R>;

export interface Port {
  post(m: FromThread, transfer: object[]): void;
  listen(f: (m: ToThread) => void): void;
  /** Stops listening, so the thread ends once nothing else keeps it busy. */
  close(): void;
}

interface NodePort {
  postMessage(m: unknown, transfer?: readonly object[]): void;
  on(event: "message", f: (m: ToThread) => void): void;
  close(): void;
}
interface WebScope {
  close?(): void;
  postMessage(m: unknown, transfer?: readonly object[]): void;
  addEventListener(type: "message", f: (e: { data: ToThread }) => void): void;
}

/** The port to the thread that started this one, or null on a main thread. */
export function parent(): Port | null {
  const node = nodeThreads() as { parentPort?: NodePort | null } | null;
  if (node !== null) {
    const p = node.parentPort;
    if (p == null) return null;
    return { post: (m, t) => p.postMessage(m, t), listen: (f) => p.on("message", f), close: () => p.close() };
  }
  const g = globalThis as unknown as WebScope & { WorkerGlobalScope?: unknown; document?: unknown };
  if (g.document !== undefined || typeof g.postMessage !== "function") return null;
  return {
    post: (m, t) => g.postMessage(m, t),
    listen: (f) => g.addEventListener("message", (e) => f(e.data)),
    close: () => (g as unknown as { close?: () => void }).close?.(),
  };
}

/** What `now()` reads plus this makes a time every thread agrees on (see wire.ts). */
const origin = typeof performance !== "undefined" ? performance.timeOrigin : 0;

/** A job's context, its signal made only when the handler reads it. */
class Context implements ThreadContext {
  private controller: AbortController | null = null;
  private reason: unknown;
  private stopped = false;
  constructor(readonly worker: number, readonly id: number) {}
  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
  abort(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/**
 * Runs `handler` on the jobs a pool sends this thread. Call it once, at the
 * top of a module that a pool starts as a thread (the bundler pattern of
 * docs/threads.md); without `handler` it loads the module the pool names.
 *
 * @throws Error if called outside a thread.
 *
 * @example
 * ```ts
 * // resize.worker.ts, given to the pool as a worker: () => new Worker(new URL("./resize.worker.js", import.meta.url), { type: "module" })
 * import { serve } from "gochan/threads";
 * serve((img: Image) => resize(img));
 * ```
 */
export function serve<J, R>(handler?: ThreadHandler<J, R>): void {
  const port = parent();
  if (port === null) throw new Error("serve: not on a thread; give this module to a Pool instead of running it");
  if (handler !== undefined && typeof handler !== "function") throw new TypeError(`serve: handler must be a function, got ${typeof handler}`);
  let run: ThreadHandler<J, R> | null = handler ?? null;
  let worker = 0;
  let started: Int32Array | null = null;
  // The inbox: jobs in id order, from `head` on.
  let ids: number[] = [];
  let jobs: unknown[] = [];
  let head = 0;
  let running = false;
  let current: Context | null = null;
  const early = new Map<number, unknown>(); // aborts that came before their job started
  // The outbox: results not yet sent, of consecutive jobs from `first`.
  let out = fresh();
  let moved: object[] = [];
  let lists: Array<object[] | undefined> = []; // each result's own transfer list, for the one-by-one retry
  let lastFlush = now();

  function push(id: number, code: number, value: unknown, ms: number, list: object[] | undefined, start: number): void {
    if (out.values.length > 0 && id !== out.first + out.values.length) flush(); // a gap: a job the pool could not send
    if (out.values.length === 0) out.first = id;
    if (code !== OK && out.codes === null) out.codes = out.values.map(() => OK);
    out.codes?.push(code);
    out.values.push(value);
    out.durations.push(ms);
    out.starts.push(origin + start);
    lists.push(list);
  }

  function flush(): void {
    lastFlush = now();
    if (out.values.length === 0) return;
    const batch = out;
    const transfer = moved;
    const each = lists;
    out = fresh();
    moved = [];
    lists = [];
    try {
      port!.post({ t: "results", first: batch.first, codes: batch.codes, values: batch.values, durations: Float64Array.from(batch.durations), starts: Float64Array.from(batch.starts) }, transfer);
    } catch {
      // Some result cannot be cloned: send them one by one, the bad ones as failures.
      for (let i = 0; i < batch.values.length; i++) {
        const one = { t: "results" as const, first: batch.first + i, codes: [batch.codes?.[i] ?? OK], values: [batch.values[i]], durations: Float64Array.of(batch.durations[i]!), starts: Float64Array.of(batch.starts[i]!) };
        try {
          port!.post(one, each[i] ?? []);
        } catch (e) {
          const error = new TypeError(`pool: the job's result could not be sent back from its thread: ${(e as Error).message}`);
          port!.post({ ...one, codes: [THREW], values: [encodeError(error)] }, []);
        }
      }
    }
  }

  async function drain(): Promise<void> {
    running = true;
    lastFlush = now();
    while (head < ids.length) {
      const id = ids[head]!;
      const job = jobs[head];
      jobs[head++] = undefined;
      if (started !== null) Atomics.store(started, 0, id);
      const ctx = (current = new Context(worker, id));
      if (early.size > 0 && early.has(id)) {
        ctx.abort(early.get(id));
        early.delete(id);
      }
      const t0 = now();
      let code = OK;
      let value: unknown;
      let list: object[] | undefined;
      try {
        const r = run!(job as J, ctx);
        value = isThenable(r) ? await r : r;
        list = takeTransfers(value);
        if (list !== undefined) moved.push(...list);
      } catch (e) {
        code = THREW;
        value = encodeError(e);
      }
      current = null;
      const t1 = now();
      push(id, code, value, t1 - t0, list, t0);
      if (head >= ids.length || t1 - lastFlush > 1) flush();
    }
    ids = [];
    jobs = [];
    head = 0;
    running = false;
  }

  port.listen((m) => {
    switch (m.t) {
      case "jobs":
        for (let i = 0; i < m.jobs.length; i++) {
          ids.push(m.first + i);
          jobs.push(m.jobs[i]);
        }
        if (run !== null && !running) void drain();
        return;
      case "abort": {
        const reason = decodeError(m.reason);
        if (m.id === -1) {
          current?.abort(reason);
          for (; head < ids.length; head++) push(ids[head]!, DROPPED, undefined, 0, undefined, now());
          flush();
        } else if (current?.id === m.id) current.abort(reason);
        else if (ids.indexOf(m.id, head) >= 0) early.set(m.id, reason);
        return;
      }
      case "stop":
        port.close();
        return;
      case "init":
        worker = m.worker;
        started = m.started;
        if (run !== null) {
          port.post({ t: "ready" }, []);
          if (head < ids.length && !running) void drain();
          return;
        }
        void load(m.module!, m.export).then(
          (h) => {
            run = h as ThreadHandler<J, R>;
            port.post({ t: "ready" }, []);
            if (head < ids.length && !running) void drain();
          },
          (e: unknown) => port.post({ t: "fatal", error: encodeError(e) }, []),
        );
        return;
    }
  });
}

async function load(module: string, name: string): Promise<unknown> {
  const mod = (await importModule(module)) as Record<string, unknown>;
  const h = mod[name];
  if (typeof h !== "function") {
    const e = new TypeError(name === "default" ? "it has no default export function" : `it exports no function named "${name}"`);
    throw Object.assign(e, { code: "ERR_GOCHAN_NO_HANDLER" }); // the code crosses; loader.ts reads it
  }
  return h;
}

/**
 * `import(url)`. The URL is known only at run time, so bundlers are told to
 * leave the import alone (webpack would otherwise warn "Critical dependency:
 * the request of a dependency is an expression" in every app that imports
 * gochan/threads, and Vite that it cannot analyse it). Vitest's browser mode
 * rewrites a dynamic import into a call on a helper that exists only on its
 * test page, not in a worker, so there the import is retried through a
 * function the rewrite does not see.
 */
export async function importModule(url: string): Promise<unknown> {
  try {
    return await import(/* webpackIgnore: true */ /* @vite-ignore */ url);
  } catch (e) {
    if (!String(e).includes("wrapDynamicImport")) throw e;
    return (new Function("u", "return import(u)") as (u: string) => Promise<unknown>)(url);
  }
}

function fresh() {
  return { first: 0, codes: null as number[] | null, values: [] as unknown[], durations: [] as number[], starts: [] as number[] };
}

